// Cue words a union cadre would name for each kind of request, and the signs of an
// emergency. They become features (cue:wage, …) whose weights the model learns, so one
// cue word seen in training carries over to phrasings the corpus never had.
// Written from DOMAIN.md and cadres' vocabulary, not extracted from the corpus; round 2 added
// words for phrasings that cross-validation on the training split missed (English, Cantonese,
// aid procedures, information questions, employers posting jobs, injuries outside work).

export const cues: Record<string, readonly string[]> = {
  wage: ['salary', 'wage', 'pay', 'unpaid', 'money', '底薪', '尾款', '配送费', '跑单', '条子', '抵工资', '顶了', '生育津贴', '病假工资', '补贴', '津贴', '派件费', '课时费', '单钱', '工程款', '工资', '工钱', '薪', '血汗钱', '人工', '出粮', '结账', '结算', '加班费', '扣钱', '克扣', '扣了', '罚款', '押金', '欠条', '白条', '拖欠', '欠我', '欠了', '不给钱', '没发', '不发', '没给', '少给', '少发', '提成', '奖金', '全勤', '计件', '日结', '要钱', '讨', '钱'],
  owed: ['欠', '拖', '没发', '不发', '不给', '没给', '没结', '不结', '扣', '少', '压着', '赖', '跑路', '卷钱', '躲', '不认账'],
  legal: ['contract', 'fire', 'fired', 'compensation', 'insurance', 'lawyer', 'injur', '劳动法', '逼我', '逼走', '自愿离职', '优化', '停工留薪', '养伤', '认定', '炒咗', '生育险', '辞退', '开除', '解雇', '炒', '裁员', '合同', '社保', '公积金', '五险', '工伤', '伤残', '职业病', '尘肺', '仲裁', '律师', '法律', '起诉', '告', '赔偿', '补偿', '维权', '违法', '骚扰', '歧视', '调岗', '离职证明', '竞业', '派遣', '劳动关系', '鉴定', '强制加班', '身份证', '扣证', '破产', '调解', '年假', '婚假', '扣在', '不让出门', '防护', '粉尘', '安全', '通风', '摄像头', '定位', '证明', '退工', '档案'],
  job: ['有活', '有没有活', '附近有', '打工', '半天班', '请人', '做嘢', '登记求职', '招聘会', 'work', 'looking for', '找工作', '找活', '找个', '工作', '岗位', '招聘', '招工', '招人', '要人', '求职', '简历', '面试', '培训', '学技术', '学个', '技能', '证书', '考证', '上岗', '就业', '转行', '学徒', '兼职', '揾工', '搵工', '活路', '活干', '推荐', '招工信息', '招聘信息', '订阅', '推送', '揾份工', '嘅位', '包吃住', '包住', '上班', '活儿', 'job', 'part', '跑外卖', '加入', '厨师', '钟点工', '夜班', '白班', '退伍', '学历', '技师', '中级工'],
  hardship: ['金秋', '建档', '困难档案', '大病', '买不起', '供不起', '拿不出', '凑不齐', '顶唔顺', '使晒', '入院', '睇医生', '冰雹', '收成', '遭灾', 'sick', 'poor', 'medicine', 'medical', 'hospital', '困难', '补助', '救助', '帮扶', '助学', '学费', '医疗互助', '住院', '看病', '治病', '医药费', '手术', '化疗', '病', '癌', '药', '低保', '单亲', '离婚', '去世', '丧葬', '房租', '没地方住', '过不下去', '揭不开锅', '借钱', '外债', '残疾', '瘫痪', '慰问', '送温暖', '洪水', '冲了', '烧光', '帮扶证', '家访', '助学金', '补一点', '自费', '报销', '生活困', '吃药', '康复', '老人', '孩子', '娃'],
  service: ['入会', '会员', '会费', '工会卡', '会员卡', '活动', '比赛', '电影票', '疗休养', '体检', '书屋', '建议', '表扬', '锦旗', '报名', '晚会', '托管', '成立', '主席', '慰问品', '贺礼'],
  thanks: ['谢谢', '感谢', '多谢', '辛苦了', 'thank', 'xiexie'],
  greeting: ['你好', '您好', '在吗', '有人吗', 'hello', 'hi', '哈喽', '测试'],
  info: ['看不懂', '看明白', '就问问', '就是问问', '就想看看', '想知道', '是几倍', '多少天', '多少钱一个月', '帮同事问', '什么规定', '工资条', '工资单', '工资卡', '最低工资', '个税', '标准是多少', '怎么算', '计算', '了解一下', '随便问问', '是什么意思', '起征点', '几号发'],
  mood: ['心情', '聊聊', '说说话', '心理', '压力', '难受', '心里', '烦', '睡不着', '憋屈'],
  kin: ['我爸', '我妈', '老公', '老婆', '爱人', '孩子', '儿子', '女儿', '我哥', '家属', '替我', '帮我妈', '帮我爸'],
  accident: ['摔', '压', '卷', '触电', '被电', '砸', '烫', '塌', '机器', '冲床', '脚手架', '架子', '叉车', '倒车', '撞', '中暑', '下水道', '井下', '透水', '电梯', '着火', '火灾', '爆炸', '搅拌机', '中毒', '锁', '关在', '打人', '打了', '打我'],
  illness: ['晕', '心梗', '胸口', '脑出血', '高烧', '抽搐', '昏迷', '吐血', '头疼', '生病', '大出血', '呼吸困难', '洗胃', '农药', '上吐下泻', '急诊', '抢救', '押金', '手术'],
  despair: ['不想活', '想死', '自杀', '跳楼', '跳下去', '跳河', '喝药', '安眠药', '割腕', '遗书', '了结', '活着', '死了'],
  crowd: ['围住', '围着', '围在', '拉横幅', '静坐', '堵了', '不散', '工友们', '几十个', '一百多', '两百多', '好多人'],
  employer: ['我们是企业', 'hr', '人事', '发布', '招聘启事', '摊位', '发岗位', '我们厂想招', '我们公司想招', '代招'],
  notWork: ['不是工伤', '不是上班', '下班以后', '周末', '放假回家', '自己打球', '私事'],
  followup: ['上次', '上周', '之前', '前天', '进度', '有消息', '怎么样了', '结果', '还没', '到哪一步'],
  injection: ['忽略', 'ignore', '指令', 'instruction', 'system', '系统', 'prompt', '提示词', '分类为', 'category', 'urgent', '扮演'],
}

export const urgentCues: Record<string, readonly string[]> = {
  now: ['now', '刚', '刚才', '刚刚', '现在', '正在', '马上', '快来', '还在', '快点', '而家', '今晚', '今天就'],
  body: ['流血', '血', '晕倒', '晕过去', '昏迷', '昏倒', '叫不醒', '喊不醒', '不动', '抽搐', '没有呼吸', '没反应', '口吐白沫', '抢救', '急诊', '120', '救护车', 'icu', '心梗', '脑出血', '呼吸困难', '吐血', '大出血', '洗胃', '中毒', '触电', '被电', '压住', '压到', '压在', '卷进', '绞', '摔下来', '掉下来', '栽下来', '跌', '塌', '埋', '困', '说不出话', '动不了', 'bleed', 'blood', 'fall down', 'hospital', 'hurt', 'injur', 'accident'],
  danger: ['着火', '火灾', '冒烟', '爆炸', '救命', '救我', '出人命', '出事了', '出大事', '拿刀', '捅', '打人', '打我', '要打', '追', '钢管', '棍子', '锁着', '锁在', '关着', '关在', '扣在', '不让走', '不让出', '透水', '被困', '堵在', '被打', '守着', '躲在', '不敢回', '追人', 'fire', 'help', 'kill', 'knife', 'danger'],
  self: ['不想活', '想死', '自杀', '跳楼', '跳下去', '跳河', '喝药', '吃药走', '安眠药', '割腕', '了结', '遗书', '活着没', '活着还有什么意思', '活着就是', '结束这一切', '不如死', '唔想生存', '点了自己', '站在楼顶', '楼顶', '天台', '塔吊上', '窗台', '一了百了', '活不下去', 'suicide', 'die', 'kill myself'],
  crowd: ['围住', '围着', '围在', '堵在', '拉横幅', '聚了', '静坐', '打起来', '动手', '推搡', '砸', '堵了', '不散', '好多人', '一百多', '两百多', '几十个人', '往市政府'],
  past: ['去年', '前年', '上个月', '半年前', '三年前', '以前', '之前', '当时', '后来', '现在还能', '出院', '做完', '抢救过来', '康复'],
}

/** Every cue word, to tell readable evidence ("拖欠") from n-gram fragments ("资了"). */
export const cueWords: ReadonlySet<string> = new Set([...Object.values(cues), ...Object.values(urgentCues)].flat())

const pairs = (feats: string[], out: Set<string>) => {
  for (let i = 0; i < feats.length; i++) for (let j = i + 1; j < feats.length; j++) out.add(`${feats[i]}&${feats[j]!.slice(feats[j]!.indexOf(':') + 1)}`)
}

function matcher(groups: Record<string, readonly string[]>, prefix: string) {
  const entries = Object.entries(groups).map(([name, words]) => [`${prefix}${name}`, words] as const)
  return (t: string, out: Set<string>) => {
    for (const [name, words] of entries) {
      let hits = 0
      for (const w of words) if (t.includes(w)) hits++
      if (hits) { out.add(name); if (hits > 1) out.add(`${name}+`) }
    }
  }
}

/** Adds cue:* and u:* features (and cue:*+ when two or more cue words of a group appear). */
export const addCueFeatures = (() => {
  const a = matcher(cues, 'cue:')
  const b = matcher(urgentCues, 'u:')
  return (t: string, out: Set<string>) => {
    const c = new Set<string>()
    const u = new Set<string>()
    a(t, c)
    b(t, u)
    // Meaning is often a conjunction: "just now" and "bleeding", "fell" but "last year",
    // "wages" in a job search. Pairs of cue groups let a linear model weigh them together.
    pairs([...c].filter((f) => !f.endsWith('+')).sort(), out)
    pairs([...u].filter((f) => !f.endsWith('+')).sort(), out)
    for (const f of c) out.add(f)
    for (const f of u) out.add(f)
  }
})()

// Phrases that always mean "call within two hours", whatever the model scores. Recall
// matters more than precision here (DOMAIN.md: accidents and danger must be reported in
// 2 hours), so these override the model unless the message places the event in the past.
const emergencyPhrases = /不想活|活不下去|一了百了|想死|自杀|跳楼|跳下去|跳河|喝药|吃药走|安眠药|割腕|遗书|了结|药(已经)?买好|活着(也|还)?(没|有|莫得)(什么|啥)?意思|一走了之|唔想生存|救命|救救我|出人命|有人(摔|掉|栽|跌)|塌方|着火|起火|爆炸|被困|困住|压在下面|叫不醒|喊不醒|没有呼吸|不让出门|不让走|锁在|关在|扣在这|拿刀|拿着刀|被捅|刀追|正在抢救|在抢救|抢救呢|送急诊|在急诊|触电|被电打/
const pastMarkers = /去年|前年|以前|上个月|上上个月|半年前|几年前|年前|当时|那时候|后来|抢救过来|出院|已经跑出来|回老家了/

/** The emergency phrase found in a normalised message, or null. */
export function emergencyPhrase(t: string): string | null {
  const m = t.match(emergencyPhrases)
  if (!m || pastMarkers.test(t)) return null
  return m[0]
}
