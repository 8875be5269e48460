import { describe, expect, it, vi } from 'vitest'
import { applyChannelEvent, openLocation } from '../../../src/desk/people/index.ts'
import { deskForThisFile } from '../../support/desk.ts'

const t = deskForThisFile()

/**
 * Defect: the WeChat event handler wrote the worker row with the desk's client while its
 * own transaction was open. On SQLite that happens to run on the same connection; on
 * PostgreSQL it waits for the row the transaction holds. Every write of an event goes
 * through the transaction: the desk's own client is never used while one is applied.
 */
describe('channel events are applied inside their transaction', () => {
  const event = (dedupeKey: string, change: Parameters<typeof applyChannelEvent>[1]['change']) => ({
    channel: 'wechat_oa', externalUserId: 'o-events-1', type: change.kind, dedupeKey, at: new Date('2026-11-30T02:00:00Z'), change,
  })

  it('writes follow, unfollow and location through tx, once each', async () => {
    const outside = [vi.spyOn(t.desk.db.worker, 'update'), vi.spyOn(t.desk.db.worker, 'create'), vi.spyOn(t.desk.db.channelEvent, 'create')]
    try {
      expect(await applyChannelEvent(t.desk, event('ev-1', { kind: 'unsubscribed' }))).toBe(true)
      expect(await applyChannelEvent(t.desk, event('ev-2', { kind: 'located', latitude: 22.5, longitude: 113.9 }))).toBe(true)
      expect(await applyChannelEvent(t.desk, event('ev-1', { kind: 'unsubscribed' }))).toBe(false)
      for (const spy of outside) expect(spy).not.toHaveBeenCalled()
    } finally {
      for (const spy of outside) spy.mockRestore()
    }
    const identity = await t.desk.db.channelIdentity.findUniqueOrThrow({ where: { channel_externalId: { channel: 'wechat_oa', externalId: 'o-events-1' } }, include: { worker: true } })
    expect(identity.worker.unsubscribedAt).toEqual(new Date('2026-11-30T02:00:00Z'))
    expect(identity.worker.location).not.toContain('22.5') // sealed: whereabouts are sensitive
    expect(openLocation(t.desk.crypto, identity.worker.location!)).toEqual({ lat: 22.5, lng: 113.9 })
    expect(await t.desk.db.channelEvent.count({ where: { workerId: identity.workerId } })).toBe(2)
  })

})
