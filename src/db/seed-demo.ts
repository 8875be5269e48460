import type { Category } from '../classify/types.ts'
import type { Db } from './client.ts'

/**
 * A small but complete demo union: five levels from the provincial federation down to
 * an enterprise, plus a workshop and a union group inside the large enterprise, with
 * cadres and leaders at the levels that answer workers. All names are invented.
 */
type UnitSeed = { code: string; name: string; level: string; aliases?: string; children?: UnitSeed[] }

export const demoOrgTree: UnitSeed = {
  code: 'gd', name: '广东省总工会', level: 'province', aliases: '广东',
  children: [{
    code: 'gd-sz', name: '深圳市总工会', level: 'city', aliases: '深圳',
    children: [
      {
        code: 'sz-ns', name: '南山区总工会职工服务中心', level: 'county', aliases: '南山区,南山',
        children: [{
          code: 'sz-ns-yh', name: '粤海街道工会服务站', level: 'town', aliases: '粤海街道,粤海,科技园',
          children: [
            {
              code: 'yh-hx', name: '华兴电子有限公司工会', level: 'enterprise', aliases: '华兴电子,华兴厂',
              children: [{
                code: 'hx-smt', name: '华兴电子贴片车间工会', level: 'workshop', aliases: '贴片车间,SMT车间',
                children: [{ code: 'hx-smt-3', name: '贴片车间三班工会小组', level: 'group', aliases: '三班' }],
              }],
            },
            { code: 'yh-kd', name: '快达物流有限公司工会', level: 'enterprise', aliases: '快达物流,快达' },
          ],
        }],
      },
      {
        code: 'sz-ba', name: '宝安区总工会职工服务中心', level: 'county', aliases: '宝安区,宝安',
        children: [{ code: 'sz-ba-xa', name: '新安街道工会服务站', level: 'town', aliases: '新安街道,新安' }],
      },
    ],
  }],
}

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
  { unit: 'gd-sz', name: '郑国华', role: 'leader', categories: all, hours: everyDay([['08:00', '22:00']]) },
  // The district centre's leader carries the duty phone around the clock (the 2-hour rule).
  { unit: 'sz-ns', name: '陈建平', role: 'leader', categories: all, hours: everyDay([['00:00', '24:00']]) },
  { unit: 'sz-ns', name: '林晓燕', role: 'cadre', categories: ['wage_arrears', 'legal_aid'] },
  { unit: 'sz-ns', name: '黄志伟', role: 'cadre', categories: ['wage_arrears', 'legal_aid'] },
  { unit: 'sz-ns', name: '吴丽娟', role: 'cadre', categories: ['hardship', 'other'] },
  // Saturday duty at the service centre, Monday off.
  { unit: 'sz-ns', name: '周凯', role: 'cadre', categories: ['job_seeking', 'other'], hours: { tue: officeDay, wed: officeDay, thu: officeDay, fri: officeDay, sat: officeDay } },
  { unit: 'sz-ns-yh', name: '刘春梅', role: 'leader', categories: all },
  // The street station is open at weekends for workers who cannot come on weekdays.
  { unit: 'sz-ns-yh', name: '何家豪', role: 'cadre', categories: all, capacity: 15, hours: { wed: officeDay, thu: officeDay, fri: officeDay, sat: officeDay, sun: officeDay } },
  { unit: 'yh-hx', name: '罗美玲', role: 'leader', categories: all },
  { unit: 'yh-hx', name: '谢文斌', role: 'cadre', categories: ['hardship', 'other', 'legal_aid'], capacity: 10, hours: { mon: [['08:00', '12:00'], ['13:00', '20:00']], tue: [['08:00', '12:00'], ['13:00', '20:00']], wed: [['08:00', '12:00'], ['13:00', '20:00']], thu: [['08:00', '12:00'], ['13:00', '20:00']], fri: [['08:00', '12:00'], ['13:00', '20:00']] } },
  { unit: 'sz-ba', name: '杨振东', role: 'leader', categories: all },
  // On maternity leave: her unit's cases go to its leader meanwhile.
  { unit: 'sz-ba', name: '许晴', role: 'cadre', categories: all, awayDays: 98 },
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
  { externalId: 'demo-hardship-1', unit: 'yh-hx', level: 'special', cause: 'illness', householdSize: 4 },
  { externalId: 'demo-hardship-2', unit: 'sz-ns', level: 'general', cause: 'single_parent', householdSize: 2 },
  { externalId: 'demo-hardship-3', unit: 'yh-kd', level: 'severe', cause: 'disability', householdSize: 3 },
  { externalId: 'demo-hardship-4', unit: 'sz-ba-xa', level: 'general', cause: 'education', householdSize: 5 },
]

/** Seeds an empty database; a database that already has an org tree is left alone. */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<boolean> {
  if ((await db.orgUnit.count()) > 0) return false
  try {
    await seedAll(db, now)
    return true
  } catch (err) {
    // Two processes starting at once: the other one seeded first, and its tree stands.
    if ((err as { code?: string }).code === 'P2002' && (await db.orgUnit.count()) > 0) return false
    throw err
  }
}

async function seedAll(db: Db, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const ids = new Map<string, string>()
    const insert = async (u: UnitSeed, parent?: { id: string; path: string }) => {
      const path = `${parent?.path ?? '/'}${u.code}/`
      const row = await tx.orgUnit.create({
        data: { code: u.code, name: u.name, level: u.level, aliases: u.aliases ?? '', path, parentId: parent?.id ?? null },
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
  })
}
