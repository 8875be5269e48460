import { describe, expect, it } from 'vitest'
import { findRegion, parsePay, parseSubscriptionRequest, postingTerms, tradeTerms } from '../../../src/desk/postings/matching/index.ts'

/**
 * Messages as workers and firms write them, with what a union cadre would read in them.
 * Each row is written by hand from the text, not from the code's output.
 */

type RequestCase = [text: string, want: { terms?: string[]; anyTrade?: boolean; region?: string | null; payFloor?: number | null; unknown?: string[] }]

const requests: RequestCase[] = [
  ['订阅 电工 定海', { terms: ['电工'], region: '330902' }],
  ['订阅叉车司机', { terms: ['叉车司机'], region: null }],
  ['訂閱 焊工 舟山 6000以上', { terms: ['焊工'], region: '330900', payFloor: 6000 }],
  ['我想订阅保安的岗位', { terms: ['保安'], region: null, unknown: [] }],
  ['订阅 舟山', { terms: [], anyTrade: true, region: '330900' }],
  ['订阅', { terms: [], anyTrade: true, region: null, payFloor: null }],
  ['订阅 电焊 舟山定海 月薪8000以上', { terms: ['焊工'], region: '330902', payFloor: 8000 }],
  ['订阅 普工 宁波北仑', { terms: ['普工'], region: '330206' }],
  ['订阅 叉车 铲车', { terms: ['叉车司机'] }],
  ['订阅 保洁 保安 深圳南山', { terms: ['保洁', '保安'], region: '440305' }],
  ['订阅 月嫂 育婴师', { terms: ['月嫂', '育婴师'] }],
  ['订阅 家政 杭州', { terms: ['家政服务员'], region: '330100' }],
  ['订阅 外卖 骑手 上海', { terms: ['外卖骑手'], region: '310000' }],
  ['订阅 快递员 广州白云', { terms: ['快递员'], region: '440111' }],
  ['订阅 舾装工 普陀', { terms: ['舾装工'], region: '310107' }],
  ['订阅 管系工 舟山 五千以上', { terms: ['管系工'], region: '330900', payFloor: 5000 }],
  ['订阅 木工 钢筋工 瓦工', { terms: ['木工', '钢筋工', '瓦工'] }],
  ['订阅 工地 日结200', { terms: ['建筑工'], payFloor: 5200 }],
  ['订阅 货车司机 a2 浙江', { terms: ['货车司机'], region: '330000' }],
  ['订阅 司机', { terms: ['司机'] }],
  ['订阅 CNC 东莞', { terms: ['数控操作工'], region: '441900' }],
  ['订阅 服装车工 中山', { terms: ['缝纫工'], region: '442000' }],
  ['订阅 仓管 文员 苏州工业园区', { terms: ['仓管员', '文员'], region: '320576' }],
  ['订阅 护工 北京朝阳', { terms: ['护工'], region: '110105' }],
  ['訂閱 電工 臺州', { terms: ['电工'], region: '331000' }],
  ['訂閱 保全 台北', { terms: [], anyTrade: false, unknown: ['保全', '台北'] }],
  ['订阅 不限 舟山 5k', { terms: [], anyTrade: true, region: '330900', payFloor: 5000 }],
  ['订阅 程序员', { terms: [], anyTrade: false, unknown: ['程序员'] }],
  ['订阅 厨师 帮厨 洗碗工 定海', { terms: ['厨师', '帮厨', '洗碗工'], region: '330902' }],
  ['订阅 收银员 超市 镇海', { terms: ['收银员'], region: '330211', unknown: [] }],
  ['我是四川人，想订阅舟山的焊工岗位', { terms: ['焊工'], region: '330900', unknown: [] }],
  ['定阅 网约车 宁波 一万以上', { terms: ['网约车司机'], region: '330200', payFloor: 10000 }],
]

describe('subscription requests', () => {
  it.each(requests)('%s', (text, want) => {
    const r = parseSubscriptionRequest(text)
    if (want.terms) expect(r.terms).toEqual(want.terms)
    if (want.anyTrade !== undefined) expect(r.anyTrade).toBe(want.anyTrade)
    if (want.region !== undefined) expect(r.region?.code ?? null).toBe(want.region)
    if (want.payFloor !== undefined) expect(r.payFloor).toBe(want.payFloor)
    if (want.unknown) expect(r.unknownWords).toEqual(want.unknown)
  })
})

type PostingCase = [trade: string, title: string, includes: string[], excludes: string[]]

const postings: PostingCase[] = [
  ['电焊工', '舟山船厂招聘电焊工10名', ['焊工', '船舶工'], ['电工']],
  ['氩弧焊工', '急招氩弧焊师傅', ['焊工'], []],
  ['叉车', '物流园急招叉车工', ['叉车司机'], ['司机', '货车司机']],
  ['货车司机', '招聘4.2米厢式货车司机', ['货车司机', '司机'], ['叉车司机']],
  ['大巴司机', '旅游公司招大巴司机 A1驾照', ['客车司机', '司机'], ['货车司机']],
  ['网约车', '滴滴合作车队招司机', ['网约车司机', '司机'], []],
  ['普工', '电子厂招普工 长白班 包吃住', ['普工'], []],
  ['操作工', '食品厂招聘操作工', ['普工'], []],
  ['包装工', '急招包装工 计件', ['包装工', '普工'], []],
  ['保安', '小区物业招保安 两班倒', ['保安'], ['保洁']],
  ['门卫', '工厂门卫 60岁以下', ['保安'], []],
  ['保洁', '写字楼保洁阿姨', ['保洁'], ['保安']],
  ['厨师', '食堂厨师 月薪6000', ['厨师'], ['帮厨']],
  ['服务员', '餐厅服务员 包吃住', ['服务员'], []],
  ['月嫂', '金牌月嫂 26天', ['月嫂', '家政服务员'], ['保姆']],
  ['住家保姆', '照顾老人 住家保姆', ['保姆', '家政服务员'], []],
  ['舾装工', '船舶舾装工若干', ['舾装工', '船舶工'], []],
  ['船体装配工', '船体装配', ['船体装配工', '船舶工'], ['装配工']],
  ['打磨工', '船厂打磨', ['船舶打磨工', '打磨工', '船舶工'], []],
  ['涂装工', '船舶涂装 喷砂', ['船舶涂装工', '涂装工', '船舶工'], []],
  ['缝纫工', '服装厂招平车工', ['缝纫工'], ['车工']],
  ['车工', '机械厂招普车车工', ['车工'], ['缝纫工']],
  ['数控', 'CNC加工中心操机员', ['数控操作工'], []],
  ['钳工', '模具钳工', ['模具工', '钳工'], []],
  ['水电工', '装修水电师傅', ['水电工', '建筑工'], ['电工']],
  ['维修电工', '持证维修电工', ['电工'], ['维修工']],
  ['电梯维保', '电梯维保工 有证', ['电梯工'], []],
  ['快递员', '顺丰招快递小哥', ['快递员'], ['外卖骑手']],
  ['外卖骑手', '美团众包骑手 日结', ['外卖骑手'], ['快递员']],
  ['搬运工', '仓库装卸搬运 日结300', ['装卸工'], []],
  ['挖机司机', '工地招挖机师傅', ['挖掘机司机', '建筑工'], ['司机']],
  ['塔吊', '塔吊司机 持证', ['塔吊司机'], ['司机']],
]

describe('posting terms', () => {
  it.each(postings)('%s / %s', (trade, title, includes, excludes) => {
    const terms = postingTerms({ trade, title })
    for (const t of includes) expect(terms).toContain(t)
    for (const t of excludes) expect(terms).not.toContain(t)
  })
})

type SeekerCase = [text: string, terms: string[], region: string | null]

const seekers: SeekerCase[] = [
  ['我想找叉车的工作，在舟山', ['叉车司机'], '330900'],
  ['有没有电焊工的活', ['焊工'], null],
  ['定海这边有招保安的吗', ['保安'], '330902'],
  ['本人会开挖机，想在宁波找活', ['挖掘机司机'], '330200'],
  ['我老婆想找个保洁的工作，离家近一点，住在普陀', ['保洁'], '310107'],
  ['有没有月嫂的活 杭州萧山', ['月嫂'], '330109'],
  ['我有A2驾照，想开货车', ['货车司机'], null],
  ['想学电工', ['电工'], null],
  ['在深圳宝安找电子厂普工', ['普工'], '440306'],
  ['我是湖南人，想在东莞找个仓管的工作', ['仓管员'], '441900'],
  ['找铝合金门窗安装的活', ['门窗安装工'], null],
  ['有装修水电的活吗', ['水电工'], null],
  ['会做川菜，想找厨师工作', ['厨师'], null],
  ['舟山有船厂招工吗', ['船舶工'], '330900'],
  ['急！找工作，什么都能干', [], null],
  ['宁波镇海炼化附近有没有招管道工的', ['管道工'], '330211'],
]

describe('job seekers’ messages', () => {
  it.each(seekers)('%s', (text, terms, region) => {
    expect(tradeTerms(text)).toEqual(terms)
    expect(findRegion(text)?.code ?? null).toBe(region)
  })
})

type PayCase = [text: string, floor: number | undefined, unit: string | undefined]

const pays: PayCase[] = [
  ['月薪5000-8000', 5000, 'month'],
  ['综合工资6千以上', 6000, 'month'],
  ['底薪3000+提成', 3000, 'month'],
  ['日结150', 3900, 'day'],
  ['一天两百', 5200, 'day'],
  ['时薪22元', 4576, 'hour'],
  ['25元一小时', 5200, 'hour'],
  ['工资七八千', 7000, 'month'],
  ['1.2万/月', 12000, 'month'],
  ['年薪15万', 12500, 'year'],
  ['工资面议', undefined, undefined],
  ['招3人，18-50岁，电话13905801234', undefined, undefined],
  ['8k+', 8000, 'month'],
  ['月入过万', 10000, 'month'],
]

describe('pay as written', () => {
  it.each(pays)('%s', (text, floor, unit) => {
    const pay = parsePay(text)
    expect(pay.floor).toBe(floor)
    expect(pay.unit).toBe(unit)
  })
})
