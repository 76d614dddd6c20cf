/**
 * The one development app the demo runs. Its secret key lives here, on the Node side
 * only: the browser receives the SDKAppID and the WebSocket URL, and asks the Node side
 * for every UserSig (its own through the dev endpoint, the admin's never).
 */
export interface DemoApp {
  SDKAppID: number
  secretKey: string
  admin: string
}

export const DEMO_APP: DemoApp = {
  SDKAppID: 1400000001,
  secretKey: process.env.CHATGATE_DEMO_SECRET_KEY ?? 'chatgate-demo-secret-for-development-only',
  admin: 'administrator',
}
