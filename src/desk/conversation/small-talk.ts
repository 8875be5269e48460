import { categories, type Category } from '../../classify/types.ts'
import { plain } from './plain.ts'

/**
 * Messages that are not a matter for a ticket: a greeting, thanks, chit-chat, spam, a status
 * question about a case already open, or something too short or unclear to read with
 * confidence. Rules, because these are short and formulaic; anything longer goes on to the
 * classifier.
 */
export type SmallTalk = 'greeting' | 'thanks' | 'chat' | 'spam' | 'status_question' | 'unclear'

const greetings = ['你好', '您好', '你们好', '在吗', '在不在', '在么', '在不', '有人吗', '有人在吗', '哈喽', '哈罗', '嗨', '喂', '早', '早上好', '中午好', '下午好', '晚上好', '老师好', '领导好', '请问', '打扰了', 'hi', 'hello', 'hey', 'helo', 'hallo', 'nihao', 'zaima']
const thanks = ['谢谢', '谢谢你', '谢谢您', '谢谢你们', '谢谢了', '多谢', '感谢', '感谢你们', '感谢工会', '谢谢工会', '辛苦了', '辛苦你们了', '好的谢谢', '好谢谢', '收到谢谢', '太感谢了', '非常感谢', '谢啦', '3q', 'thanks', 'thankyou', 'thx', 'ty']
const chat = ['好的', '好', '嗯', '嗯嗯', '哦', '噢', '行', '可以', 'ok', 'okay', '收到', '知道了', '明白', '明白了', '哈哈', '哈哈哈', '呵呵', '你是谁', '你是机器人吗', '你是人吗', '吃了吗', '吃饭了吗', '无聊', '测试', 'test', '1234']

const kinds = new Map<string, SmallTalk>([
  ...greetings.map((w) => [w, 'greeting'] as const),
  ...thanks.map((w) => [w, 'thanks'] as const),
  ...chat.map((w) => [w, 'chat'] as const),
])

// Advertising and scams that reach every public account: links, "加V", gambling, loans.
const SPAM = /(加v|加微|加我微信|vx|威信|薇信|代开发票|贷款|网贷|刷单|兼职日结|博彩|彩票|六合彩|返利|https?:\/\/|www\.)/i

// "我上次说的欠薪有进展吗", "之前反映的事怎么样了": about a case already told, not a new one.
const PROGRESS = /(进展|进度|结果|怎么样了|咋样了|如何了|办得怎么样|有消息|有回音|处理了没|处理得|办好了没|回复了没|有人管|什么时候处理|多久能)/
const EARLIER = /(上次|之前|以前|前几天|前两天|前天|昨天|上周|上个月|我反映|我说的|我提的|我报的|我的事|那件事|那个事|这件事|投诉的|求助的)/

// A keyboard mash or pinyin initials ("asdfgh", "qzgz", "zgz"): letters without a vowel
// pattern of any word, or a run of one key. Chinese with fewer than two characters says too little.
const VOWELLESS = /^[bcdfghjklmnpqrstvwxyz]{2,}$/
// Four consonants in a row occur in neither pinyin nor (almost any) English word: "asdfgh", "qwrtyu".
const CONSONANT_RUN = /[bcdfghjklmnpqrstvwxz]{4,}/
const REPEAT = /^(.)\1{2,}$/

export function readSmallTalk(text: string): SmallTalk | null {
  const t = plain(text)
  if (!t) return 'unclear'
  const known = kinds.get(t) ?? kinds.get(t.replace(/(啊|呀|哈|呢|哦|嘛|吧|哇|啦|了)+$/u, ''))
  if (known) return known
  if (SPAM.test(text.normalize('NFKC')) && t.length < 200) return 'spam'
  if (t.length <= 40 && PROGRESS.test(t) && EARLIER.test(t)) return 'status_question'
  // One run of letters only: a sentence in English has spaces, and goes to the classifier.
  const oneWord = (text.normalize('NFKC').match(/[a-z]+/gi) ?? []).length === 1
  if (/^[a-z]+$/.test(t) && oneWord && (VOWELLESS.test(t) || CONSONANT_RUN.test(t) || t.length > 12 || REPEAT.test(t))) return 'unclear'
  if (/^\d+$/.test(t) && t.length > 1) return 'unclear'
  if (REPEAT.test(t)) return 'unclear'
  const han = t.match(/\p{Script=Han}/gu)?.length ?? 0
  if (han > 0 && han < 3 && t.length < 4) return 'unclear'
  return null
}

/** The worker's answer to "哪方面的事？": a number from the list or the word, or null. */
export const categoryChoices: readonly { category: Category; words: readonly string[] }[] = [
  { category: 'wage_arrears', words: ['1', '欠薪', '欠工资', '拖欠工资', '工资', '讨薪', 'wages', 'salary', 'unpaid'] },
  { category: 'legal_aid', words: ['2', '劳动纠纷', '纠纷', '法律', '法律援助', '维权', '仲裁', 'legal', 'dispute'] },
  { category: 'job_seeking', words: ['3', '找工作', '工作', '求职', '就业', '岗位', 'job', 'work'] },
  { category: 'hardship', words: ['4', '生活困难', '困难', '帮扶', '救助', 'hardship'] },
  { category: 'other', words: ['5', '其他', '别的', '其它', 'other'] },
]

export function readCategoryChoice(text: string): Category | null {
  const t = plain(text).replace(/^(选|是|第)/, '').replace(/(个|项|号)$/, '')
  for (const choice of categoryChoices) if (choice.words.includes(t)) return choice.category
  return categories.includes(t as Category) ? (t as Category) : null
}

/** Yes or no to the consent question, or null when the answer is neither. */
export function readConsent(text: string): boolean | null {
  const t = plain(text)
  if (/^(不同意|不行|不要|不可以|不愿意|不想|不用|拒绝|否|no|nope|不)$/.test(t)) return false
  if (/^(同意|可以|好|好的|行|愿意|没问题|没事|ok|yes|是|嗯|嗯嗯|同意的|我同意)$/.test(t)) return true
  return null
}
