import { afterAll, beforeAll } from 'vitest'
import { APP_ID } from '../channels/wechat-oa/wechat-sim.ts'
import { startFakeWeChatApi, type FakeWeChatApi } from '../fakes/wechat-api-server.ts'
import { deskForThisFile, eventually, type TestDesk } from './desk.ts'

const SECRET = 'test-app-secret-0123456789abcdef'

/** The passes a desk runs as it starts (and its scheduler's first run) are over: a file's own passes are the only ones. */
async function settled(desk: TestDesk) {
  await eventually(async () => (await desk.desk.queues.schedules.getJobs(['completed'])).some((j) => j.name === 'reconcile-timers'), 20_000)
}

/**
 * A desk for the whole test file with the Official Account connected to a fake WeChat API
 * (the real protocol), started first. `settle`: wait until the start-up reconcile has run.
 */
export function officialAccountDeskForThisFile(opts: { settle?: boolean; env?: Record<string, string>; now?: () => Date } = {}) {
  let wechat: FakeWeChatApi
  beforeAll(async () => {
    wechat = await startFakeWeChatApi({ appId: APP_ID, appSecret: SECRET })
  })
  afterAll(() => wechat.close())
  const desk = deskForThisFile(
    // Read when the desk starts, after the fake WeChat is up.
    {
      ...(opts.now ? { now: opts.now } : {}),
      env: { ...opts.env, WECHAT_OA_TOKEN: 'niangjia2026', WECHAT_OA_APP_ID: APP_ID, WECHAT_OA_APP_SECRET: SECRET, get WECHAT_API_BASE_URL() { return wechat.baseUrl } },
    },
    opts.settle ? settled : undefined,
  )
  return {
    desk,
    get wechat() {
      return wechat
    },
    /** What the fake WeChat was asked to send to this worker. */
    sentTo: (openId: string) => wechat.sent.filter((m) => 'toOpenId' in m && m.toOpenId === openId),
  }
}
