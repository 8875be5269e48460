import { toSimplified } from '../../text/script.ts'

/**
 * A message reduced to what its words are: half-width (NFKC turns full-width ＡＢＣ１２３ and
 * ideographic spaces into plain ones), Simplified, lower-case, without spaces, punctuation,
 * symbols or emoji. Short replies ("好的！！", "謝謝～", "１") are compared in this form.
 */
export function plain(text: string): string {
  return toSimplified(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}\p{Extended_Pictographic}]/gu, '')
}
