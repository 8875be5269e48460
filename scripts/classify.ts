// npm run classify -- FILE   (or - for stdin)
// Reads JSON Lines {"id", "text"} and writes one JSON line per input to stdout:
// {"id", "label", "urgent", "confidence", "source", "reason"}. Uses the same cascade as the
// desk, configured from the environment (LLM_PROVIDER=none by default). Logs go to stderr.
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import pino from 'pino'
import { ClassifierConfig, createClassifier } from '../src/classify/index.ts'

const file = process.argv[2]
if (!file) {
  console.error('usage: npm run classify -- FILE.jsonl   (lines of {"id": ..., "text": ...}; - reads stdin)')
  process.exit(2)
}
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2))
const config = ClassifierConfig.safeParse(process.env)
if (!config.success) {
  console.error(config.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'))
  process.exit(2)
}
const classifier = createClassifier(config.data, logger)
const lines = createInterface({ input: file === '-' ? process.stdin : createReadStream(file, 'utf8'), crlfDelay: Infinity })

let lineNo = 0
for await (const line of lines) {
  lineNo++
  if (!line.trim()) continue
  let id: unknown = null
  let text = ''
  try {
    const row = JSON.parse(line) as { id?: unknown; text?: unknown }
    id = row.id ?? null
    text = typeof row.text === 'string' ? row.text : ''
  } catch {
    // A broken line still gets an answer, so output lines match input lines.
    logger.warn({ line: lineNo }, 'not JSON; classified as empty')
  }
  const c = await classifier.classify(text)
  process.stdout.write(JSON.stringify({ id, label: c.category, urgent: c.urgent, confidence: c.confidence, source: c.source, reason: c.reason }) + '\n')
}
