import type { Tx } from '../../db/client.ts'
import { prepare } from '../../db/prepared.ts'
import type { Message } from '../../generated/prisma/client.ts'
import type { Desk } from '../desk.ts'
import type { IntakeContext } from './context.ts'

/**
 * On a worker's first contact in a chat, the desk says in two sentences what it keeps and
 * why, before anything else. The portal shows the same notice on its form, so the web gets
 * it there. Said once per worker, recorded with the time.
 */
export async function privacyNotice(tx: Tx, desk: Desk, message: Message, ctx: IntakeContext): Promise<string[]> {
  if (ctx.worker.noticeShownAt || !desk.channels.spec(message.channel).chatCommands) return []
  if ((await noticeShown.run(tx, { id: ctx.worker.id, at: desk.now(), updatedAt: new Date() })) === 0) return []
  const base = desk.config.PUBLIC_URL?.replace(/\/$/, '')
  return [desk.replies.render('privacy-notice', { privacyUrl: base ? `${base}/portal/privacy` : '' })]
}

const noticeShown = prepare<{ id: string; at: Date; updatedAt: Date }>()((sql, p) =>
  sql.updateTable('Worker').set({ noticeShownAt: p.at, updatedAt: p.updatedAt }).where('id', '=', p.id).where('noticeShownAt', 'is', null),
)
