import type { Socket } from 'node:net'
import { CLOSE_CODES, ERROR_CODES } from '@chatgate/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { attackScope } from './helpers/attackScope.js'
import { peakWhile, rssMiB } from './helpers/processStats.js'
import {
  clientFrame,
  closeCodeIn,
  fragmentedMessage,
  OPCODE,
  rawUpgrade,
} from './helpers/rawWebSocket.js'
import { spawnNode } from './helpers/redisClusterNodes.js'
import { appConfig, cleanup, loginClient, serverConfig, startTestServer } from './helpers.js'

const opened = attackScope()
afterEach(cleanup)

/** design.md's budget for 200 fragment floods from one client. */
const FLOOD_BUDGET_MIB = 64

describe('fragmented messages (rule 34)', () => {
  it('200 connections from one address, each sending 16,382 one-byte fragments of one message, grow the server by less than 64 MiB', async () => {
    const node = opened.server(await spawnNode({ apps: [appConfig()] }))
    const pid = node.child.pid!
    // A first message through the same code, so compiled code is in the baseline.
    const warm = await rawUpgrade(node.port)
    opened.socket(warm.socket)
    warm.socket.write(fragmentedMessage(4, true))
    await new Promise((resolve) => setTimeout(resolve, 300))
    warm.socket.destroy()
    await new Promise((resolve) => setTimeout(resolve, 300))
    const baseline = rssMiB(pid)

    // What the attack sent: a text frame without FIN, then one-byte continuations, 115 KB
    // on the wire, within the 16 KiB message limit. Never finished, never logged in.
    const flood = fragmentedMessage(16_383, false)
    const attack = (async () => {
      const attackers = []
      for (let i = 0; i < 200; i++) {
        const attacker = await rawUpgrade(node.port)
        opened.socket(attacker.socket)
        expect(attacker.status).toBe(101)
        attacker.socket.write(flood)
        attackers.push(attacker)
      }
      // The server has had every byte (or closed the socket) once each socket drained.
      await Promise.all(
        attackers.map(
          (a) =>
            new Promise<void>((resolve) => {
              if (a.socket.writableLength === 0 || a.socket.destroyed) resolve()
              else a.socket.once('drain', resolve).once('close', resolve)
            }),
        ),
      )
      // Time for the server to take in what the kernel still held for it.
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      return attackers
    })()
    const peak = await peakWhile(() => rssMiB(pid), attack)
    const attackers = await attack
    const growth = peak - baseline
    console.log(
      `fragment flood: server RSS ${baseline.toFixed(1)} → peak ${peak.toFixed(1)} MiB (+${growth.toFixed(1)} MiB)`,
    )
    expect(growth).toBeLessThan(FLOOD_BUDGET_MIB)
    // Each was told why: 1008, too many fragments.
    for (const attacker of attackers) {
      await attacker.ended
      expect(closeCodeIn(attacker.rest())).toBe(CLOSE_CODES.POLICY_VIOLATION)
    }
  }, 120_000)

  it('a message in more frames than limits.maxFragments is refused with close 1008', async () => {
    const server = await startTestServer(serverConfig({ limits: { maxFragments: 3 } }))
    const ws = await rawUpgrade(server.port)
    opened.socket(ws.socket)
    ws.socket.write(fragmentedMessage(4, true))
    await ws.ended
    expect(closeCodeIn(ws.rest())).toBe(CLOSE_CODES.POLICY_VIOLATION)
  })

  it('each fragment of a message takes a request token', async () => {
    // The login takes 1 token of 8; a ping in 4 frames takes 4; the next one finds 3.
    const limits = { requestsPerSecond: 1, requestBurst: 8, maxFragments: 4 }
    const server = await startTestServer(serverConfig({ limits }))
    const { client } = await loginClient(server, 'alice')
    const socket = (client.ws as unknown as { _socket: Socket })._socket
    const fragmentedPing = (seq: number) => {
      const text = JSON.stringify({ op: 'ping', seq })
      socket.write(
        Buffer.concat([
          clientFrame(OPCODE.text, text.slice(0, 3), false),
          clientFrame(OPCODE.continuation, text.slice(3, 6), false),
          clientFrame(OPCODE.continuation, text.slice(6, 9), false),
          clientFrame(OPCODE.continuation, text.slice(9), true),
        ]),
      )
    }
    fragmentedPing(10)
    expect(await client.message('pong', 10)).toEqual({ op: 'pong', seq: 10 })
    fragmentedPing(11)
    expect(await client.message('error', 11)).toMatchObject({
      code: ERROR_CODES.TOO_MANY_REQUESTS,
    })
  })
})
