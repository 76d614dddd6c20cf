import { Chat, type ChatEvent, type EventName } from '@chatgate/core'
import { useChat } from '@chatgate/react'
import { useEffect, useState } from 'react'

interface LoggedEvent {
  id: number
  at: number
  name: EventName
  data: unknown
}

const KEEP = 12
let nextId = 0

/**
 * The client's events as an app receives them (`chat.on(Chat.EVENT.X, handler)`), newest
 * first: the same names and `{ name, data }` payloads as TencentCloudChat's.
 */
export function EventLog() {
  const chat = useChat()
  const [events, setEvents] = useState<LoggedEvent[]>([])
  useEffect(() => {
    const handler = (event: ChatEvent) =>
      setEvents((list) => [{ id: nextId++, at: Date.now(), ...event }, ...list].slice(0, KEEP))
    const names = Object.values(Chat.EVENT)
    for (const name of names) chat.on(name, handler)
    return () => {
      for (const name of names) chat.off(name, handler)
    }
  }, [chat])

  return (
    <section className="demo-card demo-events" aria-labelledby="events-title">
      <h2 id="events-title">Events</h2>
      {events.length === 0 ? (
        <p className="demo-hint">None yet. Log in to see SDK_READY.</p>
      ) : (
        <ul data-testid="event-log">
          {events.map((event) => (
            <li key={event.id} data-event={event.name} data-at={event.at}>
              <time>{new Date(event.at).toLocaleTimeString()}</time> <code>{event.name}</code>
              {event.data === undefined ? null : <code> {JSON.stringify(event.data)}</code>}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
