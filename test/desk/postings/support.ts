import type { Desk } from '../../../src/desk/desk.ts'
import { createAccount } from '../../../src/desk/accounts/index.ts'
import { createPosting, postingActor, publishPosting, type PostingActor, type PostingFields } from '../../../src/desk/postings/index.ts'

const DAY = 24 * 3600_000

/** A union account that may publish jobs, at the desk's top unit. */
export async function jobsCadre(desk: Desk, login = 'jobs.admin'): Promise<PostingActor> {
  const existing = await desk.db.account.findUnique({ where: { login }, include: { unit: true } })
  if (existing) return postingActor(existing)
  const top = await desk.db.orgUnit.findFirstOrThrow({ where: { parentId: null } })
  const a = await createAccount(desk.db, { login, displayName: '岗位管理员', password: 'Gonghui-2026-jobs', role: 'unit_admin', unitCode: top.code }, desk.now())
  return postingActor(await desk.db.account.findUniqueOrThrow({ where: { id: a.id }, include: { unit: true } }))
}

export const postingFields = (over: Partial<PostingFields> = {}): PostingFields => ({
  title: '叉车司机', employerName: '舟山某船舶修造有限公司', trade: '叉车司机', regionCode: '330902', place: '定海区临城街道船厂路1号',
  payMin: 6000, payMax: 8000, headcount: 12, requirements: '持叉车证，两年以上经验', contact: '0580-8012345 王师傅（工作日 8:30–17:00）',
  validUntil: new Date(Date.now() + 30 * DAY), ...over,
})

export async function publishedPosting(desk: Desk, actor: PostingActor, over: Partial<PostingFields> = {}) {
  const draft = await createPosting(desk, actor, postingFields(over))
  return publishPosting(desk, actor, draft.id)
}
