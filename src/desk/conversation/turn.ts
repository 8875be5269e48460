import type { Classification, Category } from '../../classify/types.ts'
import type { Ticket } from '../../generated/prisma/client.ts'
import { parseCommand, type Command } from './commands.ts'
import { extractFacts, type Facts } from './facts/index.ts'
import type { KnowledgeEntry } from './knowledge.ts'
import { assessSafety, type SafetyAssessment } from './safety.ts'
import { readCategoryChoice, readConsent, readSmallTalk, type SmallTalk } from './small-talk.ts'
import type { ConversationState } from './state.ts'

/**
 * What a worker's message is, read before anything is written: the conversation layer's
 * one decision. Intake (src/desk/intake/process.ts) then acts on it in one transaction.
 *
 * The order is the order a good cadre listens in: danger first, then commands (a closed
 * vocabulary, so they cannot be mistaken for an answer), then whatever the desk was waiting
 * for (its own question was the last thing said), then the short things people say that are not a case, and only then a matter for a ticket. (A bare
 * rating of a closed ticket is read before all this, by intake/ratings.ts.)
 */
export type Turn =
  | { kind: 'urgent'; safety: SafetyAssessment }
  | { kind: 'command'; command: Command }
  | { kind: 'category_chosen'; category: Category }
  | { kind: 'consent'; granted: boolean }
  /** An answer to the desk's question about `ticket`: the facts found in it. */
  | { kind: 'facts'; ticket: Ticket; facts: Partial<Facts> }
  | { kind: 'small_talk'; talk: SmallTalk }
  | { kind: 'knowledge'; entry: KnowledgeEntry }
  /** A matter: continue `open` or open a new ticket; `classification` decides which. */
  | { kind: 'matter' }

export type TurnContext = {
  conversation: ConversationState | null
  /** The ticket the desk's last question was about, when it is still open. */
  askedAbout: Ticket | null
  matchKnowledge: (text: string) => KnowledgeEntry | null
}

export function readTurn(text: string, ctx: TurnContext): Turn {
  const safety = assessSafety(text)
  if (safety.urgent) return { kind: 'urgent', safety }

  // A command is a whole message in a closed vocabulary (帮助, 人工, 取消…): it never reads as an answer.
  const command = parseCommand(text)
  if (command) return { kind: 'command', command }

  const waiting = ctx.conversation?.awaiting ?? null
  if (waiting === 'category') {
    const category = readCategoryChoice(text)
    if (category) return { kind: 'category_chosen', category }
  }
  if (waiting === 'consent') {
    const granted = readConsent(text)
    if (granted !== null) return { kind: 'consent', granted }
  }

  // "在吗", "谢谢", "有进展吗" say what they are even while the desk waits for a fact; a short
  // unclear reply ("有", "没签") may be the answer, so it is tried as one first.
  const talk = readSmallTalk(text)
  if (talk && talk !== 'unclear') return { kind: 'small_talk', talk }

  if (waiting === 'fact' && ctx.askedAbout && ctx.conversation?.asked) {
    const facts = extractFacts(ctx.askedAbout.category as Category, text, { asked: ctx.conversation.asked })
    if (Object.keys(facts).length) return { kind: 'facts', ticket: ctx.askedAbout, facts }
  }

  if (talk) return { kind: 'small_talk', talk }

  const entry = ctx.matchKnowledge(text)
  if (entry) return { kind: 'knowledge', entry }
  return { kind: 'matter' }
}

/**
 * Too little to go on: the embedded model is unsure and the message is short. A long message
 * the model cannot place is still a matter (category "other"), for a cadre to read; a short
 * one gets the choices instead of a guess.
 */
export const UNSURE_CONFIDENCE = 0.45
export function tooUnclearToOpen(text: string, c: Classification): boolean {
  const length = [...text.replace(/\s+/g, '')].length
  return (c.confidence < UNSURE_CONFIDENCE && length < 30) || (c.category === 'other' && length < 8)
}
