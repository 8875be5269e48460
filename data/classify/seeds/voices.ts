// A third batch, written as different people would write: questions put indirectly,
// messages that start with the story and end with the ask, group-chat fragments,
// forwarded notices, and the words of people who are not the worker (wives, sons, friends).
import { type Seed, g } from './seed.ts'

export const voices: Seed[] = [
  // wage_arrears
  g('v-wa-son', 'wage_arrears', false, ['我替我爸问一下 他在工地干了大半年 老板到现在一分钱没给 他不会用手机', '帮我妈问的 她在酒店做保洁 三个月没拿到钱了']),
  g('v-wa-wife', 'wage_arrears', false, ['我老公在外面打工 老板说年底结 结果年底人没了 我们在老家干着急', '孩子他爸的工钱被包工头拿走了 我们一家就指着这个钱']),
  g('v-wa-question', 'wage_arrears', false, ['请问一下 公司说效益不好工资要晚两个月发 可以这样吗 已经晚了一个月了', '老板说工资要等甲方付款才能发 我们已经等了{months}了 这算欠薪吧']),
  g('v-wa-forward', 'wage_arrears', false, ['【求扩散】{area}某{place}拖欠四十多名工人{months}工资 老板失联 有知情的请联系', '转发：我们是{place}的工人 {boss}欠薪不还 恳请工会关注']),
  g('v-wa-numbers', 'wage_arrears', false, ['3月2800 4月3100 5月3000 加起来8900一分没给', '干了87天 一天260 算下来两万多 就给了三千']),
  g('v-wa-shame', 'wage_arrears', false, ['不好意思打扰 本来不想麻烦你们 可是工钱实在要不回来了', '说出来挺丢人的 干了一年活钱都没拿到']),
  g('v-wa-english', 'wage_arrears', false, ['my boss not pay salary 2 months 我是外地来的', 'unpaid wages 三个月 company say no money']),
  g('v-wa-resign-hold', 'wage_arrears', false, ['提了离职 主管说这个月的工资要扣一半当违约金', '离职交接完了 财务说工资下下个月才发 还要扣工服费']),
  g('v-wa-piece', 'wage_arrears', false, ['计件的单子做完了 老板说质量不行一件不算钱', '做了两千件衣服 老板说返工的不给钱 结果全算返工']),
  // legal_aid
  g('v-la-son', 'legal_aid', false, ['我爸在工地受伤了 老板只给了五千块就不管了 还能要吗', '我妈在厂里干了十五年 突然说年纪大了让回家 一分补偿没有']),
  g('v-la-question', 'legal_aid', false, ['请问 试用期被辞退要不要给补偿', '公司让我签一个自愿放弃社保的声明 签了以后还能反悔吗', '公司让我们每天早来半小时开会不算加班 合法吗']),
  g('v-la-story', 'legal_aid', false, ['事情是这样 我在车间干了四年 上周主管说我偷懒 让我写辞职信 我不写就不让我打卡 现在该怎么办', '我们厂要搬到郊区 不去的算自动离职 去的话每天来回三个小时 这个能要补偿吗']),
  g('v-la-group', 'legal_aid', false, ['我们车间十几个人都没签合同 一起去找公司要说法 工会能不能帮我们', '全厂都没交社保 大家想一起维权 怎么弄']),
  g('v-la-english', 'legal_aid', false, ['no labor contract 一年多 can I complain', 'work injury 公司 not pay hospital']),
  g('v-la-gig', 'legal_aid', false, ['跑腿骑手 超时被罚款还被封号 申诉没用 这种能告平台吗', '网约车司机 平台抽成越来越高 还随便封号 有地方说理吗']),
  g('v-la-privacy', 'legal_aid', false, ['公司把我们的身份证复印件拿去办了贷款', '老板把我的工资卡扣着 密码也是他设的']),
  g('v-la-night', 'legal_aid', false, ['女工被安排上夜班 怀孕了也不给调 说不干就走人', '未成年工被安排在喷漆车间 这样合法吗']),
  // job_seeking
  g('v-js-son', 'job_seeking', false, ['帮我爸问问 他五十五了 身体还行 想找个看仓库的活', '我老婆想出来上班 没什么文化 有适合她的吗']),
  g('v-js-question', 'job_seeking', false, ['你们推送的岗位都是真的吗 我想去{area}那个', '工会介绍工作收不收中介费', '怎么在你们这登记求职信息']),
  g('v-js-story', 'job_seeking', false, ['以前在{place}干{job} 干了好些年 现在那个厂关了 想找个差不多的活', '刚从老家出来 啥也不会 就是肯吃苦 能干啥']),
  g('v-js-skill-pay', 'job_seeking', false, ['学个{skill}出来一个月能挣多少 工会的课收费吗', '考了{skill}以后工会能推荐工作吗']),
  g('v-js-group', 'job_seeking', false, ['我们老乡七八个人 想找个一起干的活 包住最好', '有没有招一批人的厂 我们十几个人一起过去']),
  g('v-js-english', 'job_seeking', false, ['need job 会开叉车', 'any job 保洁 also ok']),
  g('v-js-after-wage', 'job_seeking', false, ['上次欠薪的事你们帮我解决了 谢谢 现在想找个新工作 有推荐吗', '工钱拿回来了 现在没活干 帮我找个活吧']),
  // hardship
  g('v-hs-son', 'hardship', false, ['我替我妈问 她在厂里上班 我爸瘫在床上好几年了 家里实在困难 能申请补助吗', '我是职工家属 我老公得了{illness} 他不好意思开口 我来问问工会能不能帮']),
  g('v-hs-question', 'hardship', false, ['困难职工的标准是什么 我家一个月收入三千 四口人', '大病救助最多能给多少 要什么证明']),
  g('v-hs-story', 'hardship', false, ['我一个人带着两个孩子 前夫不给抚养费 厂里工资三千多 房租一千五 孩子还要上学 真的撑不住了', '家里的顶梁柱倒了 老公瘫痪 我一个人打两份工 孩子下学期的学费还没着落']),
  g('v-hs-english', 'hardship', false, ['my son sick 白血病 need money', 'hospital bill 太多 没钱']),
  g('v-hs-shy', 'hardship', false, ['不知道该不该说 家里最近真的太难了', '犹豫了很久 还是想问问 像我家这样的能不能得到一点帮助']),
  g('v-hs-aid-flow', 'hardship', false, ['补助申请交了两个月了 一直没消息 家里等着用钱', '家访的同志来过了 说要补材料 要补什么']),
  // other
  g('v-ot-question', 'other', false, ['工会是干什么的 能管什么事', '我们厂没有工会 可以自己成立吗', '工会主席是怎么选出来的']),
  g('v-ot-wage-info', 'other', false, ['加班工资的计算基数是基本工资还是全部工资 只是想了解一下', '年终奖要交多少税', '工资是每月几号发比较正常 随便问问']),
  g('v-ot-activity', 'other', false, ['周末工会组织的爬山还能报名吗', '职工子女暑期托管班怎么报名', '元旦晚会想报个节目']),
  g('v-ot-suggest', 'other', false, ['能不能在厂门口设个快递柜', '宿舍的网太慢了 建议换个宽带', '建议工会搞个读书会']),
  g('v-ot-gratitude', 'other', false, ['你们上次帮我解决了社保的事 特别感谢', '补助收到了 谢谢工会 谢谢党和政府', '家访的大姐人真好 替我谢谢她']),
  g('v-ot-spam', 'other', false, ['急用钱找我 无抵押贷款 当天到账', '招代理 日入过千 在家就能做', '恭喜您获得工会福利大礼包 点击链接领取']),
  g('v-ot-mistaken', 'other', false, ['不好意思发错了', '打错字了 忽略', '刚才那条不用管了']),
  g('v-ot-english', 'other', false, ['hi is anyone there', 'how to become member', 'thanks for your help']),
  g('v-ot-mood', 'other', false, ['异地打工 过年回不去 心里有点难受', '和老婆吵架了 心里烦 想找人说说话']),
]

export const voicesUrgent: Seed[] = [
  g('v-u-wife-call', 'hardship', true, ['我老公刚才打电话说胸口疼得厉害 现在人在宿舍 我在老家 怎么办', '我爸在工地上突然说不出话 半边身子动不了 工友送去医院了']),
  g('v-u-son-accident', 'legal_aid', true, ['我爸刚在工地出事了 被钢筋砸到头 现在送医院了 老板电话不接', '我哥刚在厂里被机器轧了 人在抢救 厂里没人管']),
  g('v-u-scene', 'legal_aid', true, ['现场很乱 有人被压在钢板下面 工头不让拍照', '吊车的绳子断了 下面有人 快叫人']),
  g('v-u-threat', 'legal_aid', true, ['老板说今晚要找人收拾我 我现在不敢回宿舍', '讨说法被打了 他们还在外面守着 我躲在厕所']),
  g('v-u-despair', 'other', true, ['最近总想着一了百了', '我觉得自己活不下去了 没人在乎我', '想从宿舍楼上跳下去 反正也没人管']),
  g('v-u-crowd', 'wage_arrears', true, ['工友们已经把项目部的门堵上了 说今天拿不到钱谁也别想走 有人动手了', '现在几百个工人在厂门口讨薪 警察来了 场面控制不住']),
  g('v-u-english', 'legal_aid', true, ['help my friend fall down from building now bleeding', 'fire in factory 出不去 help']),
]
