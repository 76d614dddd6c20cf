// The test page of the browser tests: no framework, one shared client, and what the test
// reads of it on `window.tab`. Bundled by `pageServer.ts`; the query names the server.
import { EVENT, type EventName } from '@chatgate/core'
import { shareChat } from '@chatgate/tabs'

const query = new URLSearchParams(location.search)
const client = shareChat({
  SDKAppID: Number(query.get('app')),
  url: query.get('ws') ?? '',
  logLevel: 4,
  backoff: { minMs: 5, maxMs: 40 },
})

/** Every event, as `name` or `name:detail`, with the wall-clock ms it arrived at. */
const events: { name: string; at: number }[] = []
for (const name of Object.values(EVENT) as EventName[]) {
  client.on(name, (event) => {
    const data = event.data as Record<string, unknown> | undefined
    const detail = data?.type ?? data?.state ?? data?.code
    events.push({ name: detail === undefined ? name : `${name}:${detail}`, at: Date.now() })
  })
}
const status = document.getElementById('status')!
const show = () => {
  const { loginStatus, userID, netState } = client.getSnapshot()
  status.textContent = `${loginStatus} ${userID} ${netState} ${client.isLeader() ? 'leader' : 'follower'}`
}
client.subscribe(show)
show()

Object.assign(window, {
  tab: {
    client,
    events,
    snapshot: () => client.getSnapshot(),
    isLeader: () => client.isLeader(),
    login: (userID: string, userSig: string, device?: string) =>
      client.login({ userID, userSig, device }),
    logout: () => client.logout(),
    getSessions: () => client.getSessions(),
    endSession: (sessionID: string) => client.endSession(sessionID),
  },
})
