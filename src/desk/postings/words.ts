import type { JobPosting } from '../../generated/prisma/client.ts'
import { renderTemplate } from '../../text/templates.ts'
import type { Desk } from '../desk.ts'
import { regionByCode } from './matching/index.ts'
import { MAX_SUBSCRIPTIONS, type SubscribeOutcome, type UnsubscribeOutcome } from './subscriptions.ts'

type Words = Pick<Desk, 'wording' | 'config'>

const jobs = (desk: Words) => desk.wording.texts('jobs')

/** The desk's public address for links in messages: PUBLIC_URL, else the local one (a desk tried on one machine). */
export const publicBase = (desk: Pick<Desk, 'config'>) => (desk.config.PUBLIC_URL ?? `http://localhost:${desk.config.PORT}`).replace(/\/$/, '')

export const boardUrl = (desk: Pick<Desk, 'config'>) => `${publicBase(desk)}/jobs`
export const postingUrl = (desk: Pick<Desk, 'config'>, number: string) => `${publicBase(desk)}/jobs/${number}`

/** 月薪6000–8000元, 月薪6000元起, 工资面议. */
export function payText(p: Pick<JobPosting, 'payMin' | 'payMax'>): string {
  if (p.payMin !== null && p.payMax !== null) return p.payMin === p.payMax ? `月薪${p.payMin}元` : `月薪${p.payMin}–${p.payMax}元`
  if (p.payMin !== null) return `月薪${p.payMin}元起`
  if (p.payMax !== null) return `月薪最高${p.payMax}元`
  return '工资面议'
}

/** 舟山定海: the short names of the city and the county, as people say them. */
export function placeShort(regionCode: string): string {
  const r = regionByCode(regionCode)
  if (!r) return ''
  const parent = r.level === 'county' && r.parentCode ? regionByCode(r.parentCode) : null
  return parent && parent.level === 'city' ? `${parent.short}${r.short}` : r.short
}

/** One line of a list in a chat: 1. 叉车司机｜舟山定海｜月薪6000–8000元｜G-2612-0007 */
export const postingLine = (p: Pick<JobPosting, 'title' | 'regionCode' | 'payMin' | 'payMax' | 'number'>, i: number) =>
  `${i + 1}. ${p.title}｜${placeShort(p.regionCode)}｜${payText(p)}｜${p.number}`

export function pushText(desk: Words, p: JobPosting, unsubscribeLink: string): string {
  return renderTemplate(jobs(desk).push, {
    title: p.title, employerName: p.employerName, place: p.place, pay: payText(p), headcount: p.headcount, contact: p.contact,
    number: p.number, link: postingUrl(desk, p.number), unsubscribeLink,
  })
}

/** The most a digest lists; the rest are on the board. */
export const DIGEST_LINES = 5

export function digestText(desk: Words, postings: JobPosting[]): string {
  const shown = postings.slice(0, DIGEST_LINES)
  return renderTemplate(jobs(desk).digest, { count: postings.length, lines: shown.map(postingLine).join('\n'), more: postings.length - shown.length, boardUrl: boardUrl(desk) })
}

export function matchesText(desk: Words, postings: JobPosting[], suggestion: string): string {
  return renderTemplate(jobs(desk).matches, { lines: postings.map(postingLine).join('\n'), boardUrl: boardUrl(desk), suggestion })
}

/** What the worker hears when they ask to subscribe or unsubscribe in a chat. */
export function subscriptionReply(desk: Words, outcome: SubscribeOutcome | UnsubscribeOutcome, extra: { current: string[]; openCount: number }): string {
  const t = jobs(desk)
  const board = boardUrl(desk)
  const quietHours = desk.config.JOB_QUIET_HOURS === 'none' ? '' : desk.config.JOB_QUIET_HOURS.replace('-', '–')
  switch (outcome.kind) {
    case 'subscribed': return renderTemplate(t.subscribed, { what: outcome.what, openCount: extra.openCount, boardUrl: board, quietHours })
    case 'same': return renderTemplate(t['subscribe-same'], { what: outcome.what })
    case 'limit': return renderTemplate(t['subscribe-limit'], { max: MAX_SUBSCRIPTIONS })
    case 'help': return renderTemplate(t['subscribe-help'], { current: extra.current.map((c, i) => `${i + 1}. ${c}`).join('\n'), boardUrl: board })
    case 'unclear': return renderTemplate(t['subscribe-unclear'], { unknownWords: outcome.unknownWords.join('、') })
    case 'unsubscribed': return renderTemplate(t.unsubscribed, { all: outcome.all, what: outcome.what, boardUrl: board })
    case 'none': return renderTemplate(t['not-subscribed'], { asked: outcome.asked })
  }
}
