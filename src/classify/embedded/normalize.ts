import * as OpenCC from 'opencc-js'

// Traditional (Taiwan and Hong Kong variants) to Simplified, so 工資/工资 and 薪水/薪水 are one feature.
const fromTw = OpenCC.Converter({ from: 'tw', to: 'cn' })
const fromHk = OpenCC.Converter({ from: 'hk', to: 'cn' })

// A few slips common enough to fix before feature extraction. Kept short on purpose:
// the corpus generator uses a longer list, so the score is not measured on our own table.
const slips: [RegExp, string][] = [
  [/工姿|公资|工滋|功资|宫资/g, '工资'],
  [/老版|劳板|老扳/g, '老板'],
  [/脱欠|托欠/g, '拖欠'],
  [/辞推|词退/g, '辞退'],
  [/设保|社宝/g, '社保'],
  [/陪偿/g, '赔偿'],
  [/工做|公作/g, '工作'],
  [/困男/g, '困难'],
  [/补注/g, '补助'],
  [/木有|没油/g, '没有'],
  [/工汇/g, '工会'],
  [/欠新/g, '欠薪'],
  [/公伤/g, '工伤'],
]

/** Lower-case, half-width, Simplified, with the commonest homophone slips fixed. */
export function normalize(text: string): string {
  let t = text.normalize('NFKC').toLowerCase()
  t = fromHk(fromTw(t))
  for (const [re, to] of slips) t = t.replace(re, to)
  return t
}

export type InputProblem = 'empty' | 'no_words' | 'garbage'

const meaningful = /[\p{Script=Han}\p{L}\p{N}]/gu
// Control characters (other than whitespace), U+FFFD and private-use code points: what binary looks like as text.
const junk = /[\p{Cc}\uFFFD\p{Co}]/gu

/** Input the model should not even try to read: returns why, or null when the text is fine. */
export function inputProblem(text: string): InputProblem | null {
  const t = text.replace(/\s+/g, '')
  if (!t) return 'empty'
  const junkCount = (t.match(junk) ?? []).length
  if (junkCount / [...t].length > 0.2) return 'garbage'
  if (!(t.match(meaningful) ?? []).length) return 'no_words'
  return null
}
