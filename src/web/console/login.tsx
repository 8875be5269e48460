import { Hono, type Context } from 'hono'

import { audit, authenticate, changePassword, endOtherSessions, endSession, PASSWORD_MIN_LENGTH, startSession } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import type { ClientAddress, RateLimits } from '../../http/limits.ts'
import { Csrf, Notice, Page } from './layout.tsx'
import { clearSessionCookie, csrfChecked, sessionPolicy, setSessionCookie, signedIn, type ConsoleEnv } from './session.ts'

const field = (form: Record<string, unknown>, name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '')
/** Only back into the console: a `next` pointing elsewhere would make the sign-in page an open redirect. */
const safeNext = (next: string) => (/^\/console(\/[\w\-/]*)?$/.test(next) ? next : '/console')

const LoginPage = (p: { error?: string; login?: string; next: string }) => (
  <Page title="登录">
    <div class="card" style="max-width:26rem;margin:2rem auto">
      <h1>工会干部登录</h1>
      <Notice error={p.error} />
      <form method="post" action="/console/login">
        <input type="hidden" name="next" value={p.next} />
        <label for="login">登录名</label>
        <input id="login" name="login" autocomplete="username" required value={p.login ?? ''} />
        <label for="password">密码</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">登录</button>
      </form>
    </div>
  </Page>
)

export function loginRoutes(desk: Desk, limits: RateLimits, clientAddress: ClientAddress) {
  const app = new Hono<ConsoleEnv>()

  app.get('/login', (c) => c.html(<LoginPage next={safeNext(c.req.query('next') ?? '/console')} />))

  /**
   * Wrong passwords are counted per sign-in name (5 in 15 minutes lock that name) and per
   * address with a much higher allowance (an office behind one NAT is many people): one
   * person's guesses lock their own name, not their colleagues'. A right password clears the
   * name's count. Every attempt refused by a lock is in the audit log.
   */
  app.post('/login', async (c) => {
    const form = await c.req.parseBody()
    const login = field(form, 'login').trim().toLowerCase().slice(0, 40)
    const next = safeNext(field(form, 'next'))
    const limitsOn = [['console_failures', `login:${login}`], ['console_address_failures', `addr:${clientAddress(c)}`]] as const
    const now = desk.now()
    const known = async () => (await desk.db.account.findUnique({ where: { login }, select: { id: true } }))?.id ?? null
    const locked = async () => {
      for (const [kind, key] of limitsOn) {
        const v = await limits.check(kind, key)
        if (!v.allowed) return { seconds: v.retryAfterSeconds, by: kind === 'console_failures' ? 'login' : 'address' }
      }
      return null
    }
    const refuse = async (lock: { seconds: number; by: string }) => {
      await audit(desk.db, { accountId: await known(), action: 'login.locked', data: { by: lock.by }, at: now })
      return lockedOut(c, login, next, lock.seconds)
    }
    const before = await locked()
    if (before) return refuse(before)
    const account = await authenticate(desk.db, login, field(form, 'password'))
    if (!account) {
      for (const [kind, key] of limitsOn) await limits.take(kind, key)
      const id = await known()
      await audit(desk.db, { accountId: id, action: 'login.failed', data: { known: Boolean(id) }, at: now })
      const after = await locked()
      if (after) return lockedOut(c, login, next, after.seconds)
      return c.html(<LoginPage error="登录名或密码不对。" login={login} next={next} />, 401)
    }
    await limits.reset('console_failures', `login:${login}`)
    const { token } = await startSession(desk.db, account.id, now, sessionPolicy(desk))
    await audit(desk.db, { accountId: account.id, action: 'login', at: now })
    setSessionCookie(desk, c, token)
    // A firm's account lands on its job pages, whatever page sent it to sign in (the rest is fenced off).
    return c.redirect(account.role === 'employer' && !next.startsWith('/console/jobs') ? '/console/jobs' : next, 303)
  })

  app.post('/logout', signedIn(desk), csrfChecked, async (c) => {
    const { session, account } = c.get('signedIn')
    await endSession(desk.db, session.id, desk.now())
    await audit(desk.db, { accountId: account.id, action: 'logout', at: desk.now() })
    clearSessionCookie(c)
    return c.redirect('/console/login', 303)
  })

  const PasswordPage = (p: { c: Context<ConsoleEnv>; error?: string; ok?: string }) => (
    <Page title="修改密码" who={p.c.get('signedIn')} csrf={p.c.get('signedIn').session.csrfToken}>
      <div class="card" style="max-width:26rem">
        <h1>修改密码</h1>
        <Notice error={p.error} ok={p.ok} />
        <form method="post" action="/console/password">
          <Csrf token={p.c.get('signedIn').session.csrfToken} />
          <label for="current">原密码</label>
          <input id="current" name="current" type="password" autocomplete="current-password" required />
          <label for="next">新密码（至少 {PASSWORD_MIN_LENGTH} 位）</label>
          <input id="next" name="next" type="password" autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} />
          <button type="submit">保存</button>
        </form>
      </div>
    </Page>
  )

  app.get('/password', signedIn(desk), (c) => c.html(<PasswordPage c={c} />))
  app.post('/password', signedIn(desk), csrfChecked, async (c) => {
    const form = await c.req.parseBody()
    const { account, session } = c.get('signedIn')
    try {
      await changePassword(desk.db, account, field(form, 'current'), field(form, 'next'), desk.now())
    } catch (err) {
      if (err instanceof DeskError) return c.html(<PasswordPage c={c} error={err.message} />, 422)
      throw err
    }
    const ended = await endOtherSessions(desk.db, account.id, session.id, desk.now())
    return c.html(<PasswordPage c={c} ok={`密码已修改。${ended ? `其他 ${ended} 处登录已退出。` : ''}`} />)
  })

  return app
}

function lockedOut(c: Context, login: string, next: string, seconds: number) {
  c.header('Retry-After', String(Math.ceil(seconds)))
  const minutes = Math.max(1, Math.ceil(seconds / 60))
  return c.html(<LoginPage error={`密码错误次数太多，已暂停登录，请 ${minutes} 分钟后再试。忘了密码请找本单位管理员重置。`} login={login} next={next} />, 429)
}

