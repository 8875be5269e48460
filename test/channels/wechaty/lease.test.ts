import { describe, expect, it } from 'vitest'
import { replyToTicket } from '../../../src/desk/tickets/index.ts'
import { deskForThisFile, eventually, startTestDesk } from '../../support/desk.ts'
import { mockWeChat, quickPace, ticketNumberIn } from './support.ts'

const env = { WECHATY_PUPPET: 'wechaty-puppet-mock', ...quickPace, WECHATY_LEASE_MS: '3000' }
const first = mockWeChat()
const t = deskForThisFile({ env, botPuppet: first.puppet }, (desk) => first.login(desk))

describe('two bot processes for one account', () => {
  it('run one bot: the second stands by, and takes over (with what was queued) once the first stops', async () => {
    const second = mockWeChat()
    const other = await startTestDesk({ role: 'bot', redisUrl: t.redisUrl, dataDir: t.dataDir, databaseUrl: t.databaseUrl, env: { ...env, QUEUE_PREFIX: t.desk.config.QUEUE_PREFIX }, botPuppet: second.puppet })
    try {
      await eventually(async () => (other.bot!.state() === 'standby' ? true : null))
      await new Promise((r) => setTimeout(r, 2 * Number(env.WECHATY_LEASE_MS)))
      expect(other.bot!.state()).toBe('standby') // still: the first keeps renewing its lease
      expect(second.puppets).toHaveLength(0) // it never even started a puppet
      expect(other.logs()).toContain('standing by to take over')

      const worker = first.contact('周阿姨')
      worker.say('厂里拖欠工资两个月').to(first.self)
      const number = ticketNumberIn((await eventually(async () => first.sentTo(worker.id)[0])).text)!

      await t.bot!.stop()
      await replyToTicket(t.desk, { number, text: '我们已经在联系厂方了。', actor: 'test' }) // queued while no bot runs
      await eventually(async () => (second.puppets.length === 1 ? true : null), 20_000)
      expect(other.logs()).toContain('took over the bot account')
      second.mocker.createContact({ id: worker.id, name: '周阿姨' }) // the same account's contacts, seen from the new session
      await second.login(other)
      expect((await eventually(async () => second.sentTo(worker.id)[0])).text).toBe('我们已经在联系厂方了。')
      expect(first.sentTo(worker.id)).toHaveLength(1)
    } finally {
      await other.close()
    }
  }, 60_000)
})
