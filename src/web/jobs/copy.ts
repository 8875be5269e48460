import { inScript, type Script } from '../../text/script.ts'

/**
 * What the job board says (/jobs, the screens, the unsubscribe link) and the portal's
 * subscription pages (/portal/jobs), in Simplified Chinese, as a union cadre would say it.
 * `{name}` marks a value filled in on the page; `jobWords(script)` gives the Traditional text.
 */
const zh = {
  hotlineShort: '职工服务热线 ',
  boardTitle: '工会岗位',
  boardHeading: '找工作，看工会岗位',
  boardLead: '工会干部审核过的招聘岗位，看中了直接联系用工单位报名。',
  noFees: '报名、面试都不该交钱。遇到要收费、扣证件的，请拨打 {hotline} 告诉工会。',
  qLabel: '搜岗位',
  qHint: '工种、单位或地方，比如：叉车、电焊、定海',
  search: '找岗位',
  moreFilters: '更多条件（工种、地方、工资）',
  tradeLabel: '工种',
  tradeHint: '比如：电工',
  regionLabel: '地方',
  regionAny: '不限地方',
  placeLabel: '或者写地方名',
  placeHint: '比如：舟山、定海',
  payLabel: '月薪不低于',
  payAny: '不限',
  payOption: '{pay}元',
  countAll: '眼下有 {total} 个岗位在招人',
  countFound: '找到 {total} 个岗位',
  clear: '看全部岗位',
  headcount: '招{n}人',
  until: '{date}截止',
  prev: '上一页',
  next: '下一页',
  pageOf: '第 {page}/{pages} 页',
  emptyHeading: '没有找到合适的岗位',
  emptyTry: '试试少写几个字、换个说法（“铲车”写成“叉车”），或者把地方放宽到市里。',
  emptyPage: '这一页没有岗位了。',
  emptySubscribe: '也可以订阅：有合适的新岗位，工会第一时间告诉您。',
  subscribeHeading: '有新岗位时告诉我',
  subscribeWeb: '在网上订阅',
  subscribeChat: '在工会公众号里回复：订阅 电工 定海（换成您想做的工种和地方）。',
  placeUnknown: '没认出“{place}”是哪里，下面是各地的岗位。请从列表里选地方，或者写县区名，比如“定海”。',
  errTooLong: '{label}写得太长了，最多 {max} 个字。',
  errRegion: '地方选得不对，请从列表里重新选。',
  errPay: '工资选得不对，请从列表里重新选。',
  errPage: '页码不对，请从第一页看起。',
  errBusy: '系统暂时忙不过来，请过一分钟再刷新。',
  errBroken: '出了点问题，请再试一次；着急的话请拨打 {hotline}。',
  errNoPage: '没有这个页面。岗位都在工会岗位页上。',
  errCrossSite: '这个请求不是从本网站的页面发出的，为了安全没有受理。请重新打开退订链接。',

  factTitle: '岗位',
  factFirm: '用工单位',
  factTrade: '工种',
  factPlace: '工作地点',
  factPay: '工资',
  factHeadcount: '招聘人数',
  factUntil: '截止日期',
  factNumber: '岗位编号',
  headcountValue: '{n}人',
  applyHeading: '怎么报名',
  callButton: '打电话报名 {phone}',
  applyTip: '打电话时说是在工会岗位上看到的，报上编号 {number}。',
  requirementsHeading: '岗位要求',
  noRequirements: '没有写特别的要求，详情请打电话问。',
  closed_filled: '这个岗位已经招满了，不再招人。',
  closed_withdrawn: '这个岗位已经撤下了，不再招人。',
  closed_expired: '这个岗位已经过了截止日期，不再招人。',
  closedMore: '看看别的岗位',
  postingMissingTitle: '没有这个岗位',
  postingMissing: '没有找到编号 {number} 的岗位。请核对编号，或者看看全部岗位。',

  screenTitle: '岗位信息屏',
  screenHeading: '工会岗位信息',
  screenUpdated: '{time} 更新',
  screenPage: '第 {page}/{pages} 屏',
  screenApply: '报名电话 · 编号',
  screenHeadcount: '人数',
  screenPhone: '手机上看详情：{url}',
  screenSubscribe: '关注工会公众号，回复“订阅 工种 地方”，有新岗位就告诉您。',
  screenEmpty: '眼下没有在招的岗位，新岗位一到就显示在这里。',
  errSeconds: '刷新间隔要在 10 到 600 秒之间。',

  unsubTitle: '退订岗位推送',
  unsubHeading: '退订好了',
  unsubDone: '“{what}”的岗位推送退订了，以后不再发给您。',
  unsubAgain: '“{what}”之前就退订了，不会再发给您。',
  unsubOthers: '您还订阅了这些，照常推送：',
  unsubAll: '全部退订',
  unsubAllHeading: '全部退订了',
  unsubAllDone: '岗位推送全部退订了，以后不再发给您。',
  unsubComeBack: '想找工作时，随时来看工会岗位；想再订阅，在公众号里回复“订阅”。',
  badLinkTitle: '退订链接不对',
  badLink: '链接可能没复制全。请在工会公众号的对话里回复“退订”，一样能退订。',

  portalLink: '找工作？看工会岗位',
  pjTitle: '订阅岗位',
  pjHeading: '有合适的岗位，工会告诉您',
  pjLead: '写下想做的工种和地方。有新岗位，就放在您的“我的岗位”页上。不用留姓名和电话。',
  pjTradeLabel: '想做什么工（几个工种用空格隔开）',
  pjTradeHint: '比如：电工 焊工',
  pjPlaceLabel: '在哪里（写市或县区）',
  pjPlaceHint: '比如：舟山、定海',
  pjSubmit: '订阅',
  pjAdd: '再订一项',
  pjChat: '想在微信里直接收到：关注工会公众号，回复“订阅 电工 定海”。',
  pjHaveCode: '已经订阅过？凭订阅码看我的岗位',
  pjErrHelp: '请写想做的工种或地方，至少写一样。',
  pjErrTrade: '“{words}”没认出是哪个工种。换个常用的说法试试，比如“焊工”“叉车司机”。',
  pjErrPlace: '没认出“{place}”是哪里。请写市或县区的名字，比如“舟山”“定海”。',
  pjErrSame: '这一项已经订阅过了：{what}。',
  pjErrLimit: '最多订阅 {max} 项。请先退订一项，再订新的。',
  pjCreatedTitle: '订阅好了',
  pjCreatedHeading: '订阅好了',
  pjWhat: '订阅的是：{what}',
  pjCodeLabel: '订阅码',
  pjCodeOnce: '请截图或记下来：订阅码只显示这一次，凭它看推给您的岗位、退订。工会也查不到它。',
  pjOpenNow: '眼下就有 {n} 个合适的岗位在招人。',
  pjOpenNone: '眼下还没有合适的岗位，有了就放到您的岗位页上。',
  pjMineLink: '打开我的岗位页',
  pjBookmark: '我的岗位页可以存成书签，下次直接打开。',
  mineTitle: '我的岗位',
  mineHeading: '我的岗位推送',
  mineLead: '输入订阅时拿到的订阅码。',
  mineCodeLabel: '订阅码（10位字母和数字）',
  mineLookUp: '查看',
  mineNotFound: '没有查到。请核对订阅码：是订阅后页面上显示的10位字母和数字。',
  mineLost: '订阅码丢了？重新订阅一次就行，会给您一个新的订阅码。',
  mineSubs: '我订阅的',
  mineNoSubs: '现在没有订阅。',
  mineUnsubOne: '退订这项',
  mineUnsubAll: '全部退订',
  minePushed: '推给我的岗位',
  minePushedNone: '还没有新岗位。有合适的，会放在这里。',
  mineClosed: '已不再招人',
  mineBoard: '看全部岗位',
  flashSubscribed: '订阅好了：{what}。',
  flashUnsubscribed: '退订了：{what}。',
  flashUnsubAll: '全部退订了，以后不再给您放新岗位。',
  flashNothing: '这一项之前就退订了。',
} as const

export type JobWords = { [K in keyof typeof zh]: string }

const cache = new Map<Script, JobWords>()

/** The job pages' words in the page's script (converted once per script, then kept). */
export function jobWords(script: Script): JobWords {
  let w = cache.get(script)
  if (!w) {
    w = Object.fromEntries(Object.entries(zh).map(([k, v]) => [k, inScript(v, script)])) as JobWords
    cache.set(script, w)
  }
  return w
}

/** Fills `{name}` marks with the page's own values (a number, a date), never converted. */
export const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m))

/** The pay floors a worker can pick, in yuan a month; the same list on the board and the portal. */
export const PAY_FLOORS = [3000, 4000, 5000, 6000, 8000] as const
