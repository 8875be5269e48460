/**
 * npm run bench: runs every benchmark on a fresh local redis-server and writes the figures,
 * each next to the machine's ceiling measured in the same run, to docs/benchmarks.md.
 * Name sections to run only those: `npm run bench -- latency budgets` (wechat, latency,
 * budgets, scale-out, timers, overload, job-push); the other sections of docs/benchmarks.md keep
 * their figures from the last run that measured them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
    if (only.length === 0 || only.includes('scale-out')) {
      console.error('benchmark: scale-out on PostgreSQL (throughput by process, kill -9 fault test)…')
      const { benchScaleOut } = await import('./scale-out.ts')
      sections.push(await benchScaleOut({ redisUrl: redis.url }))
    }
    if (only.length === 0 || only.includes('timers')) {
      const timers = await import('./timers.ts').catch(() => null)
      if (timers) {
        console.error('benchmark: timers…')
        sections.push(await timers.benchTimers({ redisUrl: redis.url }))
      }
    }
    if (only.length === 0 || only.includes('overload')) {
      console.error('benchmark: overload, twice the saturating rate against WeChat\'s 5 seconds…')
      const { benchOverload } = await import('./overload.ts')
      sections.push(await benchOverload({ redisUrl: redis.url }))
    }
    if (only.length === 0 || only.includes('job-push')) {
      console.error('benchmark: job postings, one posting pushed to 100,000 subscribers (SQLite, then PostgreSQL)…')
      const { benchJobPush } = await import('./job-push.ts')
      sections.push(await benchJobPush({ redisUrl: redis.url }))
    }
  } finally {
    await redis.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  // Sections not run this time keep their figures from the last run that measured them.
  const file = path.join('docs', 'benchmarks.md')
  const previous = existsSync(file) ? readFileSync(file, 'utf8').split(/^## /m).slice(1) : []
  const fresh = new Set(sections.map((s) => s.title))
  const kept = previous
    .map((chunk) => ({ title: chunk.slice(0, chunk.indexOf('\n')).trim(), markdown: chunk.slice(chunk.indexOf('\n') + 1).trim(), figures: {} }))
    .filter((s) => !fresh.has(s.title))
  const today = new Date().toISOString().slice(0, 10)
  const ordered = [...sections.map((s) => ({ ...s, markdown: `_Measured ${today}._\n\n${s.markdown}` })), ...kept]
  const doc = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (last run ${today}): ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, redis-server from Debian with an append-only file, SQLite (WAL) on local disk, PostgreSQL 15 on the same machine (scale-out).`,
    'Figures move with the machine; the ratios to the ceiling measured in the same run are what to compare across machines.',
    '',
    ...ordered.flatMap((s) => [`## ${s.title}`, '', s.markdown, '']),
  ].join('\n')
  writeFileSync(file, doc)
  console.log(doc)
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
