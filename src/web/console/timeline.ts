/** The timeline's event types as a cadre reads them. */
const labels: Record<string, string> = {
  'ticket.opened': '工单创建', 'ticket.routed': '已分派', 'ticket.unassigned': '没有找到能接的干部，等待分派',
  'ticket.replied': '干部已答复', 'ticket.question_asked': '干部向职工提问，计时暂停', 'ticket.closed': '已办结', 'ticket.reassigned': '已转交',
  'ticket.reclassified': '类别已更正', 'ticket.requester_linked': '已关联到职工档案', 'ticket.noted': '内部备注', 'worker.message': '职工来信',
  'sla.reminder': '到期提醒', 'sla.escalated': '超时升级', 'sla.paused': '计时暂停', 'sla.resumed': '计时恢复', 'urgent.reported': '紧急情况已报告领导', 'leader.notified': '已告知分管领导', 'callback.due': '回访到期', 'callback.overdue': '回访超期',
  'hardship.entered': '纳入困难职工档案', 'consent.given': '职工已同意隐私说明', 'ticket.related': '关联了另一件工单', 'satisfaction.answered': '职工已评价', 'delivery.possible_duplicate': '答复可能重复发送了一次',
}

export const eventLabel = (type: string) => labels[type] ?? type

/** Who did it: the worker, the desk itself, or a signed-in person (by sign-in name). */
export const actorLabel = (actor: string | null) =>
  !actor ? '' : actor === 'worker' ? '职工' : actor === 'system' ? '系统' : actor.startsWith('account:') ? actor.slice('account:'.length) : actor === 'admin' ? '管理接口' : actor
