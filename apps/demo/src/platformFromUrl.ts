import { isPlatform, type Platform } from '@chatgate/protocol'

/**
 * The platform the page logs in as: `web` unless `?platform=android` (or another of the
 * protocol's platforms) says otherwise. The demo allows one web instance and one mobile or
 * desktop instance per user, so a second browser with `?platform=android` joins the first
 * instead of kicking it, and "Your devices" lists both.
 */
export function platformFromUrl(search: string): Platform | undefined {
  const platform = new URLSearchParams(search).get('platform')
  return isPlatform(platform) ? platform : undefined
}
