import type { IntakeResult } from '../../channels/types.ts'
import { errorSummary } from '../../lib/error-summary.ts'
import type { Desk } from '../desk.ts'
import { sendLateReply } from '../messaging/index.ts'

/**
 * Processing missed the channel's deadline (WeChat's 5 seconds): when it finishes, the
 * reply goes to the worker as a message of its own. A duplicate delivery's answer was
 * already given by the copy that processed it.
 */
export async function replyWhenProcessed(
  desk: Desk,
  message: { channel: string; externalMessageId: string },
  pending: Promise<IntakeResult>,
): Promise<void> {
  let result: IntakeResult
  try {
    result = await pending
  } catch {
    return // logged by the channel; the intake queue finishes the message and replies
  }
  if (result.duplicate) return
  try {
    const stored = await desk.db.message.findUniqueOrThrow({
      where: { channel_externalId: { channel: message.channel, externalId: message.externalMessageId } },
      select: { id: true },
    })
    await sendLateReply(desk, stored.id, result.reply)
  } catch (err) {
    desk.logger.error({ err: errorSummary(err), ticket: result.ticketNumber }, 'could not queue the late reply')
  }
}
