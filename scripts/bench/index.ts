/**
 * npm run bench: runs every benchmark on a fresh local redis-server and writes the figures,
 * each next to the machine's ceiling measured in the same run, to docs/benchmarks.md.
 * Name sections to run only those: `npm run bench -- latency budgets` (wechat, latency,
 * budgets, timers); docs/benchmarks.md then holds just those.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os, { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmbeddedRedis } from '../../src/redis/embedded.ts'
import { benchBudgets } from './budgets.ts'
import { benchLatency } from './latency.ts'
import { benchWechat } from './wechat.ts'

type Section = { title: string; markdown: string; figures: Record<string, number> }

async function main() {
  const only = process.argv.slice(2)
  const dir = mkdtempSync(path.join(tmpdir(), 'niangjia-bench-redis-'))
  const redis = await startEmbeddedRedis({ dir, durable: true })
  const sections: Section[] = []
  try {
    if (only.length === 0 || only.includes('wechat')) {
      console.error('benchmark: WeChat Official Account end to end…')
      sections.push(await benchWechat({ redisUrl: redis.url }))
    }
    if (only.length === 0 || only.includes('latency')) {
      console.error('benchmark: per-call cost…')
      sections.push(await benchLatency())
    }
    if (only.length === 0 || only.includes('budgets')) {
      console.error('benchmark: time budgets…')
      sections.push(await benchBudgets())
    }
    if (only.length === 0 || only.includes('timers')) {
      const timers = await import('./timers.ts').catch(() => null)
      if (timers) {
        console.error('benchmark: timers…')
        sections.push(await timers.benchTimers({ redisUrl: redis.url }))
      }
    }
  } finally {
    await redis.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const doc = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, redis-server from Debian with an append-only file, SQLite (WAL) on local disk.`,
    'Figures move with the machine; the ratios to the ceiling measured in the same run are what to compare across machines.',
    '',
    ...sections.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
  ].join('\n')
  writeFileSync(path.join('docs', 'benchmarks.md'), doc)
  console.log(doc)
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
