/**
 * What REDIS_URL may name (every connection is opened from it, in connect.ts), so one
 * setting says which of the three shapes of Redis the desk talks to:
 *
 *   redis://[user:password@]host:6379[/db]             one server (rediss:// for TLS)
 *   redis-sentinel://[user:password@]s1:26379,s2:26379/mymaster[?db=0&sentinelPassword=…&tls=1]
 *                                                       the master a Sentinel group names; after
 *                                                       a failover ioredis asks the sentinels again
 *   redis-cluster://[user:password@]n1:6379,n2:6379[?tls=1]
 *                                                       a Redis Cluster; QUEUE_PREFIX must then be
 *                                                       a hash tag such as {nj}, so that every key
 *                                                       of a queue (and the desk's own) is in one slot
 *
 * The two extra forms are not a standard; they keep a deployment's whole Redis in the one
 * variable every role already reads, and the sentinel form is the one several drivers use.
 * This module is pure (no ioredis): the configuration, which the edge entry loads too, checks URLs with it.
 */
type Node = { host: string; port: number }
type Auth = { username?: string; password?: string }

export type RedisTarget =
  | { kind: 'server'; url: string }
  | ({ kind: 'sentinel'; sentinels: Node[]; name: string; db: number; sentinelPassword?: string; tls: boolean } & Auth)
  | ({ kind: 'cluster'; nodes: Node[]; tls: boolean } & Auth)

export class RedisUrlError extends Error {}

const schemes = ['redis:', 'rediss:', 'redis-sentinel:', 'redis-cluster:'] as const

/** Reads REDIS_URL; throws a RedisUrlError that says what is wrong with it. */
export function parseRedisUrl(url: string): RedisTarget {
  const scheme = url.slice(0, url.indexOf(':') + 1)
  if (!(schemes as readonly string[]).includes(scheme)) {
    throw new RedisUrlError(`REDIS_URL must look like redis://127.0.0.1:6379 (or rediss://, redis-sentinel://, redis-cluster://); it starts with ${scheme || 'no scheme'}`)
  }
  if (scheme === 'redis:' || scheme === 'rediss:') {
    try {
      new URL(url)
    } catch {
      throw new RedisUrlError('REDIS_URL must look like redis://127.0.0.1:6379')
    }
    return { kind: 'server', url }
  }
  const rest = url.slice(scheme.length + 2)
  const queryAt = rest.indexOf('?')
  const beforeQuery = queryAt < 0 ? rest : rest.slice(0, queryAt)
  const query = new URLSearchParams(queryAt < 0 ? '' : rest.slice(queryAt + 1))
  const slash = beforeQuery.indexOf('/')
  const authority = slash < 0 ? beforeQuery : beforeQuery.slice(0, slash)
  const path = slash < 0 ? '' : decodeURIComponent(beforeQuery.slice(slash + 1))
  const at = authority.lastIndexOf('@')
  const auth = authOf(at < 0 ? '' : authority.slice(0, at))
  const nodes = nodesOf(at < 0 ? authority : authority.slice(at + 1), scheme === 'redis-sentinel:' ? 26379 : 6379)
  const tls = ['1', 'true', 'yes'].includes(query.get('tls') ?? '')
  if (scheme === 'redis-cluster:') return { kind: 'cluster', nodes, tls, ...auth }
  if (!path) throw new RedisUrlError('REDIS_URL (redis-sentinel://) must name the master after the sentinels, as in redis-sentinel://s1:26379,s2:26379/mymaster')
  const db = Number(query.get('db') ?? 0)
  if (!Number.isInteger(db) || db < 0) throw new RedisUrlError('REDIS_URL: db must be a database number such as 0')
  const sentinelPassword = query.get('sentinelPassword') ?? undefined
  return { kind: 'sentinel', sentinels: nodes, name: path, db, tls, ...auth, ...(sentinelPassword ? { sentinelPassword } : {}) }
}

function authOf(userinfo: string): Auth {
  if (!userinfo) return {}
  const colon = userinfo.indexOf(':')
  const username = decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon))
  const password = colon < 0 ? undefined : decodeURIComponent(userinfo.slice(colon + 1))
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) }
}

function nodesOf(list: string, defaultPort: number): Node[] {
  const nodes = list.split(',').filter(Boolean).map((entry) => {
    const colon = entry.lastIndexOf(':')
    const host = colon < 0 ? entry : entry.slice(0, colon)
    const port = colon < 0 ? defaultPort : Number(entry.slice(colon + 1))
    if (!host || !Number.isInteger(port) || port < 1 || port > 65535) throw new RedisUrlError(`REDIS_URL: "${entry}" is not a host:port`)
    return { host, port }
  })
  if (nodes.length === 0) throw new RedisUrlError('REDIS_URL names no host: list at least one, as in host1:26379,host2:26379')
  return nodes
}

/** REDIS_URL with its passwords taken out, for logs and error messages. */
export function redactRedisUrl(url: string): string {
  return url.replace(/^([a-z-]+:\/\/)[^@/]*@/i, (_, scheme: string) => `${scheme}***@`).replace(/([?&]sentinelPassword=)[^&]*/, '$1***')
}

/** A Cluster spreads keys over slots; BullMQ's Lua scripts need all of a queue's keys in one. */
export function needsHashTag(url: string): boolean {
  return url.startsWith('redis-cluster:')
}
