import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')
/** TOOLCHAIN §7: with these wrangler and miniflare reach nothing outside this machine. */
export const OFFLINE = { WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', WRANGLER_HIDE_BANNER: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }

const wranglerToml = readFileSync(path.join(root, 'wrangler.toml'), 'utf8')
const tomlString = (key: string) => wranglerToml.match(new RegExp(`^${key} = "([^"]+)"`, 'm'))?.[1]
const QUEUE = tomlString('queue') ?? 'niangjia-inbound'

/** What ships: `wrangler deploy --dry-run` bundles src/edge.ts by wrangler.toml into a folder of our own. */
async function buildBundle(): Promise<{ scriptPath: string; remove(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-edge-'))
  await promisify(execFile)(path.join(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', dir], { cwd: root, env: { ...process.env, ...OFFLINE } })
  return { scriptPath: path.join(dir, 'edge.js'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export type EdgeWorker = {
  /** A request to the Worker, as WeChat's servers would make it. */
  fetch(pathAndQuery: string, init?: RequestInit): Promise<Response>
  /** Everything the Worker logged. */
  logs(): string
}

/**
 * The bundle, built once for the file, run by Miniflare (workerd, the Workers runtime) with
 * its queue and the consumer of wrangler.toml, one Worker per set of bindings. `bindings`
 * is read in beforeAll, once the core it points at is up.
 */
export function edgeWorkersForThisFile(variants: Record<string, () => Record<string, string>>, opts: { withoutQueue?: string[] } = {}): Record<string, EdgeWorker> {
  let bundle: { scriptPath: string; remove(): void } | undefined
  const running: Record<string, { mf: Miniflare; logs: string[] }> = {}
  beforeAll(async () => {
    bundle = await buildBundle()
    for (const [name, bindings] of Object.entries(variants)) {
      const logs: string[] = []
      const mf = new Miniflare({
        modules: true,
        scriptPath: bundle.scriptPath,
        // Module names are taken relative to this: the bundle lives in a temporary folder.
        modulesRoot: path.dirname(bundle.scriptPath),
        compatibilityDate: tomlString('compatibility_date') ?? '2026-04-01',
        bindings: bindings(),
        // The fixed request.cf placeholder, never workers.cloudflare.com.
        cf: false,
        // A Worker deployed without its queue binding, to see what it answers when it cannot queue.
        ...(opts.withoutQueue?.includes(name)
          ? {}
          : { queueProducers: { INBOUND: { queueName: QUEUE } }, queueConsumers: { [QUEUE]: { maxBatchSize: 10, maxBatchTimeout: 1, maxRetries: 100 } } }),
        handleRuntimeStdio(stdout: Readable, stderr: Readable) {
          stdout.on('data', (chunk: Buffer) => logs.push(chunk.toString()))
          stderr.on('data', (chunk: Buffer) => logs.push(chunk.toString()))
        },
      })
      await mf.ready
      running[name] = { mf, logs }
    }
  })
  afterAll(async () => {
    for (const { mf } of Object.values(running)) await mf.dispose()
    bundle?.remove()
  })
  return Object.fromEntries(
    Object.keys(variants).map((name) => [
      name,
      {
        fetch: async (p, init) => (await running[name]!.mf.dispatchFetch(`http://edge.test${p}`, init as never)) as unknown as Response,
        logs: () => running[name]!.logs.join(''),
      } satisfies EdgeWorker,
    ]),
  )
}
