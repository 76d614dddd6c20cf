/**
 * Names of every Redis key and channel the Redis registry uses, all under one prefix.
 *
 * Per user: a hash of its sessions (field = sessionId, value = JSON record), a version
 * counter that every change bumps, so writers can compare-and-set, the list of its
 * tombstones, the second of its last REST kick, its login bucket and when its sessions were
 * last seen (a hash: sessionId → Unix ms, written without a version bump by `touch`). Per kicked session:
 * a tombstone holding the kick type (at most `tombstonesPerUser` per user). Per node: a heartbeat key with a TTL, the set of
 * sessions it owns (so survivors can release them when it dies) and a pub/sub channel.
 */
export interface RedisKeys {
  userSessions(sdkAppID: number, userID: string): string
  userVersion(sdkAppID: number, userID: string): string
  /** The ids of the user's tombstones, oldest first (to keep the newest N). */
  userTombstones(sdkAppID: number, userID: string): string
  /** The Unix second of the user's last REST kick: UserSigs issued up to it are refused. */
  userRevocation(sdkAppID: number, userID: string): string
  /** The user's successful-login token bucket. */
  userLogins(sdkAppID: number, userID: string): string
  /** When each session of the user was last seen, if later than its record says. */
  userSeen(sdkAppID: number, userID: string): string
  tombstone(sdkAppID: number, userID: string, sessionId: string): string
  nodeAlive(nodeId: string): string
  nodeSessions(nodeId: string): string
  nodeChannel(nodeId: string): string
  /** The set of node ids that have ever heart-beaten (until swept). */
  nodes: string
  /** Set once per Redis dataset; its absence tells that Redis lost its data. */
  epoch: string
}

export function redisKeys(prefix: string): RedisKeys {
  const user = (sdkAppID: number, userID: string) => `${prefix}user:${sdkAppID}:${userID}`
  return {
    userSessions: (sdkAppID, userID) => `${user(sdkAppID, userID)}:sessions`,
    userVersion: (sdkAppID, userID) => `${user(sdkAppID, userID)}:ver`,
    userTombstones: (sdkAppID, userID) => `${user(sdkAppID, userID)}:tombs`,
    userRevocation: (sdkAppID, userID) => `${user(sdkAppID, userID)}:revoked`,
    userLogins: (sdkAppID, userID) => `${user(sdkAppID, userID)}:logins`,
    userSeen: (sdkAppID, userID) => `${user(sdkAppID, userID)}:seen`,
    tombstone: (sdkAppID, userID, sessionId) => `${prefix}tomb:${sdkAppID}:${userID}:${sessionId}`,
    nodeAlive: (nodeId) => `${prefix}node:${nodeId}:alive`,
    nodeSessions: (nodeId) => `${prefix}node:${nodeId}:sessions`,
    nodeChannel: (nodeId) => `${prefix}node:${nodeId}`,
    nodes: `${prefix}nodes`,
    epoch: `${prefix}epoch`,
  }
}

/** A session's entry in its node's session set: `sdkAppID:userID:sessionId`. */
export function nodeSessionMember(sdkAppID: number, userID: string, sessionId: string): string {
  return `${sdkAppID}:${userID}:${sessionId}`
}

/** Reads a node session set entry back; UserIDs never contain `:`, session ids may. */
export function parseNodeSessionMember(
  member: string,
): { sdkAppID: number; userID: string; sessionId: string } | undefined {
  const first = member.indexOf(':')
  const second = member.indexOf(':', first + 1)
  if (first <= 0 || second <= first + 1 || second === member.length - 1) return undefined
  const sdkAppID = Number(member.slice(0, first))
  if (!Number.isSafeInteger(sdkAppID)) return undefined
  return {
    sdkAppID,
    userID: member.slice(first + 1, second),
    sessionId: member.slice(second + 1),
  }
}
