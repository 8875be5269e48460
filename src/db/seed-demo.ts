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

type CadreSeed = { unit: string; name: string; role: 'cadre' | 'leader'; categories: Category[]; capacity?: number }

const all: Category[] = ['wage_arrears', 'legal_aid', 'job_seeking', 'hardship', 'other']
export const demoCadres: CadreSeed[] = [
  { unit: 'gd-sz', name: '郑国华', role: 'leader', categories: all },
  { unit: 'sz-ns', name: '陈建平', role: 'leader', categories: all },
  { unit: 'sz-ns', name: '林晓燕', role: 'cadre', categories: ['wage_arrears', 'legal_aid'] },
  { unit: 'sz-ns', name: '黄志伟', role: 'cadre', categories: ['wage_arrears', 'legal_aid'] },
  { unit: 'sz-ns', name: '吴丽娟', role: 'cadre', categories: ['hardship', 'other'] },
  { unit: 'sz-ns', name: '周凯', role: 'cadre', categories: ['job_seeking', 'other'] },
  { unit: 'sz-ns-yh', name: '刘春梅', role: 'leader', categories: all },
  { unit: 'sz-ns-yh', name: '何家豪', role: 'cadre', categories: all, capacity: 15 },
  { unit: 'yh-hx', name: '罗美玲', role: 'leader', categories: all },
  { unit: 'yh-hx', name: '谢文斌', role: 'cadre', categories: ['hardship', 'other', 'legal_aid'], capacity: 10 },
  { unit: 'sz-ba', name: '杨振东', role: 'leader', categories: all },
  { unit: 'sz-ba', name: '许晴', role: 'cadre', categories: all },
]

/** First-response and resolution targets. Urgent cases: the 2-hour reporting rule. */
const hours = (h: number) => h * 3600
export const demoSlaPolicies: { category: Category; urgent: boolean; firstResponseSeconds: number; resolutionSeconds: number }[] = [
  ...all.map((category) => ({ category, urgent: true, firstResponseSeconds: hours(2), resolutionSeconds: hours(72) })),
  { category: 'wage_arrears', urgent: false, firstResponseSeconds: hours(24), resolutionSeconds: hours(15 * 24) },
  { category: 'legal_aid', urgent: false, firstResponseSeconds: hours(24), resolutionSeconds: hours(30 * 24) },
  { category: 'hardship', urgent: false, firstResponseSeconds: hours(48), resolutionSeconds: hours(30 * 24) },
  { category: 'job_seeking', urgent: false, firstResponseSeconds: hours(48), resolutionSeconds: hours(7 * 24) },
  { category: 'other', urgent: false, firstResponseSeconds: hours(72), resolutionSeconds: hours(15 * 24) },
]

/** Seeds an empty database; a database that already has an org tree is left alone. */
export async function seedDemo(db: Db): Promise<boolean> {
  if ((await db.orgUnit.count()) > 0) return false
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
          skills: { create: c.categories.map((category) => ({ category })) },
        },
      })
    }
    await tx.slaPolicy.createMany({ data: demoSlaPolicies })
  })
  return true
}
