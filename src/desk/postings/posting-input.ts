import { z } from 'zod'

const text = (label: string, min: number, max: number) =>
  z.string().trim().min(min, `请填写${label}。`).max(max, `${label}最多 ${max} 个字。`)

const pay = z.coerce.number().int('工资请填整数（元/月）。').min(500, '月薪不能低于 500 元，请核对。').max(200_000, '月薪超过 20 万元，请核对。')

/**
 * A posting as a cadre or a firm fills it in. Pay is monthly yuan (a day rate is converted by
 * the person posting, so subscribers compare like with like); the place is a GB/T 2260 code
 * picked from the list plus the address in the firm's words.
 */
export const PostingInput = z
  .object({
    title: text('岗位名称', 2, 40),
    employerName: text('用工单位', 2, 60),
    trade: text('工种', 1, 30),
    regionCode: z.string().regex(/^\d{6}$/, '请选择工作地点所在的区县。'),
    place: text('工作地址', 2, 80),
    payMin: pay.nullable().default(null),
    payMax: pay.nullable().default(null),
    headcount: z.coerce.number().int('招聘人数请填整数。').min(1, '招聘人数至少 1 人。').max(10_000, '招聘人数超过 1 万，请核对。'),
    requirements: z.string().trim().max(1000, '岗位要求最多 1000 个字。').default(''),
    contact: text('报名方式', 5, 200),
    validUntil: z.coerce.date({ error: '请填写截止日期。' }),
  })
  .refine((p) => p.payMin === null || p.payMax === null || p.payMin <= p.payMax, { message: '最低工资不能高于最高工资。', path: ['payMax'] })
export type PostingInput = z.infer<typeof PostingInput>
export type PostingFields = z.input<typeof PostingInput>

/** A posting is on the board for at most half a year: a firm that still hires posts again. */
export const MAX_VALID_DAYS = 180

export const postingStatuses = ['draft', 'review', 'open', 'filled', 'withdrawn'] as const
export type PostingStatus = (typeof postingStatuses)[number]

export const postingStatusLabels: Record<PostingStatus | 'expired', string> = {
  draft: '草稿', review: '待审核', open: '招聘中', filled: '已招满', withdrawn: '已撤下', expired: '已过期',
}
