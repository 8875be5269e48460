import { Hono, type Context } from 'hono'
import type { FC } from 'hono/jsx'
import type { Desk } from '../../desk/desk.ts'
import { DeskError } from '../../desk/errors.ts'
import {
  createPosting, findRegion, isEmployer, mayPublish, MAX_VALID_DAYS, postingFor, PostingInput, postingsVisibleTo, regionByCode, updatePosting,
  type PostingActor, type PostingFields, type Region,
} from '../../desk/postings/index.ts'
import type { JobPosting } from '../../generated/prisma/client.ts'
import { dayBoundary } from './format.ts'
import { actorOf, dayOf, jobDoneAt, lastDayOf, postingNotFound, refusalStatus } from './jobs-common.tsx'
import { Csrf, Notice, Page } from './layout.tsx'
import { csrfChecked, signedIn, trimmedField, type ConsoleEnv } from './session.ts'

/** The form as typed: every field as text, so a refused form comes back exactly as it was. */
const fieldNames = ['title', 'employerName', 'trade', 'regionText', 'regionCode', 'place', 'payMin', 'payMax', 'headcount', 'requirements', 'contact', 'validUntil'] as const
type Field = (typeof fieldNames)[number]
type Values = Record<Field, string>
type Errors = Partial<Record<Field, string>>
const limits: Record<Field, number> = {
  title: 40, employerName: 60, trade: 30, regionText: 40, regionCode: 6, place: 80, payMin: 9, payMax: 9, headcount: 9, requirements: 1000, contact: 200, validUntil: 10,
}

const valuesOf = (form: Record<string, unknown>): Values =>
  Object.fromEntries(fieldNames.map((name) => [name, trimmedField(form, name, limits[name])])) as Values

const valuesOfPosting = (desk: Desk, p: JobPosting): Values => ({
  title: p.title, employerName: p.employerName, trade: p.trade, regionText: regionByCode(p.regionCode)?.fullName ?? '', regionCode: p.regionCode,
  place: p.place, payMin: p.payMin?.toString() ?? '', payMax: p.payMax?.toString() ?? '', headcount: String(p.headcount),
  requirements: p.requirements, contact: p.contact, validUntil: lastDayOf(desk, p.validUntil),
})

type Place = { region: Region; confirm?: string } | { error: string }

/**
 * The place of work as the person typed it (定海, 舟山定海), found in the list of regions. A
 * place the form already showed back by its full name (with its code) is taken as it is;
 * anything else is shown back first, by its full name, to be confirmed with a second save.
 */
function placeOf(v: Values): Place {
  const shown = v.regionCode ? regionByCode(v.regionCode) : undefined
  if (shown && v.regionText === shown.fullName) return { region: shown }
  if (!v.regionText) return { error: '请填写工作地点所在的区县，例如：定海、舟山定海。' }
  const found = findRegion(v.regionText)
  if (!found) return { error: `没找到“${v.regionText}”这个地方。请写区县的名字，例如：定海区、舟山定海。` }
  if (found.level === 'province') return { error: `“${found.fullName}”范围太大，请写到区县，例如：${found.short}的哪个区县。` }
  const wide = found.level === 'county' ? '' : '（只到市一级：订阅了某个区县的职工收不到推送，能写到区县更好）'
  if (found.fullName === v.regionText && !wide) return { region: found }
  return { region: found, confirm: `工作地点识别为“${found.fullName}”${wide}。对的话请再点一次“保存”；不对请改写地点。` }
}

const whole = (s: string) => (/^\d+$/.test(s) ? Number(s) : undefined)

/** What was typed, checked field by field with the reasons beside each; the desk checks it all again when it saves. */
function read(desk: Desk, v: Values, employerName: string | null) {
  const errors: Errors = {}
  const number = (name: 'payMin' | 'payMax' | 'headcount', optional: boolean, problem: string) => {
    if (!v[name]) {
      if (!optional) errors[name] = problem
      return null
    }
    const n = whole(v[name].replaceAll(',', '').replaceAll('，', ''))
    if (n === undefined) errors[name] = problem
    return n ?? null
  }
  const place = placeOf(v)
  if ('error' in place) errors.regionText = place.error
  const validUntil = dayBoundary(desk, v.validUntil, true)
  if (!validUntil) errors.validUntil = '请填写截止日期（哪天以后不再招）。'
  const fields: PostingFields = {
    title: v.title, employerName: employerName ?? v.employerName, trade: v.trade, regionCode: 'region' in place ? place.region.code : '000000', place: v.place,
    payMin: number('payMin', true, '工资请填整数（元/月），例如 6000；不填就是面议。'), payMax: number('payMax', true, '工资请填整数（元/月），例如 8000；可以不填。'),
    headcount: number('headcount', false, '请填写招聘人数（整数）。') ?? 0, requirements: v.requirements, contact: v.contact, validUntil: validUntil ?? new Date(Number.NaN),
  }
  const parsed = PostingInput.safeParse(fields)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = (issue.path[0] === 'regionCode' ? 'regionText' : issue.path[0]) as Field
      if (fieldNames.includes(name)) errors[name] ??= issue.message
    }
  }
  if ('region' in place) Object.assign(v, { regionText: place.region.fullName, regionCode: place.region.code })
  return { fields, errors, confirm: 'confirm' in place ? place.confirm : undefined }
}

type FormProps = { desk: Desk; c: Context<ConsoleEnv>; posting?: JobPosting; values: Values; errors?: Errors; error?: string; confirm?: string; firm: string | null; places: string[] }

const PostingForm: FC<FormProps> = ({ desk, c, posting, values: v, errors = {}, error, confirm, firm, places }) => {
  const who = c.get('signedIn')
  const csrf = who.session.csrfToken
  // The last day a posting may run to: the day after it must not pass MAX_VALID_DAYS from now.
  const today = dayOf(desk, desk.now())
  const lastDay = dayOf(desk, new Date(desk.now().getTime() + (MAX_VALID_DAYS - 1) * 86_400_000))
  const text = (name: Field, label: string, attrs: Record<string, unknown> = {}) => (
    <>
      <label for={name}>{label}</label>
      <input id={name} name={name} value={v[name]} maxlength={limits[name]} aria-invalid={errors[name] ? 'true' : undefined} {...attrs} />
      {errors[name] ? <p class="error" data-field={name}>{errors[name]}</p> : null}
    </>
  )
  const title = posting ? `修改岗位 ${posting.number}` : '新岗位'
  return (
    <Page title={title} who={who} csrf={csrf}>
      <p><a href={posting ? `/console/jobs/${posting.id}` : '/console/jobs'}>← {posting ? posting.number : '岗位'}</a></p>
      <h1>{title}</h1>
      <Notice error={error ?? (Object.keys(errors).length ? '有几处要改一下，见下面红字。' : undefined)} ok={confirm && !error && !Object.keys(errors).length ? '请核对工作地点。' : undefined} />
      <form class="card" method="post" action={posting ? `/console/jobs/${posting.id}/edit` : '/console/jobs'}>
        <Csrf token={csrf} />
        {text('title', '岗位名称', { required: true, placeholder: '例如：叉车司机' })}
        {firm !== null ? (
          <><label>用工单位</label><p>{firm}（按工会审核通过的名称）</p></>
        ) : text('employerName', '用工单位（全称）', { required: true })}
        {text('trade', '工种', { required: true, placeholder: '例如：叉车司机、电焊工、普工' })}
        {text('regionText', '工作地点所在的区县', { required: true, list: places.length ? 'places' : undefined, placeholder: '例如：定海、舟山定海、南山区' })}
        {places.length ? <datalist id="places">{places.map((p) => <option value={p} />)}</datalist> : null}
        <input type="hidden" name="regionCode" value={v.regionCode} />
        {confirm ? <p class="ok" data-field="regionText" role="status">{confirm}</p> : null}
        {text('place', '详细工作地址', { required: true, placeholder: '例如：定海区临城街道船厂路1号' })}
        {text('payMin', '月薪最低（元，可不填）', { inputmode: 'numeric' })}
        {text('payMax', '月薪最高（元，可不填）', { inputmode: 'numeric' })}
        {text('headcount', '招聘人数', { required: true, inputmode: 'numeric' })}
        <label for="requirements">岗位要求（可不填）</label>
        <textarea id="requirements" name="requirements" maxlength={1000}>{v.requirements}</textarea>
        {errors.requirements ? <p class="error" data-field="requirements">{errors.requirements}</p> : null}
        {text('contact', '报名方式（电话、地址、时间）', { required: true })}
        {text('validUntil', `截止日期（最多 ${MAX_VALID_DAYS} 天）`, { type: 'date', required: true, min: today, max: lastDay })}
        <button type="submit">保存</button>
      </form>
    </Page>
  )
}

/** New postings and changes to drafts: a cadre's and a firm's (whose firm name is the approved one). */
export function postingFormRoutes(desk: Desk) {
  const app = new Hono<ConsoleEnv>()
  const firmName = async (actor: PostingActor) =>
    isEmployer(actor) && actor.employerId ? ((await desk.db.employer.findUnique({ where: { id: actor.employerId } }))?.name ?? '') : null
  /** The places the actor's postings already use, offered as the field's suggestions. */
  const places = async (actor: PostingActor) => {
    const rows = await desk.db.jobPosting.findMany({ where: postingsVisibleTo(actor), distinct: ['regionCode'], select: { regionCode: true }, orderBy: { createdAt: 'desc' }, take: 40 })
    return rows.map((r) => regionByCode(r.regionCode)?.fullName).filter((x): x is string => Boolean(x))
  }
  const show = async (c: Context<ConsoleEnv>, props: Omit<FormProps, 'desk' | 'c' | 'firm' | 'places'>, status: 200 | 403 | 404 | 409 | 422 = 200) => {
    const actor = actorOf(c)
    return c.html(<PostingForm desk={desk} c={c} firm={await firmName(actor)} places={await places(actor)} {...props} />, status)
  }
  const blank = (): Values => Object.fromEntries(fieldNames.map((n) => [n, ''])) as Values
  const mayWrite = (actor: PostingActor) => isEmployer(actor) || mayPublish(actor)
  const readOnly = (c: Context<ConsoleEnv>) => c.text('只读账号不能发布或修改岗位。', 403)

  /** A posting the actor may change, or the page to answer instead (not found: 404, exactly as a missing one; published: 409). */
  const editable = async (c: Context<ConsoleEnv>, opts: { published: 'page' | 'refuse' }) => {
    try {
      const posting = await postingFor(desk.db, actorOf(c), c.req.param('id') ?? '')
      if (posting.status === 'draft' || posting.status === 'review' || opts.published === 'refuse') return { posting }
      return { answer: c.redirect(`/console/jobs/${posting.id}`, 303) }
    } catch (err) {
      if (!(err instanceof DeskError)) throw err
      return { answer: postingNotFound(c, err.message) }
    }
  }

  const save = async (c: Context<ConsoleEnv>, posting?: JobPosting) => {
    const actor = actorOf(c)
    const values = valuesOf(await c.req.parseBody())
    const firm = await firmName(actor)
    const { fields, errors, confirm } = read(desk, values, firm)
    if (Object.keys(errors).length) return show(c, { posting, values, errors, confirm }, 422)
    if (confirm) return show(c, { posting, values, confirm })
    try {
      if (posting) {
        await updatePosting(desk, actor, posting.id, fields)
        return jobDoneAt(c, `/console/jobs/${posting.id}`, 'saved')
      }
      const created = await createPosting(desk, actor, fields)
      return jobDoneAt(c, `/console/jobs/${created.id}`, isEmployer(actor) ? 'drafted' : 'created')
    } catch (err) {
      if (!(err instanceof DeskError)) throw err
      return show(c, { posting, values, error: err.message }, refusalStatus(err))
    }
  }

  app.get('/jobs/new', signedIn(desk), (c) => (mayWrite(actorOf(c)) ? show(c, { values: blank() }) : readOnly(c)))
  app.post('/jobs', signedIn(desk), csrfChecked, (c) => (mayWrite(actorOf(c)) ? save(c) : readOnly(c)))
  app.get('/jobs/:id/edit', signedIn(desk), async (c) => {
    if (!mayWrite(actorOf(c))) return readOnly(c)
    const found = await editable(c, { published: 'page' })
    return found.posting ? show(c, { posting: found.posting, values: valuesOfPosting(desk, found.posting) }) : found.answer
  })
  app.post('/jobs/:id/edit', signedIn(desk), csrfChecked, async (c) => {
    if (!mayWrite(actorOf(c))) return readOnly(c)
    // A published posting is refused by the desk, with the form as typed.
    const found = await editable(c, { published: 'refuse' })
    return found.posting ? save(c, found.posting) : found.answer
  })
  return app
}
