import { SendError, type ChannelSender, type SendOutcome, type SendRequest } from '../types.ts'
import type { OfficialAccountClient } from './api-client.ts'
import { WeChatApiError, WeChatTransportError } from './errors.ts'
import { truncateUtf8 } from './xml.ts'
import { DAY_MS, defaultTimeZone, instantOfWallClock, localDayNumber } from '../../lib/time/index.ts'

/** WeChat's quotas reset at midnight in China, wherever the desk runs. */
const WECHAT_TIME_ZONE = defaultTimeZone

export type NoticeTemplate = {
  /** The template id chosen in 公众平台 → 模板消息 (fields: first, keyword1, keyword2, remark). */
  templateId: string
  /** Opened when the worker taps the notice, e.g. the portal's ticket page. */
  url?: string
}

/**
 * Sends one message to a worker on the Official Account. Inside the customer-service window
 * it is a plain text message; outside it, or when WeChat says the window is closed or used up
 * (45015, 45047), a template notice when one is configured, else the message waits for the
 * worker's next message (deferred). Errors come back as SendError with WeChat's verdict on
 * retrying, so the outbound queue needs no WeChat codes.
 */
export function officialAccountSender(client: OfficialAccountClient, opts: { notice?: NoticeTemplate; jobAlert?: NoticeTemplate; now?: () => Date } = {}): ChannelSender {
  const now = opts.now ?? (() => new Date())
  const viaTemplate = async (req: SendRequest): Promise<SendOutcome> => {
    // Template messages are for service notices: a job push may use only a template the union had approved for job alerts.
    if (req.purpose === JOB_PUSH) return viaJobTemplate(req)
    if (!opts.notice) return { status: 'deferred', reason: 'outside the 48-hour window and no notice template is configured' }
    await client.sendTemplate({
      toOpenId: req.externalUserId,
      templateId: opts.notice.templateId,
      ...(opts.notice.url ? { url: opts.notice.url } : {}),
      // WeChat drops a second send with the same id, so a retried job cannot notify twice.
      clientMsgId: req.deliveryId,
      data: {
        first: { value: '工会给您回消息了' },
        keyword1: { value: truncateChars(firstLine(req.text), 20) },
        keyword2: { value: truncateChars(req.text, 60) },
        remark: { value: '回复本公众号任意文字即可查看全文并继续沟通。' },
      },
    })
    return { status: 'sent', via: 'template' }
  }

  const viaJobTemplate = async (req: SendRequest): Promise<SendOutcome> => {
    if (!opts.jobAlert) return { status: 'deferred', reason: 'outside the 48-hour window and no job-alert template is configured' }
    const [title = '', ...rest] = req.text.split('\n')
    await client.sendTemplate({
      toOpenId: req.externalUserId,
      templateId: opts.jobAlert.templateId,
      ...(opts.jobAlert.url ? { url: opts.jobAlert.url } : {}),
      clientMsgId: req.deliveryId,
      data: {
        first: { value: '您订阅的岗位有新的了' },
        keyword1: { value: truncateChars(title.replace(/^【[^】]*】/, ''), 20) },
        keyword2: { value: truncateChars(rest[0] ?? '', 40) },
        remark: { value: '回复本公众号“退订”即不再接收。' },
      },
    })
    return { status: 'sent', via: 'template' }
  }

  return {
    async send(req) {
      try {
        if (req.window !== 'open') return await viaTemplate(req)
        try {
          await client.sendText(req.externalUserId, truncateUtf8(req.text))
          return { status: 'sent', via: 'customer_service' }
        } catch (err) {
          if (err instanceof WeChatApiError && (err.kind === 'window_closed' || err.kind === 'window_exhausted')) return await viaTemplate(req)
          throw err
        }
      } catch (err) {
        if (err instanceof WeChatApiError) throw new SendError(err.message, `wechat_${err.errcode}`, err.retryable, retryAtFor(err, now()))
        if (err instanceof WeChatTransportError) throw new SendError(err.message, 'wechat_transport', true)
        throw err
      }
    },
  }
}

/**
 * 45009: the account's daily API quota is used up until midnight, Beijing time (plus a few
 * minutes, so the whole backlog does not arrive at once). 45011: the per-minute limit.
 */
export function retryAtFor(err: WeChatApiError, now: Date): Date | undefined {
  if (err.kind === 'rate_limited') return new Date(now.getTime() + 60_000)
  if (err.kind !== 'quota_exhausted') return undefined
  const tomorrow = localDayNumber(WECHAT_TIME_ZONE, now.getTime()) + 1
  const nextMidnight = instantOfWallClock(WECHAT_TIME_ZONE, tomorrow * DAY_MS)
  return new Date(nextMidnight + 5 * 60_000 + Math.floor(Math.random() * 10 * 60_000))
}

/** The purpose of a job push (src/desk/postings): it has its own template rule. */
const JOB_PUSH = 'job_posting'

const firstLine = (text: string) => text.split('\n')[0] ?? text
const truncateChars = (text: string, max: number) => ([...text].length <= max ? text : `${[...text].slice(0, max - 1).join('')}…`)
