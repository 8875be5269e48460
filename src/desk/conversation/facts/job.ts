import { findMoney } from './money.ts'
import { compact, looksLikeSentence, stripAnswer } from './text.ts'

/** Trades workers name, longest first so 叉车司机 wins over 司机 and 电焊工 over 焊工. */
const trades = `
高压电工 低压电工 电工 维修电工 水电工 电焊工 氩弧焊工 焊工 气焊工 二保焊 钳工 车工 铣工 磨工 模具工 数控 cnc 装配工 打磨工 喷漆工 油漆工 涂装工
叉车司机 叉车工 铲车司机 挖掘机司机 挖机司机 塔吊司机 吊车司机 货车司机 大车司机 网约车司机 司机 驾驶员 起重工 行车工 信号工
木工 瓦工 泥瓦工 钢筋工 架子工 混凝土工 防水工 管道工 电梯工 安装工 船体工 舾装工 普工 操作工 质检员 质检 仓管员 仓管 仓库管理员 搬运工 装卸工 分拣员
缝纫工 裁剪工 包装工 保安 保洁 清洁工 厨师 帮厨 洗碗工 服务员 收银员 快递员 外卖员 骑手 配送员 月嫂 育婴师 保姆 护工 家政 门卫 销售 文员 会计 学徒
`.split(/\s+/).filter(Boolean).sort((a, b) => b.length - a.length)

/** The word that comes first in the text; the longest where two start together. */
const earliest = (t: string, words: string[]) => words.sort((a, b) => t.indexOf(a) - t.indexOf(b) || b.length - a.length)[0] ?? null

/** 想找个电工的活, 我是焊工, 会开叉车: the trade the worker wants or has. */
export function trade(t: string, opts: { bare?: boolean } = {}): string | null {
  const wanted = /(?:想找|找|想做|想干|能做|能干|会做|会干)(?:个|份|一份|一个)?([\p{Script=Han}a-z]{2,8}?)(?:的)?(?:工作|活|岗位|事)/u.exec(t)
  const wantedWord = wanted && !/什么|啥|哪|合适|好|稳定|轻松|一点|长期|临时/.test(wanted[1]!) ? wanted[1]! : null
  if (wantedWord) return trades.find((w) => wantedWord.includes(w)) ?? wantedWord
  // 高压电工证 is a certificate (a skill); the trade is a name not followed by 证.
  const known = earliest(t, trades.filter((w) => new RegExp(`${w}(?!证)`).test(t)))
  if (known) return known
  if (/开叉车/.test(t)) return '叉车司机'
  if (!opts.bare) return null
  const c = stripAnswer(t).replace(/^(?:想找|想做|想干|找|做|干)(?:个|份)?/, '').replace(/(?:的)?(?:工作|活|岗位)$/, '')
  if (/^(?:都行|都可以|什么都行|啥都行|什么都可以|啥都可以|不限|随便|无所谓)/.test(compact(t))) return '不限'
  if ([...c].length >= 2 && [...c].length <= 12 && !looksLikeSentence(c)) return c
  return null
}

/**
 * The pay asked for: a number of yuan a month (8000), or text for a range or another
 * period ('月薪5000-6000元', '日薪300元', '月薪8000元以上').
 */
export function expectedPay(t: string, opts: { bare?: boolean } = {}): number | string | null {
  // Anything that reads as money, but not an age or a year: 500 and up, or with 元/块/千/万.
  const sums = findMoney(t, { bare: true }).filter((m) => m.value <= 200_000 && (opts.bare || m.value >= 500 || m.per !== null || /[万千kw]/.test(m.raw) || /^(?:多|来)?(?:块|元)/.test(t.slice(m.end))))
  if (!sums.length) {
    if (opts.bare && /^(?:都行|都可以|面议|随便|无所谓|看着给|看情况)/.test(compact(t))) return '面议'
    return null
  }
  const period = (per: string | null) => (per === 'day' ? '日薪' : per === 'hour' ? '时薪' : per === 'year' ? '年薪' : '月薪')
  // 5000到6000, 6千-8千: two sums joined by 到 or -.
  for (let k = 0; k + 1 < sums.length; k++) {
    const a = sums[k]!
    const b = sums[k + 1]!
    if (/^\s?(?:元|块)?\s?(?:-|~|—|到|至)\s?$/.test(t.slice(a.end, b.start)) && b.value > a.value) return `${period(b.per ?? a.per)}${a.value}-${b.value}元`
  }
  const first = sums.find((m) => /工资|薪|待遇|收入|要求|希望|期望|想要|至少|起码|一个月|每月|一天|每天|以上|左右/.test(t.slice(Math.max(0, m.start - 8), m.end + 4))) ?? (opts.bare || sums.length === 1 ? sums[0] : undefined)
  if (!first) return null
  if (first.upper !== undefined) return `${period(first.per)}${first.value}-${first.upper}元`
  const above = /^(?:多|来)?(?:块|元)?(?:以上|起)/.test(t.slice(first.end)) || /(?:至少|起码|不低于)\s?$/.test(t.slice(0, first.start))
  if (above) return `${period(first.per)}${first.value}元以上`
  if (first.per && first.per !== 'month') return `${period(first.per)}${first.value}元`
  return first.value
}

/** Certificates, licences and experience: 有电工证, 叉车证, C1驾照, 干了十年焊工. */
const skillPatterns = [
  /(?:高压|低压)?电工(?:上岗|操作)?证|焊工证|电焊证|特种作业(?:操作)?证|叉车证|塔吊证|挖掘机证|起重证|登高证|高空作业证|厨师证|健康证|保安证|会计证|资格证|上岗证|操作证|技师证?|(?:高级|中级|初级)工|(?:a1|a2|b1|b2|c1|c2)(?:驾照|驾驶证)?|驾照|驾驶证/g,
  /会(?:开|用|修|做|焊|电焊|看图|cad|plc|电脑)[\p{Script=Han}a-z]{0,6}/gu,
  new RegExp(String.raw`(?:有|干了|做了|干过|做过)?[\d一二三四五六七八九十两几]+年(?:多)?(?:的)?(?:工作)?经验|(?:干了|做了|干过|做过)[\d一二三四五六七八九十两几]+年(?:多)?(?:的)?(?:${trades.join('|')})?`, 'g'),
]

export function skills(t: string, opts: { bare?: boolean } = {}): string | null {
  const found: { text: string; at: number }[] = []
  for (const re of skillPatterns) for (const m of t.matchAll(re)) if (!found.some((f) => f.text.includes(m[0]))) found.push({ text: m[0], at: m.index })
  if (found.length) return found.sort((a, b) => a.at - b.at).map((f) => f.text).join('、')
  if (!opts.bare) return null
  const c = compact(t)
  if (/^(?:没有|没|无|都没有|啥也没有|什么都没有|没证|没有证)(?:证|证书)?(?:的|啊|呢)?$/.test(c)) return '无'
  const s = stripAnswer(t)
  return [...s].length >= 2 && [...s].length <= 40 && !/[?？吗]/.test(s) ? s : null
}
