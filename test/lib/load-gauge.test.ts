import { describe, expect, it } from 'vitest'
import { createLoadGauge } from '../../src/lib/load-gauge.ts'
import { gate } from '../fakes/gate.ts'

const thresholds = { loopLagMs: 200, inFlight: 2, storeMs: 500 }

describe('the load gauge', () => {
  it('keeps up while every signal is under its threshold', () => {
    const gauge = createLoadGauge(thresholds, () => 50)
    gauge.observeStore(20)
    expect(gauge.behind()).toBeUndefined()
  })

  it('is behind while as many requests as the threshold are in flight, and keeps up once they settle', async () => {
    const gauge = createLoadGauge(thresholds)
    const held = gate()
    const first = gauge.track(() => held.pass())
    expect(gauge.behind()).toBeUndefined()
    const second = gauge.track(() => held.pass())
    expect(gauge.behind()).toBe('in_flight')
    expect(gauge.readings().inFlight).toBe(2)
    held.open()
    await Promise.all([first, second])
    expect(gauge.behind()).toBeUndefined()
  })

  it('counts a request that fails as settled', async () => {
    const gauge = createLoadGauge({ ...thresholds, inFlight: 1 })
    await expect(gauge.track(async () => Promise.reject(new Error('store failed')))).rejects.toThrow('store failed')
    expect(gauge.readings().inFlight).toBe(0)
  })

  it('is behind when stores have been slow, and recovers as they speed up again', () => {
    const gauge = createLoadGauge(thresholds)
    for (let i = 0; i < 5; i++) gauge.observeStore(2000)
    expect(gauge.behind()).toBe('store_latency')
    for (let i = 0; i < 30; i++) gauge.observeStore(10)
    expect(gauge.behind()).toBeUndefined()
  })

  it('is not behind for one slow store among fast ones', () => {
    const gauge = createLoadGauge(thresholds)
    for (let i = 0; i < 10; i++) gauge.observeStore(10)
    gauge.observeStore(1500)
    expect(gauge.behind()).toBeUndefined()
  })

  it('stops counting slow stores once no store has come for a while, and starts afresh', () => {
    let clock = 1_000_000
    const gauge = createLoadGauge(thresholds, () => 0, () => clock)
    for (let i = 0; i < 5; i++) gauge.observeStore(2000)
    expect(gauge.behind()).toBe('store_latency')
    clock += 1500
    expect(gauge.behind()).toBe('store_latency')
    clock += 1000 // a quiet desk is not a slow one: the work waiting for it goes on
    expect(gauge.behind()).toBeUndefined()
    expect(gauge.readings().storeMs).toBe(0)
    gauge.observeStore(1500) // from 0 again, like one slow store among fast ones
    expect(gauge.behind()).toBeUndefined()
  })

  it('is serving while a request is in flight and for a while after the last one settled', async () => {
    let clock = 1_000_000
    const gauge = createLoadGauge(thresholds, () => 0, () => clock)
    expect(gauge.serving(1000)).toBe(false) // nothing has come yet
    const held = gate()
    const request = gauge.track(() => held.pass())
    clock += 5000
    expect(gauge.serving(1000)).toBe(true) // a slow request is still being served
    held.open()
    await request
    clock += 900
    expect(gauge.serving(1000)).toBe(true)
    clock += 200
    expect(gauge.serving(1000)).toBe(false)
  })

  it('leaves the requests in flight out when asked to', async () => {
    const gauge = createLoadGauge({ ...thresholds, inFlight: 1 }, () => 0)
    const held = gate()
    const request = gauge.track(() => held.pass())
    expect(gauge.behind()).toBe('in_flight')
    expect(gauge.behind(1, { inFlight: false })).toBeUndefined()
    for (let i = 0; i < 5; i++) gauge.observeStore(2000)
    expect(gauge.behind(1, { inFlight: false })).toBe('store_latency')
    held.open()
    await request
  })

  it('scales its thresholds by the share asked for', () => {
    const gauge = createLoadGauge({ ...thresholds, inFlight: 8 }, () => 60)
    expect(gauge.behind()).toBeUndefined()
    expect(gauge.behind(0.25)).toBe('event_loop_lag')
  })

  it('is behind when the event loop lags', () => {
    let lag = 10
    const gauge = createLoadGauge(thresholds, () => lag)
    expect(gauge.behind()).toBeUndefined()
    lag = 900
    expect(gauge.behind()).toBe('event_loop_lag')
  })
})
