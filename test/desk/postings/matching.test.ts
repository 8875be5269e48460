import { describe, expect, it } from 'vitest'
import {
  broaderTerms,
  findRegion,
  normalizeJobText,
  parsePay,
  parseSubscriptionRequest,
  postingTerms,
  rankForSeeker,
  regionAncestors,
  regionByCode,
  regionContains,
  subscriptionMatches,
  tradeTerms,
  type MatchablePosting,
  type MatchableSubscription,
} from '../../../src/desk/postings/matching/index.ts'

const posting = (trade: string, regionCode: string, payMin: number | null = null, payMax: number | null = null): MatchablePosting => ({
  terms: postingTerms({ title: `招聘${trade}`, trade }),
  regionCode,
  payMin,
  payMax,
})

const subscription = (text: string): MatchableSubscription => {
  const r = parseSubscriptionRequest(text)
  return { terms: r.terms, anyTrade: r.anyTrade, regionCode: r.region?.code ?? null, payFloor: r.payFloor }
}

describe('normalizeJobText', () => {
  it('converts Traditional, full-width and case, and tidies spaces', () => {
    expect(normalizeJobText('  訂閱　ＣＮＣ  操作工，月薪６０００以上 ')).toBe('订阅 cnc 操作工,月薪6000以上')
    expect(normalizeJobText('叉車司機')).toBe('叉车司机')
    expect(normalizeJobText('銲工')).toBe('焊工')
  })
})

describe('trade synonyms', () => {
  it('reads every way of saying forklift driver as 叉车司机', () => {
    for (const word of ['叉车', '叉车司机', '铲车', '叉车工', '叉车员', '堆高机', '开叉车']) {
      expect(tradeTerms(word), word).toEqual(['叉车司机'])
    }
  })

  it('reads 电焊, 电焊工, 氩弧焊 and 气保焊 as 焊工', () => {
    expect(tradeTerms('电焊')).toEqual(['焊工'])
    expect(tradeTerms('招聘电焊工3名')).toEqual(['焊工'])
    expect(tradeTerms('氩弧焊、气保焊')).toEqual(['焊工'])
  })

  it('matches a 叉车司机 posting for 叉车, 叉车司机 and 铲车 subscribers', () => {
    const p = posting('叉车司机', '330902')
    for (const text of ['订阅 叉车', '订阅 叉车司机', '订阅 铲车']) expect(subscriptionMatches(subscription(text), p), text).toBe(true)
  })

  it('reads Traditional input', () => {
    expect(tradeTerms('叉車司機')).toEqual(['叉车司机'])
    expect(tradeTerms('電工')).toEqual(['电工'])
    expect(tradeTerms('銲工')).toEqual(['焊工'])
    expect(tradeTerms('焊工')).toEqual(['焊工'])
  })

  it('respects word boundaries: no 保安 in 确保安全, no 司机 in 公司机构', () => {
    expect(tradeTerms('上班时确保安全')).toEqual([])
    expect(tradeTerms('我们公司机构调整')).toEqual([])
  })

  it('tells the lathe 车工 from the sewing 车工', () => {
    expect(tradeTerms('机加工厂招车工')).toEqual(['车工'])
    expect(tradeTerms('缝纫车工')).toEqual(['缝纫工'])
    expect(tradeTerms('服装厂招车工')).toEqual(['缝纫工'])
    expect(tradeTerms('挡车工')).toEqual(['纺织工'])
  })

  it('lets the narrower of two trades side by side stand for both', () => {
    expect(tradeTerms('a2驾照司机')).toEqual(['货车司机'])
    expect(tradeTerms('找铝合金门窗安装的活')).toEqual(['门窗安装工'])
    expect(tradeTerms('货车 司机')).toEqual(['货车司机'])
  })

  it('finds trade words jieba joins to the verb before them', () => {
    expect(tradeTerms('急招数控')).toEqual(['数控操作工'])
    expect(tradeTerms('急招安保')).toEqual(['保安'])
    expect(tradeTerms('我想找出纳的工作')).toEqual(['出纳'])
    expect(tradeTerms('招聘cnc2名')).toEqual(['数控操作工'])
  })

  it('keeps each term once, in the order first named', () => {
    expect(tradeTerms('招电工、焊工、电焊工、维修电工')).toEqual(['电工', '焊工'])
  })
})

describe('trade families', () => {
  it('knows the broader terms', () => {
    expect(broaderTerms('货车司机')).toEqual(['司机'])
    expect(broaderTerms('危险品运输司机')).toEqual(['货车司机', '司机'])
    expect(broaderTerms('叉车司机')).toEqual([])
    expect(broaderTerms('船舶焊工')).toEqual(['焊工', '船舶工'])
    expect(broaderTerms('不存在')).toEqual([])
  })

  it('indexes a posting under its trades and their broader terms', () => {
    expect(postingTerms({ title: '急招货车司机', trade: 'A2货车司机' })).toEqual(['货车司机', '司机'])
    expect(postingTerms({ title: '船厂招聘', trade: '船舶电焊工' })).toEqual(['船舶焊工', '焊工', '船舶工'])
  })

  it('reads the requirements only when trade and title name no trade', () => {
    expect(postingTerms({ title: '仓库管理员', trade: '仓管', requirements: '有叉车证优先' })).toEqual(['仓管员'])
    expect(postingTerms({ title: '急招', trade: '若干', requirements: '会开叉车' })).toEqual(['叉车司机'])
  })

  it('sends 货车司机 postings to 司机 subscribers, but not every 司机 posting to 叉车司机 ones', () => {
    expect(subscriptionMatches(subscription('订阅 司机'), posting('货车司机', '330902'))).toBe(true)
    expect(subscriptionMatches(subscription('订阅 叉车司机'), posting('司机', '330902'))).toBe(false)
    expect(subscriptionMatches(subscription('订阅 司机'), posting('叉车司机', '330902'))).toBe(false)
    expect(subscriptionMatches(subscription('订阅 货车司机'), posting('客车司机', '330902'))).toBe(false)
  })
})

describe('regions', () => {
  it('finds the most specific place named', () => {
    const codes = ['定海', '定海区', '舟山定海', '浙江舟山', '舟山市', '深圳南山', '南山区', '浙江省舟山市定海区'].map((t) => findRegion(t)?.code)
    expect(codes).toEqual(['330902', '330902', '330902', '330900', '330900', '440305', '440305', '330902'])
  })

  it('describes a region', () => {
    expect(findRegion('定海')).toEqual({ code: '330902', name: '定海区', short: '定海', level: 'county', parentCode: '330900', fullName: '浙江省舟山市定海区' })
    expect(regionByCode('330000')).toMatchObject({ name: '浙江省', short: '浙江', level: 'province', parentCode: null })
    expect(regionByCode('999999')).toBeNull()
  })

  it('returns null where no place is named', () => {
    expect(findRegion('招聘电焊工3名')).toBeNull()
    expect(findRegion('')).toBeNull()
  })

  it('contains: 定海 in 舟山 in 浙江, not in 宁波; 南山区 in 深圳', () => {
    expect(regionContains('330900', '330902')).toBe(true)
    expect(regionContains('330000', '330902')).toBe(true)
    expect(regionContains('330000', '330900')).toBe(true)
    expect(regionContains('330902', '330902')).toBe(true)
    expect(regionContains('330200', '330902')).toBe(false)
    expect(regionContains('330902', '330900')).toBe(false)
    expect(regionContains(findRegion('深圳')!.code, findRegion('南山区')!.code)).toBe(true)
  })

  it('lists ancestors, municipalities and 省直辖县级 included', () => {
    expect(regionAncestors('330902')).toEqual(['330902', '330900', '330000'])
    expect(regionAncestors('110101')).toEqual(['110101', '110100', '110000'])
    expect(regionAncestors('110000')).toEqual(['110000'])
    expect(regionAncestors('429004')).toEqual(['429004', '420000'])
    expect(regionByCode('429000')).toBeNull()
    expect(regionByCode('110100')).toMatchObject({ name: '北京市', level: 'city', parentCode: '110000' })
    expect(findRegion('北京')?.code).toBe('110000')
  })

  it('derives the ancestors of a code the table lacks from its digits', () => {
    expect(regionAncestors('330999')).toEqual(['330999', '330900', '330000'])
    expect(regionAncestors('x')).toEqual(['x'])
  })
})

describe('ambiguous place names', () => {
  it('lets a parent named in the same text decide', () => {
    expect(findRegion('北京朝阳')?.code).toBe('110105')
    expect(findRegion('长春朝阳区')?.code).toBe('220104')
    expect(findRegion('福州鼓楼')?.code).toBe('350102')
    expect(findRegion('徐州鼓楼区')?.code).toBe('320302')
    expect(findRegion('鹤岗南山')?.code).toBe('230404')
    expect(findRegion('舟山普陀')?.code).toBe('330903')
    expect(findRegion('辽宁朝阳县')?.code).toBe('211321')
  })

  it('prefers the larger unit, then the better known of equals', () => {
    expect(findRegion('朝阳')?.code).toBe('211300') // 朝阳市, Liaoning, over the districts
    expect(findRegion('朝阳区')?.code).toBe('110105') // Beijing's over Changchun's
    expect(findRegion('鼓楼')?.code).toBe('320106') // Nanjing's
    expect(findRegion('南山')?.code).toBe('440305') // Shenzhen's
    expect(findRegion('普陀')?.code).toBe('310107') // Shanghai's
    expect(findRegion('海南')?.code).toBe('460000') // the province, not 海南藏族自治州
    expect(findRegion('吉林')?.code).toBe('220000')
    expect(findRegion('吉林市')?.code).toBe('220200')
  })

  it('prefers the place near the union when told where that is', () => {
    expect(findRegion('普陀', { near: '330900' })?.code).toBe('330903')
    expect(findRegion('朝阳', { near: '110000' })?.code).toBe('110105')
    expect(findRegion('鼓楼', { near: '350000' })?.code).toBe('350102')
  })

  it('does not read everyday words as places, but does after their parent', () => {
    expect(findRegion('合作愉快')).toBeNull()
    expect(findRegion('比如说')).toBeNull()
    expect(findRegion('在港口装卸')).toBeNull()
    expect(findRegion('合作市')?.code).toBe('623001')
    expect(findRegion('天津和平')?.code).toBe('120101')
    expect(findRegion('郊区')).toBeNull()
    expect(findRegion('阳泉郊区')?.code).toBe('140311')
    expect(findRegion('电子厂长白班')).toBeNull()
    expect(findRegion('长白县')?.code).toBe('220623')
    expect(findRegion('龙门吊司机')).toBeNull()
  })

  it('skips where a worker is from', () => {
    expect(findRegion('我是湖南人，想在舟山找电工')?.code).toBe('330900')
    expect(findRegion('老家河南')).toBeNull()
    expect(findRegion('会做湖南菜的厨师')).toBeNull()
    expect(findRegion('舟山人力资源市场')?.code).toBe('330900')
  })
})

describe('parsePay', () => {
  it('reads a monthly floor however it is written', () => {
    for (const text of ['5000以上', '5千', '五千', '5k', '5K以上', '月薪5000', '5000元/月', '¥5000']) {
      expect(parsePay(text), text).toMatchObject({ floor: 5000 })
    }
    expect(parsePay('月薪6000')).toEqual({ floor: 6000, unit: 'month' })
  })

  it('turns day and hour pay into a month of 26 days of 8 hours', () => {
    expect(parsePay('日结200')).toEqual({ floor: 5200, unit: 'day' })
    expect(parsePay('200元/天')).toEqual({ floor: 5200, unit: 'day' })
    expect(parsePay('20元/小时')).toEqual({ floor: 4160, unit: 'hour' })
    expect(parsePay('年薪12万')).toEqual({ floor: 10000, unit: 'year' })
  })

  it('reads ranges and ceilings', () => {
    expect(parsePay('5000-8000')).toEqual({ floor: 5000, ceiling: 8000, unit: 'month' })
    expect(parsePay('5-8k')).toEqual({ floor: 5000, ceiling: 8000, unit: 'month' })
    expect(parsePay('月薪五六千')).toEqual({ floor: 5000, ceiling: 6000, unit: 'month' })
    expect(parsePay('6000以下')).toEqual({ ceiling: 6000, unit: 'month' })
  })

  it('does not take counts, ages, phones or sizes for pay', () => {
    for (const text of ['招聘电焊工3名', '18-45岁', '电话13800138000', '4.2米司机', '8小时工作制', '2024年招聘', '面议', '']) {
      expect(parsePay(text), text).toEqual({})
    }
  })
})

describe('pay floors in matching', () => {
  const floor5000: MatchableSubscription = { terms: [], anyTrade: true, regionCode: null, payFloor: 5000 }
  it('matches a range whose top reaches the floor, and a posting that gives no pay', () => {
    expect(subscriptionMatches(floor5000, posting('普工', '330902', 4500, 5500))).toBe(true)
    expect(subscriptionMatches(floor5000, posting('普工', '330902', 3000, 4000))).toBe(false)
    expect(subscriptionMatches(floor5000, posting('普工', '330902', 6000, null))).toBe(true)
    expect(subscriptionMatches(floor5000, posting('普工', '330902', 4000, null))).toBe(false)
    expect(subscriptionMatches(floor5000, posting('普工', '330902'))).toBe(true)
  })
})

describe('parseSubscriptionRequest', () => {
  it('reads the examples', () => {
    expect(parseSubscriptionRequest('订阅 电工 定海')).toMatchObject({ keywords: '电工', terms: ['电工'], anyTrade: false, region: { code: '330902' }, payFloor: null, unknownWords: [] })
    expect(parseSubscriptionRequest('订阅叉车司机')).toMatchObject({ keywords: '叉车司机', terms: ['叉车司机'], region: null })
    expect(parseSubscriptionRequest('訂閱 焊工 舟山 6000以上')).toMatchObject({ keywords: '焊工', terms: ['焊工'], region: { code: '330900' }, payFloor: 6000 })
    expect(parseSubscriptionRequest('我想订阅保安的岗位')).toMatchObject({ terms: ['保安'], anyTrade: false, unknownWords: [] })
    expect(parseSubscriptionRequest('订阅 舟山')).toMatchObject({ keywords: '', terms: [], anyTrade: true, region: { code: '330900' } })
    expect(parseSubscriptionRequest('订阅')).toEqual({ keywords: '', terms: [], anyTrade: true, region: null, payFloor: null, unknownWords: [] })
  })

  it('shows the worker their own words back', () => {
    expect(parseSubscriptionRequest('訂閱 叉車 舟山')).toMatchObject({ keywords: '叉車', terms: ['叉车司机'], region: { code: '330900' } })
  })

  it('reports words it did not understand, and does not subscribe to everything for them', () => {
    expect(parseSubscriptionRequest('订阅 程序员 舟山')).toMatchObject({ terms: [], anyTrade: false, unknownWords: ['程序员'], region: { code: '330900' } })
    expect(parseSubscriptionRequest('订阅 电工 律师')).toMatchObject({ terms: ['电工'], unknownWords: ['律师'] })
    expect(parseSubscriptionRequest('订阅 工种不限 舟山')).toMatchObject({ anyTrade: true, unknownWords: [] })
  })

  it('does not report how the worker asked, nor conditions', () => {
    expect(parseSubscriptionRequest('你好，帮我订阅一下电工的工作，包吃住，长白班，谢谢').unknownWords).toEqual([])
  })

  it('uses the place near the union for shared names', () => {
    expect(parseSubscriptionRequest('订阅 焊工 普陀', { near: '330900' }).region?.code).toBe('330903')
  })
})

describe('subscriptionMatches', () => {
  it('matches by region containment', () => {
    const s = subscription('订阅 电工 舟山')
    expect(subscriptionMatches(s, posting('维修电工', '330902'))).toBe(true)
    expect(subscriptionMatches(s, posting('维修电工', '330200'))).toBe(false)
    expect(subscriptionMatches({ ...s, regionCode: null }, posting('维修电工', '330200'))).toBe(true)
    expect(subscriptionMatches(subscription('订阅 电工 定海'), posting('电工', '330900'))).toBe(false)
  })

  it('pushes a posting of no known trade only to anyTrade subscribers', () => {
    const odd = posting('若干', '330902')
    expect(odd.terms).toEqual([])
    expect(subscriptionMatches(subscription('订阅 定海'), odd)).toBe(true)
    expect(subscriptionMatches(subscription('订阅 电工 定海'), odd)).toBe(false)
  })

  it('is exactly the rule the fan-out runs in SQL', () => {
    const postings = [posting('货车司机', '330902', 4500, 5500), posting('焊工', '110105', null, null), posting('保安', '429004', 3000, null)]
    const subs: MatchableSubscription[] = [
      { terms: ['司机'], anyTrade: false, regionCode: '330000', payFloor: 5000 },
      { terms: ['焊工', '电工'], anyTrade: false, regionCode: '110100', payFloor: 9000 },
      { terms: [], anyTrade: true, regionCode: '420000', payFloor: 3500 },
      { terms: [], anyTrade: true, regionCode: null, payFloor: null },
      { terms: ['保安'], anyTrade: false, regionCode: '429004', payFloor: 3000 },
    ]
    const sql = (s: MatchableSubscription, p: MatchablePosting) =>
      (s.anyTrade || p.terms.some((t) => s.terms.includes(t))) &&
      (s.regionCode === null || regionAncestors(p.regionCode).includes(s.regionCode)) &&
      (s.payFloor === null || (p.payMax ?? p.payMin) === null || (p.payMax ?? p.payMin)! >= s.payFloor)
    const got = subs.map((s) => postings.map((p) => subscriptionMatches(s, p)))
    expect(got).toEqual(subs.map((s) => postings.map((p) => sql(s, p))))
    expect(got).toEqual([
      [true, false, false],
      [false, true, false],
      [false, false, false],
      [true, true, true],
      [false, false, true],
    ])
  })
})

describe('rankForSeeker', () => {
  const p = (id: string, trade: string, regionCode: string, payMax: number | null = null) => ({
    id, title: `招${trade}`, trade, ...posting(trade, regionCode, null, payMax),
  })
  const board = [
    p('bj-store', '仓管员', '110105', 9000),
    p('nb-fork', '叉车司机', '330206', 8000),
    p('dh-guard', '保安', '330902', 4000),
    p('zs-fork', '叉车工', '330900'),
    p('hz-truck', '货车司机', '330106', 9000),
    p('dh-fork', '叉车', '330902', 6000),
  ]

  it('puts the trade first, then the place, then pay; drops what matches neither', () => {
    expect(rankForSeeker('我想找叉车的工作，在舟山', board, 10)).toEqual(['dh-fork', 'zs-fork', 'nb-fork', 'dh-guard'])
    expect(rankForSeeker('我想找叉车的工作，在舟山', board, 2)).toEqual(['dh-fork', 'zs-fork'])
  })

  it('ranks by pay among equals', () => {
    const welders = [p('a', '焊工', '330902', 7000), p('b', '船舶电焊工', '330903', 9000), p('c', '电工', '330902', 12000)]
    expect(rankForSeeker('有没有电焊工的活', welders, 5)).toEqual(['b', 'a'])
  })

  it('puts postings reaching the seeker’s pay first', () => {
    const forks = [p('low', '叉车', '330902', 5000), p('high', '叉车', '330902', 7000), p('none', '叉车', '330902')]
    expect(rankForSeeker('叉车 定海 6000以上', forks, 5)).toEqual(['high', 'none', 'low'])
  })

  it('shows the same family after the trade named', () => {
    const drivers = [p('bus', '大巴司机', '330902', 9000), p('truck', '货车司机', '330902', 6000)]
    expect(rankForSeeker('找货车司机的活', drivers, 5)).toEqual(['truck', 'bus'])
  })

  it('reads shared place names near the union when told where it is', () => {
    const guards = [p('sh', '保安', '310107', 9000), p('zs', '保安', '330903', 5000)]
    expect(rankForSeeker('普陀有保安的活吗', guards, 5)).toEqual(['sh', 'zs'])
    expect(rankForSeeker('普陀有保安的活吗', guards, 5, { near: '330900' })).toEqual(['zs', 'sh'])
  })

  it('returns nothing when neither trade nor place is named', () => {
    expect(rankForSeeker('你好', board, 5)).toEqual([])
    expect(rankForSeeker('叉车', board, 0)).toEqual([])
  })
})
