import { type ChatError, ERROR_CODES } from '@chatgate/protocol'
import type { QueryOnlineStatusResponse, RestEnvelope } from '@chatgate/server'
import type { DemoClientConfig } from '../server/demoRoutes.js'

export type { DemoClientConfig, QueryOnlineStatusResponse, RestEnvelope }

/** A failed demo call: the server's `{ code, message }`, thrown as an Error. */
export class DemoApiError extends Error implements ChatError {
  /** As on every ChatError: `{}`, the server says no more. */
  readonly data: Record<string, unknown> = {}

  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => {
    throw new DemoApiError(ERROR_CODES.NETWORK_ERROR, `The demo server is not reachable (${path}).`)
  })
  const answer = (await response.json().catch(() => null)) as (T & Partial<ChatError>) | null
  if (!response.ok || answer === null) {
    throw new DemoApiError(
      answer?.code ?? ERROR_CODES.NETWORK_ERROR,
      answer?.message ?? `${path} answered ${response.status}.`,
    )
  }
  return answer
}

export async function fetchConfig(): Promise<DemoClientConfig> {
  const response = await fetch('/config.json')
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`)
  return (await response.json()) as DemoClientConfig
}

/**
 * A UserSig from the login server's development endpoint (through the demo's Node side,
 * which adds the SDKAppID). A real app asks its own backend instead.
 */
export async function fetchUserSig(userID: string, expireSeconds?: number): Promise<string> {
  const { userSig } = await postJson<{ userSig: string }>('/dev/usersig', {
    userID,
    expireSeconds,
  })
  return userSig
}

/** Kicks every instance of a user through the admin REST API (signed on the Node side). */
export function kickUser(userID: string): Promise<RestEnvelope> {
  return postJson('/admin/kick', { userID })
}

/** The admin REST online-status query for some users. */
export function queryOnline(userIDs: string[]): Promise<QueryOnlineStatusResponse> {
  return postJson('/admin/online', { userIDs })
}
