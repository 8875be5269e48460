/**
 * One forward pass over a WeChat XML body, before any parser sees it, looking for what must
 * never reach one: a markup declaration (`<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT`, `<!ATTLIST`…,
 * any case) outside CDATA and comments, and U+0000.
 *
 * Why a tokenizer and not "strip CDATA with a regex, then search": the regex does not know
 * where CDATA can start. In `<!-- <![CDATA[ --> <!DOCTYPE…> <!-- ]]> -->` the parser sees a
 * comment, a DOCTYPE and a comment; the regex saw one CDATA section and nothing to reject.
 * So this reads the document the way fast-xml-parser does (v5, OrderedObjParser), and where
 * that reading is lenient or differs from the parser's own validator, it refuses the input
 * instead, so that the two can never disagree on where a comment or CDATA section is:
 * - a comment runs from `<!--` to the first `-->` after it; `<!-->` and `<!--->` are refused
 *   (readers disagree on whether they close themselves);
 * - a CDATA section runs from `<![CDATA[` to the first `]]>`;
 * - any other `<!` is refused (the parser reads `<!D…` as a DOCTYPE and any `<![` as CDATA);
 * - a tag runs to its first `>`, a processing instruction to its first `?>`; a `<` anywhere
 *   inside either, or the closer inside quotes, is refused. The parser skips quoted values,
 *   the validator does not always, and a `"` must not hide a `<!--` from one of them.
 * WeChat sends none of the refused forms: no attributes, no comments, one `<?xml?>` at most.
 *
 * Linear: `i` only moves forward, one step per character at most, and a step looks no
 * further ahead than the 9 characters of `<![CDATA[`.
 */

type State = 'text' | 'comment' | 'cdata' | 'tag' | 'pi'

/** `problem` is why the body was refused (for the log), undefined when it may be parsed. */
export type MarkupScan = { problem: string | undefined; steps: number }

export const scanMarkup = (text: string): MarkupScan => {
  let state: State = 'text'
  /** The quote open inside a tag or processing instruction, or ''. */
  let quote = ''
  let steps = 0
  const at = (s: string, i: number) => text.startsWith(s, i)
  const refuse = (problem: string): MarkupScan => ({ problem, steps })

  for (let i = 0; i < text.length; i++) {
    steps++
    const ch = text[i]
    // XML 1.0 forbids it, and PostgreSQL cannot store it: a retry would fail the same way.
    if (ch === '\u0000') return refuse('U+0000 in the body')
    switch (state) {
      case 'text':
        if (ch !== '<') break
        if (at('<!--', i)) {
          if (at('>', i + 4) || at('->', i + 4)) return refuse('ambiguous comment opening')
          state = 'comment'
          i += 3
        } else if (at('<![CDATA[', i)) {
          state = 'cdata'
          i += 8
        } else if (at('<!', i)) {
          return refuse('markup declarations (DOCTYPE/ENTITY) are not accepted')
        } else {
          // The next step reads the `?` (or the name): like the parser, `<?>` closes at once.
          state = at('<?', i) ? 'pi' : 'tag'
          quote = ''
        }
        break
      case 'comment':
        if (at('-->', i)) {
          state = 'text'
          i += 2
        }
        break
      case 'cdata':
        if (at(']]>', i)) {
          state = 'text'
          i += 2
        }
        break
      case 'tag':
      case 'pi': {
        const closer = state === 'tag' ? '>' : '?>'
        if (ch === '<') return refuse(`"<" inside a ${state}`)
        if (quote !== '') {
          if (ch === quote) quote = ''
          else if (at(closer, i)) return refuse(`"${closer}" inside a quoted value`)
        } else if (ch === '"' || ch === "'") {
          quote = ch
        } else if (at(closer, i)) {
          state = 'text'
          i += closer.length - 1
        }
        break
      }
    }
  }
  return state === 'text' ? { problem: undefined, steps } : refuse(`unterminated ${state}`)
}
