// Wrong passwords lock the sign-in name they were typed for (5 in 15 minutes), and an address
// only after many more, whatever the names: an office behind one NAT is many people, and one
// person's guesses must not lock out their colleagues. A right password clears the name's count.
import { beforeAll, describe, expect, it } from 'vitest'
import { demoUnion } from '../fixtures/demo-union.ts'
import { deskForThisFile } from '../support/desk.ts'
import { accountFor, form, PASSWORD } from './support.ts'

const t = deskForThisFile({ env: { RATE_LIMIT_CONSOLE_FAILURES: '5/900', RATE_LIMIT_CONSOLE_ADDRESS_FAILURES: '20/900' } })
const attempt = (login: string, password: string) => t.app.request('/console/login', form({ login, password }))

beforeAll(async () => {
  await accountFor(t, 'nat-a', 'cadre', { cadreName: demoUnion.cadres.yuehaiCadre })
  await accountFor(t, 'nat-b', 'cadre', { cadreName: demoUnion.cadres.huaxingCadre })
  await accountFor(t, 'nat-c', 'leader', { cadreName: demoUnion.cadres.yuehaiLeader })
})

describe('locking sign-ins', () => {
  it('locks the name guessed at, not the others signing in from the same address, and records the refused attempts', async () => {
    for (let i = 0; i < 4; i++) expect((await attempt('nat-a', `wrong-${i}`)).status).toBe(401)
    expect((await attempt('nat-a', 'wrong-4')).status).toBe(429)
    const right = await attempt('nat-a', PASSWORD)
    expect(right.status).toBe(429)
    expect(await right.text()).toMatch(/分钟后再试/)
    // A colleague at the next desk, same address.
    expect((await attempt('nat-b', PASSWORD)).status).toBe(303)
    const a = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'nat-a' } })
    const locked = await t.desk.db.auditEntry.findMany({ where: { action: 'login.locked', accountId: a.id } })
    expect(locked).toHaveLength(1)
    expect(JSON.parse(locked[0]!.data!)).toEqual({ by: 'login' })
  })

  it('forgets a name’s wrong passwords once the right one is typed', async () => {
    for (let i = 0; i < 4; i++) expect((await attempt('nat-c', `typo-${i}`)).status).toBe(401)
    expect((await attempt('nat-c', PASSWORD)).status).toBe(303)
    for (let i = 0; i < 4; i++) expect((await attempt('nat-c', `typo-again-${i}`)).status).toBe(401)
  })

  it('locks an address after many wrong passwords, whatever the names', async () => {
    // 5 + 8 wrong so far from this address; seven more names, one guess each, reach 20.
    for (let i = 0; i < 6; i++) expect((await attempt(`someone-${i}`, 'guess')).status).toBe(401)
    expect((await attempt('someone-6', 'guess')).status).toBe(429)
    expect((await attempt('nat-b', PASSWORD)).status).toBe(429)
    const b = await t.desk.db.account.findUniqueOrThrow({ where: { login: 'nat-b' } })
    expect(JSON.parse((await t.desk.db.auditEntry.findFirstOrThrow({ where: { action: 'login.locked', accountId: b.id } })).data!)).toEqual({ by: 'address' })
  })
})
