import { describe, expect, it } from 'vitest'
import { deskForThisFile } from '../support/desk.ts'
import { addMessage, cidOf, follow, form, keysOf, page, textOf } from './portal-support.ts'

/**
 * The conversation on the portal: what the desk asks back before a ticket exists, the facts it
 * asks for on the request's page, and the full privacy notice the chats link to.
 */
const t = deskForThisFile()

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? ''

describe('the portal talks with the worker', () => {
  it('asks what it is about when it cannot tell, keeps what they wrote, and opens the request on a tap', async () => {
    const cid = cidOf((await page(t, '/portal')).html)
    const asked = await page(t, '/portal', form({ agree: 'yes', cid, text: '在吗', name: '刘师傅', phone: '13800138011' }))
    expect(asked.status).toBe(200)
    const text = textOf(asked.html)
    expect(text).toContain('工会想先问一句')
    expect(text).toContain('1 欠薪')
    // The conversation key travels in the form, never in an address; what they typed is carried.
    const conversation = hidden(asked.html, 'conversation')
    expect(conversation).toMatch(/^[A-Za-z0-9]{24}$/)
    expect(asked.html).not.toMatch(new RegExp(`href="[^"]*${conversation}`))
    expect(hidden(asked.html, 'name')).toBe('刘师傅')
    expect(await t.desk.db.ticket.count()).toBe(0)

    const created = await page(t, '/portal', form({ agree: 'yes', cid: hidden(asked.html, 'cid'), conversation, name: '刘师傅', phone: '13800138011', choice: '1', text: '' }))
    expect(created.status, textOf(created.html)).toBe(201)
    const keys = keysOf(created.html)
    expect(textOf(created.html)).toContain('哪家单位')
    const ticket = await t.desk.db.ticket.findUniqueOrThrow({ where: { number: keys.number }, include: { messages: true, worker: true } })
    expect(ticket.category).toBe('wage_arrears')
    expect(ticket.messages.filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(['在吗', '1'])
    expect(t.desk.crypto.open(ticket.worker.nameEnc!)).toBe('刘师傅')

    // On the request's page the desk's question is there to answer; the answer is taken as it.
    const shown = textOf((await follow(t, keys)).html)
    expect(shown).toContain('工会想了解')
    expect(shown).toContain('哪家单位')
    const answered = await addMessage(t, keys, '深圳南山的宏达电子厂')
    const flash = textOf(/id="flash"[\s\S]*?<\/div>/.exec(answered.html)?.[0] ?? '')
    expect(flash).not.toContain('哪家单位')
    expect(flash).toMatch(/欠|情况都记下了/)
  })

  it('does not ask again for the sensitive facts the worker agreed to on the form', async () => {
    const cid = cidOf((await page(t, '/portal')).html)
    const created = await page(t, '/portal', form({ agree: 'yes', sensitive: 'yes', cid, text: '家里孩子上学交不起学费，生活困难，家里三口人' }))
    expect(created.status).toBe(201)
    expect(textOf(created.html)).not.toContain('您同意我们记下来吗')
  })

  it('shows the full privacy notice the chats link to', async () => {
    const p = await page(t, '/portal/privacy')
    expect(p.status).toBe(200)
    for (const words of ['您的信息我们怎么保管', '加密保存', '删除我的信息', '12351']) expect(textOf(p.html)).toContain(words)
  })
})
