import { describe, expect, it } from 'vitest'
import { deskForThisFile, eventually } from '../../support/desk.ts'
import { jobsCadre, publishedPosting } from '../../desk/postings/support.ts'
import { mockWeChat, quickPace } from './support.ts'

const wechat = mockWeChat()
// Quiet hours off: the push must not wait for the morning whenever the suite runs.
const t = deskForThisFile({ env: { WECHATY_PUPPET: 'wechaty-puppet-mock', JOB_QUIET_HOURS: 'none', ...quickPace }, botPuppet: wechat.puppet }, (desk) => wechat.login(desk))

describe('a job push to a worker who subscribed through the bot', () => {
  it('goes out once from the bot’s own queue, with the posting in it', async () => {
    const worker = wechat.contact('孙师傅')
    worker.say('订阅 叉车 舟山').to(wechat.self)
    expect((await eventually(async () => wechat.sentTo(worker.id)[0])).text).toMatch(/订阅好了/)

    const posting = await publishedPosting(t.desk, await jobsCadre(t.desk))
    const push = await eventually(async () => wechat.sentTo(worker.id).find((s) => s.text.includes('叉车司机')))
    expect(push.text).toMatch(/叉车司机｜舟山定海｜月薪6000/)
    await eventually(async () => (await t.desk.db.jobPush.findFirst({ where: { postingId: posting.id, status: 'digest' } })) ?? null)
    // Recorded right after the send the puppet carried.
    await eventually(async () => (await t.desk.db.delivery.findFirst({ where: { purpose: 'job_digest', status: 'sent' } })) ?? null)
    await new Promise((r) => setTimeout(r, 500))
    expect(wechat.sentTo(worker.id).filter((s) => s.text.includes('叉车司机'))).toHaveLength(1)
  })
})
