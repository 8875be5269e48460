import { parseReplies, replyTemplates, type ReplyName } from '../../text/templates.ts'
import type { Desk } from '../desk.ts'
import { DeskError } from '../errors.ts'

/**
 * The union's own wording: a template changed in the console is kept in the database over
 * the file in prompts/replies, checked as the files are (only the variables each template
 * may use), and every process picks it up within a minute (`refreshWording`).
 */
type WordingDesk = Pick<Desk, 'db' | 'templates' | 'replies' | 'now'>

export const sampleView: Record<string, string | boolean> = {
  ticketNumber: 'NJ-261202-0007', categoryLabel: '欠薪', unitName: '粤海街道工会服务站', assigned: true, responseTime: '今天14:00前', urgent: false,
  accessCode: 'K7M2XQ9P4H', portal: 'https://niangjia.example/portal', statusLabel: '已受理，等待工会干部答复', cadreName: '何家豪',
  summary: '已协调企业补发11月工资', ratingLabel: '满意', unsatisfied: false,
}

export async function currentWording(desk: WordingDesk): Promise<{ files: Record<string, string>; overridden: Set<string> }> {
  const overrides = await desk.db.templateOverride.findMany({ where: { set: 'replies' } })
  return { files: { ...desk.templates('replies'), ...Object.fromEntries(overrides.map((o) => [o.name, o.text])) }, overridden: new Set(overrides.map((o) => o.name)) }
}

export async function refreshWording(desk: WordingDesk): Promise<void> {
  desk.replies.use(parseReplies((await currentWording(desk)).files))
}

const isReplyName = (name: string): name is ReplyName => name in replyTemplates

/** What the template would say, with sample values; a template that does not parse says why. */
export async function previewWording(desk: WordingDesk, name: string, text: string): Promise<string> {
  if (!isReplyName(name)) throw new DeskError('wording_invalid', `没有叫 ${name} 的模板。`)
  try {
    return parseReplies({ ...(await currentWording(desk)).files, [name]: text }).render(name, sampleView as never)
  } catch (err) {
    throw new DeskError('wording_invalid', (err as Error).message)
  }
}

export async function saveWording(desk: WordingDesk, input: { name: string; text: string | null; by: string }): Promise<void> {
  if (!isReplyName(input.name)) throw new DeskError('wording_invalid', `没有叫 ${input.name} 的模板。`)
  if (input.text === null) {
    await desk.db.templateOverride.deleteMany({ where: { set: 'replies', name: input.name } })
  } else {
    await previewWording(desk, input.name, input.text) // refuses what would not parse, before anything is stored
    const data = { text: input.text.trim(), updatedAt: desk.now(), updatedBy: input.by }
    await desk.db.templateOverride.upsert({ where: { set_name: { set: 'replies', name: input.name } }, create: { set: 'replies', name: input.name, ...data }, update: data })
  }
  await refreshWording(desk)
}
