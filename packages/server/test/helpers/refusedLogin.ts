import { APP_ID, TestClient } from '../helpers.js'

/**
 * One login attempt on a new socket (the test app, platform web, then `fields`); resolves
 * with the code it was refused with, once the server has closed the socket.
 */
export async function refusedLogin(url: string, fields: Record<string, unknown>): Promise<number> {
  const client = await TestClient.connect(url)
  client.send({ op: 'login', seq: 1, sdkAppID: APP_ID, platform: 'web', ...fields })
  const error = await client.message('error', 1)
  await client.closeEvent()
  return error.code
}
