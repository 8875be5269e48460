import { describe, expect, it } from 'vitest'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { closePosting, planFanoutPage, postingJobIds, pushPage, pushStats, reconcilePostings } from '../../../src/desk/postings/index.ts'
import { officialAccountDeskForThisFile } from '../../support/official-account-desk.ts'
import { eventually } from '../../support/desk.ts'
import { jobsCadre, publishedPosting } from './support.ts'

/**
 * A published posting reaches every matching subscriber on WeChat once, through the real
 * Official Account client against a fake WeChat API; what WeChat's rules do not allow now
 * waits for the worker's next message, as one digest.
 */
const oa = officialAccountDeskForThisFile({ env: { JOB_QUIET_HOURS: 'none' } })
const t = oa.desk

let seq = 0
const openId = (name: string) => `oJob${name}`.padEnd(28, '0')
const say = (name: string, text: string) =>
  acceptMessage(t.desk, { channel: 'wechat_oa', externalUserId: openId(name), externalMessageId: `jm-${name}-${seq++}`, text, receivedAt: t.desk.now() })
const texts = (name: string) => oa.sentTo(openId(name)).map((m) => ('content' in m ? String(m.content) : JSON.stringify(m)))
const pushesTo = (name: string, title: string) => texts(name).filter((x) => x.includes('工会岗位推荐') && x.includes(title))
const settled = (postingId: string) =>
  eventually(async () => {
    const posting = await t.desk.db.jobPosting.findUniqueOrThrow({ where: { id: postingId } })
    const open = await t.desk.db.jobPush.count({ where: { postingId, status: { in: ['planned', 'sending'] } } })
    // Counted once nothing is on its way any more: counted before, a push could still be sending.
    return posting.fanoutDoneAt && open === 0 ? pushStats(t.desk.db, postingId) : null
  }, 60_000)

describe('subscribing in the chat', () => {
  it('subscribes with trade, place and pay in any order and script, and says what it understood', async () => {
    const a = await say('SubA', '订阅 叉车 舟山')
    expect(a.outcome).toBe('answered')
    expect(a.reply).toContain('订阅好了')
    expect(a.reply).toContain('舟山')
    const b = await say('SubB', '訂閱 鏟車司機')
    expect(b.reply).toMatch(/訂閱好了|订阅好了/)
    const again = await say('SubA', '订阅 叉车 舟山')
    expect(again.reply).toContain('已经订阅过了')
    const help = await say('SubA', '订阅')
    expect(help.reply).toMatch(/订阅 电工 定海[\s\S]*您现在订阅的[\s\S]*舟山/)
  })
})

describe('publishing a posting', () => {
  it('pushes it once to each matching subscriber, never to others, and the figures add up', async () => {
    await say('Fork1', '订阅 叉车司机 舟山')
    await say('Fork2', '订阅 铲车')
    await say('Fork3', '订阅 叉车 浙江 5000以上')
    await say('Elec1', '订阅 电工 定海')
    await say('Far1', '订阅 叉车 宁波')
    await say('Poor1', '订阅 叉车 舟山 9000以上')
    const cadre = await jobsCadre(t.desk)
    const posting = await publishedPosting(t.desk, cadre, { title: '叉车司机（船厂）' })
    const stats = await settled(posting.id)
    for (const w of ['Fork1', 'Fork2', 'Fork3']) expect(pushesTo(w, '叉车司机（船厂）'), w).toHaveLength(1)
    for (const w of ['Elec1', 'Far1', 'Poor1']) expect(pushesTo(w, '叉车司机（船厂）'), w).toHaveLength(0)
    // SubA and SubB from the first test match too.
    expect(stats.sent).toBe(5)
    expect(stats.matched).toBe(stats.sent + stats.waiting + stats.unreachable + stats.failed + stats.unsubscribed + stats.stopped)
    // Every push carries its one-tap unsubscribe link and the posting's page.
    expect(pushesTo('Fork1', '叉车司机（船厂）')[0]).toMatch(/\/jobs\/unsubscribe\/\w+\.[\w-]{22}/)
    expect(pushesTo('Fork1', '叉车司机（船厂）')[0]).toContain(`/jobs/${posting.number}`)
  })

  it('keeps what WeChat will not carry now for the worker’s next message, and sends it as one digest', async () => {
    await say('Quiet1', '订阅 焊工 舟山')
    // Three days since the worker last wrote: the 48-hour window is shut.
    const identity = await t.desk.db.channelIdentity.findFirstOrThrow({ where: { externalId: openId('Quiet1') } })
    await t.desk.db.channelIdentity.update({ where: { id: identity.id }, data: { lastInboundAt: new Date(Date.now() - 72 * 3600_000) } })
    const cadre = await jobsCadre(t.desk)
    const first = await publishedPosting(t.desk, cadre, { title: '电焊工', trade: '电焊工', regionCode: '330903', place: '普陀区' })
    const second = await publishedPosting(t.desk, cadre, { title: '氩弧焊工', trade: '氩弧焊', regionCode: '330902' })
    await settled(first.id)
    await settled(second.id)
    expect(await pushStats(t.desk.db, first.id)).toMatchObject({ waiting: 1, sent: 0 })
    expect(texts('Quiet1').filter((x) => x.includes('焊工'))).toEqual([])

    await say('Quiet1', '你好，在吗')
    const digest = await eventually(async () => texts('Quiet1').find((x) => x.includes('新来了2个')), 10_000)
    expect(digest).toContain('电焊工')
    expect(digest).toContain('氩弧焊工')
    expect(await eventually(async () => ((await pushStats(t.desk.db, first.id)).sent === 1 ? true : null))).toBe(true)
    // Written again: nothing more goes out; the digest went once.
    await say('Quiet1', '谢谢')
    await new Promise((r) => setTimeout(r, 500))
    expect(texts('Quiet1').filter((x) => x.includes('新来了'))).toHaveLength(1)
  })

  it('uses at most its share of the 48-hour window, leaving the rest for the worker’s case', async () => {
    await say('Share1', '订阅 保安 舟山')
    const cadre = await jobsCadre(t.desk)
    const ids = []
    for (const n of [1, 2, 3]) ids.push((await publishedPosting(t.desk, cadre, { title: `保安员${n}号岗`, trade: '保安' })).id)
    for (const id of ids) await settled(id)
    const sent = texts('Share1').filter((x) => x.includes('工会岗位推荐'))
    expect(sent).toHaveLength(t.desk.config.JOB_PUSH_WINDOW_MESSAGES)
    const waiting = await t.desk.db.jobPush.count({ where: { postingId: { in: ids }, status: 'waiting' } })
    expect(waiting).toBe(3 - t.desk.config.JOB_PUSH_WINDOW_MESSAGES)
  })
})

describe('stopping', () => {
  it('退订 stops further pushes at once', async () => {
    await say('Stop1', '订阅 厨师 舟山')
    const bye = await say('Stop1', '退订')
    expect(bye.reply).toContain('全部退订')
    const cadre = await jobsCadre(t.desk)
    const posting = await publishedPosting(t.desk, cadre, { title: '厨师', trade: '厨师' })
    await settled(posting.id)
    expect(texts('Stop1').filter((x) => x.includes('工会岗位推荐'))).toEqual([])
    const none = await say('Stop1', '退订')
    expect(none.reply).toContain('还没有订阅')
  })

  it('unsubscribing one keeps the others', async () => {
    await say('Stop2', '订阅 厨师 舟山')
    await say('Stop2', '订阅 保洁 舟山')
    const r = await say('Stop2', '退订 厨师')
    expect(r.reply).toContain('退订了')
    expect(await t.desk.db.jobSubscription.count({ where: { worker: { identities: { some: { externalId: openId('Stop2') } } }, endedAt: null } })).toBe(1)
  })

  it('withdrawing a posting stops the pushes not yet sent', async () => {
    await say('Late1', '订阅 木工 舟山')
    const cadre = await jobsCadre(t.desk)
    await t.desk.queues.postings.pause()
    try {
      const posting = await publishedPosting(t.desk, cadre, { title: '木工', trade: '木工' })
      // The fan-out has run (here by hand, the queue being held); the push has not.
      expect(await planFanoutPage(t.desk, posting.id, 0)).toMatchObject({ planned: 1, done: true })
      expect(await t.desk.db.jobPush.count({ where: { postingId: posting.id, status: 'planned' } })).toBe(1)
      await closePosting(t.desk, cadre, posting.id, 'withdrawn', '企业已招满')
      expect(await pushStats(t.desk.db, posting.id)).toMatchObject({ matched: 1, stopped: 1, sent: 0 })
    } finally {
      await t.desk.queues.postings.resume()
    }
    await new Promise((r) => setTimeout(r, 800))
    expect(texts('Late1').filter((x) => x.includes('工会岗位推荐'))).toEqual([])
  })
})

describe('quiet hours', () => {
  it('sends nothing while it is quiet, and tells the queue when the quiet ends', async () => {
    await say('Night1', '订阅 搬运工 舟山')
    const cadre = await jobsCadre(t.desk)
    await t.desk.queues.postings.pause()
    try {
      const posting = await publishedPosting(t.desk, cadre, { title: '装卸搬运工', trade: '装卸工' })
      await planFanoutPage(t.desk, posting.id, 0)
      const night = { ...t.desk, config: { ...t.desk.config, JOB_QUIET_HOURS: '00:00-23:59' } }
      const r = await pushPage(night, posting.id, 0)
      expect(r.kind).toBe('quiet')
      expect(await t.desk.db.jobPush.count({ where: { postingId: posting.id, status: 'planned' } })).toBe(1)
      expect(texts('Night1').filter((x) => x.includes('工会岗位推荐'))).toEqual([])
    } finally {
      await t.desk.queues.postings.resume()
    }
  })
})

describe('job seekers', () => {
  it('answers a job-seeking message with the best open postings and the words to subscribe, as well as the ticket', async () => {
    const cadre = await jobsCadre(t.desk)
    await publishedPosting(t.desk, cadre, { title: '船厂电焊工', trade: '电焊工', regionCode: '330902' })
    await publishedPosting(t.desk, cadre, { title: '保洁员', trade: '保洁', regionCode: '330902' })
    const r = await say('Seek1', '我想找电焊工的活，最好在舟山，有没有')
    expect(r.outcome).toBe('opened')
    expect(r.ticketNumber).toMatch(/^NJ-/)
    expect(r.reply).toContain('船厂电焊工')
    expect(r.reply).not.toContain('保洁员')
    expect(r.reply).toContain('/jobs')
    expect(r.reply).toMatch(/订阅 焊工 舟山/)
    // Nothing subscribed until they ask.
    expect(await t.desk.db.jobSubscription.count({ where: { worker: { identities: { some: { externalId: openId('Seek1') } } } } })).toBe(0)
  })
})

describe('the reconciler and job pushes', () => {
  it('gives a fan-out whose job Redis lost a new one, and the subscriber gets the posting once', async () => {
    await say('Lost1', '订阅 油漆工 舟山')
    const cadre = await jobsCadre(t.desk)
    await t.desk.queues.postings.pause()
    let postingId = ''
    try {
      const posting = await publishedPosting(t.desk, cadre, { title: '船厂油漆工', trade: '油漆工' })
      postingId = posting.id
      await eventually(async () => (await t.desk.db.outboxJob.findFirst({ where: { jobId: postingJobIds.fanout(posting.id, 0), enqueuedAt: { not: null } } })) !== null)
      await t.desk.queues.postings.remove(postingJobIds.fanout(posting.id, 0))
      await t.desk.db.jobPosting.update({ where: { id: posting.id }, data: { updatedAt: new Date(Date.now() - 3600_000) } })
      expect(await reconcilePostings(t.desk)).toMatchObject({ requeued: 1 })
      expect(await reconcilePostings(t.desk)).toMatchObject({ requeued: 0 })
    } finally {
      await t.desk.queues.postings.resume()
    }
    await settled(postingId)
    expect(pushesTo('Lost1', '船厂油漆工')).toHaveLength(1)
  })
})
