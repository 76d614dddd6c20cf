import { ERROR_CODES } from '@chatgate/protocol'
import { cookies } from 'next/headers'
import { answer, refuse } from '../../../lib/apiReply'
import { APP_SESSION_COOKIE, readAppSession } from '../../../lib/appSession'
import { chatServerConfig } from '../../../lib/chatConfig'
import { signChatUserSig } from '../../../lib/chatUserSig'
import { isSameOrigin } from '../../../lib/sameOrigin'

/**
 * `GET /api/session` → `{ userID, userSig }` for the user the app's session cookie names, or
 * `{ userID: null }`. `ChatProvider`'s `autoLogin` calls it on page load, so a reload logs
 * the chat back in without the form.
 */
export async function GET(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) {
    return refuse(403, ERROR_CODES.INVALID_PARAMETERS, 'Only this app’s own pages may ask.')
  }
  const config = chatServerConfig()
  const userID = readAppSession(
    (await cookies()).get(APP_SESSION_COOKIE)?.value,
    config.sessionSecret,
  )
  if (userID === null) return answer({ userID: null })
  const signed = signChatUserSig(userID, config)
  if (!signed.ok) return answer({ userID: null })
  return answer({ userID, userSig: signed.userSig })
}

/** `DELETE /api/session`: signs out of the app, so the next page load shows the form. */
export async function DELETE(request: Request): Promise<Response> {
  if (!isSameOrigin(request)) {
    return refuse(403, ERROR_CODES.INVALID_PARAMETERS, 'Only this app’s own pages may ask.')
  }
  ;(await cookies()).delete(APP_SESSION_COOKIE)
  return new Response(null, { status: 204 })
}
