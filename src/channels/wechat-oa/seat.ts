import type { Hono } from 'hono'
import type { RedisClient } from '../../redis/connect.ts'
import type { Desk } from '../../desk/desk.ts'
import { answerStatus } from '../../desk/conversation/index.ts'
import { receiveMessage, replyWhenProcessed } from '../../desk/intake/index.ts'
import { applyChannelEvent, workerIdOf, type ChannelEventChange } from '../../desk/people/index.ts'
import { unlimited, type RateLimits } from '../../lib/limits.ts'
import { neverBehind, type LoadGauge, type Overload } from '../../lib/load-gauge.ts'
import { edgeIngress } from '../edge-forward/ingress.ts'
import type { InboundMessage, IntakeResult } from '../types.ts'
import { OfficialAccountClient } from './api-client.ts'
import { officialAccountChannel } from './channel.ts'
import { canSendThroughApi, isOfficialAccountEnabled } from './config.ts'
import type { OfficialAccountEvent } from './messages.ts'
import { renderReply, type ReplyTemplateName, type ReplyVars } from './replies.ts'
import { officialAccountSender } from './sender.ts'
import { officialAccountWebhook } from './webhook.ts'

const CHANNEL = officialAccountChannel.channel

export type OfficialAccountSeat = {
  routes: Hono
  client?: OfficialAccountClient
  /** The door for the edge entry's forwards (mounted at EDGE_INBOUND_PATH), when EDGE_FORWARD_SECRET is set. */
  edgeRoutes?: Hono
}

/**
 * The Official Account's seat at the desk: the webhook wired to intake, the events a desk
 * cares about, and (with API credentials) the sender the outbound queue uses, attached to
 * the desk's channel registry. Null when WECHAT_OA_TOKEN is unset. Talks to the desk only
 * through the intake and people surfaces.
 */
export async function officialAccountAtDesk(desk: Desk, redis: RedisClient, limits: RateLimits = unlimited, load: LoadGauge = neverBehind): Promise<OfficialAccountSeat | null> {
  const config = desk.config
  if (!isOfficialAccountEnabled(config)) return null
  const logger = desk.logger.child({ channel: CHANNEL })
  const client = canSendThroughApi(config)
    ? new OfficialAccountClient({
        appId: config.WECHAT_OA_APP_ID, appSecret: config.WECHAT_OA_APP_SECRET, baseUrl: config.WECHAT_API_BASE_URL,
        redis, keyPrefix: `${config.QUEUE_PREFIX}:wechat-oa`, logger,
      })
    : undefined
  if (client) {
    desk.channels.attachSender(
      CHANNEL,
      officialAccountSender(client, {
        now: desk.now,
        ...(config.WECHAT_OA_NOTICE_TEMPLATE_ID
          ? { notice: { templateId: config.WECHAT_OA_NOTICE_TEMPLATE_ID, ...(config.PUBLIC_URL ? { url: config.PUBLIC_URL } : {}) } }
          : {}),
        ...(config.WECHAT_OA_JOB_TEMPLATE_ID
          ? { jobAlert: { templateId: config.WECHAT_OA_JOB_TEMPLATE_ID, ...(config.PUBLIC_URL ? { url: `${config.PUBLIC_URL.replace(/\/$/, '')}/jobs` } : {}) } }
          : {}),
      }),
    )
  } else {
    logger.warn('WECHAT_OA_APP_ID / WECHAT_OA_APP_SECRET not set: passive replies only; cadre replies wait until a process with the credentials sends them')
  }

  const home = await desk.db.orgUnit.findUnique({ where: { code: config.DEFAULT_UNIT_CODE }, select: { name: true } })
  const vars: ReplyVars = { unionName: config.UNION_NAME ?? home?.name ?? '工会', hotline: config.UNION_HOTLINE, portalUrl: config.PUBLIC_URL }
  // The wording of the moment, read at each answer: a union's edit in the console is heard without a restart.
  const say: Say = (name, extra = {}) => renderReply(desk.wording.texts('wechat-oa'), name, { ...vars, ...extra })

  // What a message meets at the desk, whether WeChat brought it here or the edge forwarded it.
  const taking = {
    logger: desk.logger,
    now: desk.now,
    replyBudgetMs: config.WECHAT_OA_REPLY_BUDGET_MS,
    storeDeadlineMs: config.WECHAT_OA_STORE_DEADLINE_MS,
    load,
    onShed: (reason: Overload) => desk.metrics.shed.inc({ channel: CHANNEL, reason }),
    unsupportedReply: () => say('unsupported-message'),
    tooFastReply: () => say('too-fast'),
    senderAllowance: (openId: string) => limits.take('wechat_openid', openId),
    receiveMessage: (msg: InboundMessage) => receiveMessage(desk, msg),
    hashUser: (openId: string) => logName(desk, openId),
    handleEvent: (event: OfficialAccountEvent) => onEvent(desk, event, say),
    deferReply: (msg: InboundMessage, pending: Promise<IntakeResult>) => void replyWhenProcessed(desk, msg, pending),
  }
  const routes = officialAccountWebhook({ ...taking, config })
  const secret = config.EDGE_FORWARD_SECRET
  const edgeRoutes = secret
    ? edgeIngress({
        ...taking, secret,
        firstSight: async (mac, seconds) => (await redis.set(`${config.QUEUE_PREFIX}:edge-mac:${mac}`, '1', 'EX', seconds, 'NX')) === 'OK',
      })
    : undefined
  return { routes, ...(client ? { client } : {}), ...(edgeRoutes ? { edgeRoutes } : {}) }
}

type Say = (name: ReplyTemplateName, extra?: ReplyVars) => string

/** How logs name a worker: the desk's keyed index, so every process names them alike and nobody can reverse it. */
const logName = (desk: Desk, openId: string) => desk.crypto.blindIndex(`log:${CHANNEL}:${openId}`).slice(0, 12)

/** What each event changes about the worker, in the people area's words. */
function changeOf(event: OfficialAccountEvent): ChannelEventChange {
  switch (event.type) {
    case 'subscribe':
      return { kind: 'subscribed' }
    case 'unsubscribe':
      return { kind: 'unsubscribed' }
    case 'location_report':
      return { kind: 'located', latitude: event.latitude, longitude: event.longitude }
    default:
      return { kind: 'seen' }
  }
}

/**
 * Events change what the desk knows about a worker. Each is applied once: WeChat retries
 * events too, and the (sender, time, event) key is stored with the change.
 */
async function onEvent(desk: Desk, event: OfficialAccountEvent, say: Say): Promise<{ reply?: string }> {
  const log = desk.logger.child({ channel: CHANNEL, user: logName(desk, event.openId), event: event.type })
  const apply = async (unitCode?: string) => {
    const applied = await applyChannelEvent(desk, {
      channel: CHANNEL, externalUserId: event.openId, type: event.type, dedupeKey: event.dedupeKey, at: event.createdAt, change: changeOf(event),
      ...(unitCode ? { unitCode } : {}),
    })
    if (!applied) log.info('event seen before; not applied again')
  }

  switch (event.type) {
    case 'subscribe':
      // A QR code's scene names the unit whose poster the worker scanned (e.g. a factory gate).
      await apply(event.scene)
      return { reply: say('subscribe', { scene: event.scene }) }
    case 'scan':
      await apply(event.scene)
      return {}
    case 'unsubscribe':
    case 'location_report':
      await apply()
      return {}
    case 'menu_click': {
      await apply()
      if (event.action === 'queryProgress') {
        const workerId = await workerIdOf(desk, CHANNEL, event.openId)
        const status = workerId ? await answerStatus(desk.db, desk.replies, workerId, {}) : null
        return { reply: status?.ticketNumber ? status.reply : say('menu-query-progress') }
      }
      if (event.action === 'askForHelp') return { reply: say('menu-ask-for-help') }
      if (event.action === 'subscribeJobs') return { reply: say('menu-subscribe-jobs') }
      return {}
    }
    case 'template_send_finished':
      log.info({ status: event.status }, 'template notice delivery report')
      return {}
    default:
      return {}
  }
}
