// A second batch of situations, written after the first look at the corpus showed too
// few urgent groups and too few near-misses for urgency (past accidents, hyperbole).
import { type Seed, g } from './seed.ts'

export const more: Seed[] = [
  // wage_arrears
  g('wa2-teacher', 'wage_arrears', false, ['在培训机构当老师 机构倒闭了 欠了我们三个月课时费', '幼儿园欠了我们老师两个月的工资 园长说没招生']),
  g('wa2-security', 'wage_arrears', false, ['物业公司换了 原来物业欠的保安工资没人认', '小区保安 物业每个月都晚发 这个月干脆不发了']),
  g('wa2-farm', 'wage_arrears', false, ['在果园摘了一个月果子 老板说果子卖不出去 工钱先欠着', '给大棚干活 老板拖着不结账']),
  g('wa2-mine', 'wage_arrears', false, ['矿上停产了 我们下井的工资拖了半年', '煤矿欠我们井下工人的钱 找了好多次']),
  g('wa2-transfer', 'wage_arrears', false, ['工资被包工头拿去赌了 我们一分没拿到', '包工头说钱都给了他小舅子 让我们找他小舅子要']),
  g('wa2-performance', 'wage_arrears', false, ['绩效工资连续三个月被扣光 说是考核不合格 考核标准都没给我们看过', '说好的全勤奖 请了一次丧假就没了 还倒扣两百']),
  g('wa2-paycut', 'wage_arrears', false, ['公司单方面降薪 工资条上少了一千五 没有任何通知', '这个月工资突然少了一截 问财务说领导定的']),
  g('wa2-cash', 'wage_arrears', false, ['没合同没打卡 都是现金结 现在老板不认账 还欠我一万多', '平时都是微信转账发工资 这三个月没转 有聊天记录']),
  g('wa2-ask-amount', 'wage_arrears', false, ['欠了三千块钱工资 这么点钱工会管不管', '就差最后半个月工资 老板说扣了当赔偿 合理吗']),
  g('wa2-slang', 'wage_arrears', false, ['老板画大饼 工资一拖再拖', '说好月结 现在变成年结了 年底还不一定给', '工资是发了 但是只发了一半 另一半说押着']),
  // legal_aid
  g('la2-contract-trap', 'legal_aid', false, ['入职签的是空白合同 现在公司填了个两千的工资', '合同上写的是劳务协议 不是劳动合同 有什么区别', '公司让我们注册个体户再签合作协议']),
  g('la2-resign-cert', 'legal_aid', false, ['离职了公司不给开离职证明 新单位入不了职', '公司不给我办退工手续 档案也压着']),
  g('la2-leave', 'legal_aid', false, ['年假一天都不让休 也不给折算工资', '婚假公司只给三天 说是公司规定', '请病假公司要扣全部工资还要记旷工']),
  g('la2-surveillance', 'legal_aid', false, ['公司在宿舍装了摄像头', '老板要求我们下班也必须开定位 不开就罚款']),
  g('la2-hazard', 'legal_aid', false, ['工地上安全网破了好几个月没人换 迟早要出事', '脚手架都没固定好就让我们上去 跟安全员说了不管', '化工车间通风机坏了 大家都头晕 厂里说先凑合']),
  g('la2-past-accident', 'legal_aid', false, ['去年有个工友从架子上摔下来 后来公司只赔了两万 这样对吗', '前年我在车间被烫伤了 当时没报工伤 现在还能报吗', '三年前的工伤 现在旧伤复发了 还能找公司吗']),
  g('la2-dispatch', 'legal_aid', false, ['劳务派遣的 用工单位把我退回派遣公司 派遣公司也不安排工作', '派遣工跟正式工同工不同酬 能维权吗']),
  g('la2-age', 'legal_aid', false, ['超过六十岁在工地受伤了 老板说超龄不算工伤', '退休返聘 被辞退了有没有补偿']),
  g('la2-bankrupt', 'legal_aid', false, ['公司进入破产程序了 我们职工的债权怎么申报', '公司被法院查封了 我们的补偿金怎么办']),
  g('la2-mediation', 'legal_aid', false, ['能不能请工会出面跟公司调解一下辞退的事', '想走劳动争议调解 不想打官司']),
  // job_seeking
  g('js2-skills-up', 'job_seeking', false, ['想提升学历 工会有没有补助学费的项目', '想考个中级工 有没有技能鉴定的渠道', '工会搞的技能比武怎么报名 想评个技师']),
  g('js2-veteran', 'job_seeking', false, ['退伍回来了 想找份保安或者司机的工作', '退役军人 有没有优先安置的岗位']),
  g('js2-night', 'job_seeking', false, ['想找个夜班的 白天要照顾老人', '只能做半天的 有没有钟点工']),
  g('js2-abroad-warning', 'job_seeking', false, ['有人说去国外打工一个月两万 靠谱吗 想找个正规的', '网上看到招聘说不要学历月入过万 是不是骗人的 我就想找份正经工作']),
  g('js2-apprentice', 'job_seeking', false, ['想去学个厨师 有没有带学徒的饭店', '想跟师傅学水电 哪里有招学徒的']),
  g('js2-first-aid', 'job_seeking', false, ['想学急救知识 拿个证好找工作 工会有培训吗', '想考个消防设施操作员证 哪里培训']),
  g('js2-switch', 'job_seeking', false, ['在电子厂做了五年 想转行做电商 有没有培训', '不想在工地干了 想学个手艺']),
  // hardship
  g('hs2-past-illness', 'hardship', false, ['我爸去年脑梗 现在在家康复 每个月药钱不少 想申请补助', '前年做了心脏搭桥 现在干不了重活 收入少了一大半']),
  g('hs2-kid-special', 'hardship', false, ['孩子是自闭症 康复机构一个月五千 实在负担不起', '女儿先天性心脏病 要做手术 还差好几万']),
  g('hs2-debt', 'hardship', false, ['给老婆看病欠了十几万外债 现在天天被催', '为了治病把房子卖了 现在租房住']),
  g('hs2-elder', 'hardship', false, ['家里两个老人都瘫痪了 我一个人照顾还要上班', '老母亲老年痴呆 请不起护工']),
  g('hs2-aid-receipt', 'hardship', false, ['帮扶款收到了 回执上说可以写家里最急需的 我家最缺的是孩子的学费', '补助到账了 想问下一季度还有吗']),
  g('hs2-quarterly', 'hardship', false, ['困难档案说要每季度复核 我家情况变了 老公也病了', '退出困难建档了 可是今年家里又出事了 能重新申请吗']),
  g('hs2-hospital-past', 'hardship', false, ['上次住院的钱能不能报一点 花了两万多', '出院了 自费部分太多 工会能补一点吗']),
  // other
  g('ot2-policy', 'other', false, ['工会法规定的会员权利有哪些', '职代会是什么时候开 我想提个提案', '工会经费是怎么用的 能公开吗']),
  g('ot2-safety-drill', 'other', false, ['消防演练是什么时候', '安全生产月有什么活动', '工会组织的急救培训还有名额吗 想学着玩']),
  g('ot2-model-worker', 'other', false, ['我是市级劳模 今年的慰问什么时候', '劳模的体检怎么预约']),
  g('ot2-family', 'other', false, ['下个月结婚 听说工会可以送祝福', '刚生了宝宝 工会有没有慰问', '马上退休了 工会有欢送会吗']),
  g('ot2-question-bot', 'other', false, ['你们能帮我办什么事', '这个公众号是干嘛的', '怎么在网上提交诉求']),
  g('ot2-feedback', 'other', false, ['上次的服务我打五星', '回访电话接到了 谢谢关心', '你们那个干部小王人特别好 想表扬一下']),
  g('ot2-jokes', 'other', false, ['老板今天请我们吃饭了 哈哈', '今天发工资了 开心', '下班了 去吃烧烤咯']),
]

/** More urgent groups, and their near-misses. */
export const moreUrgent: Seed[] = [
  g('u2-electric', 'legal_aid', true, ['工友刚才被电打了 倒在地上抽搐', '有人碰到高压线了 现在没反应', '电工刚触电了 送医院路上 公司说别报']),
  g('u2-vehicle', 'legal_aid', true, ['叉车刚刚撞到人了 人压在下面', '货车倒车把工友碾了 现在在等救护车', '送外卖被车撞了 躺在路上起不来']),
  g('u2-trapped', 'legal_aid', true, ['电梯困住了好几个工人 已经一个多小时了', '井下透水了 还有人没上来', '冷库门坏了 有人被锁在里面']),
  g('u2-poison', 'hardship', true, ['食堂吃完饭 好多工友上吐下泻 有人昏过去了', '工友误喝了农药 正在洗胃']),
  g('u2-heart', 'hardship', true, ['我爱人刚才胸口疼倒下了 在等120', '工友说头疼得厉害 然后就倒了 现在叫不醒', '老乡在出租屋里吐血 我们不知道怎么办']),
  g('u2-selfharm-wage', 'wage_arrears', true, ['讨不到工钱 老乡说今晚就从桥上跳下去', '工资没了 房租也交不了 我准备喝药了', '我站在厂房顶上了 没有钱回家过年 不如死了']),
  g('u2-protest-now', 'wage_arrears', true, ['现在厂门口聚了两百多人 说不发工资就不散', '工友们正在把老板的车围住 情绪很激动 有人要砸车', '几十个工人在售楼处静坐讨薪 有人开始推搡了']),
  g('u2-selfharm-other', 'other', true, ['我在江边 不想回去了', '活着就是拖累家人 今晚把自己了结', '我已经写好遗书了']),
  g('u2-violence-home', 'other', true, ['老公喝醉了在家打我 我躲在卫生间', '被前夫堵在厂门口 他拿着刀']),
  g('u2-dialect', 'legal_aid', true, ['出大事咯 工地上有人遭压到了 快点来人', '快点快点 有人触电了 倒起不动了', '我哋车间有人俾机器夹住 而家仲喺入面']),
]

/** Urgency near-misses: alarming words, nothing happening now. */
export const urgencyNearMisses: Seed[] = [
  g('nm-past-fall', 'legal_aid', false, ['半年前从架子上摔下来 腿里还有钢板 公司不给报销后续治疗', '去年车间着火我被烧伤了 现在想申请伤残鉴定']),
  g('nm-urgent-word', 'wage_arrears', false, ['十万火急 工资已经欠了三个月', '急急急 老板不发工资', '紧急求助 年前的工资还没给']),
  g('nm-urgent-word-js', 'job_seeking', false, ['急招 急找工作 明天就能上岗', '急需一份工作 什么都能干', '急 有没有今天就能去的活']),
  g('nm-hyperbole-die', 'other', false, ['热死了 车间空调能不能修一下', '饿死了 食堂能不能晚上也开', '烦死了 宿舍天天吵']),
  g('nm-safety-report', 'legal_aid', false, ['消防通道被堆满货了 我怕哪天出事 能不能反映一下', '工地的塔吊好像有点歪 有没有人来查一下']),
  g('nm-hospital-done', 'hardship', false, ['我老公上个月心梗抢救过来了 现在出院在家 医药费欠了好多', '孩子上周做完手术了 后续康复费用很高']),
  g('nm-fight-past', 'legal_aid', false, ['上个月被主管打了一巴掌 有监控 能告他吗', '前几天跟组长吵架 他推了我一下 我能投诉吗']),
  g('nm-die-idiom', 'wage_arrears', false, ['这老板死活不给钱', '累死累活干了一年 钱没拿到', '要命的是工资一拖就是半年']),
]
