import { findPlaces, type Span } from './places.ts'
import { looksLikeSentence, stripAnswer } from './text.ts'

/** Words that end a unit's name, longest first. The formal ones (有限公司…) rank above the rest. */
const formal = ['有限责任公司', '股份有限公司', '有限公司', '分公司', '集团', '公司']
const informal = [
  '加工厂', '工厂', '船厂', '厂', '建筑', '建设', '建工', '装修队', '装饰', '工程队', '施工队', '项目部', '项目', '工地', '班组',
  '劳务', '物业', '物流', '快递', '酒店', '宾馆', '饭店', '餐厅', '餐馆', '超市', '商场', '商行', '门店', '电子', '科技', '制衣',
  '服饰', '鞋业', '纺织', '印染', '机械', '五金', '食品', '水产', '养殖场', '农场', '合作社', '作坊', '店',
]
const suffixes = [...formal, ...informal].sort((a, b) => b.length - a.length)
/** 中建三局的工地, 老板姓王的装修队: these may follow a 的. */
const teamSuffixes = new Set(['工地', '项目', '项目部', '装修队', '工程队', '施工队', '班组'])

/** Where a name ends on its left: not Han, or a word that introduces the name (在, 给, 叫, 欠…). */
const stop = /[^\p{Script=Han}a-z0-9]|[在是给帮跟替去到进叫欠被了就我他她你它说让把从和与及或也都还很啥谁哪呢吗吧啊的做干打]/u
/** 一个工地, 这家公司: a name starts after these. */
const determiner = /^.*(?:一家|一个|这家|那家|这个|那个|哪家|某个)|^(?:某|们|个|家)+/
/** A kind of place, not a name: 电子厂, 物业公司, 我们公司. */
const genericCores = new Set(
  '电子 服装 鞋 家具 塑料 玩具 五金 纺织 化工 食品 水泥 钢 砖 印刷 包装 机械 汽配 木材 造纸 奶茶 小吃 理发 建筑 装修 装饰 工程 物业 物流 快递 保安 劳务 外包 派遣 中介 科技 网络 私人 个体 黑心 本地 当地 外地 附近 对面 隔壁 以前 之前 原来 现在 人家 别人 大家 加工 建设 餐饮 服务 运输 搬家 保洁 家政 小区 园区 工业区 村里 镇上 那边 这边 有限 股份 责任'.split(' '),
)
const maxName = 24

function orgCandidates(t: string): (Span & { rank: number })[] {
  const out: (Span & { rank: number })[] = []
  for (let i = 1; i < t.length; i++) {
    const suffix = suffixes.find((s) => t.startsWith(s, i))
    if (!suffix) continue
    let start = i
    if (teamSuffixes.has(suffix) && t[start - 1] === '的') start--
    while (start > 0 && i - start < maxName && !stop.test(t[start - 1]!)) start--
    const name = t.slice(start, i).replace(determiner, '')
    start = i - name.length
    const core = name.replace(/的$/, '')
    const end = i + suffix.length
    i = end - 1
    if ([...core].length < 2 || genericCores.has(core) || /^\d+$/.test(core)) continue
    // 定海的工地 names a place, not an employer.
    const places = findPlaces(core)
    if (places.length === 1 && places[0]!.start === 0 && places[0]!.end === core.length) continue
    out.push({ value: t.slice(start, end), start, end, rank: formal.includes(suffix) ? 2 : 1 })
  }
  return out
}

const surnames = '王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const bossPatterns = [
  // 老板姓王, 包工头姓李
  /(?:老板|包工头|工头|老总|负责人|厂长|经理)(?:是)?姓\p{Script=Han}/u,
  // 包工头老张, 老板小王
  new RegExp(`(?:包工头|工头|老板)[老小][${surnames}]`),
  // 老板叫王建国
  /(?:老板|包工头|工头|老总)叫(?![我你他她们大])\p{Script=Han}{2,3}/u,
  // 王老板, 李总, 张工头
  new RegExp(`[${surnames}](?:老板|包工头|工头|老总|总(?![共计数额之是])|厂长)`),
]

/** A name given after 叫: 公司叫宏达, 大家都叫它海丰厂, 一家叫宏达的公司. */
const calledPattern = /(?:公司|厂|单位|工地|项目|店|它|名字|名称|全称|一家|一个)(?:名字)?叫(?:做)?(?![我你他她们什啥])([\p{Script=Han}a-z0-9]{2,20}?)(?:(的)(公司|厂|工地|店))?(?=$|[^\p{Script=Han}a-z0-9]|干活|上班|打工|做|欠|拖|的|老板|在)/u

const brands = /美团|饿了么|滴滴|顺丰|京东|货拉拉|闪送|达达|拼多多|富士康|比亚迪|菜鸟|中通|圆通|申通|韵达|极兔/

/** The employer the worker names, or null. */
export function findEmployer(t: string): Span | null {
  const orgs = orgCandidates(t)
  if (orgs.length) {
    // Formal names first, then the longest: 宏达建筑工程有限公司 over 宏达建筑.
    return orgs.reduce((a, b) => (b.rank > a.rank || (b.rank === a.rank && b.value.length > a.value.length) ? b : a))
  }
  const called = calledPattern.exec(t)
  if (called) {
    const start = called.index + called[0].indexOf(called[1]!)
    return { value: called[1]! + (called[3] ?? ''), start, end: start + called[1]!.length }
  }
  for (const re of bossPatterns) {
    const m = re.exec(t)
    if (m) return { value: m[0], start: m.index, end: m.index + m[0].length }
  }
  const brand = brands.exec(t)
  if (brand) return { value: brand[0], start: brand.index, end: brand.index + brand[0].length }
  return null
}

/** A short answer to "which unit": the answer itself, when it reads as a name. */
export function bareEmployer(t: string): string | null {
  const name = stripAnswer(t).replace(determiner, '')
  // 小工地, 电子厂: a kind of workplace, not its name.
  const suffix = suffixes.find((s) => name.endsWith(s))
  const core = suffix ? name.slice(0, -suffix.length) : name
  if (suffix && ([...core].length < 2 || genericCores.has(core))) return null
  if ([...name].length < 2 || [...name].length > 30 || looksLikeSentence(name) || /没|不/.test(name) || /^[\d.]+$/.test(name)) return null
  return name
}
