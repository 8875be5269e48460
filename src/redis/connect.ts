import { Cluster, Redis, type RedisOptions } from 'ioredis'

import { parseRedisUrl } from './url.ts'

/** A connection to one server, a Sentinel group's master, or a Cluster: what REDIS_URL names (src/redis/url.ts). */
export type RedisClient = Redis | Cluster

/** Opens a connection to what REDIS_URL names, with these client options (timeouts, retries, lazyConnect). */
export function connectRedis(url: string, options: RedisOptions = {}): RedisClient {
  const target = parseRedisUrl(url)
  if (target.kind === 'server') return new Redis(url, options)
  const { username, password } = target
  const tls = target.tls ? { tls: {} } : {}
  if (target.kind === 'sentinel') {
    return new Redis({
      ...options, ...tls, sentinels: target.sentinels, name: target.name, db: target.db, username, password,
      ...(target.sentinelPassword ? { sentinelPassword: target.sentinelPassword } : {}),
    })
  }
  // enableOfflineQueue and the retry settings are the cluster's own options; the rest apply to each node.
  const { enableOfflineQueue, maxRetriesPerRequest, ...perNode } = options
  return new Cluster(target.nodes, {
    redisOptions: { ...perNode, ...tls, username, password, maxRetriesPerRequest },
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(options.lazyConnect ? { lazyConnect: true } : {}),
  })
}
