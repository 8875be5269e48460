import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { matchKnowledge, parseKnowledge } from '../../../src/desk/conversation/knowledge.ts'

/** The knowledge base as cadres ship it: every file in prompts/knowledge, README included (the parser skips it). */
const dir = new URL('../../../prompts/knowledge/', import.meta.url)
const files = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => [f, readFileSync(new URL(f, dir), 'utf8')]))
const kb = parseKnowledge(files)
const slugOf = (text: string) => matchKnowledge(kb, text)?.entry.slug ?? null

describe('the knowledge files', () => {
  it('all parse, with a title, keywords, a category and a chat-sized answer', () => {
    expect(kb.entries.map((e) => e.slug)).toEqual([
      'aixin-bangfu-zheng', 'falv-yuanzhu', 'gongshang-rending', 'hotline-12351', 'jinqiu-zhuxue', 'kunnan-bangfu', 'laodong-zhongcai', 'qianxin', 'yiliao-huzhu',
    ])
    for (const e of kb.entries) {
      expect(e.title, e.slug).not.toBe('')
      expect(e.keywords.length, e.slug).toBeGreaterThan(0)
      expect(e.category, e.slug).toBeDefined()
      expect([...e.answer].length, e.slug).toBeLessThanOrEqual(400)
      // Every answer ends with the way to a person.
      expect(e.answer, e.slug).toMatch(/工会干部|专人/)
    }
  })

  it('say the rule the sources give for the 爱心帮扶证 and the arbitration period', () => {
    const by = Object.fromEntries(kb.entries.map((e) => [e.slug, e]))
    expect(by['aixin-bangfu-zheng']!.answer).toContain('低于当地低保标准1.3倍')
    expect(by['laodong-zhongcai']!.answer).toMatch(/时效一年[\s\S]*第二十七条/)
    expect(by['laodong-zhongcai']!.answer).toContain('不收费')
  })
})

describe('matchKnowledge answers general questions', () => {
  const questions: [string, string][] = [
    // 爱心帮扶证
    ['爱心帮扶证怎么申请？', 'aixin-bangfu-zheng'],
    ['请问爱心帮扶证需要什么条件', 'aixin-bangfu-zheng'],
    ['帮扶证申请条件是什么', 'aixin-bangfu-zheng'],
    ['愛心幫扶證要怎麼申請？', 'aixin-bangfu-zheng'],
    ['我能申请帮扶证吗', 'aixin-bangfu-zheng'],
    ['在吗？我想问下帮扶证去哪里办', 'aixin-bangfu-zheng'],
    ['帮服证怎么办', 'aixin-bangfu-zheng'],
    ['您好，我是外来务工人员，想问一下帮扶证怎么申请', 'aixin-bangfu-zheng'],
    // 医疗互助
    ['职工医疗互助怎么报销？', 'yiliao-huzhu'],
    ['住院了医疗互助能报多少', 'yiliao-huzhu'],
    ['醫療互助報銷要帶什麼材料', 'yiliao-huzhu'],
    ['医疗互组去哪里报销', 'yiliao-huzhu'],
    ['我想了解一下工会的医疗互助保障', 'yiliao-huzhu'],
    ['How do I claim medical mutual aid?', 'yiliao-huzhu'],
    // 欠薪
    ['欠薪了工会能帮什么忙，要带什么材料？', 'qianxin'],
    ['被拖欠工资怎么办', 'qianxin'],
    ['讨薪需要准备哪些证据', 'qianxin'],
    ['拖欠工姿可以找工会吗', 'qianxin'],
    ['工資被拖欠怎麼辦', 'qianxin'],
    ['What can the union do about unpaid wages?', 'qianxin'],
    // 劳动仲裁
    ['劳动仲裁怎么申请', 'laodong-zhongcai'],
    ['申请仲裁要钱吗', 'laodong-zhongcai'],
    ['劳动仲裁的时效是多久？', 'laodong-zhongcai'],
    ['勞動仲裁去哪裡申請', 'laodong-zhongcai'],
    ['劳动仲栽要带什么材料', 'laodong-zhongcai'],
    ['欠薪可以申请劳动仲裁吗', 'laodong-zhongcai'],
    ['How do I apply for labour arbitration?', 'laodong-zhongcai'],
    // 12351
    ['12351是什么电话', 'hotline-12351'],
    ['工会热线是多少？', 'hotline-12351'],
    ['打１２３５１要钱吗', 'hotline-12351'],
    ['What is the union hotline number?', 'hotline-12351'],
    // 工伤认定
    ['工伤认定怎么申请？', 'gongshang-rending'],
    ['上下班路上出车祸算工伤吗', 'gongshang-rending'],
    ['公伤认定需要哪些材料', 'gongshang-rending'],
    // 金秋助学
    ['金秋助学什么时候报名', 'jinqiu-zhuxue'],
    ['困难职工的孩子上大学有没有补助', 'jinqiu-zhuxue'],
    ['金秋助學要什麼條件', 'jinqiu-zhuxue'],
    // 困难帮扶
    ['家里生活困难，工会有什么帮扶？', 'kunnan-bangfu'],
    ['困难职工怎么建档', 'kunnan-bangfu'],
    ['工会送温暖是送些什么', 'kunnan-bangfu'],
    ['单亲妈妈能申请帮扶吗', 'kunnan-bangfu'],
    // 法律援助
    ['怎么申请法律援助', 'falv-yuanzhu'],
    ['工会能提供免费律师吗', 'falv-yuanzhu'],
    ['我是农民工，讨薪可以申请法律援助吗', 'falv-yuanzhu'],
  ]
  it.each(questions)('%s → %s', (text, slug) => {
    expect(slugOf(text)).toBe(slug)
  })

  it('scores how much of the message the keywords cover', () => {
    const m = matchKnowledge(kb, '爱心帮扶证怎么申请？')!
    expect(m.score).toBe(5)
  })
})

describe('matchKnowledge leaves everything else to a person', () => {
  const others = [
    // What the employer did is a case, question or not: a ticket, so a cadre acts on it.
    '老板不发工资工会管不管',
    '單位不給申請工傷認定怎麼辦',
    '单位不给交社保 想问怎么维权',
    '公司拖欠工资 怎么办',
    // A worker's own case, even when asked as a question.
    '老板欠我三个月工资',
    '老板欠我三个月工资怎么办',
    '我在工地摔伤了，工伤怎么认定？',
    '我被公司辞退了，可以申请仲裁吗',
    '我老公住院了，医疗互助能报多少',
    '工资已经拖了半年了怎么办',
    '上个月的工资到现在还没发，怎么办',
    '昨天老板说不发工资了 怎么办',
    '我们厂三个月没发工资了，工会能不能帮忙',
    '我爸在厂里干了二十年，现在生病住院，医疗互助怎么报',
    '欠了5000块钱不给，工会管吗',
    '刚入职三天老板不给工资怎么办',
    '老乡在工地摔伤了，能算工伤吗',
    '我家月收入两千能申请帮扶证吗',
    '老板跑路了，我们十几个人的工钱怎么办',
    '为什么我的帮扶证还没批下来',
    'My boss has not paid me for three months, what should I do?',
    // Urgent: the two-hour rule, never a canned answer.
    '有人摔下来了，算工伤吗',
    // Greetings, thanks, small talk.
    '你好',
    '在吗',
    '在吗？',
    '有人吗',
    '谢谢你们',
    '谢谢，帮扶证的事我明白了',
    '辛苦了',
    '好的，知道了',
    'ok',
    // Jobs.
    '我想找电工的活',
    '有没有电工的活',
    '附近有招叉车司机的吗',
    // Complaints.
    '你们工会根本不管事',
    '打12351怎么一直没人接？',
    '工会怎么这么垃圾',
    // A topic named but not asked about, or a question the knowledge base does not cover.
    '帮扶证',
    '12351',
    '工资条怎么看',
    '你们几点下班？',
    '',
  ]
  it.each(others)('%s → null', (text) => {
    expect(matchKnowledge(kb, text)).toBeNull()
  })
})

describe('matching rules, on a knowledge base of our own', () => {
  const file = (title: string, keywords: string) => `---\ntitle: ${title}\nkeywords: [${keywords}]\n---\n答复`
  const small = parseKnowledge({ 'a.md': file('甲', '工伤, 工伤保险'), 'b.md': file('乙', '仲裁'), 'c.md': file('丙', 'work injury') })

  it('gives two topics of equal weight to a person', () => {
    expect(matchKnowledge(small, '工伤仲裁要带什么材料')).toBeNull()
    expect(matchKnowledge(small, '工伤保险和仲裁有什么关系')?.entry.slug).toBe('a')
  })

  it('forgives one mistyped character after the first in a long keyword, not the first', () => {
    expect(matchKnowledge(small, '工伤保陷怎么交')?.entry.slug).toBe('a')
    expect(matchKnowledge(small, '工伤保陷怎么交')?.score).toBe(3)
    const kw = parseKnowledge({ 'x.md': file('X', '不发工资') })
    expect(matchKnowledge(kw, '公司一般怎么发工资')).toBeNull()
  })

  it('matches English keywords as whole words, plurals included', () => {
    expect(matchKnowledge(small, 'What counts as a work injury?')?.entry.slug).toBe('c')
    expect(matchKnowledge(small, 'How are work injuries recognised?')?.entry.slug).toBe('c')
    expect(matchKnowledge(small, 'What is network injury?')).toBeNull()
  })

  it('reads keywords written in Traditional characters too', () => {
    const trad = parseKnowledge({ 't.md': file('T', '勞動仲裁') })
    expect(matchKnowledge(trad, '劳动仲裁怎么申请')?.entry.slug).toBe('t')
  })
})

describe('parseKnowledge', () => {
  const good = '---\ntitle: 标题\nkeywords: [甲乙, 丙丁]\ncategory: other\n---\n答复正文\n'

  it('reads the front matter: inline or block lists, full-width punctuation, CRLF, a BOM', () => {
    const kb = parseKnowledge({
      'one.md': good,
      two: '\uFEFF---\r\ntitle：标题二\r\nkeywords:\r\n  - 甲乙\r\n  - "丙丁"\r\n---\r\n答复二\r\n',
      three: '---\ntitle: "三"\nkeywords: 甲乙，丙丁、戊己\n---\n答复三',
      'README.md': '# not an entry',
    })
    expect(kb.entries).toEqual([
      { slug: 'one', title: '标题', keywords: ['甲乙', '丙丁'], category: 'other', answer: '答复正文' },
      { slug: 'three', title: '三', keywords: ['甲乙', '丙丁', '戊己'], answer: '答复三' },
      { slug: 'two', title: '标题二', keywords: ['甲乙', '丙丁'], answer: '答复二' },
    ])
  })

  const bad: [string, string, RegExp][] = [
    ['missing title', '---\nkeywords: [甲乙]\n---\n答复', /no-title\.md：.*“title”/],
    ['empty keywords', '---\ntitle: 标题\nkeywords: []\n---\n答复', /no-title\.md：keywords: 至少写一个关键词/],
    ['no keywords field', '---\ntitle: 标题\n---\n答复', /no-title\.md：.*“keywords”/],
    ['unknown category', '---\ntitle: 标题\nkeywords: [甲乙]\ncategory: wages\n---\n答复', /no-title\.md：category: /],
    ['no front matter', '标题\n答复', /no-title\.md：开头要有两条 --- 横线/],
    ['unclosed front matter', '---\ntitle: 标题\nkeywords: [甲乙]\n答复', /no-title\.md：.*结束的 --- 横线/],
    ['a misspelt field', '---\ntitle: 标题\nkeyword: [甲乙]\n---\n答复', /no-title\.md：没有“keyword”这一栏/],
    ['an empty answer', '---\ntitle: 标题\nkeywords: [甲乙]\n---\n\n', /no-title\.md：answer: /],
    ['an unclosed list', '---\ntitle: 标题\nkeywords: [甲乙, 丙丁\n---\n答复', /no-title\.md：.*少了结尾的“\]”/],
  ]
  it.each(bad)('rejects %s with a message naming the file', (_, text, message) => {
    expect(() => parseKnowledge({ 'ok.md': good, 'no-title.md': text })).toThrow(message)
  })

  it('rejects a file name that is not a slug', () => {
    expect(() => parseKnowledge({ 'Bad Name.md': good })).toThrow(/Bad Name\.md：slug: /)
  })
})
