// Sessions end by themselves: after idle time, and at their absolute lifetime however busy;
// repeated wrong passwords lock signing in (per sign-in name and per address) for a while.
import { describe, expect, it } from 'vitest'
import { deskForThisFile } from '../support/desk.ts'
import { testClock } from '../support/clock.ts'
import { INBOX_JS_PATH } from '../../src/web/console/layout.tsx'
import { demoUnion } from '../fixtures/demo-union.ts'
import { accountFor, form, get, signIn } from './support.ts'

const clock = testClock()
const t = deskForThisFile({ now: clock.now, env: { CONSOLE_IDLE_MINUTES: '30', CONSOLE_SESSION_HOURS: '2', RATE_LIMIT_CONSOLE_FAILURES: '5/900' } }, (t) =>
  accountFor(t, 'idle-cadre', 'cadre', { cadreName: demoUnion.cadres.yuehaiCadre }),
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

  it('are not kept alive by the inbox polling in an open tab, which is told when the session has ended', async () => {
    const b = await signIn(t, 'idle-cadre')
    const poll = () => get(t, b, '/console/inbox.json')
    clock.advance(2 * 60_000)
    expect((await poll()).status).toBe(200)
    for (let i = 0; i < 3; i++) {
      clock.advance(8 * 60_000) // 26 minutes since the person last did anything, polled all along
      expect((await poll()).status).toBe(200)
    }
    clock.advance(5 * 60_000)
    const ended = await poll()
    expect(ended.status).toBe(401)
    expect(await ended.json()).toMatchObject({ error: 'signed_out', message: '登录已过期，请重新登录', login: '/console/login' })
    expect((await get(t, b, '/console')).status).toBe(302)
  })

  it('give the inbox page a line to show when the session has ended, with the way back in', async () => {
    const b = await signIn(t, 'idle-cadre')
    const page = await (await get(t, b, '/console')).text()
    expect(page).toMatch(/<p class="error" role="alert" data-signed-out(="[^"]*")? hidden(="")?>登录已过期，请重新登录。<a href="\/console\/login">重新登录<\/a><\/p>/)
    const js = await (await t.app.request(INBOX_JS_PATH)).text()
    expect(js).toContain('res.status === 401')
    expect(js).toContain('[data-signed-out]')
    expect(js).toContain('clearInterval')
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
