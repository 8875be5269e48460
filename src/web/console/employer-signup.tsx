import { Hono, type Context } from 'hono'
import type { FC } from 'hono/jsx'
import { EmployerSignUp, passwordProblem, PASSWORD_MIN_LENGTH, registerEmployer } from '../../desk/accounts/index.ts'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'

import type { ClientAddress, RateLimits } from '../../http/limits.ts'
import type { OrgUnit } from '../../generated/prisma/client.ts'
import { Notice, Page } from './layout.tsx'
import { trimmedField, type ConsoleEnv } from './session.ts'

const fieldNames = ['name', 'creditCode', 'unitCode', 'login', 'displayName', 'password', 'password2'] as const
type Field = (typeof fieldNames)[number]
type Values = Record<Field, string>
type Errors = Partial<Record<Field, string>>

/** Workshop and group unions do not check firms: a firm signs up under a union from its enterprise union upwards. */
const CHECKING_LEVELS = ['province', 'city', 'county', 'town', 'enterprise']

type FormProps = { units: OrgUnit[]; values: Values; errors?: Errors; error?: string }

const SignUpPage: FC<FormProps> = ({ units, values: v, errors = {}, error }) => {
  const depth = (u: OrgUnit) => Math.max(0, u.path.split('/').filter(Boolean).length - 1)
  const fieldError = (name: Field) => (errors[name] ? <p class="error" data-field={name}>{errors[name]}</p> : null)
  const text = (name: Field, label: string, attrs: Record<string, unknown> = {}) => (
    <>
      <label for={name}>{label}</label>
      <input id={name} name={name} value={name.startsWith('password') ? '' : v[name]} aria-invalid={errors[name] ? 'true' : undefined} required {...attrs} />
      {fieldError(name)}
    </>
  )
  return (
    <Page title="企业招聘账号注册">
      <div class="card" style="max-width:34rem;margin:2rem auto">
        <h1>企业招聘账号注册</h1>
        <p>企业在工会的招聘栏目发布岗位，先注册一个账号。所选工会的干部核对企业信息、通过后，联系人才能登录；岗位也由工会审核后发布，免费推送给订阅了的职工。</p>
        <Notice error={error ?? (Object.keys(errors).length ? '有几处要改一下，见下面红字。' : undefined)} />
        <form method="post" action="/console/jobs/register">
          {text('name', '单位全称（与营业执照一致）', { maxlength: 60 })}
          {text('creditCode', '统一社会信用代码（18 位）', { maxlength: 18, autocapitalize: 'characters', spellcheck: 'false' })}
          <label for="unitCode">所在地的工会（由它审核）</label>
          <select id="unitCode" name="unitCode" required aria-invalid={errors.unitCode ? 'true' : undefined}>
            <option value="">请选择</option>
            {units.map((u) => <option value={u.code} selected={u.code === v.unitCode}>{'　'.repeat(depth(u))}{u.name}</option>)}
          </select>
          {fieldError('unitCode')}
          {text('displayName', '联系人姓名', { maxlength: 40, autocomplete: 'name' })}
          {text('login', '登录名（3–40 位小写字母、数字、点、横线）', { maxlength: 40, autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' })}
          {text('password', `密码（至少 ${PASSWORD_MIN_LENGTH} 位，不要全是数字）`, { type: 'password', autocomplete: 'new-password', minlength: PASSWORD_MIN_LENGTH, maxlength: 200 })}
          {text('password2', '再输一遍密码', { type: 'password', autocomplete: 'new-password', maxlength: 200 })}
          <button type="submit">注册</button>
        </form>
        <p><a href="/console/login">已有账号，去登录</a></p>
      </div>
    </Page>
  )
}

const SentPage: FC = () => (
  <Page title="注册已提交">
    <div class="card" style="max-width:34rem;margin:2rem auto">
      <h1>注册已提交</h1>
      <p class="ok" role="status">谢谢。所选工会的干部会核对贵单位的名称和统一社会信用代码，通过后就可以用刚才的登录名和密码登录、发布岗位。</p>
      <p>审核一般在几个工作日内完成。审核通过之前登录会提示登录名或密码不对，这是正常的。急事请直接联系所选的工会。</p>
      <p><a href="/console/login">去登录</a></p>
    </div>
  </Page>
)

/**
 * A firm signs up for the job board, without an account (there is none yet): public, limited
 * per client address like the portal's requests (one address cannot make a flood of firms for
 * cadres to check), and like every console form refused when posted from another site.
 */
export function employerSignUpRoutes(desk: Desk, limits: RateLimits, clientAddress: ClientAddress) {
  const app = new Hono<ConsoleEnv>()
  const units = () => desk.db.orgUnit.findMany({ where: { level: { in: CHECKING_LEVELS } }, orderBy: { path: 'asc' } })
  const show = async (c: Context<ConsoleEnv>, props: Omit<FormProps, 'units'>, status: 200 | 404 | 409 | 422 | 429) => {
    c.header('Cache-Control', 'no-store')
    return c.html(<SignUpPage units={await units()} {...props} />, status)
  }
  const blank = () => Object.fromEntries(fieldNames.map((n) => [n, ''])) as Values

  app.get('/jobs/register', async (c) => (c.req.query('done') === 'registered' ? c.html(<SentPage />) : show(c, { values: blank() }, 200)))

  app.post('/jobs/register', async (c) => {
    const form = await c.req.parseBody()
    const values = Object.fromEntries(
      fieldNames.map((n) => [n, n.startsWith('password') ? (typeof form[n] === 'string' ? (form[n] as string).slice(0, 200) : '') : trimmedField(form, n, 60)]),
    ) as Values
    // The allowance is taken before anything is checked: a flood of bad posts counts too.
    const verdict = await limits.take('web_intake', `employer-signup:${clientAddress(c)}`)
    if (!verdict.allowed) {
      c.header('Retry-After', String(Math.max(1, Math.ceil(verdict.retryAfterSeconds))))
      c.get('logger').info({ limit: 'web_intake' }, 'employer sign-up: over a rate limit')
      const minutes = Math.max(1, Math.ceil(verdict.retryAfterSeconds / 60))
      return show(c, { values, error: `这个网络提交得太频繁了，请 ${minutes} 分钟后再试。` }, 429)
    }
    const errors: Errors = {}
    const input = { name: values.name, creditCode: values.creditCode, unitCode: values.unitCode, login: values.login, displayName: values.displayName, password: values.password }
    const parsed = EmployerSignUp.safeParse(input)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const name = issue.path[0] as Field
        if (fieldNames.includes(name)) errors[name] ??= name === 'password' ? '请填写密码。' : issue.message
      }
    }
    if (!errors.password) {
      const weak = passwordProblem(values.password, values.login)
      if (weak) errors.password = weak
      else if (values.password !== values.password2) errors.password2 = '两次输入的密码不一样。'
    }
    if (Object.keys(errors).length) return show(c, { values, errors }, 422)
    try {
      await registerEmployer(desk, input)
    } catch (err) {
      if (!(err instanceof DeskError)) throw err
      const field: Field | undefined = err.code === 'login_taken' ? 'login' : err.code === 'unit_not_found' ? 'unitCode' : undefined
      return show(c, field ? { values, errors: { [field]: err.message } } : { values, error: err.message }, err.code === 'login_taken' ? 409 : 422)
    }
    c.get('logger').info('employer sign-up: registered, waiting for review')
    return c.redirect('/console/jobs/register?done=registered', 303)
  })
  return app
}
