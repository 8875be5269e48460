import { describe, expect, it } from 'vitest'
import { createEmbeddedClassifier } from '../../src/classify/index.ts'
import { Classification } from '../../src/classify/types.ts'
import { normalize } from '../../src/classify/embedded/normalize.ts'

const classifier = createEmbeddedClassifier()

describe('embedded classifier', () => {
  it.each([
    ['老板拖了仨月工钱不给 咋整啊', 'wage_arrears'],
    ['公司无缘无故把我辞退了 一分钱补偿都没有', 'legal_aid'],
    ['想找个电焊的活 包吃住', 'job_seeking'],
    ['孩子考上大学了 学费凑不齐 金秋助学怎么申请', 'hardship'],
    ['怎么加入工会', 'other'],
  ] as const)('%s → %s', async (text, label) => {
    const c = await classifier.classify(text)
    expect(Classification.parse(c).category).toBe(label)
    expect(c.source).toBe('linear@2')
  })

  it('reads Traditional Chinese like Simplified', async () => {
    const s = await classifier.classify('老板拖欠工资三个月了 怎么办')
    const t = await classifier.classify('老闆拖欠工資三個月了 怎麼辦')
    expect(t.category).toBe(s.category)
    expect(t.confidence).toBeCloseTo(s.confidence, 2)
  })

  it('keeps keywords used in another sense apart', async () => {
    expect((await classifier.classify('工资条怎么看')).category).toBe('other')
    expect((await classifier.classify('谢谢帮我要回工资')).category).toBe('other')
  })

  it('fixes common typing slips before reading', () => {
    expect(normalize('老版脱欠工姿')).toBe('老板拖欠工资')
    expect(normalize('想找个工做 木有推荐吗')).toBe('想找个工作 没有推荐吗')
  })

  it('tells a thank-you, an information question and a real request apart', async () => {
    expect((await classifier.classify('钱已经到账了 谢谢工会的同志')).category).toBe('other')
    expect((await classifier.classify('谢谢你们上次帮忙 现在想找份新工作')).category).toBe('job_seeking')
    expect((await classifier.classify('年假一年有几天 就是问问')).category).toBe('other')
  })

  it('flags an accident happening now as urgent, and a past one as not', async () => {
    expect((await classifier.classify('工友刚从脚手架上摔下来 头在流血')).urgent).toBe(true)
    expect((await classifier.classify('我真的不想活了')).urgent).toBe(true)
    expect((await classifier.classify('去年从架子上摔下来 现在工伤认定怎么办')).urgent).toBe(false)
    expect((await classifier.classify('急急急 老板不发工资')).urgent).toBe(false)
  })

  it('gives a short reason a cadre can read, never the whole message', async () => {
    const text = '我在东莞一个鞋厂做了三年 今年厂里效益不好 先是说工资晚发十天 后来变成晚一个月 现在已经欠了四个月 老板开会说大家要共渡难关 谁走就不给结账'
    const c = await classifier.classify(text)
    expect(c.reason).toMatch(/^关键词：.+；模型置信 \d\.\d\d/)
    expect(c.reason.length).toBeLessThan(80)
    expect(c.reason).not.toContain(text.slice(0, 20))
  })

  describe('odd input returns other with low confidence, never an error', () => {
    const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)).toString('latin1')
    it.each([
      ['empty', ''],
      ['whitespace', ' \n\t  '],
      ['emoji only', '😭😭🙏🙏💔'],
      ['symbols only', '？？？。。。!!!'],
      ['binary garbage', bytes],
      ['NUL bytes', '\u0000\u0001\u0002\u0003\uFFFD\uFFFD'],
    ])('%s', async (_name, text) => {
      const c = await classifier.classify(text)
      expect(c).toMatchObject({ category: 'other', urgent: false })
      expect(c.confidence).toBeLessThanOrEqual(0.1)
      expect(Classification.safeParse(c).success).toBe(true)
    })

    it('a very long message is answered from its head, like a short one', async () => {
      // Only the head is read, so the cost stays flat whatever arrives (npm run bench measures it):
      // 200,000 more characters about something else change nothing.
      const head = '老板欠我工资三个月了 '.repeat(120)
      const c = await classifier.classify(head + '想找个电焊的活 包吃住 '.repeat(20_000))
      expect(c.category).toBe('wage_arrears')
      expect(c).toEqual(await classifier.classify(head))
    })

    it('a non-string (from untyped JavaScript callers) does not throw', async () => {
      const c = await classifier.classify(undefined as unknown as string)
      expect(c.category).toBe('other')
    })
  })
})
