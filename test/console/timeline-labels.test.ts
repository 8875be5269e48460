// Every kind of entry the desk writes on a ticket's timeline has words a cadre reads: the
// types are gathered from the source itself (what ticketEvent rows and cadre notices are
// written with), so a new one without a label fails here, not in front of a cadre.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { eventLabel, hasEventLabel } from '../../src/web/console/timeline.ts'

const root = path.resolve(import.meta.dirname, '../../src')
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'generated' || p === path.join(root, 'web') ? [] : files(p)
    return /\.tsx?$/.test(e.name) ? [p] : []
  })

/** The event types written in src/: `type:` of a ticketEvent row and `kind:` of a notice (which is written on the timeline too), literals or named constants. */
function writtenTypes(): Map<string, string> {
  const found = new Map<string, string>()
  const sources = files(root).map((f) => [path.relative(root, f), readFileSync(f, 'utf8')] as const)
  const constants = new Map<string, string>()
  for (const [, text] of sources) for (const m of text.matchAll(/const ([A-Z][A-Z0-9_]*) = '([a-z_]+\.[a-z_]+)'/g)) constants.set(m[1]!, m[2]!)
  for (const [file, text] of sources) {
    if (!/ticketEvent\.|'TicketEvent'|notifyCadre\(/.test(text)) continue
    for (const m of text.matchAll(/\b(?:type|kind): ([^,}\n]+)/g)) {
      const expr = m[1]!
      for (const lit of expr.matchAll(/'([a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*)'/g)) found.set(lit[1]!, file)
      const named = /^([A-Z][A-Z0-9_]*)\b/.exec(expr.trim())
      if (named && constants.has(named[1]!)) found.set(constants.get(named[1]!)!, file)
    }
  }
  return found
}

describe('the timeline’s words', () => {
  it('has a Chinese label for every event type written anywhere in src', () => {
    const types = writtenTypes()
    // The scan itself finds what it should: literals, ternaries and named constants.
    for (const t of ['ticket.opened', 'ticket.unassigned', 'consent.refused', 'ticket.assigned', 'sla.escalated', 'delivery.possible_duplicate']) expect(types.has(t), t).toBe(true)
    const missing = [...types].filter(([t]) => !hasEventLabel(t)).map(([t, file]) => `${t} (${file})`)
    expect(missing).toEqual([])
    for (const t of types.keys()) expect(eventLabel(t)).toMatch(/\p{Script=Han}/u)
  })

  it('never shows a raw name, even for a type it does not know', () => {
    expect(eventLabel('something.new')).toBe('其他记录')
  })
})
