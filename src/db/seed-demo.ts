import type { Category } from '../classify/types.ts'
import type { Db } from './client.ts'
import { isUniqueViolation } from './errors.ts'

/**
 * A small but complete demo union: five levels from the provincial federation down to
 * an enterprise, plus a workshop and a union group inside the large enterprise, with
 * cadres and leaders at the levels that answer workers. All names are invented.
 */
type DemoUnit = { code: string; name: string; level: string; aliases: string[] }
const unit = (code: string, name: string, level: string, aliases: string[] = []): DemoUnit => ({ code, name, level, aliases })

/**
 * The demo union's units and cadres by what they are for. The seed below is built from
 * these, and tests name units and people through them (test/fixtures/demo-union.ts): a
 * renamed cadre or unit changes both, and a removed one breaks the compile, not a test.
 */
export const demoUnion = {
  units: {
    province: unit('gd', '广东省总工会', 'province', ['广东']),
    city: unit('gd-sz', '深圳市总工会', 'city', ['深圳']),
    nanshan: unit('sz-ns', '南山区总工会职工服务中心', 'county', ['南山区', '南山']),
    yuehai: unit('sz-ns-yh', '粤海街道工会服务站', 'town', ['粤海街道', '粤海', '科技园']),
    huaxing: unit('yh-hx', '华兴电子有限公司工会', 'enterprise', ['华兴电子', '华兴厂']),
    huaxingWorkshop: unit('hx-smt', '华兴电子贴片车间工会', 'workshop', ['贴片车间', 'SMT车间']),
    huaxingGroup: unit('hx-smt-3', '贴片车间三班工会小组', 'group', ['三班']),
    kuaida: unit('yh-kd', '快达物流有限公司工会', 'enterprise', ['快达物流', '快达']),
    baoan: unit('sz-ba', '宝安区总工会职工服务中心', 'county', ['宝安区', '宝安']),
    xinan: unit('sz-ba-xa', '新安街道工会服务站', 'town', ['新安街道', '新安']),
  },
  /** Their roles, categories and hours are in demoCadres below. */
  cadres: {
    cityLeader: '郑国华',
    nanshanLeader: '陈建平',
    nanshanWageA: '林晓燕',
    nanshanWageB: '黄志伟',
    nanshanCare: '吴丽娟',
    nanshanJobs: '周凯',
    yuehaiLeader: '刘春梅',
    yuehaiCadre: '何家豪',
    huaxingLeader: '罗美玲',
    huaxingCadre: '谢文斌',
    baoanLeader: '杨振东',
    baoanCadreOnLeave: '许晴',
  },
} as const

const { units: u, cadres: who } = demoUnion
type UnitSeed = DemoUnit & { children?: UnitSeed[] }
const node = (unit: DemoUnit, ...children: UnitSeed[]): UnitSeed => ({ ...unit, children })

export const demoOrgTree: UnitSeed = node(u.province,
  node(u.city,
    node(u.nanshan,
      node(u.yuehai,
        node(u.huaxing, node(u.huaxingWorkshop, node(u.huaxingGroup))),
        node(u.kuaida),
      ),
    ),
    node(u.baoan, node(u.xinan)),
  ),
)

/** Weekly hours in the shape of Cadre.workingHours (a WorkCalendar's weeklyHours); absent: the office week. */
type Hours = Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>
const officeDay: [string, string][] = [['08:30', '12:00'], ['13:30', '17:30']]
const everyDay = (day: [string, string][]): Hours => ({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day })

type CadreSeed = {
  unit: string
  name: string
  role: 'cadre' | 'leader'
  categories: Category[]
  capacity?: number
  hours?: Hours
  /** Days from seeding that the cadre is away (leave): routing skips them until then. */
  awayDays?: number
}

const all: Category[] = ['wage_arrears', 'legal_aid', 'job_seeking', 'hardship', 'other']
export const demoCadres: CadreSeed[] = [
  // The city's duty leader answers urgent cases evenings and weekends.
  { unit: u.city.code, name: who.cityLeader, role: 'leader', categories: all, hours: everyDay([['08:00', '22:00']]) },
  // The district centre's leader carries the duty phone around the clock (the 2-hour rule).
  { unit: u.nanshan.code, name: who.nanshanLeader, role: 'leader', categories: all, hours: everyDay([['00:00', '24:00']]) },
  { unit: u.nanshan.code, name: who.nanshanWageA, role: 'cadre', categories: ['wage_arrears', 'legal_aid'] },
  { unit: u.nanshan.code, name: who.nanshanWageB, role: 'cadre', categories: ['wage_arrears', 'legal_aid'] },
  { unit: u.nanshan.code, name: who.nanshanCare, role: 'cadre', categories: ['hardship', 'other'] },
  // Saturday duty at the service centre, Monday off.
  { unit: u.nanshan.code, name: who.nanshanJobs, role: 'cadre', categories: ['job_seeking', 'other'], hours: { tue: officeDay, wed: officeDay, thu: officeDay, fri: officeDay, sat: officeDay } },
  { unit: u.yuehai.code, name: who.yuehaiLeader, role: 'leader', categories: all },
  // The street station is open at weekends for workers who cannot come on weekdays.
  { unit: u.yuehai.code, name: who.yuehaiCadre, role: 'cadre', categories: all, capacity: 15, hours: { wed: officeDay, thu: officeDay, fri: officeDay, sat: officeDay, sun: officeDay } },
  { unit: u.huaxing.code, name: who.huaxingLeader, role: 'leader', categories: all },
  { unit: u.huaxing.code, name: who.huaxingCadre, role: 'cadre', categories: ['hardship', 'other', 'legal_aid'], capacity: 10, hours: { mon: [['08:00', '12:00'], ['13:00', '20:00']], tue: [['08:00', '12:00'], ['13:00', '20:00']], wed: [['08:00', '12:00'], ['13:00', '20:00']], thu: [['08:00', '12:00'], ['13:00', '20:00']], fri: [['08:00', '12:00'], ['13:00', '20:00']] } },
  { unit: u.baoan.code, name: who.baoanLeader, role: 'leader', categories: all },
  // On maternity leave: her unit's cases go to its leader meanwhile.
  { unit: u.baoan.code, name: who.baoanCadreOnLeave, role: 'cadre', categories: all, awayDays: 98 },
]

/**
 * First-response and resolution targets. Urgent cases: the 2-hour reporting rule, counted
 * around the clock. Everything else in working time (7.5 hours a working day), so a
 * message on Friday night is not late by Monday morning.
 */
const hours = (h: number) => h * 3600
const workDays = (d: number) => d * 7.5 * 3600
export const demoSlaPolicies: { category: Category; urgent: boolean; firstResponseSeconds: number; resolutionSeconds: number; clockMode: 'business' | 'calendar' }[] = [
  ...all.map((category) => ({ category, urgent: true, firstResponseSeconds: hours(2), resolutionSeconds: hours(72), clockMode: 'calendar' as const })),
  { category: 'wage_arrears', urgent: false, firstResponseSeconds: hours(4), resolutionSeconds: workDays(10), clockMode: 'business' },
  { category: 'legal_aid', urgent: false, firstResponseSeconds: workDays(1), resolutionSeconds: workDays(20), clockMode: 'business' },
  { category: 'hardship', urgent: false, firstResponseSeconds: workDays(1), resolutionSeconds: workDays(20), clockMode: 'business' },
  { category: 'job_seeking', urgent: false, firstResponseSeconds: workDays(1), resolutionSeconds: workDays(5), clockMode: 'business' },
  { category: 'other', urgent: false, firstResponseSeconds: workDays(2), resolutionSeconds: workDays(10), clockMode: 'business' },
]

/** Households in the hardship archive (困难职工档案), so the quarterly callbacks have people to call. */
export const demoHardship: { externalId: string; unit: string; level: 'general' | 'severe' | 'special'; cause: string; householdSize: number }[] = [
  { externalId: 'demo-hardship-1', unit: u.huaxing.code, level: 'special', cause: 'illness', householdSize: 4 },
  { externalId: 'demo-hardship-2', unit: u.nanshan.code, level: 'general', cause: 'single_parent', householdSize: 2 },
  { externalId: 'demo-hardship-3', unit: u.kuaida.code, level: 'severe', cause: 'disability', householdSize: 3 },
  { externalId: 'demo-hardship-4', unit: u.xinan.code, level: 'general', cause: 'education', householdSize: 5 },
]

/** Seeds an empty database; a database that already has an org tree is left alone. */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<boolean> {
  if ((await db.orgUnit.count()) > 0) return false
  try {
    return await seedAll(db, now)
  } catch (err) {
    // Two processes starting at once: the other one seeded first, and its tree stands.
    if (isUniqueViolation(err) && (await db.orgUnit.count()) > 0) return false
    throw err
  }
}

async function seedAll(db: Db, now: Date): Promise<boolean> {
  // Several processes may start at once on an empty database. On PostgreSQL the second one's
  // first insert waits for the first one's transaction (the unique code), then fails with a
  // unique violation: seedDemo takes that as "seeded by the other". The wait can outlast
  // Prisma's 5 s default on a busy machine, so this transaction may take a minute.
  return db.$transaction(async (tx) => {
    // Looked at again inside: on SQLite the transaction holds the write lock, so a process that
    // waited for it sees what the first one wrote.
    if ((await tx.orgUnit.count()) > 0) return false
    const ids = new Map<string, string>()
    const insert = async (u: UnitSeed, parent?: { id: string; path: string }) => {
      const path = `${parent?.path ?? '/'}${u.code}/`
      const row = await tx.orgUnit.create({
        data: { code: u.code, name: u.name, level: u.level, aliases: u.aliases.join(','), path, parentId: parent?.id ?? null },
      })
      ids.set(u.code, row.id)
      for (const child of u.children ?? []) await insert(child, { id: row.id, path })
    }
    await insert(demoOrgTree)
    for (const c of demoCadres) {
      await tx.cadre.create({
        data: {
          unitId: ids.get(c.unit)!, name: c.name, role: c.role, capacity: c.capacity ?? 20,
          workingHours: c.hours ? JSON.stringify({ weeklyHours: c.hours }) : null,
          awayUntil: c.awayDays ? new Date(now.getTime() + c.awayDays * 86_400_000) : null,
          skills: { create: c.categories.map((category) => ({ category })) },
        },
      })
    }
    await tx.slaPolicy.createMany({ data: demoSlaPolicies })
    for (const h of demoHardship) {
      const worker = await tx.worker.create({ data: { unitId: ids.get(h.unit)!, identities: { create: { channel: 'web', externalId: h.externalId } } } })
      await tx.hardshipRecord.create({
        data: { workerId: worker.id, unitId: ids.get(h.unit)!, level: h.level, cause: h.cause, householdSize: h.householdSize, enteredAt: new Date(now.getTime() - 200 * 86_400_000) },
      })
    }
    return true
  }, { timeout: 60_000, maxWait: 60_000 })
}
