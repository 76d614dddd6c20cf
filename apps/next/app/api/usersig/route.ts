import { ERROR_CODES } from '@chatgate/protocol'
import { cookies } from 'next/headers'
import { answer, refuse } from '../../../lib/apiReply'
import { APP_SESSION_COOKIE, APP_SESSION_SECONDS, createAppSession } from '../../../lib/appSession'
import { chatServerConfig } from '../../../lib/chatConfig'
import { signChatUserSig } from '../../../lib/chatUserSig'
import { isSameOrigin } from '../../../lib/sameOrigin'

/**
 * `POST /api/usersig {"userID"}` → `{ userSig }`, signed here with the key from the
 * environment. In this example it is also the app's sign-in: it sets the session cookie that
 * `GET /api/session` reads after a reload. A real app checks its own sign-in here and signs
 * only for the user it knows.
 */
export async function POST(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) {
    return refuse(403, ERROR_CODES.INVALID_PARAMETERS, 'Only this app’s own pages may ask.')
  }
  if (!request.headers.get('content-type')?.startsWith('application/json')) {
    return refuse(415, ERROR_CODES.INVALID_PARAMETERS, 'Send JSON: {"userID": "…"}.')
  }
  const body: unknown = await request.json().catch(() => null)
  if (typeof body !== 'object' || body === null) {
    return refuse(400, ERROR_CODES.INVALID_JSON)
  }
  const config = chatServerConfig()
  const { userID } = body as { userID?: unknown }
  const signed = signChatUserSig(userID, config)
  if (!signed.ok) return refuse(signed.status, signed.code, signed.message)

  ;(await cookies()).set(
    APP_SESSION_COOKIE,
    createAppSession(userID as string, config.sessionSecret),
    {
      path: '/',
      maxAge: APP_SESSION_SECONDS,
      httpOnly: true,
      sameSite: 'strict',
      secure: new URL(request.url).protocol === 'https:',
    },
  )
  return answer({ userSig: signed.userSig })
}
