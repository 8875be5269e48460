// The knowledge base as the top unit's admin keeps it in the console: a changed answer, a new
// entry and a removed one are what a worker's general question gets next, without a restart.
import { beforeAll, describe, expect, it } from 'vitest'
import { refreshKnowledge } from '../../src/desk/conversation/index.ts'
import { acceptMessage } from '../../src/desk/intake/index.ts'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile } from '../support/desk.ts'
import { accountFor, get, post, signIn, type Browser } from './support.ts'

const t = deskForThisFile()
let top: Browser
let unitAdmin: Browser
beforeAll(async () => {
  await accountFor(t, 'top-knowledge', 'unit_admin', { unitCode: 'gd' })
  await accountFor(t, 'ns-knowledge', 'unit_admin', { unitCode: demoUnion.units.nanshan.code })
  top = await signIn(t, 'top-knowledge')
  unitAdmin = await signIn(t, 'ns-knowledge')
})

let n = 0
const ask = (text: string) => acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: `oKnowledge${String(++n).padStart(16, '0')}`, externalMessageId: `kb-${n}`, text, receivedAt: new Date() })
const entry = (title: string, keywords: string, answer: string) => `---\ntitle: ${title}\nkeywords: [${keywords}]\ncategory: hardship\n---\n${answer}`

describe('the knowledge base in the console', () => {
  it('lists the shipped entries to unit admins, editable by the top unit only', async () => {
    const page = await (await get(t, unitAdmin, '/console/admin/knowledge')).text()
    expect(page).toContain('爱心帮扶证申请条件')
    expect(page).toContain('只有最上级单位的管理员能保存改动')
    const refused = await post(t, unitAdmin, '/console/admin/knowledge/jinqiu-zhuxue', { action: 'remove' })
    expect(refused.status).toBe(403)
  })

  it('answers with a changed entry, a new one, and no longer with a removed one', async () => {
    const changed = entry('金秋助学怎么申请', '金秋助学, 助学金', '金秋助学每年八月开始报名，带上录取通知书和家庭收入证明，到所在单位工会登记。')
    expect((await post(t, top, '/console/admin/knowledge/jinqiu-zhuxue', { action: 'save', text: changed })).status).toBe(200)
    expect((await ask('金秋助学怎么申请？')).reply).toContain('每年八月开始报名')

    const added = entry('职工疗休养', '疗休养, 疗养', '一线职工每年可以申请一次疗休养，由单位工会统一报名。')
    expect((await post(t, top, '/console/admin/knowledge', { slug: 'liao-xiuyang', text: added })).status).toBe(200)
    expect((await ask('疗休养怎么报名？')).reply).toContain('由单位工会统一报名')

    expect((await post(t, top, '/console/admin/knowledge/liao-xiuyang', { action: 'remove' })).status).toBe(200)
    expect((await ask('疗休养怎么报名？')).reply).not.toContain('由单位工会统一报名')

    // Another process follows within a minute: it reads the same rows.
    t.desk.knowledge.use({ entries: [] })
    await refreshKnowledge(t.desk)
    expect((await ask('金秋助学怎么申请？')).reply).toContain('每年八月开始报名')
    const audited = await t.desk.db.auditEntry.count({ where: { action: 'knowledge.changed' } })
    expect(audited).toBe(3)
  })

  it('refuses an entry that would not load, saying why, and keeps nothing', async () => {
    const res = await post(t, top, '/console/admin/knowledge', { slug: 'broken', text: '---\ntitle: 没有关键词\n---\n回答' })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('少了“keywords”这一栏')
    expect(await t.desk.db.templateOverride.count({ where: { set: 'knowledge', name: 'broken' } })).toBe(0)
    const badSlug = await post(t, top, '/console/admin/knowledge', { slug: '金秋', text: entry('x', 'y', 'z') })
    expect(badSlug.status).toBe(422)
  })
})
