/**
 * Words in a subscription request that ask nothing of the matching: the worker's way of
 * asking (我想找, 有没有, 谢谢), the words of a job search itself (岗位, 工作, 招聘), and
 * conditions the job board does not filter on (包吃住, 夜班, 长期). Anything else that is no
 * trade, place or pay is shown back to the worker as not understood. Data: Chinese words.
 */
export const ignoredWords: ReadonlySet<string> = new Set([
  // asking
  '我们', '想要', '想找', '寻找', '找个', '找份', '帮我', '帮忙', '麻烦', '一下', '一个', '一份', '一些',
  '有没有', '没有', '是否', '可以', '能否', '能不能', '需要', '希望', '最好', '我要', '我想', '请问',
  '谢谢', '你好', '您好', '好的', '什么', '怎么', '如何', '哪里', '哪儿', '哪些', '有的', '看看',
  '发给', '告诉', '通知', '提醒', '推送', '推荐', '信息', '消息', '相关', '方面', '类型', '之类',
  '类似', '或者', '还有', '以及', '比如', '就是', '还是', '现在', '目前', '马上', '尽快',
  // the search itself
  '岗位', '职位', '工作', '活儿', '招聘', '招工', '招人', '求职', '打工', '上班', '干活', '机会',
  '职业', '工种', '行业', '单位', '公司', '工厂', '厂里', '企业', '老板', '服装厂', '制衣厂',
  '电子厂', '鞋厂', '酒店', '饭店', '餐厅', '工地上', '超市', '商场', '医院', '学校', '小区', '写字楼',
  '仓库', '车间', '门店', '食堂',
  // where, without a place
  '附近', '周边', '一带', '本地', '当地', '那边', '这边', '地区', '区域', '范围', '周围', '市区',
  '城里', '县城', '离家近', '老家', '家乡', '户籍', '籍贯', '来自', '老乡',
  // pay words without a figure
  '以上', '左右', '工资', '薪资', '薪水', '月薪', '日薪', '时薪', '年薪', '待遇', '收入', '底薪',
  '提成', '面议', '计件', '保底', '高薪', '到手',
  // conditions not filtered on
  '学徒', '师傅', '熟手', '新手', '技工', '工人', '员工', '长期', '临时', '兼职', '全职', '包吃住',
  '包住', '包吃', '包食宿', '日结', '月结', '周结', '夫妻', '白班', '夜班', '两班倒', '长白班',
  '急招', '急聘', '正规', '正式', '稳定', '五险一金', '社保', '加班', '双休', '单休', '轻松',
  '男工', '女工', '男女', '年龄', '有证', '持证', '经验', '有经验', '无经验',
])

/** The ignored words as one pattern, longest first, to blank them out before jieba cuts the rest (it cuts 包吃住 as 包吃|住). */
export const ignoredPattern = new RegExp([...ignoredWords].sort((a, b) => b.length - a.length).join('|'), 'g')

/** Single characters that carry no request on their own (的, 找, 在); any other lone character is reported. */
const ignoredCharacters = new Set([
  ...'我你他她它们想要找在的了吗呢啊吧呀哦嘛和与及或也都就请帮给个份有是能会去到做干活工人些点下一里上边等啦哈嗯么呗噢喔哟地得着过还又再跟同并且但让把被从向往对为以于之其该这那哪啥什省市区县镇乡村厂附近元块月天日号好谢您名位男女岁多少行可',
])
export const isIgnoredCharacter = (ch: string): boolean => ignoredCharacters.has(ch)
