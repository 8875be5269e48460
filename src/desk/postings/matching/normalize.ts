import { toSimplified } from '../../../text/script.ts'

/**
 * Characters OpenCC's Hong Kong → mainland table leaves alone although the mainland writes
 * them differently: 銲 is Taiwan's 焊 (銲工, 電銲).
 */
const characterFixes: Readonly<Record<string, string>> = { 銲: '焊' }

/**
 * Text in one form for matching, character for character with the input wherever OpenCC
 * keeps the length (it almost always does): Simplified, half-width, lower case. Spans found
 * in it can then be cut from what the worker typed, to show their own words back.
 */
export function foldJobText(text: string): string {
  let out = ''
  for (const ch of needsConverting(text) ? toSimplified(text) : text) {
    const code = ch.codePointAt(0)!
    if (code === 0x3000) out += ' '
    else if (code >= 0xff01 && code <= 0xff5e) out += String.fromCodePoint(code - 0xfee0)
    else out += characterFixes[ch] ?? ch
  }
  return out.toLowerCase()
}

// Whether each character seen so far changes in OpenCC: most messages are Simplified, and
// skipping the converter for them makes a call several times cheaper. Bounded by the
// number of distinct characters (some thousands).
const changesInOpenCC = new Map<string, boolean>()

function needsConverting(text: string): boolean {
  for (const ch of text) {
    if (ch < '\u3400') continue
    let changes = changesInOpenCC.get(ch)
    if (changes === undefined) {
      changes = toSimplified(ch) !== ch
      changesInOpenCC.set(ch, changes)
    }
    if (changes) return true
  }
  return false
}

/**
 * Traditional → Simplified (OpenCC, as src/text/script.ts), full-width → half-width, lower
 * case, trimmed, runs of white space made one space.
 */
export function normalizeJobText(text: string): string {
  return foldJobText(text).replace(/\s+/g, ' ').trim()
}

/** The part of the worker's own text under a span of its folded form (see foldJobText). */
export function originalSpan(original: string, folded: string, start: number, end: number): string {
  return original.length === folded.length ? original.slice(start, end) : folded.slice(start, end)
}

/** Blanks the spans out, so later scans neither see them nor join words across them. */
export function maskSpans(text: string, spans: readonly (readonly [number, number])[]): string {
  const chars = text.split('')
  for (const [start, end] of spans) for (let i = start; i < end; i++) chars[i] = ' '
  return chars.join('')
}
