import { describe, expect, it } from 'vitest'
import { tradeTerms } from '../../../src/desk/postings/matching/index.ts'
import { buildVocabulary, tradeVocabulary } from '../../../src/desk/postings/matching/trades.ts'

describe('the trade vocabulary (data/trades.json)', () => {
  const vocab = tradeVocabulary()

  it('covers the trades union job boards use', () => {
    expect(vocab.trades.size).toBeGreaterThanOrEqual(80)
    for (const term of ['电工', '焊工', '叉车司机', '普工', '保安', '保洁', '厨师', '服务员', '快递员', '外卖骑手', '司机', '货车司机', '木工', '钢筋工', '瓦工', '油漆工', '舾装工', '船体装配工', '打磨工', '涂装工', '管系工', '缝纫工', '车工', '仓管员', '装卸工', '育婴师', '月嫂', '保姆', '家政服务员', '护工', '质检员', '数控操作工', '钳工', '水电工', '安装工', '维修工', '收银员', '销售', '客服', '文员', '会计', '网约车司机', '电梯工']) {
      expect(vocab.trades.has(term), term).toBe(true)
    }
  })

  it('reads every word of every trade as that trade, alone and in an ad', () => {
    const wrong: string[] = []
    for (const [word, term] of vocab.words) {
      for (const text of [word, `急招${word}2名`, `我想找${word}的工作`, `本公司招聘${word}，月薪6000`]) {
        const got = tradeTerms(text)
        if (got.length !== 1 || got[0] !== term) wrong.push(`${text} → ${got.join(',')} (want ${term})`)
      }
    }
    expect(wrong).toEqual([])
  })

  it('names only trades as broader terms', () => {
    for (const t of vocab.trades.values()) for (const b of t.broader) expect(vocab.trades.has(b), `${t.term} → ${b}`).toBe(true)
  })

  it('refuses a word under two trades, an unknown broader term and a loop', () => {
    expect(() => buildVocabulary({ trades: [{ term: '电工', variants: ['电气'] }, { term: '电气工程师', variants: ['电气'] }] })).toThrow(/电气/)
    expect(() => buildVocabulary({ trades: [{ term: '货车司机', broader: ['司机'] }] })).toThrow(/司机/)
    expect(() => buildVocabulary({ trades: [{ term: 'a', broader: ['b'] }, { term: 'b', broader: ['a'] }] })).toThrow(/back/)
    expect(() => buildVocabulary({ trades: [{ term: 'a' }], contextual: [{ variant: 'x', term: 'nope', whenAny: [] }] })).toThrow(/nope/)
  })

  it('folds the data it is given, so Traditional or full-width entries still match', () => {
    const v = buildVocabulary({ trades: [{ term: '電工', variants: ['ＰＬＣ'] }] })
    expect([...v.words]).toEqual([['电工', '电工'], ['plc', '电工']])
  })
})
