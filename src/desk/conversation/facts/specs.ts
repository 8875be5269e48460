import type { Category } from '../../../classify/types.ts'
import type { FactKey, FactSpec, Facts } from './schema.ts'

const skip = '不清楚可以回“跳过”。'

const spec = (key: FactKey, label: string, question: string, sensitive = false): FactSpec => ({ key, label, question, sensitive })

/**
 * The facts of each category in the order the desk asks for them, written as a union cadre
 * would write to a worker on a small phone: one short question and an example answer.
 * The questions promise nothing: what the union can do is the cadre's answer, not the desk's.
 */
export const factSpecs: Record<Category, readonly FactSpec[]> = {
  wage_arrears: [
    spec('employer', '欠薪单位', '请问是哪家单位欠您工资？写单位全称或者大家平时怎么叫它都可以，比如“宏达建筑”“老板姓王的装修队”。'),
    spec('workplace', '干活地点', '您是在哪里干的活？写到城市和区县就行，比如“舟山定海”“宁波北仑”。'),
    spec('amountOwed', '欠薪金额', `一共欠了您大概多少钱？写个大概数就行，比如“8000块”。${skip}`),
    spec('monthsOwed', '欠薪月数', `欠了几个月的工资？比如“3个月”。${skip}`),
    spec('workersAffected', '涉及人数', `被欠工资的一共有几个人？比如“5个人”，只有您自己就回“就我”。${skip}`),
    spec('contract', '劳动合同', `您和单位签过劳动合同吗？比如回“签了”或者“没签”。${skip}`),
  ],
  legal_aid: [
    // Not sensitive, work_injury included: the issue names the kind of dispute (a 工伤认定 claim),
    // which the cadre must know to act at all, and the desk asks nothing about the injury itself.
    spec('issue', '问题类型', '您遇到的主要是哪方面的问题？比如“被辞退”“工伤”“没交社保”“加班不给钱”“合同的事”。'),
    spec('employer', '用人单位', '是和哪家单位的事？写单位全称或者大家平时怎么叫它都可以，比如“宏达建筑”。'),
    spec('since', '开始时间', `这事是从什么时候开始的？比如“2025年3月”“上个月”“三个月了”。${skip}`),
  ],
  job_seeking: [
    spec('trade', '求职工种', '您想找哪一类的活？比如“电工”“叉车司机”“普工”，什么活都能干就回“都行”。'),
    spec('place', '想去的地方', '您想在哪里上班？比如“舟山定海”“宁波北仑”，哪里都行就回“都行”。'),
    spec('expectedPay', '期望工资', `您希望一个月拿多少工资？比如“6000”或者“5000到7000”。${skip}`),
    spec('skills', '证书技能', '您有什么证书或者手艺吗？比如“电工证”“会开叉车”“干了5年焊工”，没有就回“没有”。'),
  ],
  hardship: [
    spec('householdSize', '家庭人口', '您家里一共有几口人？比如“4口人”。'),
    // Health (PIPL art. 28): the cause is often an illness or a disability.
    spec('hardshipCause', '困难原因', '家里主要是遇到了什么困难？比如“生病住院”“孩子上学”“失业了”。不想说可以回“跳过”。', true),
    // Finances (PIPL art. 28): what a household lives on.
    spec('householdIncome', '家庭月收入', '全家一个月大概有多少收入？写个大概数就行，比如“3000块”，没有收入就回“没有”。不想说可以回“跳过”。', true),
  ],
  other: [],
}

/**
 * What is enough to hand a case to a cadre, per category, in asking order. A list is
 * "any one of these": wage arrears needs the amount or the months, not both. A key the
 * worker answered with 'unknown' counts as answered, so the desk never asks it twice.
 * - wage_arrears: who owes (employer), where (which labour inspectorate and union), how much
 *   or how long. Head count and contract help but do not stop a cadre acting.
 * - legal_aid: what about, against whom, and since when: 劳动仲裁 must be applied for within
 *   one year, so "since" decides whether the case can still be brought.
 * - job_seeking: the trade and the place, which is what matching and pushes need.
 * - hardship: household size, cause and income: three of the four facts the archive verifies
 *   (人口清、收入清、原因清; severity is a cadre's judgement). Cause and income are sensitive:
 *   the caller asks consent before it asks them.
 * - other: nothing; the cadre reads the message.
 */
export const factsNeeded: Record<Category, readonly (FactKey | readonly FactKey[])[]> = {
  wage_arrears: ['employer', 'workplace', ['amountOwed', 'monthsOwed']],
  legal_aid: ['issue', 'employer', 'since'],
  job_seeking: ['trade', 'place'],
  hardship: ['householdSize', 'hardshipCause', 'householdIncome'],
  other: [],
}

/**
 * The next question, or null once enough is known. The caller checks `sensitive` and asks
 * the worker's separate consent first (or skips the question without it).
 */
export function nextQuestion(category: Category, facts: Partial<Facts>): FactSpec | null {
  const specOf = (key: FactKey) => factSpecs[category].find((s) => s.key === key)!
  for (const need of factsNeeded[category]) {
    const group = typeof need === 'string' ? [need] : need
    if (group.some((k) => facts[k] !== undefined && facts[k] !== 'unknown')) continue
    const open = group.find((k) => facts[k] === undefined)
    if (open) return specOf(open)
  }
  return null
}
