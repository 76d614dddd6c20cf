// Tokens of a user agent string, most specific first, each `token=name` (or a bare token
// that is its own name). Order is the whole trick: Edge and Opera also say "Chrome", every
// Chromium and every iOS browser says "Safari", Android says "Linux", and an iPhone says
// "like Mac OS X". Lists as strings ship smaller than arrays of pairs. Every browser named
// here is a few bytes of core's budget: others (Samsung Internet) read as their engine.
const BROWSERS = 'Edg=Edge,OPR=Opera,Firefox,FxiOS=Firefox,CriOS=Chrome,Chrome,Safari'
// iPadOS 13+ asks for desktop pages and says "Macintosh": such an iPad reads as macOS.
const SYSTEMS = 'Windows,Android,iPhone,iPad,Mac=macOS,CrOS=ChromeOS,Linux'

const find = (userAgent: string, list: string) => {
  for (const entry of list.split(',')) {
    const [token, name = token] = entry.split('=')
    if (userAgent.includes(token!)) return name
  }
}

/**
 * The default device label of a login: browser and OS from the user agent ("Chrome on
 * macOS", "Safari on iPhone"), either alone when only one is known, undefined when neither
 * is (Node, React Native): the login then names no device.
 */
export function deviceLabel(userAgent = ''): string | undefined {
  const browser = find(userAgent, BROWSERS)
  const system = find(userAgent, SYSTEMS)
  return browser && system ? `${browser} on ${system}` : browser || system
}
