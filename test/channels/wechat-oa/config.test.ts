import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  canSendThroughApi,
  checkOfficialAccountConfig,
  isOfficialAccountEnabled,
  OfficialAccountConfig,
  officialAccountConfigFields,
} from '../../../src/channels/wechat-oa/config.ts'

const AES = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
const paths = (input: Record<string, string>) => {
  const r = OfficialAccountConfig.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'))
}

describe('OfficialAccountConfig', () => {
  it('is off with nothing set, and defaults the API base URL', () => {
    const cfg = OfficialAccountConfig.parse({})
    expect(isOfficialAccountEnabled(cfg)).toBe(false)
    expect(cfg.WECHAT_API_BASE_URL).toBe('https://api.weixin.qq.com')
  })

  it('treats empty env vars as unset', () => {
    const cfg = OfficialAccountConfig.parse({ WECHAT_OA_TOKEN: '', WECHAT_OA_ENCODING_AES_KEY: ' ', WECHAT_API_BASE_URL: '' })
    expect(isOfficialAccountEnabled(cfg)).toBe(false)
    expect(cfg.WECHAT_OA_ENCODING_AES_KEY).toBeUndefined()
  })

  it('enables plaintext mode with the token alone', () => {
    const cfg = OfficialAccountConfig.parse({ WECHAT_OA_TOKEN: 'niangjia2026' })
    expect(isOfficialAccountEnabled(cfg)).toBe(true)
    expect(canSendThroughApi(cfg)).toBe(false)
  })

  it('accepts a full safe-mode setup with a previous key and a base URL', () => {
    const cfg = OfficialAccountConfig.parse({
      WECHAT_OA_TOKEN: 'niangjia2026',
      WECHAT_OA_ENCODING_AES_KEY: AES,
      WECHAT_OA_PREVIOUS_ENCODING_AES_KEY: AES.split('').reverse().join(''),
      WECHAT_OA_APP_ID: 'wxb11529c136998cb6',
      WECHAT_OA_APP_SECRET: 'abc',
      WECHAT_API_BASE_URL: 'http://127.0.0.1:8080',
    })
    expect(canSendThroughApi(cfg)).toBe(true)
  })

  it('requires a 43-character base64 EncodingAESKey', () => {
    const base = { WECHAT_OA_TOKEN: 'niangjia2026', WECHAT_OA_APP_ID: 'wxb11529c136998cb6' }
    expect(paths({ ...base, WECHAT_OA_ENCODING_AES_KEY: AES.slice(0, 42) })).toEqual(['WECHAT_OA_ENCODING_AES_KEY'])
    expect(paths({ ...base, WECHAT_OA_ENCODING_AES_KEY: `${AES.slice(0, 42)}!` })).toEqual(['WECHAT_OA_ENCODING_AES_KEY'])
    expect(paths({ ...base, WECHAT_OA_ENCODING_AES_KEY: AES, WECHAT_OA_PREVIOUS_ENCODING_AES_KEY: 'x' })).toEqual([
      'WECHAT_OA_PREVIOUS_ENCODING_AES_KEY',
    ])
  })

  it('requires the AppID when an AES key is set', () => {
    expect(paths({ WECHAT_OA_TOKEN: 'niangjia2026', WECHAT_OA_ENCODING_AES_KEY: AES })).toEqual(['WECHAT_OA_APP_ID'])
  })

  it('checks the token, the AppID shape and the base URL', () => {
    expect(paths({ WECHAT_OA_TOKEN: 'ab' })).toEqual(['WECHAT_OA_TOKEN'])
    expect(paths({ WECHAT_OA_TOKEN: 'has space' })).toEqual(['WECHAT_OA_TOKEN'])
    expect(paths({ WECHAT_OA_TOKEN: 'niangjia2026', WECHAT_OA_APP_ID: 'gh_123' })).toEqual(['WECHAT_OA_APP_ID'])
    expect(paths({ WECHAT_OA_APP_SECRET: 's' })).toEqual(['WECHAT_OA_APP_ID'])
    expect(paths({ WECHAT_API_BASE_URL: 'ftp://x' })).toEqual(['WECHAT_API_BASE_URL'])
  })

  it('merges into a larger app config with the same checks', () => {
    const App = z
      .object({ PORT: z.coerce.number().default(3000) })
      .extend(officialAccountConfigFields.shape)
      .superRefine(checkOfficialAccountConfig)
    expect(App.parse({ WECHAT_OA_TOKEN: 'niangjia2026' })).toMatchObject({ PORT: 3000, WECHAT_OA_TOKEN: 'niangjia2026' })
    expect(App.safeParse({ WECHAT_OA_TOKEN: 'niangjia2026', WECHAT_OA_ENCODING_AES_KEY: AES }).success).toBe(false)
  })
})
