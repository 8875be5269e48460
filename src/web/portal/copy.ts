import { inScript, type Script } from '../../text/script.ts'

/**
 * Everything the portal says, in Simplified Chinese, as a union cadre would say it: short,
 * warm and concrete. `{name}` marks a value filled in on the page. Pages read these through
 * `words(script)`, which gives the Traditional text to a worker who writes (or chose) it.
 */
const zh = {
  brandFallback: '工会',
  hotline: '情况紧急？请直接拨打职工服务热线 {hotline}。有人身危险，请先拨 110 或 120。',
  hotlineShort: '职工服务热线 {hotline}',

  askTitle: '向工会求助',
  askHeading: '有难处，跟工会说',
  askLead: '写下您遇到的事，工会干部会尽快答复您。不用注册，也可以不留姓名。',
  textLabel: '遇到了什么事？',
  textHint: '比如：在哪个单位、从什么时候开始、涉及多少人、欠了多少钱。最多2000字，提交后还能补充。',
  nameLabel: '怎么称呼您（可不填）',
  phoneLabel: '联系电话（可不填，留了方便工会干部给您回电话）',
  privacyHeading: '您的信息我们怎么保管',
  privacyKeep: '我们保存：您写的内容，以及您愿意留下的称呼和电话。',
  privacyWhy: '为什么保存：只为办好您这件事：登记、交给负责的工会干部、按时答复、办完回访。不做别的用途。',
  privacyWho: '谁能看到：负责办理的工会干部；事情办得慢时，他们的上级工会负责同志也能看到。',
  privacySealed: '怎么保管：称呼和电话加密保存，不显示在任何公开页面上。查看进度只能凭编号和查询码。',
  agreeLabel: '我看过上面的说明，同意工会为办理我的求助保存这些信息。',
  sensitiveLabel: '我同意工会保存我写的健康、收入、残疾等敏感情况（可不勾选）。',
  sensitiveHint: '不勾选也能提交。那就请不要在上面写病情、收入、残疾这类情况，工会干部联系您时再当面说。',
  submit: '提交求助',

  errNoConsent: '请先勾选“同意”那一项，我们才能为您登记。',
  errTextEmpty: '请写下您遇到的事，一两句话也行。',
  errTextLong: '写得有点长了，一次最多2000字。请先写最要紧的，提交后还可以补充。',
  errName: '称呼最多50个字。',
  errPhone: '电话请只写数字，比如 13800138000。',
  errTooManyFromHere: '提交得太频繁了，请过{wait}再试。着急的话请拨打 {hotline}。',
  errTooManyToTicket: '这份求助短时间内收到的消息太多了，请过{wait}再发。您发过的工会干部都会看到。',
  errBusy: '系统暂时忙不过来，刚才的内容没有保存。请过一分钟再点一次。您写的字还在下面。',
  errBroken: '出了点问题，刚才的内容没有保存。请再试一次；着急的话请拨打 {hotline}。',
  errCrossSite: '这个请求不是从本网站的页面发出的，为了安全没有受理。请打开 {url} 重新填写。',
  errNotFound: '没有查到。请核对编号和查询码：查询码是提交求助后页面上显示的10位字母和数字。',
  errTooManyLookups: '查询得太频繁了，请过{wait}再试。',
  errNoPage: '没有这个页面。请从求助页面重新开始。',

  createdTitle: '求助已登记',
  createdHeading: '收到了，工会在',
  keyNumber: '编号',
  keyCode: '查询码',
  codeOnce: '查询码只显示这一次，我们也查不到它。请现在就抄在纸上，或者截屏保存。',
  codeSecret: '别把查询码告诉别人：有编号和查询码，就能看到您写的内容。',
  followNow: '查看进度和答复',
  followLater: '以后想看答复、补充情况：打开 {url}，输入编号和查询码。',
  duplicateTitle: '已经提交过了',
  duplicateHeading: '这份求助已经登记过了',
  duplicateLead: '刚才的内容提交了不止一次，我们只登记了一份。查询码在第一次提交后的页面上。',

  followTitle: '查看进度',
  followHeading: '查看进度、补充情况',
  followLead: '输入提交求助时拿到的编号和查询码。',
  numberLabel: '编号',
  codeLabel: '查询码（10位字母和数字）',
  lookUp: '查看',
  lostCode: '查询码丢了？请拨打 {hotline}，或者重新提交一次求助。',
  newRequest: '还没有求助过？去提交',

  caseHeading: '求助 {number}',
  expectBy: '工会干部会在{when}答复您。',
  waitingYou: '工会干部有话问您，请在下面回答。',
  closedLine: '这件事已经办结。',
  talkHeading: '来往记录',
  talkEmpty: '还没有记录。',
  fromWorker: '我',
  fromCadreReply: '工会干部答复',
  fromCadreQuestion: '工会干部提问',
  fromDesk: '工会通知',
  fromDeskQuestion: '工会想了解',
  addHeading: '补充情况',
  answerHeading: '回答工会干部',
  addHint: '补充的内容会记在这份求助里，负责的工会干部会看到。',
  send: '发送',
  rateHeading: '这次服务您满意吗？',
  rateHint: '点一下就行，您的意见会转给负责同志。',
  ratedLine: '您的评价：{label}。谢谢您！',
  anotherMatter: '还有别的难处？提交新的求助',
  keepKeys: '离开前请记好编号和查询码，下次凭它们查看。',

  askedTitle: '请再说一说',
  askedHeading: '工会想先问一句',
  askedReply: '您的回答',
  askedChoices: '点一下也行：',
  askedSend: '回答',
  privacyTitle: '隐私说明',
  privacyMore: '不想让我们保留了？在对话里回复“删除我的信息”，或拨打 {hotline}，工会在规定时间内删除并告诉您结果。',
} as const

export type Words = { [K in keyof typeof zh]: string }

const cache = new Map<Script, Words>()

/** The portal's words in the worker's script (converted once per script, then kept). */
export function words(script: Script): Words {
  let w = cache.get(script)
  if (!w) {
    w = Object.fromEntries(Object.entries(zh).map(([k, v]) => [k, inScript(v, script)])) as Words
    cache.set(script, w)
  }
  return w
}

/** Fills `{name}` marks; values are the page's own (a number, a time), never converted. */
export const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m)
