import { englishMessage } from '@chatgate/protocol'

/** A refusal the kit can show: `{ code, message }` with an HTTP status. */
export function refuse(status: number, code: number, message = englishMessage(code)): Response {
  return Response.json(
    { code, message },
    {
      status,
      headers: { 'cache-control': 'no-store' },
    },
  )
}

/** A JSON answer that no cache keeps: it may carry a UserSig. */
export function answer(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers)
  headers.set('cache-control', 'no-store')
  return Response.json(body, { ...init, headers })
}
