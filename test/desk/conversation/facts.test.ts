import { describe, expect, it } from 'vitest'
import { categories, type Category } from '../../../src/classify/types.ts'
import {
  describeFacts, extractFacts, FactKey, Facts, factSpecs, factsNeeded, nextQuestion, type FactSpec,
} from '../../../src/desk/conversation/facts/index.ts'
import { findNumbers, parseNumeral } from '../../../src/desk/conversation/facts/numbers.ts'

type Case = [text: string, expected: Partial<Facts>]
type AskedCase = [asked: FactKey, text: string, expected: Partial<Facts>]

// Each message as a worker might type it: run-on, spaces for commas, typos, no punctuation.
// `expected` is the whole answer: a key the rules should not find must stay out.
const wageArrears: Case[] = [
  ['欠了我三个月工资一共两万四', { monthsOwed: 3, amountOwed: 24000 }],
  ['我在浙江省舟山市定海区海丰船舶修造有限公司干了半年 老板欠我们五六个人的工资 一共八千块 没签合同', {
    employer: '浙江省舟山市定海区海丰船舶修造有限公司', workplace: '浙江省舟山市定海区', amountOwed: 8000, workersAffected: 5, contract: false,
  }],
  ['在宏达建筑干活 老板拖了仨月工钱不给', { employer: '宏达建筑', monthsOwed: 3 }],
  ['老板姓王的装修队 在宁波北仑 欠我1.5万', { employer: '老板姓王的装修队', workplace: '宁波北仑', amountOwed: 15000 }],
  ['我们在深圳南山一个工地干活包工头欠了十几个工友两个多月的工资', { workplace: '深圳南山', workersAffected: 10, monthsOwed: 2 }],
  ['一个月工资5000 欠了三个月了', { monthsOwed: 3 }],
  ['在这个厂干了三年了 这次欠了我两万', { amountOwed: 20000 }],
  ['劳动合同有的 就是老板跑了', { contract: true }],
  ['在定海宏达厂上班 3月到6月的工资都没发', { employer: '定海宏达厂', workplace: '定海', monthsOwed: 4 }],
  ['公司名字不知道 老板姓李 在沈家门', { employer: '老板姓李', workplace: '沈家门' }],
  ['老板欠了八千块钱一直不给 签了合同的', { amountOwed: 8000, contract: true }],
  ['我们12个人在金塘镇的工地 工钱一万二一个都没拿到', { workersAffected: 12, workplace: '金塘镇', amountOwed: 12000 }],
  ['欠薪两万多 没有合同 口头说好的', { amountOwed: 20000, contract: false }],
  ['老版欠我工姿8000没给', { amountOwed: 8000 }],
  ['东莞长安镇的宏远电子厂拖欠工资半年了', { employer: '宏远电子厂', workplace: '东莞长安镇', monthsOwed: 6 }],
  ['在盐仓街道一个小作坊干 老板就给了一半 还差3000', { workplace: '盐仓街道', amountOwed: 3000 }],
  ['李老板的工程队欠我们兄弟七八个人工资', { employer: '李老板的工程队', workersAffected: 7 }],
  ['就我一个人被欠 一个半月的工资', { workersAffected: 1, monthsOwed: 1.5 }],
  ['给包工头老张干的活 他欠了我2w', { employer: '包工头老张', amountOwed: 20000 }],
  ['老板一直说没钱 我电话13812345678', {}],
  ['工资一直拖着不发怎么办', {}],
  ['宁波北仑港区附近的厂 没签合同 欠了两个月', { workplace: '宁波北仑港区', contract: false, monthsOwed: 2 }],
  ['在美团送外卖 站长扣了我一千五', { employer: '美团', amountOwed: 1500 }],
  ['你好 我想问下 老板欠了我们工资快半年了 到现在一分钱都没给 我们有二十多个人 在岱山高亭那边的一个船厂', { monthsOwed: 6, workersAffected: 20, workplace: '岱山高亭' }],
  ['工地老板跑路了 欠我们三万多 一起干活的有八个老乡', { amountOwed: 30000, workersAffected: 8 }],
  ['去年干的活到现在还没结 九千多块', { amountOwed: 9000 }],
  ['在华东建设集团的项目上 班组长说公司没钱 欠我们班组20几个人的钱', { employer: '华东建设集团', workersAffected: 20 }],
  // A monthly wage is not the sum owed; two months worked and not paid are months owed.
  ['工资是4000一个月 干了两个月 一分没拿到', { monthsOwed: 2 }],
  ['老板说月底给 结果拖到现在 快3个月了 大概一万五', { monthsOwed: 3, amountOwed: 15000 }],
  ['定海区白泉镇浩海水产加工厂', { employer: '定海区白泉镇浩海水产加工厂', workplace: '定海区白泉镇' }],
  ['公司叫舟山海丰船舶修造 在定海', { employer: '舟山海丰船舶修造', workplace: '定海' }],
  ['在一家叫宏达的公司', { employer: '宏达公司' }],
  ['从河南来的 在舟山干了两年 今年工资一直拖', { workplace: '舟山' }],
  ['工资卡号6222021234567890123 欠八千', { amountOwed: 8000 }],
  ['我在这家公司上班 有限公司', {}],
  ['万一老板不给怎么办 千万帮帮我们', {}],
  ['在工地干了三个月', {}],
]

const legalAid: Case[] = [
  ['上个月被公司辞退了 一分钱补偿都没有 公司叫海丰物流', { issue: 'dismissal', since: '上个月', employer: '海丰物流' }],
  ['去年十月在工地上摔伤了腿 老板不给报工伤', { issue: 'work_injury', since: '去年十月' }],
  ['公司两年没给我们交社保', { issue: 'social_insurance', since: '两年' }],
  ['天天加班到晚上十一点 加班费一分没有 在宏达电子有限公司', { issue: 'overtime', employer: '宏达电子有限公司' }],
  ['试用期过了还不给签合同 2025年3月进的厂', { issue: 'contract', since: '2025年3月' }],
  ['受伤三个月了 公司不管 医药费都是自己垫的', { issue: 'work_injury', since: '三个月了' }],
  ['老板说我干得不好让我走人 在舟山远洋渔业公司干了五年', { issue: 'dismissal', employer: '舟山远洋渔业公司' }],
  ['他们扣了我身份证不还', { issue: 'contract' }],
  ['我在厂里干了八年 今年3月份突然说不要我了 也没有赔偿', { issue: 'dismissal', since: '今年3月份' }],
  ['机器把手压断了 厂里说是我自己不小心', { issue: 'work_injury' }],
  ['三年前进的公司 去年12月开始不交社保', { issue: 'social_insurance', since: '去年12月开始' }],
  ['一天干12个小时 一个月休息两天', { issue: 'overtime' }],
  ['想咨询一下法律问题', {}],
]

const jobSeeking: Case[] = [
  ['想在舟山找个电工的活 有高压电工证 工资六七千就行', { trade: '电工', place: '舟山', expectedPay: '月薪6000-7000元', skills: '高压电工证' }],
  ['我是叉车司机 有叉车证 想在宁波北仑找 月薪8000以上', { trade: '叉车司机', place: '宁波北仑', expectedPay: '月薪8000元以上', skills: '叉车证' }],
  ['焊工 干了十年 二保焊氩弧焊都会 想去定海的船厂', { trade: '焊工', skills: '干了十年', place: '定海' }],
  ['有没有普工的活 深圳南山附近的 一个月五千左右', { trade: '普工', place: '深圳南山', expectedPay: 5000 }],
  ['我老婆想找保洁的工作 在普陀这边 一天200也行', { trade: '保洁', place: '普陀', expectedPay: '日薪200元' }],
  ['会开叉车 也有c1驾照', { trade: '叉车司机', skills: '会开叉车、c1驾照' }],
  ['今年45了 想找个活干', {}],
  ['有没有招电焊工的 我有焊工证 在舟山', { trade: '电焊工', skills: '焊工证', place: '舟山' }],
  ['我想找个保安的工作 50岁了 要求一个月四千', { trade: '保安', expectedPay: 4000 }],
  ['找工作 我会电脑 做过文员 想在定海找', { trade: '文员', skills: '会电脑', place: '定海' }],
]

const hardship: Case[] = [
  ['家里四口人 老婆得了尿毒症 每周透析 我一个月工资三千多', { householdSize: 4, hardshipCause: 'illness', householdIncome: 3000 }],
  ['一家三口 孩子考上大学了学费交不起 家里一年收入三万', { householdSize: 3, hardshipCause: 'school_fees', householdIncome: 2500 }],
  ['厂子倒闭了 我和老公都没工作 家里没有收入 上有老下有小', { hardshipCause: 'unemployment', householdIncome: 0 }],
  ['我是残疾人 有残疾证 低保每月600', { hardshipCause: 'disability', householdIncome: 600 }],
  ['台风把房子吹塌了 五口之家没地方住', { hardshipCause: 'disaster', householdSize: 5 }],
  ['看病花了十几万 借了好多钱', { hardshipCause: 'illness' }],
  // Two incomes and no word for the total: adding or choosing would be a guess.
  ['我以前一个月5000 老婆2000', {}],
  ['家里5口人 我爸癌症晚期 每个月药费好几千 我工资才2800', { householdSize: 5, hardshipCause: 'illness', householdIncome: 2800 }],
  ['一家人就靠我老公每个月两千五 我身体不好干不了活', { householdIncome: 2500, hardshipCause: 'illness' }],
  ['房子着火烧没了', { hardshipCause: 'disaster' }],
]

const asked: [Category, ...AskedCase][] = [
  ['wage_arrears', 'workersAffected', '五个', { workersAffected: 5 }],
  ['wage_arrears', 'workersAffected', '五六个人吧', { workersAffected: 5 }],
  ['wage_arrears', 'workersAffected', '就我', { workersAffected: 1 }],
  ['wage_arrears', 'workersAffected', '3个月', { monthsOwed: 3 }],
  ['wage_arrears', 'contract', '有', { contract: true }],
  ['wage_arrears', 'contract', '有的', { contract: true }],
  ['wage_arrears', 'contract', '没签', { contract: false }],
  ['wage_arrears', 'contract', '没有', { contract: false }],
  ['wage_arrears', 'contract', '签了', { contract: true }],
  ['wage_arrears', 'monthsOwed', '3个月', { monthsOwed: 3 }],
  ['wage_arrears', 'monthsOwed', '三', { monthsOwed: 3 }],
  ['wage_arrears', 'monthsOwed', '半年', { monthsOwed: 6 }],
  ['wage_arrears', 'amountOwed', '８０００', { amountOwed: 8000 }],
  ['wage_arrears', 'amountOwed', '大概一万多', { amountOwed: 10000 }],
  ['wage_arrears', 'amountOwed', '两万四', { amountOwed: 24000 }],
  ['wage_arrears', 'employer', '宏达', { employer: '宏达' }],
  ['wage_arrears', 'employer', '宏达 定海', { employer: '宏达', workplace: '定海' }],
  ['wage_arrears', 'employer', '大家都叫它海丰厂', { employer: '海丰厂' }],
  ['wage_arrears', 'employer', '没有名字 就是个小工地', {}],
  ['wage_arrears', 'workplace', '定海', { workplace: '定海' }],
  ['wage_arrears', 'workplace', '南山', { workplace: '南山' }],
  ['wage_arrears', 'workplace', '新港工业园', { workplace: '新港工业园' }],
  ['wage_arrears', 'workplace', '在定海 一共欠了三个月', { workplace: '定海', monthsOwed: 3 }],
  ['legal_aid', 'since', '三个月了', { since: '三个月了' }],
  ['legal_aid', 'since', '很久了', { since: '很久了' }],
  ['legal_aid', 'issue', '被开除了', { issue: 'dismissal' }],
  ['legal_aid', 'issue', '工作调动 不同意就降工资', { issue: 'other' }],
  ['job_seeking', 'trade', '都行', { trade: '不限' }],
  ['job_seeking', 'trade', '搬砖', { trade: '搬砖' }],
  ['job_seeking', 'place', '哪里都行', { place: '不限' }],
  ['job_seeking', 'expectedPay', '5000到7000', { expectedPay: '月薪5000-7000元' }],
  ['job_seeking', 'expectedPay', '6000', { expectedPay: 6000 }],
  ['job_seeking', 'skills', '没有', { skills: '无' }],
  ['hardship', 'householdSize', '4口', { householdSize: 4 }],
  ['hardship', 'householdSize', '就我自己', { householdSize: 1 }],
  ['hardship', 'householdIncome', '没有收入', { householdIncome: 0 }],
  ['hardship', 'householdIncome', '两千左右', { householdIncome: 2000 }],
  ['hardship', 'hardshipCause', '老公跑了 一个人带两个孩子', { hardshipCause: 'other' }],
  ['hardship', 'householdSize', '我和老婆 还有两个孩子', { householdSize: 4 }],
  ['hardship', 'householdSize', '五口', { householdSize: 5 }],
  ['hardship', 'householdIncome', '大概2000多一个月', { householdIncome: 2000 }],
  ['wage_arrears', 'contract', '签是签了 合同在老板那里', { contract: true }],
  ['wage_arrears', 'contract', '不是很清楚 好像没签', { contract: false }],
  ['wage_arrears', 'contract', '嗯', { contract: true }],
  ['wage_arrears', 'employer', '好像是叫什么海鑫的', { employer: '海鑫' }],
  ['wage_arrears', 'employer', '你们什么时候能帮我要回来', {}],
  ['wage_arrears', 'workplace', '舟山 定海区 临城街道', { workplace: '舟山定海区临城街道' }],
  ['wage_arrears', 'workplace', '就在我们村里', {}],
  ['wage_arrears', 'workersAffected', '二十来个人', { workersAffected: 20 }],
  ['wage_arrears', 'workersAffected', '很多人', {}],
  ['wage_arrears', 'amountOwed', '3万5', { amountOwed: 35000 }],
  // "一直" is not the number one.
  ['wage_arrears', 'amountOwed', '我也不知道具体多少 老板一直没算账', { amountOwed: 'unknown' }],
  ['wage_arrears', 'monthsOwed', '欠了好几个月了', {}],
  ['wage_arrears', 'monthsOwed', '三个人', { workersAffected: 3 }],
  ['legal_aid', 'issue', '就是我刚才说的', {}],
  ['legal_aid', 'since', '不太记得了 大概去年吧', { since: '去年' }],
  ['legal_aid', 'since', '2024年底', { since: '2024年底' }],
  ['job_seeking', 'place', '舟山本地', { place: '舟山' }],
  ['job_seeking', 'expectedPay', '七八千吧', { expectedPay: '月薪7000-8000元' }],
  ['job_seeking', 'expectedPay', '8k', { expectedPay: 8000 }],
  ['job_seeking', 'skills', '做了十几年厨师 有厨师证和健康证', { trade: '厨师', skills: '做了十几年厨师、厨师证、健康证' }],
]

const skips: [Category, FactKey, string][] = [
  ['wage_arrears', 'amountOwed', '不知道'],
  ['wage_arrears', 'employer', '不清楚'],
  ['wage_arrears', 'contract', '跳过'],
  ['wage_arrears', 'workersAffected', '我也不太清楚啊'],
  ['hardship', 'householdIncome', '不想说'],
  ['hardship', 'hardshipCause', '不方便说'],
  ['legal_aid', 'since', '记不清了'],
  ['job_seeking', 'expectedPay', '跳过吧'],
]

const run = (category: Category) => ([text, expected]: Case) => {
  expect(extractFacts(category, text)).toEqual(expected)
}

describe('extractFacts', () => {
  it.each(wageArrears)('wage arrears: %s', (text, expected) => run('wage_arrears')([text, expected]))
  it.each(legalAid)('legal aid: %s', (text, expected) => run('legal_aid')([text, expected]))
  it.each(jobSeeking)('job seeking: %s', (text, expected) => run('job_seeking')([text, expected]))
  it.each(hardship)('hardship: %s', (text, expected) => run('hardship')([text, expected]))

  it.each(asked)('%s, asked %s: %s', (category, key, text, expected) => {
    expect(extractFacts(category, text, { asked: key })).toEqual(expected)
  })

  it.each(skips)('%s, asked %s: "%s" is unknown', (category, key, text) => {
    expect(extractFacts(category, text, { asked: key })).toEqual({ [key]: 'unknown' })
  })

  it('reads long messages without slowing down', () => {
    const long = '老板欠了我们三个月工资 '.repeat(400)
    const started = performance.now()
    expect(extractFacts('wage_arrears', long)).toMatchObject({ monthsOwed: 3 })
    expect(performance.now() - started).toBeLessThan(2000) // a runaway pattern takes minutes; a loaded machine may take a few hundred ms
  })

  it('does not take a skip as an answer when nothing was asked', () => {
    expect(extractFacts('wage_arrears', '不知道')).toEqual({})
  })

  it('skips one fact and answers another in the same message', () => {
    expect(extractFacts('wage_arrears', '钱数不清楚 三个月了', { asked: 'amountOwed' })).toEqual({ amountOwed: 'unknown', monthsOwed: 3 })
    expect(extractFacts('wage_arrears', '合同签没签不知道 老板欠我五千')).toEqual({ contract: 'unknown', amountOwed: 5000 })
  })

  it('takes a value over a skip for the same fact', () => {
    expect(extractFacts('wage_arrears', '具体多少不清楚 大概两万', { asked: 'amountOwed' })).toEqual({ amountOwed: 20000 })
  })

  it('reads Traditional characters and full-width digits as it reads Simplified', () => {
    expect(extractFacts('wage_arrears', '欠了我三個月工資一共兩萬四')).toEqual({ monthsOwed: 3, amountOwed: 24000 })
    expect(extractFacts('wage_arrears', '老闆姓王的裝修隊 在寧波北侖 欠我１５０００元 沒簽合同')).toEqual({
      employer: '老板姓王的装修队', workplace: '宁波北仑', amountOwed: 15000, contract: false,
    })
    expect(extractFacts('hardship', '家裡四口人 老婆住院動手術')).toEqual({ householdSize: 4, hardshipCause: 'illness' })
    expect(extractFacts('wage_arrears', '沒有', { asked: 'contract' })).toEqual({ contract: false })
    expect(extractFacts('wage_arrears', '不曉得', { asked: 'amountOwed' })).toEqual({ amountOwed: 'unknown' })
  })

  it('answers two questions asked one after the other in one message', () => {
    // The desk asked for the employer; the worker also says where and how much.
    expect(extractFacts('wage_arrears', '海丰船舶修造有限公司 在舟山定海 欠了我一万二', { asked: 'employer' })).toEqual({
      employer: '海丰船舶修造有限公司', workplace: '舟山定海', amountOwed: 12000,
    })
  })

  it('finds only the category’s keys', () => {
    expect(extractFacts('other', '在宏达建筑干活 欠了三个月 家里四口人')).toEqual({})
    expect(extractFacts('hardship', '在宏达建筑干活 欠了三个月')).toEqual({})
  })

  it('ignores an asked key that is not the category’s, and empty text', () => {
    expect(extractFacts('job_seeking', '五个', { asked: 'workersAffected' })).toEqual({})
    expect(extractFacts('wage_arrears', '   ', { asked: 'employer' })).toEqual({})
  })

  it('gives values that parse as Facts', () => {
    for (const [category, cases] of [['wage_arrears', wageArrears], ['legal_aid', legalAid], ['job_seeking', jobSeeking], ['hardship', hardship]] as const) {
      for (const [text] of cases) expect(Facts.safeParse(extractFacts(category, text)).success).toBe(true)
    }
  })
})

describe('numbers as workers write them', () => {
  it.each([
    ['8000', 8000], ['1.5万', 15000], ['2w', 20000], ['3k', 3000], ['八千', 8000], ['两万四', 24000], ['一万二', 12000],
    ['三千五', 3500], ['一万二千五', 12500], ['三千五百', 3500], ['一百零五', 105], ['十二', 12], ['二十', 20], ['十几', 10],
    ['二〇二五', 2025], ['2万4', 24000], ['十几万', 100000],
  ] as const)('%s is %d', (run, value) => {
    expect(parseNumeral(run)).toBe(value)
  })

  it.each(['几', '几十', '几千'])('%s is no number', (run) => {
    expect(parseNumeral(run)).toBeNull()
  })

  it('keeps a spoken range, and leaves out phone numbers', () => {
    expect(findNumbers('五六个人').map((n) => [n.value, n.upper])).toEqual([[5, 6]])
    expect(findNumbers('两三万').map((n) => [n.value, n.upper])).toEqual([[20000, 30000]])
    expect(findNumbers('电话13812345678')).toEqual([])
    // Two numbers run together are read apart: 一万二 and 一.
    expect(findNumbers('一万二一个').map((n) => n.value)).toEqual([12000, 1])
  })
})

describe('factSpecs', () => {
  it('asks every category’s facts once, in Chinese, with an example', () => {
    for (const category of categories) {
      const keys = factSpecs[category].map((s) => s.key)
      expect(new Set(keys).size).toBe(keys.length)
      for (const s of factSpecs[category]) {
        expect(FactKey.parse(s.key)).toBe(s.key)
        expect(s.question).toMatch(/？/)
        expect(s.question).toMatch(/比如/)
        // One short question a cheap phone shows whole.
        expect([...s.question].length).toBeLessThanOrEqual(70)
        expect(s.question).not.toMatch(/保证|一定|肯定|马上/)
      }
    }
    expect(factSpecs.other).toEqual([])
  })

  it('understands the example answers its own questions give', () => {
    for (const category of categories) {
      for (const s of factSpecs[category]) {
        const examples = [...s.question.matchAll(/“([^”]+)”/g)].map((m) => m[1]!)
        expect(examples.length).toBeGreaterThan(0)
        for (const example of examples) {
          const found = extractFacts(category, example, { asked: s.key })[s.key]
          expect(found, `${category}.${s.key}: “${example}”`).toBeDefined()
          if (example === '跳过') expect(found).toBe('unknown')
          else expect(found, `${category}.${s.key}: “${example}”`).not.toBe('unknown')
        }
      }
    }
  })

  it('marks health and income sensitive, and nothing else', () => {
    const sensitive = categories.flatMap((c) => factSpecs[c].filter((s) => s.sensitive).map((s) => `${c}.${s.key}`))
    expect(sensitive.sort()).toEqual(['hardship.hardshipCause', 'hardship.householdIncome'])
  })

  it('needs only keys the category asks', () => {
    for (const category of categories) {
      for (const need of factsNeeded[category].flat()) expect(factSpecs[category].map((s) => s.key)).toContain(need)
    }
  })
})

describe('nextQuestion', () => {
  const key = (s: FactSpec | null) => s?.key ?? null

  it('asks for wage arrears in order and stops at employer, place and amount or months', () => {
    expect(key(nextQuestion('wage_arrears', {}))).toBe('employer')
    expect(key(nextQuestion('wage_arrears', { employer: '宏达建筑' }))).toBe('workplace')
    expect(key(nextQuestion('wage_arrears', { employer: '宏达建筑', workplace: '定海' }))).toBe('amountOwed')
    expect(nextQuestion('wage_arrears', { employer: '宏达建筑', workplace: '定海', amountOwed: 8000 })).toBeNull()
    expect(nextQuestion('wage_arrears', { employer: '宏达建筑', workplace: '定海', monthsOwed: 3 })).toBeNull()
  })

  it('asks what is missing first, whatever the worker said first', () => {
    expect(key(nextQuestion('wage_arrears', { amountOwed: 24000, monthsOwed: 3 }))).toBe('employer')
    expect(key(nextQuestion('wage_arrears', { employer: '宏达建筑', amountOwed: 24000 }))).toBe('workplace')
  })

  it('never asks again what the worker passed over', () => {
    expect(key(nextQuestion('wage_arrears', { employer: 'unknown' }))).toBe('workplace')
    // No amount: ask the months instead.
    expect(key(nextQuestion('wage_arrears', { employer: '宏达建筑', workplace: '定海', amountOwed: 'unknown' }))).toBe('monthsOwed')
    expect(nextQuestion('wage_arrears', { employer: 'unknown', workplace: 'unknown', amountOwed: 'unknown', monthsOwed: 'unknown' })).toBeNull()
  })

  it('asks legal aid, job seeking and hardship their own facts', () => {
    expect(key(nextQuestion('legal_aid', {}))).toBe('issue')
    expect(key(nextQuestion('legal_aid', { issue: 'work_injury' }))).toBe('employer')
    expect(key(nextQuestion('legal_aid', { issue: 'work_injury', employer: '宏达' }))).toBe('since')
    expect(nextQuestion('legal_aid', { issue: 'work_injury', employer: '宏达', since: '上个月' })).toBeNull()
    expect(key(nextQuestion('job_seeking', {}))).toBe('trade')
    expect(key(nextQuestion('job_seeking', { trade: '电工' }))).toBe('place')
    expect(nextQuestion('job_seeking', { trade: '电工', place: '定海' })).toBeNull()
    expect(key(nextQuestion('hardship', {}))).toBe('householdSize')
    const cause = nextQuestion('hardship', { householdSize: 4 })
    expect(cause).toMatchObject({ key: 'hardshipCause', sensitive: true })
    expect(key(nextQuestion('hardship', { householdSize: 4, hardshipCause: 'illness' }))).toBe('householdIncome')
    expect(nextQuestion('hardship', { householdSize: 4, hardshipCause: 'illness', householdIncome: 0 })).toBeNull()
  })

  it('asks nothing for other', () => {
    expect(nextQuestion('other', {})).toBeNull()
  })

  it('follows a conversation to the end', () => {
    const answers: Record<string, string> = { employer: '宏达建筑', workplace: '北仑', amountOwed: '不清楚', monthsOwed: '俩月' }
    let facts: Partial<Facts> = extractFacts('wage_arrears', '老板拖着工资不给')
    const askedKeys: FactKey[] = []
    for (let q = nextQuestion('wage_arrears', facts); q; q = nextQuestion('wage_arrears', facts)) {
      askedKeys.push(q.key)
      facts = { ...facts, ...extractFacts('wage_arrears', answers[q.key]!, { asked: q.key }) }
      expect(askedKeys.length).toBeLessThan(6)
    }
    expect(askedKeys).toEqual(['employer', 'workplace', 'amountOwed', 'monthsOwed'])
    expect(facts).toEqual({ employer: '宏达建筑', workplace: '北仑', amountOwed: 'unknown', monthsOwed: 2 })
  })
})

describe('describeFacts', () => {
  it('labels wage arrears for a cadre in asking order', () => {
    expect(describeFacts('wage_arrears', { contract: true, amountOwed: 8000, employer: '宏达建筑', monthsOwed: 3, workersAffected: 5, workplace: 'unknown' })).toEqual([
      { key: 'employer', label: '欠薪单位', value: '宏达建筑', sensitive: false },
      { key: 'workplace', label: '干活地点', value: '不清楚', sensitive: false },
      { key: 'amountOwed', label: '欠薪金额', value: '约 8000 元', sensitive: false },
      { key: 'monthsOwed', label: '欠薪月数', value: '3 个月', sensitive: false },
      { key: 'workersAffected', label: '涉及人数', value: '5 人', sensitive: false },
      { key: 'contract', label: '劳动合同', value: '已签合同', sensitive: false },
    ])
    expect(describeFacts('wage_arrears', { contract: false, monthsOwed: 0.5 }).map((f) => f.value)).toEqual(['半个月', '没签合同'])
  })

  it('shows labels for enums and marks the sensitive facts', () => {
    expect(describeFacts('legal_aid', { issue: 'work_injury', since: '上个月' }).map((f) => f.value)).toEqual(['工伤', '上个月'])
    expect(describeFacts('job_seeking', { expectedPay: 6000, trade: '电工' }).map((f) => f.value)).toEqual(['电工', '6000 元/月'])
    expect(describeFacts('job_seeking', { expectedPay: '月薪5000-7000元' })[0]!.value).toBe('月薪5000-7000元')
    expect(describeFacts('hardship', { householdSize: 4, householdIncome: 0, hardshipCause: 'school_fees' })).toEqual([
      { key: 'householdSize', label: '家庭人口', value: '4 口人', sensitive: false },
      { key: 'hardshipCause', label: '困难原因', value: '子女上学', sensitive: true },
      { key: 'householdIncome', label: '家庭月收入', value: '没有收入', sensitive: true },
    ])
    expect(describeFacts('hardship', { householdIncome: 2500 })[0]!.value).toBe('约 2500 元/月')
  })

  it('leaves out keys that are not the category’s', () => {
    expect(describeFacts('job_seeking', { employer: '宏达', householdSize: 3 })).toEqual([])
    expect(describeFacts('other', { employer: '宏达' })).toEqual([])
  })
})
