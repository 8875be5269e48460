// A leader's figures: the three rates, category trends, workload and the oldest open cases
// of their subtree, as SVG charts, each with a CSV of exactly what is shown.
import { beforeAll, describe, expect, it } from 'vitest'
import { demoUnion } from '../fixtures/demo-union.ts'
import { admin, deskForThisFile, json } from '../support/desk.ts'
import { accountFor, get, signIn, type Browser } from './support.ts'

const t = deskForThisFile()
let leader: Browser
let cadre: Browser

beforeAll(async () => {
  await accountFor(t, 'ns-leader', 'leader', { cadreName: demoUnion.cadres.nanshanLeader })
  await accountFor(t, 'ba-cadre', 'cadre', { cadreName: demoUnion.cadres.baoanCadreOnLeave })
  leader = await signIn(t, 'ns-leader')
  cadre = await signIn(t, 'ba-cadre')
  for (const [text, hint] of [['老板拖欠我们三个月工资了', '粤海街道'], ['想找一份电工的工作', '粤海街道'], ['宝安这边公司不给交社保', '宝安区']] as const) {
    const res = await t.app.request('/api/messages', json({ text, orgHint: hint }))
    const { ticketNumber } = (await res.json()) as { ticketNumber: string }
    if (text.startsWith('老板')) await t.app.request(`/api/tickets/${ticketNumber}/replies`, json({ text: '您好，我们在跟进。' }, admin))
  }
})

describe('the figures page', () => {
  it('draws the rates, trends and workload of the leader’s subtree as SVG, with nothing from elsewhere', async () => {
    const res = await get(t, leader, '/console/figures')
    expect(res.status).toBe(200)
    const page = await res.text()
    expect(page.match(/<svg/g)?.length).toBeGreaterThanOrEqual(5)
    expect(page).toContain('响应率')
    expect(page).toContain(demoUnion.units.yuehai.name)
    expect(page).not.toContain(demoUnion.units.baoan.name)
  })

  it('exports exactly what a chart shows as CSV', async () => {
    const rates = await get(t, leader, '/console/figures/rates.csv')
    expect(rates.headers.get('content-type')).toMatch(/text\/csv/)
    expect(rates.headers.get('content-disposition')).toMatch(/attachment; filename="niangjia-rates-\d{4}-\d{2}\.csv"/)
    const lines = (await rates.text()).replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('单位,工单数,按时答复/应答复,响应率,按时办结/应办结,解决率,满意/评价,满意率')
    expect(lines.some((l) => l.startsWith(demoUnion.units.yuehai.name))).toBe(true)
    expect(lines.some((l) => l.startsWith(demoUnion.units.baoan.name))).toBe(false)
    const trend = (await (await get(t, leader, '/console/figures/trend.csv')).text()).trim().split('\r\n')
    expect(trend).toHaveLength(7) // a header and six months
    expect((await get(t, leader, '/console/figures/nothing.csv')).status).toBe(404)
  })

  it('writes times with the year in a CSV, and says how long each oldest open ticket has waited', async () => {
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date())
    const lines = (await (await get(t, leader, '/console/figures/oldest.csv')).text()).replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('编号,类别,受理时间,已等,单位,经办')
    expect(lines.length).toBeGreaterThan(1)
    for (const l of lines.slice(1)) expect(l.split(',')[2]).toMatch(new RegExp(`^${year}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2}$`))
    for (const l of lines.slice(1)) expect(l.split(',')[3]).toMatch(/^\d+(分钟|小时|天(\d+小时)?)$/)
    const page = await (await get(t, leader, '/console/figures')).text()
    expect(page).toContain('<th>受理时间</th><th>已等</th>')
  })

  it('is a leader’s: a cadre is refused', async () => {
    expect((await get(t, cadre, '/console/figures')).status).toBe(403)
    expect((await get(t, cadre, '/console/figures/rates.csv')).status).toBe(403)
  })
})
