import QRCode from 'qrcode'
import { readBotStatus, type BotStatus } from '../../channels/wechaty/status.ts'
import type { Desk } from '../../desk/desk.ts'
import type { Queues } from '../../queue/queues.ts'

/**
 * Where the console reads the bot's state: what the bot process holding the account's lease
 * wrote to Redis (src/channels/wechaty/status.ts), under the desk's queue prefix. The one
 * place the console knows how, so the pages do not change when the bot's side does.
 */
export type BotDesk = Desk & { queues: Pick<Queues, 'redis'> }

export type BotView = (BotStatus & { alive: boolean }) | null

export const botStatusOf = (desk: BotDesk): Promise<BotView> => readBotStatus(desk.queues.redis, desk.config.QUEUE_PREFIX, desk.now())

/** The login QR code as inline SVG (no image request, no script): modules drawn from the payload, nothing of it as text. */
export const qrSvg = (payload: string): Promise<string> => QRCode.toString(payload, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })
