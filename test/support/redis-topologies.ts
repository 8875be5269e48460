import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Redis } from 'ioredis'
import { freePort } from '../../src/redis/embedded.ts'
import { eventually } from './desk.ts'

/**
 * Real Redis topologies for the connection tests: a Sentinel group (a master, a replica,
 * one sentinel) and a three-master Cluster, each redis-server a child of the test, all in
 * one temporary directory removed at the end.
 */
type Server = { port: number; child: ChildProcess }

function startServer(dir: string, port: number, args: string[]): Server {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', ...args], { stdio: 'ignore' })
  return { port, child }
}

async function answers(port: number): Promise<boolean> {
  const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  r.on('error', () => {})
  try {
    await r.connect()
    return (await r.ping()) === 'PONG'
  } catch {
    return false
  } finally {
    r.disconnect()
  }
}

/**
 * One command on a fresh connection. A loaded machine can drop or refuse a connection to a
 * server that is starting or taking part in a failover: tried again for a few seconds, so a
 * test fails on what the desk does, not on its own probe.
 */
async function command(port: number, ...args: string[]): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, retryStrategy: () => null })
    r.on('error', () => {})
    try {
      return await r.call(args[0]!, ...args.slice(1))
    } catch (err) {
      const refused = err instanceof Error && /max retries|Connection is closed|ECONNREFUSED|ECONNRESET/i.test(err.message)
      if (!refused || attempt >= 20) throw err
      await new Promise((res) => setTimeout(res, 250))
    } finally {
      r.disconnect()
    }
  }
}

// A child killed by a signal has no exit code, only a signal code.
const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null

const stopAll = (servers: Server[], dir: string) => async () => {
  const alive = servers.filter((s) => running(s.child))
  const exited = alive.map((s) => new Promise((r) => s.child.once('exit', r)))
  for (const s of alive) s.child.kill('SIGKILL')
  await Promise.all(exited)
  rmSync(dir, { recursive: true, force: true })
}

export type SentinelGroup = {
  url: string
  master: () => Promise<number>
  /** kill -9 the current master: the sentinel promotes the replica. */
  killMaster(): Promise<void>
  stop(): Promise<void>
}

export async function startSentinelGroup(name = 'njmaster'): Promise<SentinelGroup> {
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-sentinel-'))
  const [masterPort, replicaPort, sentinelPort] = [await freePort(), await freePort(), await freePort()]
  const master = startServer(dir, masterPort, ['--dbfilename', 'master.rdb'])
  const replica = startServer(dir, replicaPort, ['--dbfilename', 'replica.rdb', '--replicaof', '127.0.0.1', String(masterPort)])
  await eventually(() => answers(masterPort), 5000)
  await eventually(async () => /master_link_status:up/.test(String(await command(replicaPort, 'INFO', 'replication'))), 10_000)
  const conf = path.join(dir, 'sentinel.conf')
  writeFileSync(conf, [
    `port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${dir}`,
    `sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`,
    `sentinel down-after-milliseconds ${name} 1000`,
    `sentinel failover-timeout ${name} 5000`,
  ].join('\n'))
  const sentinel = { port: sentinelPort, child: spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' }) }
  const servers = [master, replica, sentinel]
  await eventually(() => answers(sentinelPort), 5000)
  const currentMaster = async () => Number(((await command(sentinelPort, 'SENTINEL', 'get-master-addr-by-name', name)) as string[])[1])
  // The sentinel must know the replica before it can promote it.
  await eventually(async () => ((await command(sentinelPort, 'SENTINEL', 'replicas', name)) as unknown[]).length > 0, 10_000)
  return {
    url: `redis-sentinel://127.0.0.1:${sentinelPort}/${name}`,
    master: currentMaster,
    async killMaster() {
      const port = await currentMaster()
      const s = servers.find((x) => x.port === port)!
      s.child.kill('SIGKILL')
      await eventually(async () => (await currentMaster()) !== port, 20_000, 200)
    },
    stop: stopAll(servers, dir),
  }
}

export type TestCluster = { url: string; stop(): Promise<void> }

export async function startTestCluster(): Promise<TestCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-cluster-'))
  const ports = [await freePort(), await freePort(), await freePort()]
  const servers = ports.map((port) =>
    startServer(dir, port, ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dbfilename', `dump-${port}.rdb`]),
  )
  for (const p of ports) await eventually(() => answers(p), 5000)
  const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' })
  if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`)
  for (const p of ports) await eventually(async () => /cluster_state:ok/.test(String(await command(p, 'CLUSTER', 'INFO'))), 10_000, 100)
  return { url: `redis-cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`, stop: stopAll(servers, dir) }
}
