// Sessions end by themselves: after idle time, and at their absolute lifetime however busy;
// repeated wrong passwords lock signing in (per sign-in name and per address) for a while.
import { describe, expect, it } from 'vitest'
import { deskForThisFile } from '../support/desk.ts'
import { testClock } from '../support/clock.ts'
import { accountFor, form, get, signIn } from './support.ts'

const clock = testClock()
const t = deskForThisFile({ now: clock.now, env: { CONSOLE_IDLE_MINUTES: '30', CONSOLE_SESSION_HOURS: '2', RATE_LIMIT_CONSOLE_FAILURES: '5/900' } }, (t) =>
  accountFor(t, 'idle-cadre', 'cadre', { unitCode: 'sz-ns-yh' }),
)

describe('console sessions', () => {
  it('end after 30 idle minutes, and are ended for good on the server', async () => {
    const b = await signIn(t, 'idle-cadre')
    clock.advance(20 * 60_000)
    expect((await get(t, b, '/console')).status).toBe(200) // activity keeps it alive
    clock.advance(31 * 60_000)
    expect((await get(t, b, '/console')).status).toBe(302)
    expect(await t.desk.db.session.count({ where: { endedAt: { not: null } } })).toBeGreaterThanOrEqual(1)
  })

  it('end at their lifetime, however active', async () => {
    const b = await signIn(t, 'idle-cadre')
    for (let i = 0; i < 4; i++) {
      clock.advance(25 * 60_000)
      expect((await get(t, b, '/console')).status).toBe(200)
    }
    clock.advance(25 * 60_000) // 2 h 5 min after sign-in, 25 minutes after the last request
    expect((await get(t, b, '/console')).status).toBe(302)
  })

  it('lock signing in after five wrong passwords, the right one included, and say for how long', async () => {
    for (let i = 0; i < 4; i++) expect((await t.app.request('/console/login', form({ login: 'idle-cadre', password: `wrong-${i}` }))).status).toBe(401)
    const fifth = await t.app.request('/console/login', form({ login: 'idle-cadre', password: 'wrong-5' }))
    expect(fifth.status).toBe(429)
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(60)
    const right = await t.app.request('/console/login', form({ login: 'idle-cadre', password: 'Gonghui-2026-test' }))
    expect(right.status).toBe(429)
    expect(await right.text()).toMatch(/分钟后再试/)
  })
})
