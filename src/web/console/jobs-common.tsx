import type { Context } from 'hono'
import type { FC } from 'hono/jsx'
import type { Desk } from '../../desk/desk.ts'
import type { DeskError } from '../../desk/errors.ts'
import { postingActor, type PostingActor, type PushStats } from '../../desk/postings/index.ts'
import { deskErrorStatus } from '../../http/errors.ts'
import { Page } from './layout.tsx'
import type { ConsoleEnv } from './session.ts'

/**
 * What the job pages share: the sentences their actions end with (post/redirect/get, as
 * flash.ts does for tickets: the address names a sentence, never says one), who is acting,
 * and a posting's push figures.
 */
const sentences = {
  created: '岗位已保存为草稿，核对无误后再发布。',
  drafted: '岗位已保存为草稿，核对无误后请提交工会审核。',
  saved: '修改已保存。',
  submitted: '已提交工会审核，审核通过后岗位就会发布。',
  published: '岗位已发布，正在推送给订阅了的职工。',
  withdrawn: '岗位已撤下，还没发出的推送不再发送。',
  filled: '已标记为招满，岗位不再招聘，还没发出的推送不再发送。',
  approved: '已通过审核，这家企业的联系人现在可以登录发布岗位。',
  suspended: '已暂停，这家企业的账号不能再登录。',
} as const
export type JobDone = keyof typeof sentences

export const jobDoneAt = (c: Context, path: string, done: JobDone) => c.redirect(`${path}${path.includes('?') ? '&' : '?'}done=${done}`, 303)

export const jobDoneSentence = (c: Context): string | undefined => {
  const done = c.req.query('done') ?? ''
  return Object.hasOwn(sentences, done) ? sentences[done as JobDone] : undefined
}

export const actorOf = (c: Context<ConsoleEnv>): PostingActor => postingActor(c.get('signedIn').account)

/** A refusal's status on a job page: the desk's own (404 for a posting that is not there or not theirs, 403, 409, 422). */
export const refusalStatus = (err: DeskError) => deskErrorStatus[err.code] as 403 | 404 | 409 | 422

export const employerStatusLabels: Record<string, string> = { pending: '待审核', approved: '已通过', suspended: '已暂停' }

/** A day as a date field holds it ("2026-12-02"), in the desk's zone. */
export const dayOf = (desk: Pick<Desk, 'calendar'>, at: Date): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: desk.calendar.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at)

/** The day a posting runs to, as the date field shows it: the last day it is open (validUntil is the start of the day after). */
export const lastDayOf = (desk: Pick<Desk, 'calendar'>, validUntil: Date): string => dayOf(desk, new Date(validUntil.getTime() - 1))

/** That last day as a page says it: 2027年1月15日. */
export const lastDayText = (desk: Pick<Desk, 'calendar'>, validUntil: Date): string =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: desk.calendar.timezone, year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(validUntil.getTime() - 1))

/** A posting that is not there and one the person may not see get the same page: a firm learns nothing of others' postings. */
export const postingNotFound = (c: Context<ConsoleEnv>, message: string) => {
  const who = c.get('signedIn')
  return c.html(
    <Page title="没有这个岗位" who={who} csrf={who.session.csrfToken}>
      <p><a href="/console/jobs">← 岗位</a></p>
      <p class="error" role="alert">{message}</p>
    </Page>,
    404,
  )
}

const parts: [keyof PushStats, string][] = [
  ['sent', '已推送'], ['waiting', '待推送'], ['unreachable', '联系不上'], ['failed', '发送失败'], ['unsubscribed', '已退订'], ['stopped', '已停止'],
]

/**
 * A posting's push as one sum: 匹配 12 人 ＝ 已推送 5 ＋ 待推送 3 ＋ …, every part shown (zeros
 * too), so a cadre sees that nobody is missing. `compact` for a list's cell.
 */
export const PushFigures: FC<{ stats: PushStats; compact?: boolean }> = ({ stats, compact }) => (
  <span class="push-figures" data-matched={stats.matched}>
    <strong>匹配 {stats.matched} 人</strong>
    {parts.map(([key, label], i) => (
      <span>
        {i === 0 ? ' ＝ ' : ' ＋ '}
        {label} <span data-part={key}>{stats[key]}</span>
      </span>
    ))}
    {compact ? null : (
      <small style="display:block;color:#5b6270">
        待推送：排队中，或等职工下次来信时一并发送（微信只允许在职工来信后的 48 小时内主动发消息）；已停止：岗位撤下、招满或过期时还没发出的。
      </small>
    )}
  </span>
)
