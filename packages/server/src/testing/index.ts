// `@chatgate/server/testing`: the real login server set up for tests and development tools.
// Node only — it signs with the app's secret key; browser packages must never import it.

// A development page's Node side refuses other web origins and non-JSON posts (CSRF) with
// the same checks as the login server's dev endpoint.
export { isJsonContentType, judgeOrigin, type OriginVerdict } from '../rest/devOrigin.js'
export { readJsonObject, requestPath, sendError, sendJson } from './httpIo.js'
export {
  DEV_ADMIN,
  DEV_SDK_APP_ID,
  type DevClientOptions,
  type DevServer,
  type DevServerOptions,
  startDevServer,
} from './startDevServer.js'
