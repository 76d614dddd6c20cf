/**
 * How every browser test launches Chromium: Debian's `/usr/bin/chromium`, never a downloaded
 * browser, headless and without the background traffic a closed network would refuse.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}
