import { categoryLabels } from '../../desk/vocabulary.ts'
import type { Category } from '../../classify/types.ts'

/**
 * The timeline's event types as a cadre reads them. Every type the desk writes has its words
 * here (test/console/timeline-labels.test.ts reads src/ for them), so nothing shows a cadre a
 * raw name such as ticket.assigned.
 */
const labels: Record<string, string> = {
  'ticket.opened': '工单创建', 'ticket.routed': '已分派', 'ticket.unassigned': '没有找到能接的干部，等待分派',
  'ticket.replied': '干部已答复', 'ticket.question_asked': '干部向职工提问，计时暂停', 'ticket.closed': '已办结', 'ticket.reassigned': '已转交',
  'ticket.assigned': '已通知新的经办人', 'ticket.reclassified': '类别已更正', 'ticket.requester_linked': '已关联到职工档案', 'ticket.noted': '内部备注', 'worker.message': '职工来信',
  'sla.reminder': '到期提醒', 'sla.escalated': '超时升级', 'sla.paused': '计时暂停', 'sla.resumed': '计时恢复', 'urgent.reported': '紧急情况已报告领导', 'leader.notified': '已告知分管领导', 'callback.due': '回访到期', 'callback.overdue': '回访超期',
  'hardship.entered': '纳入困难职工档案', 'consent.given': '职工已同意隐私说明', 'consent.refused': '职工不同意记录敏感信息（收入、健康），请当面了解', 'worker.thanked': '职工发来感谢', 'worker.wants_person': '职工要求人工', 'erasure.requested': '职工要求删除个人信息', 'worker.erased': '已按职工的要求删除个人信息', 'ticket.related': '关联了另一件工单', 'satisfaction.answered': '职工已评价', 'satisfaction.unsatisfied': '职工不满意，已告知经办人', 'delivery.possible_duplicate': '答复可能重复发送了一次',
}

export const hasEventLabel = (type: string) => Object.hasOwn(labels, type)
export const eventLabel = (type: string) => labels[type] ?? '其他记录'

/** Who is who on a ticket's timeline: the cadres, units and signed-in people its entries name by id or login. */
export type Names = { cadre: Map<string, { name: string; unit: string }>; unit: Map<string, string>; account: Map<string, string> }

/** Who did it: the worker, the desk itself, or a signed-in person (by their name, not their sign-in name). */
export function actorLabel(actor: string | null, names: Names): string {
  if (!actor) return ''
  if (actor === 'worker') return '职工'
  if (actor === 'system') return '系统'
  if (actor === 'admin') return '管理接口'
  if (actor.startsWith('account:')) return names.account.get(actor.slice('account:'.length)) ?? actor.slice('account:'.length)
  if (actor.startsWith('cadre:')) return names.cadre.get(actor.slice('cadre:'.length))?.name ?? '干部'
  return actor
}

const parse = (data: string | null): Record<string, unknown> => {
  try {
    const v = JSON.parse(data ?? '{}') as unknown
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
const str = (v: unknown) => (typeof v === 'string' ? v : null)
const hasHan = (s: string) => /\p{Script=Han}/u.test(s)

/**
 * One timeline entry in words: what happened and, where the entry says, to whom and why
 * (分派 and 转交 with from → to and the reason a person gave; the machine's own routing notes
 * are not for reading).
 */
export function describeEvent(e: { type: string; actor: string | null; data: string | null }, names: Names): string {
  const d = parse(e.data)
  const cadre = (id: unknown) => {
    const c = str(id) ? names.cadre.get(id as string) : undefined
    return c ? `${c.name}（${c.unit}）` : '未分派'
  }
  const unit = (id: unknown) => (str(id) ? (names.unit.get(id as string) ?? '另一单位') : '')
  switch (e.type) {
    case 'ticket.routed':
      return `已分派给 ${cadre(d.assigneeId)}`
    case 'ticket.reassigned': {
      const reason = str(d.reason) ?? ''
      // A person's reason is shown as written; the desk's own (三级包保) in a sentence.
      const why = reason.startsWith('三级包保') ? '三级包保：深度或特殊困难，交领导牵头' : hasHan(reason) ? reason : ''
      const moved = str(d.toUnitId) ? `；工单从${unit(d.fromUnitId)}转到${unit(d.toUnitId)}` : ''
      return `已转交：${cadre(d.fromCadreId)} → ${cadre(d.toCadreId)}${moved}${why ? `。原因：${why}` : ''}`
    }
    case 'ticket.assigned':
      return `已通知 ${cadre(d.toCadreId)} 接手`
    case 'sla.reminder':
      return str(d.toCadreId) ? `到期提醒，已提醒 ${cadre(d.toCadreId)}` : '到期提醒'
    case 'sla.escalated':
      return str(d.toCadreId) ? `超时升级，已报告 ${cadre(d.toCadreId)}` : '超时升级（再往上没有领导可报告）'
    case 'ticket.reclassified': {
      const side = (v: unknown) => {
        const x = (v ?? {}) as { category?: string; urgent?: boolean }
        return `${categoryLabels[x.category as Category] ?? '其他'}${x.urgent ? '（紧急）' : ''}`
      }
      return `类别已更正：${side(d.from)} → ${side(d.to)}`
    }
    case 'ticket.related':
      return `关联工单 ${str(d.number) ?? ''}`
    case 'consent.given':
      return d.sensitive === true ? '职工已同意隐私说明，并单独同意工会使用健康、收入等敏感信息' : '职工已同意隐私说明；没有同意使用敏感信息（健康、收入等），请勿追问或记录'
    default:
      return eventLabel(e.type)
  }
}

/** What a message the desk sent was, by the purpose of its delivery. */
const outgoing: Record<string, string> = {
  cadre_reply: '答复', cadre_question: '提问', step_notice: '进度通知', satisfaction: '请职工评价', deferred_reply: '补发的回复',
}
export const outgoingLabel = (purpose: string | undefined) => (purpose ? (outgoing[purpose] ?? '服务台通知') : '服务台回复')
