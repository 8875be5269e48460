import { beforeAll, describe, expect, it } from 'vitest'
import { templateNames } from '../../../src/text/template-sets.ts'
import { readTicketFacts } from '../../../src/desk/conversation/index.ts'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { closeTicket } from '../../../src/desk/tickets/index.ts'
import { deskForThisFile, json } from '../../support/desk.ts'

/**
 * Scripted conversations through the channel-blind intake, as a chat channel (the Official
 * Account's identity: one worker, many matters). The WeChat and portal transcripts in
 * test/channels and test/web drive the same layer through their own wire formats.
 */
const t = deskForThisFile()

// Every reply the conversation layer can give is heard in this file at least once (the last test checks).
const heard = new Set<string>()
beforeAll(() => {
  const render = t.desk.replies.render.bind(t.desk.replies)
  t.desk.replies.render = ((name, view) => {
    heard.add(name)
    return render(name, view)
  }) as typeof render
})

let seq = 0
function worker(name: string) {
  const externalUserId = `o${name.padEnd(27, '0')}`
  return {
    externalUserId,
    say: async (text: string) =>
      acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId, externalMessageId: `m-${name}-${seq++}`, text, receivedAt: t.desk.now() }),
    tickets: async () => {
      const identity = await t.desk.db.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: 'wechat_oa', externalId: externalUserId } } })
      return t.desk.db.ticket.findMany({ where: { workerId: identity.workerId }, include: { messages: true, events: true }, orderBy: { createdAt: 'asc' } })
    },
  }
}
const factsOf = (ticket: { facts: string | null }) => readTicketFacts(t.desk.crypto, ticket)

describe('knowing what a message is before making a ticket', () => {
  it('answers 在吗 with the choices, then opens the ticket the worker chose, with the first message on it', async () => {
    const w = worker('WageA')
    const first = await w.say('在吗')
    expect(first.outcome).toBe('answered')
    expect(first.ticketNumber).toBeNull()
    // First contact: the privacy notice, then the question.
    expect(first.reply).toContain('只用来办理您的求助')
    expect(first.reply).toMatch(/1 欠薪[\s\S]*2 劳动纠纷[\s\S]*3 找工作[\s\S]*4 生活困难[\s\S]*5 其他/)
    expect(await w.tickets()).toHaveLength(0)

    const chose = await w.say('1')
    expect(chose.outcome).toBe('opened')
    const [ticket] = await w.tickets()
    expect(ticket!.category).toBe('wage_arrears')
    expect(ticket!.classifiedBy).toBe('worker')
    expect(ticket!.messages.filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(['在吗', '1'])
    // The desk's question is on the ticket too: the cadre reads the whole exchange.
    expect(ticket!.messages.find((m) => m.kind === 'auto')?.text).toMatch(/哪家单位/)
    // The notice is said once.
    expect(chose.reply).not.toContain('只用来办理您的求助')
    expect(chose.reply).toContain(ticket!.number)
    expect(chose.reply).toMatch(/哪家单位/)
  })

  it('gathers a wage case one question at a time, taking two answers from one message, and stops once enough is known', async () => {
    const w = worker('WageB')
    const opened = await w.say('老板拖欠我们工资 好几个月了')
    expect(opened.outcome).toBe('opened')
    expect(opened.reply).toMatch(/哪家单位/)
    // Employer and place in one message: the place is not asked next.
    const second = await w.say('宁波北仑的华盛电子厂')
    expect(second.outcome).toBe('continued')
    expect(second.reply).not.toMatch(/哪家单位|在哪个城市/)
    let reply = second.reply
    let said = 2
    for (const a of ['欠了三个月 一共两万四', '我们二十多个人', '没签合同']) {
      if (/谢谢，情况都记下了/.test(reply)) break
      reply = (await w.say(a)).reply
      said++
    }
    expect(reply).toMatch(/谢谢，情况都记下了/)
    const [ticket] = await w.tickets()
    const facts = factsOf(ticket!)
    expect(facts).toMatchObject({ employer: expect.stringContaining('华盛'), workplace: expect.stringContaining('北仑') })
    expect(facts.monthsOwed ?? facts.amountOwed).toBeDefined()
    // Everything the worker said is on the ticket.
    expect(ticket!.messages.filter((m) => m.direction === 'in')).toHaveLength(said)
  })

  it('accepts 跳过 and 不知道, and does not ask the same thing again', async () => {
    const w = worker('Skip')
    await w.say('公司辞退我了 一分钱补偿都没有')
    const [ticket] = await w.tickets()
    expect(ticket!.category).toBe('legal_aid')
    const asked: string[] = []
    let reply = (await w.say('不知道')).reply
    for (let i = 0; i < 4 && !/谢谢，情况都记下了/.test(reply); i++) {
      asked.push(reply)
      reply = (await w.say('跳过')).reply
    }
    expect(new Set(asked).size).toBe(asked.length)
  })

  it('takes a confident new matter on another topic as its own ticket', async () => {
    const w = worker('Topic')
    await w.say('厂里拖欠工资三个月了')
    const changed = await w.say('另外我还想找个电焊工的工作 有没有岗位推荐')
    expect(changed.outcome).toBe('opened')
    expect((await w.tickets()).map((x) => x.category)).toEqual(['wage_arrears', 'job_seeking'])
  })

  it('greets a worker who comes back days later with their open case, not a new form', async () => {
    const w = worker('Return')
    const opened = await w.say('想找份电工的活 在舟山定海')
    // Days pass: the conversation is forgotten, and the case has been quiet.
    await t.desk.db.conversation.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } })
    await t.desk.db.ticket.update({ where: { number: opened.ticketNumber! }, data: { updatedAt: new Date(Date.now() - 5 * 24 * 3600_000) } })
    const back = await w.say('在吗')
    expect(back.outcome).toBe('answered')
    expect(back.reply).toContain(opened.ticketNumber!)
    expect(back.reply).toContain('欢迎回来')
    expect(back.reply).not.toMatch(/1 欠薪/)
    expect(await w.tickets()).toHaveLength(1)
  })

  it('answers in Traditional with proper forms when the worker writes Traditional', async () => {
    const w = worker('Trad')
    const r1 = await w.say('老闆欠我們三個月工資，請工會幫幫忙')
    expect(r1.outcome).toBe('opened')
    expect(r1.reply).toMatch(/編號|單位/)
    expect(r1.reply).not.toMatch(/编号|单位/)
    expect(r1.reply).not.toContain('孃家')
    // One form of each word: 回覆 throughout, never 回復 beside it.
    expect(r1.reply).toContain('回覆')
    expect(r1.reply).not.toContain('回復')
    const r2 = await w.say('在寧波北侖的華盛電子廠')
    expect(r2.reply).not.toMatch(/[这们说单问请]/)
    expect(factsOf((await w.tickets())[0]!)).toMatchObject({ employer: expect.stringContaining('华盛') })
  })

  it('understands a worker writing in English', async () => {
    const w = worker('English')
    const hi = await w.say('hello')
    expect(hi.outcome).toBe('answered')
    expect(hi.reply).toMatch(/1 欠薪/)
    const matter = await w.say('1')
    expect(matter.outcome).toBe('opened')
    expect((await w.tickets())[0]!.category).toBe('wage_arrears')
    const other = worker('English2')
    const told = await other.say('My boss has not paid my salary for three months, what can the union do?')
    expect(told.outcome).toBe('opened')
    expect((await other.tickets())[0]!.category).toBe('wage_arrears')
    expect(told.reply).toContain('哪家单位')
  })

  it('asks again, with the choices, when the answer to 哪方面 is a keyboard mash', async () => {
    const w = worker('Mash')
    await w.say('在不在')
    const again = await w.say('asdfgh')
    expect(again.outcome).toBe('answered')
    expect(again.reply).toContain('没太看明白')
    expect(await w.tickets()).toHaveLength(0)
  })

  it('answers a question about an open case with where it stands, opening nothing', async () => {
    const w = worker('Status')
    const opened = await w.say('厂里拖欠我们工资 三个月了')
    const status = await w.say('我上次说的欠薪有进展吗')
    expect(status.outcome).toBe('answered')
    expect(status.reply).toContain(opened.ticketNumber!)
    expect(status.reply).toContain('等待工会干部答复')
    expect(await w.tickets()).toHaveLength(1)
  })

  it('answers thanks, chit-chat and spam without a ticket', async () => {
    const w = worker('Chat')
    expect((await w.say('谢谢')).reply).toContain('不客气')
    expect((await w.say('你是机器人吗')).reply).toContain('工会的服务台')
    expect((await w.say('加V 兼职日结 www.example.cn')).outcome).toBe('answered')
    expect(await w.tickets()).toHaveLength(0)
  })
})

describe('thanks after a case was settled', () => {
  it('is taken as satisfaction on that case, once', async () => {
    const w = worker('Thanks')
    const opened = await w.say('公司拖欠我两个月工资')
    const [ticket] = await w.tickets()
    await closeTicket(t.desk, { number: opened.ticketNumber!, summary: '已协调企业补发', actor: 'admin' })
    const thanks = await w.say('太感谢了！')
    expect(thanks.reply).toContain(opened.ticketNumber!)
    expect(thanks.reply).toContain('满意')
    const after = await t.desk.db.ticket.findUniqueOrThrow({ where: { id: ticket!.id }, include: { events: true } })
    expect(after.satisfaction).toBe('satisfied')
    expect(after.events.map((e) => e.type)).toContain('worker.thanked')
    expect(await w.tickets()).toHaveLength(1)
  })
})

describe('commands, misspelt, Traditional or full-width', () => {
  it.each([
    ['帮主', /人工：马上转给工会干部/],
    ['幫助', /人工：馬上轉給工會幹部/],
    ['ＨＥＬＰ', /删除我的信息/],
    ['近度', /没有在办的求助/],
    ['查詢', /沒有在辦的求助/],
    ['取肖', /没有在问您问题/],
    ['訂閱 電工 定海', /訂閱好了：電工｜浙江省舟山市定海區/],
    ['退订', /您还没有订阅岗位推送/],
    ['推订 电工', /您还没有订阅岗位推送“电工”/],
  ])('%s', async (text, expected) => {
    const w = worker(`Cmd${seq}`)
    await w.say('谢谢') // the privacy notice goes with the first answer
    const r = await w.say(text)
    expect(r.outcome).toBe('answered')
    expect(r.reply).toMatch(expected)
    expect(await w.tickets()).toHaveLength(0)
  })

  it('取消 stops the questions; 人工 hands the case to a cadre, who is told', async () => {
    const w = worker('Human')
    await w.say('被公司开除了 想问问怎么办')
    expect((await w.say('取消')).reply).toContain('先不问了')
    const human = await w.say('人功')
    const [ticket] = await w.tickets()
    expect(human.outcome).toBe('continued')
    expect(human.reply).toContain('已转给工会干部')
    expect(human.reply).toContain(ticket!.number)
    const notice = await t.desk.db.cadreNotice.findFirst({ where: { ticketId: ticket!.id, kind: 'worker.wants_person' } })
    expect(notice).not.toBeNull()
  })

  it('人工 with no case opens one for a cadre at once', async () => {
    const w = worker('HumanNew')
    const r = await w.say('转人工')
    expect(r.outcome).toBe('opened')
    expect((await w.tickets())[0]!.classifyReason).toBe('职工要求人工服务')
  })

  it('删除我的信息 starts an erasure request a unit admin completes by the due date', async () => {
    const w = worker('Erase')
    await w.say('公司拖欠工资')
    const r = await w.say('删除我的信息')
    expect(r.reply).toMatch(/\d+月\d+日前办完/)
    expect(r.reply).toContain('正在办理的求助')
    // Asked again (in Traditional): the same request, the same date.
    const again = await w.say('刪除我的信息')
    expect(again.reply).toContain(r.reply.match(/\d+月\d+日/)![0])
    const requests = await t.desk.db.erasureRequest.findMany({ where: { status: 'pending', workerId: (await w.tickets())[0]!.workerId } })
    expect(requests).toHaveLength(1)
    expect(requests[0]!.dueAt.getTime() - requests[0]!.requestedAt.getTime()).toBe(t.desk.config.ERASURE_DUE_DAYS * 24 * 3600_000)
  })
})

describe('sensitive facts need their own consent', () => {
  it('keeps the ticket but not the income when the worker says no', async () => {
    const w = worker('NoConsent')
    await w.say('家里有人生病 生活很困难 想申请帮扶')
    const [ticket] = await w.tickets()
    expect(ticket!.category).toBe('hardship')
    let reply = (await w.say('家里四口人')).reply
    expect(reply).toContain('您同意我们记下来吗')
    reply = (await w.say('不同意')).reply
    expect(reply).toContain('工会干部会当面跟您了解')
    await w.say('一个月收入两千')
    const after = (await w.tickets())[0]!
    const facts = factsOf(after)
    expect(facts.householdSize).toBe(4)
    expect(facts.householdIncome).toBeUndefined()
    expect(facts.hardshipCause).toBeUndefined()
    expect(after.events.map((e) => e.type)).toContain('consent.refused')
  })

  it('keeps them when the worker agrees', async () => {
    const w = worker('YesConsent')
    await w.say('孩子上学交不起学费 家里困难')
    await w.say('三口人')
    await w.say('同意')
    await w.say('一个月两千多块')
    const facts = factsOf((await w.tickets())[0]!)
    expect(facts.householdIncome).toBeGreaterThanOrEqual(2000)
  })
})

describe('urgent', () => {
  it.each([
    ['工地上有人从架子上摔下来了 一直流血', false],
    ['对不起大家了 孩子就拜托我妈照顾 今晚以后不会再麻烦任何人', true],
  ])('%s: safety first, an urgent ticket, no form', async (text, selfHarm) => {
    const w = worker(`Urgent${seq}`)
    const r = await w.say(text)
    expect(r.outcome).toBe('opened')
    expect(r.reply).toMatch(/120/)
    expect(r.reply).toContain('12351')
    if (selfHarm) expect(r.reply).toContain('12356')
    expect(r.reply).not.toMatch(/哪家单位|回复数字/)
    const [ticket] = await w.tickets()
    expect(ticket!.urgent).toBe(true)
    expect(ticket!.firstResponseDueAt!.getTime() - ticket!.createdAt.getTime()).toBeLessThanOrEqual(2 * 3600_000)
  })
})

describe('answers from the knowledge base', () => {
  it('answers a general question from an entry, with a way out to a person, and opens nothing', async () => {
    const w = worker('Know')
    const r = await w.say('爱心帮扶证要什么条件才能申请？')
    expect(r.outcome).toBe('answered')
    expect(r.reply).toContain('1.3')
    expect(r.reply).toContain('人工')
    expect(await w.tickets()).toHaveLength(0)
  })
})

describe('the web', () => {
  it('continues a conversation with its key before a ticket exists, then gives the number and code', async () => {
    const first = await t.app.request('/api/messages', json({ text: '在吗' }))
    expect(first.status).toBe(200)
    const a = (await first.json()) as { outcome: string; ticketNumber: string | null; conversation: string; reply: string }
    expect(a).toMatchObject({ outcome: 'answered', ticketNumber: null })
    expect(a.conversation).toMatch(/^[A-Za-z0-9]{24}$/)
    const second = await t.app.request('/api/messages', json({ text: '3', conversation: a.conversation }))
    expect(second.status).toBe(201)
    const b = (await second.json()) as { outcome: string; ticketNumber: string; accessCode: string; conversation?: string }
    expect(b.outcome).toBe('opened')
    expect(b.accessCode).toBeDefined()
    expect(b.conversation).toBeUndefined()
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: b.ticketNumber }, include: { messages: true } })
    expect(ticket.category).toBe('job_seeking')
    expect(ticket.messages.filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(['在吗', '3'])
  })
})

describe('every reply', () => {
  it('a worker can receive from the conversation was given in one of the conversations above', () => {
    // The replies about tickets themselves (assigned, closed, satisfaction) are heard in test/desk/intake and
    // test/desk/care; an erasure refusal in test/console/erasure.test.ts.
    const elsewhere = ['erasure-declined', 'step-assigned', 'step-closed', 'satisfaction-question', 'satisfaction-thanks', 'follow-up-opened']
    expect(templateNames('replies').filter((n) => !heard.has(n) && !elsewhere.includes(n))).toEqual([])
  })
})

describe('the console', () => {
  it('shows the gathered facts on the ticket, sensitive ones masked until revealed', async () => {
    const { accountFor, get, post, signIn } = await import('../../console/support.ts')
    const w = worker('Console')
    await w.say('家里老人生病住院 生活很困难')
    await w.say('家里五口人')
    await w.say('同意')
    await w.say('一个月收入两千八')
    const [ticket] = await w.tickets()
    const unit = await t.desk.db.orgUnit.findUniqueOrThrow({ where: { id: ticket!.unitId } })
    await accountFor(t, 'facts-admin', 'unit_admin', { unitCode: unit.code })
    const b = await signIn(t, 'facts-admin')
    // What the facts list says for one label (the page also holds ids and times, where any digits may appear).
    const fact = (html: string, label: string) => html.match(new RegExp(`<dt>${label}</dt><dd>(.*?)</dd>`))?.[1]
    const page = await (await get(t, b, `/console/tickets/${ticket!.number}`)).text()
    expect(fact(page, '家庭人口')).toContain('5')
    expect(fact(page, '家庭月收入')).not.toMatch(/2,?800/)
    expect(fact(page, '家庭月收入')).toContain('敏感信息')
    const revealed = await (await post(t, b, `/console/tickets/${ticket!.number}/reveal`, {})).text()
    expect(fact(revealed, '家庭月收入')).toMatch(/2,?800/)
  })
})
