/**
 * The template sets under prompts/, one entry each: what the console calls the set and each
 * of its templates, the variables each template may use, and the values the console's
 * preview fills in. A set registered here is read at start-up (every template must be
 * there), checked (a typo such as {{ticketNumbr}} fails loudly instead of sending a worker
 * a blank), editable by the top unit's admin, and followed live by every process.
 *
 * A new set is a folder prompts/<name>/ and one entry below; its users read it with
 * `desk.wording.texts('<name>')`. A new template in a set is its file and one line in the
 * set's `templates` (with a sample for any new variable); a file not listed is not read.
 */
export type TemplateSpec = { title: string; variables: readonly string[] }

export type TemplateSetSpec = {
  /** What the console calls the set. */
  title: string
  /** Who hears these words, and when: the line under the console page's heading. */
  about: string
  templates: Readonly<Record<string, TemplateSpec>>
  /** What the preview fills in: a value for every variable the set's templates may use. */
  sample: Readonly<Record<string, string | number | boolean>>
}

/** The Official Account's own texts may all use these (README in prompts/wechat-oa/). */
const oaVars = ['unionName', 'portalUrl', 'hotline'] as const

export const templateSets = {
  replies: {
    title: '回复用语',
    about: '职工在公众号和网页上收到的话：受理、查进度、转交、办结、满意度。',
    templates: {
      'ticket-opened': { title: '受理回复', variables: ['ticketNumber', 'categoryLabel', 'unitName', 'assigned', 'responseTime', 'urgent', 'accessCode', 'portal'] },
      'ticket-continued': { title: '补充情况后的回复', variables: ['ticketNumber', 'assigned'] },
      'ticket-status': { title: '查进度的回复', variables: ['ticketNumber', 'statusLabel', 'unitName'] },
      'step-assigned': { title: '转交通知', variables: ['ticketNumber', 'unitName', 'cadreName'] },
      'step-closed': { title: '办结通知', variables: ['ticketNumber', 'summary'] },
      'satisfaction-question': { title: '满意度询问', variables: ['ticketNumber'] },
      'satisfaction-thanks': { title: '感谢评价', variables: ['ratingLabel', 'unsatisfied'] },
      'follow-up-opened': { title: '回访后新开工单', variables: ['ticketNumber', 'unitName'] },
      'no-tickets': { title: '没有工单时的回复', variables: ['ticketNumber'] },
      'privacy-notice': { title: '第一次联系时的隐私说明', variables: ['privacyUrl'] },
      'ask-category': { title: '问职工是哪方面的事（看不明白时）', variables: ['unsure'] },
      'welcome-back': { title: '职工回来时，说他在办的事', variables: ['ticketNumber', 'statusLabel', 'unitName'] },
      help: { title: '“帮助”的回复', variables: ['hotline'] },
      urgent: { title: '紧急情况的回复（安全提示）', variables: ['ticketNumber', 'hotline', 'selfHarm', 'responseTime', 'accessCode'] },
      'human-handoff': { title: '“人工”的回复', variables: ['ticketNumber', 'cadreName', 'responseTime', 'accessCode'] },
      cancelled: { title: '“取消”后的回复', variables: [] },
      'nothing-to-cancel': { title: '没有可取消的问题时', variables: [] },
      'consent-question': { title: '问职工是否同意记录敏感信息', variables: [] },
      'consent-refused': { title: '职工不同意记录敏感信息时', variables: ['ticketNumber'] },
      'facts-done': { title: '情况问完了', variables: ['ticketNumber'] },
      'erasure-requested': { title: '“删除我的信息”的回复', variables: ['dueDate', 'hasOpenCase'] },
      'erasure-declined': { title: '不予删除时告诉职工（附理由）', variables: ['reason', 'hotline'] },
      'thanks-after-case': { title: '办结后职工道谢', variables: ['ticketNumber'] },
      thanks: { title: '职工道谢', variables: [] },
      'small-talk': { title: '闲聊、广告的回复', variables: [] },
      'knowledge-answer': { title: '按知识库回答（外框）', variables: ['title', 'answer'] },
    },
    sample: {
      ticketNumber: 'NJ-261202-0007', categoryLabel: '欠薪', unitName: '粤海街道工会服务站', assigned: true, responseTime: '今天14:00前', urgent: false,
      accessCode: 'K7M2XQ9P4H', portal: 'https://niangjia.example/portal', statusLabel: '已受理，等待工会干部答复', cadreName: '何家豪',
      summary: '已协调企业补发11月工资', ratingLabel: '满意', unsatisfied: false,
      privacyUrl: 'https://niangjia.example/portal/privacy', unsure: false, hotline: '12351', selfHarm: false, dueDate: '12月17日', hasOpenCase: true, reason: '您的劳动仲裁还在进行，相关材料需要按规定保存到结案',
      title: '劳动仲裁怎么申请', answer: '劳动仲裁不收费。发生争议一年内，到用人单位所在地或者劳动合同履行地的劳动人事争议仲裁委员会申请。',
    },
  },
  'wechat-oa': {
    title: '公众号自动回复',
    about: '公众号自己说的话：关注时的欢迎语，菜单按钮的回答，收到看不了的消息、发得太快时的提醒。',
    templates: {
      subscribe: { title: '关注时的欢迎语', variables: [...oaVars, 'scene'] },
      'menu-query-progress': { title: '菜单“查询进度”（职工还没有工单时）', variables: oaVars },
      'menu-ask-for-help': { title: '菜单“我要求助”', variables: oaVars },
      'menu-subscribe-jobs': { title: '菜单“岗位订阅”', variables: oaVars },
      'unsupported-message': { title: '收到看不了的消息（文件、小程序卡片等）', variables: oaVars },
      'too-fast': { title: '发得太快时', variables: oaVars },
    },
    sample: { unionName: '深圳市南山区总工会', portalUrl: 'https://niangjia.example/portal', hotline: '12351', scene: 'sz-ns-yh' },
  },
  jobs: {
    title: '岗位推送用语',
    about: '订阅了岗位的职工收到的话：推送一个岗位，攒着的岗位汇总，订阅和退订的回复，求职时附上的合适岗位。',
    templates: {
      push: { title: '推送一个岗位', variables: ['title', 'employerName', 'place', 'pay', 'headcount', 'contact', 'number', 'link', 'unsubscribeLink'] },
      digest: { title: '职工再来消息时，汇总攒下的岗位', variables: ['count', 'lines', 'more', 'boardUrl'] },
      subscribed: { title: '订阅成功', variables: ['what', 'openCount', 'boardUrl', 'quietHours'] },
      'subscribe-help': { title: '“订阅”没说工种和地方时', variables: ['current', 'boardUrl'] },
      'subscribe-unclear': { title: '订阅的词看不明白时', variables: ['unknownWords'] },
      'subscribe-limit': { title: '订阅项太多时', variables: ['max'] },
      'subscribe-same': { title: '重复订阅时', variables: ['what'] },
      unsubscribed: { title: '退订成功', variables: ['all', 'what', 'boardUrl'] },
      'not-subscribed': { title: '没有订阅却要退订时', variables: ['asked'] },
      matches: { title: '求职消息后附上的合适岗位', variables: ['lines', 'boardUrl', 'suggestion'] },
    },
    sample: {
      title: '叉车司机', employerName: '舟山某船舶修造有限公司', place: '舟山市定海区', pay: '月薪6000–8000元', headcount: 12, contact: '0580-8012345（工作日 8:30–17:00）',
      number: 'G-2612-0007', link: 'https://niangjia.example/jobs/G-2612-0007', unsubscribeLink: 'https://niangjia.example/jobs/unsubscribe/abc.def',
      count: 3, lines: '1. 叉车司机｜舟山定海｜6000–8000元\n2. 电焊工｜舟山普陀｜7000元起', more: 0, boardUrl: 'https://niangjia.example/jobs',
      what: '叉车司机｜舟山市', openCount: 2, quietHours: '21:30–08:00', current: '1. 叉车司机｜舟山市', unknownWords: '开心', max: 5, all: false, asked: '电工',
      suggestion: '订阅 叉车司机 舟山',
    },
  },
  wechaty: {
    title: '微信机器人号用语',
    about: '机器人号自己说的话：在群里只回一句受理确认（不说具体情况），请职工加好友私聊；给绑定了微信的干部发的提醒和答复确认。',
    templates: {
      'group-ack': { title: '群里的受理确认（只有编号，不说具体情况）', variables: ['ticketNumber', 'friend'] },
      'group-new-reply': { title: '群里告诉职工有新回复（还不是好友时）', variables: ['ticketNumber'] },
      'cadre-notice': { title: '发给干部的提醒', variables: ['kindLabel', 'ticketNumber', 'dueText'] },
      'cadre-bound': { title: '干部绑定微信成功', variables: ['displayName'] },
      'cadre-bind-failed': { title: '绑定码不对或过期', variables: [] },
      'cadre-replied': { title: '干部在微信里答复后的确认', variables: ['ticketNumber'] },
      'cadre-reply-refused': { title: '干部的答复没能发出', variables: ['reason'] },
    },
    sample: { ticketNumber: 'NJ-261202-0007', friend: false, kindLabel: '快到答复时限了', dueText: '12月3日 14:00', displayName: '何家豪', reason: '这件工单已经办结' },
  },
} as const satisfies Record<string, TemplateSetSpec>

export type TemplateSet = keyof typeof templateSets
export const templateSetNames = Object.keys(templateSets) as TemplateSet[]

type TemplatesOf<S extends TemplateSet> = (typeof templateSets)[S]['templates']
export type TemplateName<S extends TemplateSet> = keyof TemplatesOf<S> & string
export type TemplateVariable<S extends TemplateSet, N extends TemplateName<S>> = TemplatesOf<S>[N] extends TemplateSpec ? TemplatesOf<S>[N]['variables'][number] : never

export const isTemplateSet = (set: string): set is TemplateSet => Object.hasOwn(templateSets, set)

/** The template `name` of `set`, or undefined when the set has none by that name. */
export const templateSpec = (set: TemplateSet, name: string): TemplateSpec | undefined =>
  Object.hasOwn(templateSets[set].templates, name) ? (templateSets[set].templates as Record<string, TemplateSpec>)[name] : undefined

export const templateNames = <S extends TemplateSet>(set: S) => Object.keys(templateSets[set].templates) as TemplateName<S>[]
