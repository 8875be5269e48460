// 岗位 in the console: a cadre posts a job (the place typed as people say it, shown back by its
// full name to confirm), is told what does not do, publishes it, reads its push figures (every
// push counted once, so they add up), withdraws it (pushes not yet sent stop), marks one filled,
// and sees one past its date as expired. Other districts and read-only accounts are kept out.
import { beforeAll, describe, expect, it } from 'vitest'
import { createPosting, postingActor, type PostingFields } from '../../src/desk/postings/index.ts'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile } from '../support/desk.ts'
import { accountFor, followed, get, noticeOf, post, signIn, type Browser } from './support.ts'

const t = deskForThisFile()
let cadre: Browser
let otherDistrict: Browser
let viewer: Browser

const DAY = 86_400_000
/** A date field's value, `days` from now, in the desk's zone (Asia/Shanghai). */
const day = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + days * DAY))

const typed = (over: Record<string, string> = {}) => ({
  title: '叉车司机', employerName: '舟山某船舶修造有限公司', trade: '叉车司机', regionText: '舟山定海', regionCode: '', place: '定海区临城街道船厂路1号',
  payMin: '6000', payMax: '8000', headcount: '12', requirements: '持叉车证，两年以上经验', contact: '0580-8012345 王师傅（工作日 8:30–17:00）',
  validUntil: day(30), ...over,
})

/** Types a posting as a cadre would: the place is shown back first, then saved. Returns the posting's id. */
async function postedDraft(b: Browser, over: Record<string, string> = {}) {
  const first = await post(t, b, '/console/jobs', typed(over))
  expect(first.status).toBe(200)
  const page = await first.text()
  const code = page.match(/name="regionCode" value="(\d{6})"/)![1]!
  const fullName = page.match(/name="regionText" value="([^"]+)"/)![1]!
  const { location } = await followed(t, b, await post(t, b, '/console/jobs', typed({ ...over, regionText: fullName, regionCode: code })))
  return location.match(/^\/console\/jobs\/([^/?]+)\?done=created$/)![1]!
}

/** The push figures as the page shows them: the sum's total and each of its parts. */
function figures(page: string) {
  const matched = Number(page.match(/data-matched="(\d+)"/)![1])
  const parts = Object.fromEntries([...page.matchAll(/data-part="(\w+)">(\d+)</g)].map((m) => [m[1]!, Number(m[2])]))
  return { matched, parts }
}

beforeAll(async () => {
  await accountFor(t, 'ns-jobs', 'cadre', { cadreName: demoUnion.cadres.nanshanJobs })
  await accountFor(t, 'ba-leader', 'leader', { cadreName: demoUnion.cadres.baoanLeader })
  await accountFor(t, 'ns-viewer', 'viewer', { unitCode: demoUnion.units.nanshan.code })
  cadre = await signIn(t, 'ns-jobs')
  otherDistrict = await signIn(t, 'ba-leader')
  viewer = await signIn(t, 'ns-viewer')
})

describe('a new posting', () => {
  it('shows the typed place back by its full name to confirm, then saves a draft with everything typed', async () => {
    const form = await (await get(t, cadre, '/console/jobs/new')).text()
    expect(form).toContain('工作地点所在的区县')
    expect(form).toContain('href="/console/jobs">岗位</a>')

    const first = await post(t, cadre, '/console/jobs', typed())
    expect(first.status).toBe(200)
    const shown = await first.text()
    expect(shown).toContain('工作地点识别为“浙江省舟山市定海区”')
    expect(shown).toContain('name="regionCode" value="330902"')
    expect(shown).toContain('value="0580-8012345 王师傅（工作日 8:30–17:00）"')
    expect(await t.desk.db.jobPosting.count({ where: { title: '叉车司机' } })).toBe(0)

    const id = await postedDraft(cadre)
    const page = await (await get(t, cadre, `/console/jobs/${id}?done=created`)).text()
    expect(noticeOf(page)).toContain('岗位已保存为草稿')
    expect(page).toContain('data-status="draft">草稿')
    expect(page).toMatch(/浙江省舟山市定海区 · 定海区临城街道船厂路1号/)
    expect(page).toContain('月薪6000–8000元')
    const [y, m, d] = day(30).split('-').map(Number)
    expect(page).toContain(`截止日期</dt><dd>${y}年${m}月${d}日`)
    expect(page).toContain(demoUnion.units.nanshan.name)
    const saved = await t.desk.db.jobPosting.findUniqueOrThrow({ where: { id } })
    expect(saved).toMatchObject({ status: 'draft', regionCode: '330902', payMin: 6000, payMax: 8000, headcount: 12, createdBy: 'ns-jobs' })
  })

  it('refuses what does not do with the form as typed and the reason beside each field', async () => {
    const res = await post(t, cadre, '/console/jobs', typed({ title: '', payMin: '九千', payMax: '5000', headcount: '', regionText: '火星基地', requirements: '夜班，包住' }))
    expect(res.status).toBe(422)
    const page = await res.text()
    const reason = (field: string) => page.match(new RegExp(`<p class="error" data-field="${field}">(.*?)</p>`))?.[1]
    expect(reason('title')).toBe('请填写岗位名称。')
    expect(reason('payMin')).toContain('工资请填整数')
    expect(reason('headcount')).toContain('招聘人数')
    expect(reason('regionText')).toContain('没找到“火星基地”')
    expect(page).toContain('>夜班，包住</textarea>')
    expect(page).toContain('value="0580-8012345 王师傅（工作日 8:30–17:00）"')

    const low = await post(t, cadre, '/console/jobs', typed({ payMin: '9000', payMax: '5000', regionText: '浙江省舟山市定海区', regionCode: '330902' }))
    expect(low.status).toBe(422)
    expect(await low.text()).toContain('最低工资不能高于最高工资。')
    // The desk's own checks (the date) come back on the form too.
    const past = await post(t, cadre, '/console/jobs', typed({ validUntil: day(-2), regionText: '浙江省舟山市定海区', regionCode: '330902' }))
    expect(past.status).toBe(422)
    expect(noticeOf(await past.text())).toContain('截止日期要晚于今天')
    const wide = await post(t, cadre, '/console/jobs', typed({ regionText: '浙江省' }))
    expect(await wide.text()).toContain('范围太大')
    // Every post carries the session's CSRF token.
    expect((await post(t, cadre, '/console/jobs', typed(), false)).status).toBe(403)
    expect(await t.desk.db.jobPosting.count({ where: { createdBy: 'ns-jobs', requirements: '夜班，包住' } })).toBe(0)
  })

  it('edits a draft, shown with what it holds; a published posting is not edited', async () => {
    const id = await postedDraft(cadre, { title: '电焊工' })
    const form = await (await get(t, cadre, `/console/jobs/${id}/edit`)).text()
    expect(form).toContain('value="浙江省舟山市定海区"')
    expect(form).toContain(`value="${day(30)}"`)
    const edited = typed({ title: '二保焊电焊工', regionText: '浙江省舟山市定海区', regionCode: '330902' })
    const { page } = await followed(t, cadre, await post(t, cadre, `/console/jobs/${id}/edit`, edited))
    expect(noticeOf(page)).toBe('修改已保存。')
    expect(page).toContain('<h1>二保焊电焊工')
    await followed(t, cadre, await post(t, cadre, `/console/jobs/${id}/publish`, {}))
    expect((await get(t, cadre, `/console/jobs/${id}/edit`)).headers.get('location')).toBe(`/console/jobs/${id}`)
    const refused = await post(t, cadre, `/console/jobs/${id}/edit`, { ...edited, title: '改了' })
    expect(refused.status).toBe(409)
    expect(noticeOf(await refused.text())).toContain('已发布的岗位不能再改')
  })
})

describe('publishing and taking down', () => {
  it('publishes; the push figures add up to the matched; withdrawing stops what was not sent', async () => {
    const id = await postedDraft(cadre, { title: '装卸工' })
    const { page } = await followed(t, cadre, await post(t, cadre, `/console/jobs/${id}/publish`, {}))
    expect(noticeOf(page)).toContain('岗位已发布')
    expect(page).toContain('data-status="open">招聘中')
    expect(figures(page).matched).toBe(0)

    // Pushes as the fan-out plans them and the push leaves them (a batch no push job runs, so they stay as written).
    const rows = { planned: 2, waiting: 1, sent: 2, unreachable: 1, failed: 1, unknown: 1, unsubscribed: 1 }
    let n = 0
    for (const [status, count] of Object.entries(rows)) {
      for (let i = 0; i < count; i++) {
        n++
        await t.desk.db.jobPush.create({ data: { postingId: id, workerId: `w-${n}`, subscriptionId: `s-${n}`, channel: 'wechat_oa', batch: 99, status, createdAt: new Date() } })
      }
    }
    const before = figures(await (await get(t, cadre, `/console/jobs/${id}`)).text())
    expect(before.matched).toBe(9)
    expect(before.parts).toEqual({ sent: 2, waiting: 3, unreachable: 1, failed: 2, unsubscribed: 1, stopped: 0 })
    expect(Object.values(before.parts).reduce((a, b) => a + b, 0)).toBe(before.matched)
    const list = await (await get(t, cadre, '/console/jobs?status=open')).text()
    expect(list).toContain('装卸工')
    expect(list).toMatch(/匹配 9 人/)

    const withdrawn = await followed(t, cadre, await post(t, cadre, `/console/jobs/${id}/withdraw`, { note: '企业暂停招聘' }))
    expect(noticeOf(withdrawn.page)).toContain('岗位已撤下')
    expect(withdrawn.page).toContain('data-status="withdrawn">已撤下')
    expect(withdrawn.page).toContain('企业暂停招聘')
    const after = figures(withdrawn.page)
    expect(after.parts).toEqual({ sent: 2, waiting: 0, unreachable: 1, failed: 2, unsubscribed: 1, stopped: 3 })
    expect(Object.values(after.parts).reduce((a, b) => a + b, 0)).toBe(9)
    expect(await t.desk.db.jobPush.count({ where: { postingId: id, status: { in: ['planned', 'waiting'] } } })).toBe(0)
    // Taken down once: a second time says so on the page.
    const again = await post(t, cadre, `/console/jobs/${id}/withdraw`, {})
    expect(again.status).toBe(409)
    expect(noticeOf(await again.text())).toContain('已经下架')
  })

  it('marks a posting filled, and shows one past its date as expired', async () => {
    const filledId = await postedDraft(cadre, { title: '仓库理货员' })
    expect((await post(t, cadre, `/console/jobs/${filledId}/fill`, {})).status).toBe(409)
    await followed(t, cadre, await post(t, cadre, `/console/jobs/${filledId}/publish`, {}))
    const filled = await followed(t, cadre, await post(t, cadre, `/console/jobs/${filledId}/fill`, {}))
    expect(noticeOf(filled.page)).toContain('已标记为招满')
    expect(filled.page).toContain('data-status="filled">已招满')

    const oldId = await postedDraft(cadre, { title: '质检员' })
    await followed(t, cadre, await post(t, cadre, `/console/jobs/${oldId}/publish`, {}))
    await t.desk.db.jobPosting.update({ where: { id: oldId }, data: { validUntil: new Date(Date.now() - DAY) } })
    expect(await (await get(t, cadre, `/console/jobs/${oldId}`)).text()).toContain('data-status="expired">已过期')
    const expired = await (await get(t, cadre, '/console/jobs?status=expired')).text()
    expect(expired).toContain('质检员')
    expect(expired).not.toContain('仓库理货员')
    expect(await (await get(t, cadre, '/console/jobs?status=open')).text()).not.toContain('质检员')
    expect(await (await get(t, cadre, '/console/jobs?status=filled')).text()).toContain('仓库理货员')
  })

  it('finds postings by number and pages through many', async () => {
    const top = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'ns-jobs' }, include: { unit: true } })
    const fields = (i: number): PostingFields => ({
      title: `普工${i}号`, employerName: '深圳某电子厂', trade: '普工', regionCode: '330902', place: '定海区', payMin: 5000, payMax: 6000, headcount: 3,
      requirements: '', contact: '0755-12345678', validUntil: new Date(Date.now() + 10 * DAY),
    })
    const made = []
    for (let i = 1; i <= 31; i++) made.push(await createPosting(t.desk, postingActor(top), fields(i)))
    const byNumber = await (await get(t, cadre, `/console/jobs?q=${made[4]!.number}`)).text()
    expect(byNumber).toContain('普工5号')
    expect(byNumber).not.toContain('普工6号')
    const first = await (await get(t, cadre, '/console/jobs?status=draft')).text()
    expect(first).toMatch(/第 1 \/ 2 页/)
    expect(first).toContain('href="/console/jobs?status=draft&amp;page=2"')
    const second = await (await get(t, cadre, '/console/jobs?status=draft&page=2')).text()
    expect(second).toMatch(/第 2 \/ 2 页/)
  })
})

describe('who may see and do what', () => {
  it('keeps another district out (not found) and a viewer to reading', async () => {
    const id = await postedDraft(cadre, { title: '船舶油漆工' })
    const missing = await get(t, otherDistrict, '/console/jobs/no-such-posting')
    const theirs = await get(t, otherDistrict, `/console/jobs/${id}`)
    expect(theirs.status).toBe(404)
    expect(missing.status).toBe(404)
    expect(await theirs.text()).toBe(await missing.text())
    expect((await post(t, otherDistrict, `/console/jobs/${id}/publish`, {})).status).toBe(404)
    expect((await post(t, otherDistrict, `/console/jobs/${id}/edit`, typed())).status).toBe(404)
    expect(await (await get(t, otherDistrict, '/console/jobs')).text()).not.toContain('船舶油漆工')

    const read = await (await get(t, viewer, `/console/jobs/${id}`)).text()
    expect(read).toContain('船舶油漆工')
    expect(read).not.toContain('/publish')
    expect((await get(t, viewer, '/console/jobs/new')).status).toBe(403)
    expect((await post(t, viewer, '/console/jobs', typed())).status).toBe(403)
    expect((await post(t, viewer, `/console/jobs/${id}/publish`, {})).status).toBe(403)
    expect((await post(t, viewer, `/console/jobs/${id}/withdraw`, {})).status).toBe(403)
    expect((await get(t, viewer, '/console/jobs/employers')).status).toBe(403)
    expect((await t.desk.db.jobPosting.findUniqueOrThrow({ where: { id } })).status).toBe('draft')
  })
})
