/**
 * Per-call cost of the two pieces of pure computation on every message: the embedded
 * classifier (through classify(), as intake calls it) and SLA deadline arithmetic in
 * working time. Each beside a floor measured in the same run: for the classifier one
 * regular expression over the same text (the least any classifier does: read the message
 * once), for deadlines the same budget added around the clock.
 *
 * These were wall-clock asserts in the tests once; a test that times itself fails on a
 * busy machine, so the figures live here.
 *
 * Alone: `npx tsx scripts/bench/latency.ts` prints the markdown.
 */
import { pathToFileURL } from 'node:url'
import { createEmbeddedClassifier } from '../../src/classify/index.ts'
import { readCorpus } from '../../src/classify/training/corpus.ts'
import { addClockSeconds, addWorkingSeconds, defaultWorkCalendar } from '../../src/lib/time/index.ts'

type Section = { title: string; markdown: string; figures: Record<string, number> }

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
const ms = (x: number) => `${x.toFixed(2)} ms`
const us = (x: number) => `${(x * 1000).toFixed(1)} µs`

/** Each call timed alone, `rounds` times over the inputs, after one warm-up pass; sorted. */
async function timeEach<T>(inputs: T[], rounds: number, call: (input: T) => unknown): Promise<number[]> {
  for (const input of inputs) await call(input)
  const times: number[] = []
  for (let r = 0; r < rounds; r++) {
    for (const input of inputs) {
      const t = performance.now()
      await call(input)
      times.push(performance.now() - t)
    }
  }
  return times.sort((a, b) => a - b)
}

export async function benchLatency(opts: { rounds?: number } = {}): Promise<Section> {
  const rounds = opts.rounds ?? 5
  const classifier = createEmbeddedClassifier()
  const texts = readCorpus('heldout').map((r) => r.text)
  const keyword = /工资|欠薪|工伤|辞退|找工作|招聘|困难|学费|救命|摔/

  const embedded = await timeEach(texts, rounds, (text) => classifier.classify(text))
  const floor = await timeEach(texts, rounds, (text) => keyword.test(text))
  // The test's very long message: a head about wages, then 200,000 characters about something else.
  const long = '老板欠我工资三个月了 '.repeat(120) + '想找个电焊的活 包吃住 '.repeat(20_000)
  const longTimes = await timeEach([long], 50, (text) => classifier.classify(text))
  const shortTimes = await timeEach([long.slice(0, 1200)], 50, (text) => classifier.classify(text))

  // A 30-working-day deadline (the longest seeded budget) from 500 different starts, versus the same seconds around the clock.
  const starts = Array.from({ length: 500 }, (_, i) => new Date(Date.parse('2026-11-23T00:30:00Z') + i * 3_600_017))
  const budget = 30 * 7.5 * 3600
  const working = await timeEach(starts, rounds, (at) => addWorkingSeconds(defaultWorkCalendar, at, budget))
  const around = await timeEach(starts, rounds, (at) => addClockSeconds('calendar', defaultWorkCalendar, at, budget))

  const figures = {
    embedded_p50_ms: quantile(embedded, 0.5), embedded_p99_ms: quantile(embedded, 0.99), embedded_max_ms: embedded.at(-1)!,
    floor_p50_ms: quantile(floor, 0.5), floor_p99_ms: quantile(floor, 0.99),
    long_p50_ms: quantile(longTimes, 0.5), long_max_ms: longTimes.at(-1)!, head_p50_ms: quantile(shortTimes, 0.5),
    working_p50_ms: quantile(working, 0.5), working_p99_ms: quantile(working, 0.99),
    around_p50_ms: quantile(around, 0.5), around_p99_ms: quantile(around, 0.99),
    messages: texts.length, rounds,
  }
  const markdown = [
    `Each call timed alone on one core, after a warm-up pass (JIT, the opencc and jieba tables). The classifier runs over the ${texts.length} held-out messages × ${rounds}; deadlines from 500 different starts × ${rounds}.`,
    '',
    '| | p50 | p99 | floor p50 | floor p99 |',
    '|---|---:|---:|---:|---:|',
    `| embedded classifier, one message (floor: one regular expression over it) | ${us(figures.embedded_p50_ms)} | ${us(figures.embedded_p99_ms)} | ${us(figures.floor_p50_ms)} | ${us(figures.floor_p99_ms)} |`,
    `| 30-working-day deadline in the office week (floor: the same seconds around the clock) | ${us(figures.working_p50_ms)} | ${us(figures.working_p99_ms)} | ${us(figures.around_p50_ms)} | ${us(figures.around_p99_ms)} |`,
    '',
    `A 200,000-character message costs what its head does, since only the head is read: p50 ${ms(figures.long_p50_ms)} (slowest of 50: ${ms(figures.long_max_ms)}) against ${ms(figures.head_p50_ms)} for its first 1,200 characters alone. Slowest single classification: ${ms(figures.embedded_max_ms)} (a GC pause or a busy machine shows here first).`,
    '',
    'Aims: the classifier well under a millisecond at p50 and a very long message under 50 ms; a deadline well under a millisecond.',
  ].join('\n')
  return { title: 'Per-call cost: the embedded classifier and working-time deadlines', markdown, figures }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const section = await benchLatency()
  console.log(`## ${section.title}\n\n${section.markdown}`)
}
