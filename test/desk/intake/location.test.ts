// Defect D2: a shared location was sealed on Worker.location but kept in clear on its Message
// row (text: the label; media: latitude, longitude and label). Whereabouts are sensitive data
// (PIPL art. 28): the message keeps a neutral '[位置]' and the location sealed; the console
// shows it only after a reveal, which is audited.
import { beforeAll, describe, expect, it } from 'vitest'
import { acceptMessage } from '../../../src/desk/intake/index.ts'
import { locationOfMessage, openLocation, sealLegacyLocations } from '../../../src/desk/people/index.ts'
import { demoUnion } from '../../fixtures/demo-union.ts'
import { deskForThisFile } from '../../support/desk.ts'
import { accountFor, get, post, signIn, type Browser } from '../../console/support.ts'

const t = deskForThisFile()
const label = '深圳市南山区粤海街道科技园'
let cadre: Browser

beforeAll(async () => {
  await accountFor(t, 'yh-cadre-loc', 'cadre', { cadreName: demoUnion.cadres.yuehaiCadre })
  cadre = await signIn(t, 'yh-cadre-loc')
})

/** A location as a channel hands it to intake (the WeChat adapter: text = the label, media with the coordinates). */
const locationFrom = (externalUserId: string, id: string) => ({
  channel: 'wechat_oa' as const, externalUserId, externalMessageId: id, text: label,
  media: [{ kind: 'location' as const, latitude: 22.5431, longitude: 113.9344, label }], profile: {}, receivedAt: new Date(),
})
const inClear = (s: string | null | undefined) => Boolean(s && (s.includes('科技园') || s.includes('22.5431') || s.includes('113.9344')))

describe('a shared location is sealed on the message too', () => {
  it('stores a neutral text and the location sealed; the worker’s location as before', async () => {
    const openId = 'oLocation00000000000000001'
    const opened = await acceptMessage(t.desk, { ...locationFrom(openId, 'loc-0'), text: '老板拖欠我们三个月工资了，我在工地上', media: [], profile: { orgHint: demoUnion.units.yuehai.aliases[0] } })
    await acceptMessage(t.desk, locationFrom(openId, 'loc-1'))
    const msg = await t.desk.db.message.findUniqueOrThrow({ where: { channel_externalId: { channel: 'wechat_oa', externalId: 'loc-1' } } })
    expect(msg.kind).toBe('location')
    expect(msg.text).toBe('[位置]')
    expect(inClear(msg.media)).toBe(false)
    expect(locationOfMessage(t.desk.crypto, msg.media)).toEqual({ lat: 22.5431, lng: 113.9344, label })
    const worker = await t.desk.db.worker.findUniqueOrThrow({ where: { id: msg.workerId } })
    expect(openLocation(t.desk.crypto, worker.location!)).toMatchObject({ lat: 22.5431, lng: 113.9344, label })
    // Nowhere in the worker's messages, in or out, nor on the timeline.
    for (const m of await t.desk.db.message.findMany({ where: { workerId: msg.workerId } })) {
      expect(inClear(m.text) || inClear(m.media) || inClear(m.answer)).toBe(false)
    }
    for (const e of await t.desk.db.ticketEvent.findMany()) expect(inClear(e.data)).toBe(false)

    // The console: '[位置]' on the timeline; the place only after the (audited) reveal.
    const number = opened.ticketNumber!
    const page = await (await get(t, cadre, `/console/tickets/${number}`)).text()
    expect(page).toContain('[位置]')
    expect(inClear(page)).toBe(false)
    expect(page).toContain(`/console/tickets/${number}/reveal`)
    const revealed = await (await post(t, cadre, `/console/tickets/${number}/reveal`, {})).text()
    expect(revealed).toContain(label)
    const entry = await t.desk.db.auditEntry.findFirstOrThrow({ where: { action: 'reveal' }, orderBy: { createdAt: 'desc' } })
    expect(entry.data).toContain('location')
  })

  it('keeps words a worker wrote beside a location (a channel that sends both)', async () => {
    await acceptMessage(t.desk, { ...locationFrom('oLocation00000000000000002', 'loc-2'), text: '我在这里等' })
    const msg = await t.desk.db.message.findUniqueOrThrow({ where: { channel_externalId: { channel: 'wechat_oa', externalId: 'loc-2' } } })
    expect(msg.text).toBe('我在这里等')
    expect(inClear(msg.media)).toBe(false)
  })

  it('seals locations stored in clear before this fix, once, at start', async () => {
    const worker = await t.desk.db.worker.create({ data: {} })
    const old = await t.desk.db.message.create({
      data: { channel: 'wechat_oa', externalId: 'loc-legacy', direction: 'in', kind: 'location', text: label, media: JSON.stringify([{ kind: 'location', latitude: 22.5431, longitude: 113.9344, label }]), workerId: worker.id },
    })
    expect(await sealLegacyLocations(t.desk.db, t.desk.crypto)).toBeGreaterThanOrEqual(1)
    const now = await t.desk.db.message.findUniqueOrThrow({ where: { id: old.id } })
    expect(now.text).toBe('[位置]')
    expect(inClear(now.media)).toBe(false)
    expect(locationOfMessage(t.desk.crypto, now.media)).toEqual({ lat: 22.5431, lng: 113.9344, label })
    expect(await sealLegacyLocations(t.desk.db, t.desk.crypto)).toBe(0)
  })
})
