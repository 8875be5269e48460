import path from 'node:path'
import type { Hono } from 'hono'
import type { Redis } from 'ioredis'
import { repoRoot } from '../../db/migrate.ts'
import { answerStatus } from '../../desk/commands.ts'
import type { Desk } from '../../desk/deps.ts'
import { receiveMessage } from '../../desk/intake.ts'
import { stageWorkerMessage } from '../../desk/notify.ts'
import { releaseDeferred } from '../../desk/outbound.ts'
import { isUniqueViolation } from '../../desk/sla.ts'
import { findOrCreateWorker } from '../../desk/workers.ts'
import { flushOutbox } from '../../queue/outbox.ts'
import type { ChannelSender, InboundMessage, IntakeResult } from '../types.ts'
import { OfficialAccountClient } from './api-client.ts'
import { canSendThroughApi, isOfficialAccountEnabled } from './config.ts'
import type { OfficialAccountEvent } from './messages.ts'
import { loadReplyTemplates, renderReply, type ReplyTemplates, type ReplyVars } from './replies.ts'
import { officialAccountSender } from './sender.ts'
import { hashOpenId, officialAccountWebhook } from './webhook.ts'

const CHANNEL = 'wechat_oa'

export type OfficialAccountSeat = { routes: Hono; sender?: ChannelSender; client?: OfficialAccountClient }

/**
 * The Official Account's seat at the desk: the webhook wired to intake, the events a desk
 * cares about, and the sender the outbound queue uses. Null when WECHAT_OA_TOKEN is unset.
 */
export async function officialAccountAtDesk(desk: Desk, redis: Redis): Promise<OfficialAccountSeat | null> {
  const config = desk.config
  if (!isOfficialAccountEnabled(config)) return null
  const logger = desk.logger.child({ channel: CHANNEL })
  const client = canSendThroughApi(config)
    ? new OfficialAccountClient({
        appId: config.WECHAT_OA_APP_ID, appSecret: config.WECHAT_OA_APP_SECRET, baseUrl: config.WECHAT_API_BASE_URL,
        redis, keyPrefix: `${config.QUEUE_PREFIX}:wechat-oa`, logger,
      })
    : undefined
  if (!client) logger.warn('WECHAT_OA_APP_ID / WECHAT_OA_APP_SECRET not set: passive replies only, cadre replies will wait in the portal')

  const templates = loadReplyTemplates(path.join(repoRoot, 'prompts', 'wechat-oa'))
  const home = await desk.db.orgUnit.findUnique({ where: { code: config.DEFAULT_UNIT_CODE }, select: { name: true } })
  const vars: ReplyVars = { unionName: config.UNION_NAME ?? home?.name ?? '工会', hotline: config.UNION_HOTLINE, portalUrl: config.PUBLIC_URL }

  const routes = officialAccountWebhook({
    config,
    logger: desk.logger,
    now: desk.now,
    replyBudgetMs: config.WECHAT_OA_REPLY_BUDGET_MS,
    unsupportedReply: renderReply(templates, 'unsupported-message', vars),
    async receiveMessage(msg) {
      const receipt = await receiveMessage(desk, msg)
      return {
        async process() {
          const result = await receipt.process()
          // The worker wrote, so WeChat's window is open again: what waited for it goes out now.
          void releaseAfterInbound(desk, receipt.messageId)
          return result
        },
      }
    },
    handleEvent: (event) => onEvent(desk, event, templates, vars),
    deferReply: (msg, result) => void deferReply(desk, msg, result),
  })
  const sender = client
    ? officialAccountSender(client, {
        now: desk.now,
        ...(config.WECHAT_OA_NOTICE_TEMPLATE_ID
          ? { notice: { templateId: config.WECHAT_OA_NOTICE_TEMPLATE_ID, ...(config.PUBLIC_URL ? { url: config.PUBLIC_URL } : {}) } }
          : {}),
      })
    : undefined
  return { routes, ...(sender ? { sender } : {}), ...(client ? { client } : {}) }
}

async function releaseAfterInbound(desk: Desk, messageId: string) {
  try {
    const m = await desk.db.message.findUnique({ where: { id: messageId }, select: { workerId: true } })
    if (m) await releaseDeferred(desk, m.workerId, CHANNEL)
  } catch (err) {
    desk.logger.warn({ err: String(err) }, 'could not release deferred messages; they go with the next message')
  }
}

/** Processing missed WeChat's 5 seconds: when it finishes, the reply goes out as a customer-service message. */
async function deferReply(desk: Desk, msg: InboundMessage, pending: Promise<IntakeResult>) {
  let result: IntakeResult
  try {
    result = await pending
  } catch {
    return // logged by the webhook; the intake queue finishes the message and replies
  }
  if (result.duplicate) return // another delivery of this message already answered
  try {
    const m = await desk.db.message.findUniqueOrThrow({ where: { channel_externalId: { channel: CHANNEL, externalId: msg.externalMessageId } } })
    const { job } = await desk.db.$transaction((tx) =>
      stageWorkerMessage(tx, { workerId: m.workerId, channel: CHANNEL, ticketId: m.ticketId ?? undefined, text: result.reply, purpose: 'deferred_reply', at: desk.now() }),
    )
    await flushOutbox(desk, [job])
  } catch (err) {
    desk.logger.error({ err: String(err), ticket: result.ticketNumber }, 'could not queue the deferred reply')
  }
}

/**
 * Events change what the desk knows about a worker. Each is applied once: WeChat retries
 * events too, and the (sender, time, event) key is stored with the change.
 */
async function onEvent(desk: Desk, event: OfficialAccountEvent, templates: ReplyTemplates, vars: ReplyVars): Promise<{ reply?: string }> {
  const log = desk.logger.child({ channel: CHANNEL, user: hashOpenId(event.openId), event: event.type })
  const at = event.createdAt
  const apply = async (change: (workerId: string) => Promise<unknown>, unitCode?: string) => {
    try {
      await desk.db.$transaction(async (tx) => {
        const unit = unitCode ? await tx.orgUnit.findUnique({ where: { code: unitCode } }) : null
        const worker = await findOrCreateWorker(tx, desk.crypto, { channel: CHANNEL, externalUserId: event.openId, profile: {}, unitId: unit?.id, at })
        await tx.channelEvent.create({ data: { channel: CHANNEL, dedupeKey: event.dedupeKey, kind: event.type, workerId: worker.id } })
        await change(worker.id)
      })
    } catch (err) {
      if (!isUniqueViolation(err)) throw err
      log.info('event seen before; not applied again')
    }
  }

  switch (event.type) {
    case 'subscribe':
      // A QR code's scene names the unit whose poster the worker scanned (e.g. a factory gate).
      await apply((id) => desk.db.worker.update({ where: { id }, data: { unsubscribedAt: null } }), event.scene)
      return { reply: renderReply(templates, 'subscribe', { ...vars, scene: event.scene }) }
    case 'scan':
      await apply(async () => {}, event.scene)
      return {}
    case 'unsubscribe':
      await apply((id) => desk.db.worker.update({ where: { id }, data: { unsubscribedAt: at } }))
      return {}
    case 'location_report':
      await apply((id) => desk.db.worker.update({ where: { id }, data: { location: JSON.stringify({ lat: event.latitude, lng: event.longitude }) } }))
      return {}
    case 'menu_click': {
      await apply(async () => {})
      if (event.action === 'queryProgress') {
        const identity = await desk.db.channelIdentity.findUnique({ where: { channel_externalId: { channel: CHANNEL, externalId: event.openId } } })
        const status = identity ? await answerStatus(desk, identity.workerId, { kind: 'status' }) : null
        return { reply: status?.ticketNumber ? status.reply : renderReply(templates, 'menu-query-progress', vars) }
      }
      if (event.action === 'askForHelp') return { reply: renderReply(templates, 'menu-ask-for-help', vars) }
      if (event.action === 'subscribeJobs') return { reply: renderReply(templates, 'menu-subscribe-jobs', vars) }
      return {}
    }
    case 'template_send_finished':
      log.info({ status: event.status }, 'template notice delivery report')
      return {}
    default:
      return {}
  }
}
