import type { Db, Tx } from '../../db/client.ts'
import type { Desk } from '../desk.ts'
import { matchesForSeeker } from './board.ts'
import { findRegion, tradeTerms } from './matching/index.ts'
import { matchesText } from './words.ts'

/**
 * What a job seeker hears besides their ticket's number: the best open postings for what
 * they wrote, the board, and the words that would subscribe them to more of the same
 * (订阅 叉车司机 舟山), built from their own message.
 */
export async function seekerAnswer(db: Db | Tx, desk: Pick<Desk, 'wording' | 'config' | 'now'>, text: string): Promise<string> {
  const found = await matchesForSeeker(db, desk.now(), text)
  const trade = tradeTerms(text)[0]
  const region = findRegion(text)
  const suggestion = ['订阅', trade ?? '工种', region?.short ?? (trade ? '' : '地方')].filter(Boolean).join(' ')
  return matchesText(desk, found, suggestion)
}
