import * as OpenCC from 'opencc-js'

/**
 * Workers write in Simplified or Traditional characters (and their phones' voice input
 * sometimes mixes both). The desk thinks in Simplified and answers in the script the
 * worker used.
 */
export type Script = 'simplified' | 'traditional'

// Building a converter loads its dictionaries (~200 ms), so each is built once, on first use.
let toSimplifiedFn: ((s: string) => string) | undefined
let toTraditionalFn: ((s: string) => string) | undefined

export function toSimplified(text: string): string {
  toSimplifiedFn ??= OpenCC.Converter({ from: 'hk', to: 'cn' })
  return toSimplifiedFn(text)
}

/**
 * The standard Traditional forms (說, 裡, 線: OpenCC's Taiwan table), read by workers from
 * Hong Kong, Macau and Taiwan alike, rather than the Hong Kong variants (説, 裏, 綫). One
 * word is kept as the union writes it: 娘家, which the table would turn into 孃家 (see fixes).
 */
export function toTraditional(text: string): string {
  toTraditionalFn ??= OpenCC.Converter({ from: 'cn', to: 'tw' })
  let out = toTraditionalFn(text)
  for (const [wrong, right] of fixes) out = out.replaceAll(wrong, right)
  return out
}

/**
 * Where the table picks the wrong character for the desk's own words: 干 as in work is 幹
 * (OpenCC makes 干的活 乾的活, dried); 娘家 stays 娘家.
 */
const fixes: readonly [string, string][] = [
  ['孃家', '娘家'],
  ['乾的活', '幹的活'],
  ['乾過', '幹過'],
  // One form of a word in a reply: the table writes 回復 or 回覆 by context; Taiwan writes 回覆 for "reply".
  ['回復', '回覆'],
]

/**
 * Traditional when converting to Simplified changes more characters than the other
 * way round: a message with 工會 and 幫 is Traditional even if a few characters are
 * shared by both scripts.
 */
export function detectScript(text: string): Script {
  if (!/[\u3400-\u9fff]/.test(text)) return 'simplified'
  const changedBy = (convert: (s: string) => string) => {
    const out = convert(text)
    let n = 0
    for (let i = 0; i < text.length; i++) if (text[i] !== out[i]) n++
    return n
  }
  return changedBy(toSimplified) > changedBy(toTraditional) ? 'traditional' : 'simplified'
}

export function inScript(text: string, script: Script): string {
  return script === 'traditional' ? toTraditional(text) : text
}
