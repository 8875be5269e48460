import { z } from 'zod'
import { apiBaseUrlProblem } from './http.ts'

/**
 * Settings for the WeChat Official Account (公众号) channel, read from env-style strings.
 *
 * Every field is optional: the channel is switched on by `WECHAT_OA_TOKEN` alone (plaintext
 * mode). Safe/compatible mode additionally needs `WECHAT_OA_ENCODING_AES_KEY` and
 * `WECHAT_OA_APP_ID`; sending replies through WeChat's API needs the AppID and AppSecret.
 * The schema is meant to be merged into the desk's one config schema (`loadConfig(source)`),
 * so it never reads `process.env` itself.
 *
 * @example
 * const oa = OfficialAccountConfig.parse({ WECHAT_OA_TOKEN: 'niangjia2026' })
 * isOfficialAccountEnabled(oa) // true
 */

/** An env var that is set but empty (`WECHAT_OA_TOKEN=`) means "not set", not "empty token". */
const optionalString = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
  z.string().optional(),
)

/** WeChat generates 43 characters of the base64 alphabet; "=" is appended when decoding. */
const AES_KEY_PATTERN = /^[A-Za-z0-9+/]{43}$/
/** The 公众平台 form accepts 3–32 letters and digits for the Token. */
const TOKEN_PATTERN = /^[A-Za-z0-9]{3,32}$/
/** Official Account AppIDs look like wx0123456789abcdef. */
const APP_ID_PATTERN = /^wx[0-9a-zA-Z]{16}$/

/**
 * The fields alone, without the cross-field checks: zod 4 refuses `.extend()` on a refined
 * object, so an app config merges these with `.extend(officialAccountConfigFields.shape)` and
 * calls {@link checkOfficialAccountConfig} from its own `superRefine`.
 */
export const officialAccountConfigFields = z.object({
  WECHAT_OA_TOKEN: optionalString,
  WECHAT_OA_ENCODING_AES_KEY: optionalString,
  WECHAT_OA_PREVIOUS_ENCODING_AES_KEY: optionalString,
  WECHAT_OA_APP_ID: optionalString,
  WECHAT_OA_APP_SECRET: optionalString,
  WECHAT_API_BASE_URL: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .url({ protocol: /^https?$/ })
      // https, or http to loopback only (a test server): the AppSecret and tokens are posted there.
      .superRefine((url, ctx) => {
        const problem = /^https?:/i.test(url) ? apiBaseUrlProblem(url) : undefined // other schemes: the url check above
        if (problem) ctx.addIssue({ code: 'custom', message: problem.replace(/^WECHAT_API_BASE_URL /, '') })
      })
      .default('https://api.weixin.qq.com'),
  ),
})

type Fields = z.output<typeof officialAccountConfigFields>

/** The checks that span fields (key shape, AppID needed for AES…), for use in any `superRefine`. */
export const checkOfficialAccountConfig = (cfg: Fields, ctx: z.RefinementCtx): void => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
  if (cfg.WECHAT_OA_TOKEN !== undefined && !TOKEN_PATTERN.test(cfg.WECHAT_OA_TOKEN)) {
    issue('WECHAT_OA_TOKEN', 'must be 3-32 letters or digits, exactly as entered in 服务器配置 → 令牌(Token)')
  }
  for (const name of ['WECHAT_OA_ENCODING_AES_KEY', 'WECHAT_OA_PREVIOUS_ENCODING_AES_KEY'] as const) {
    const key = cfg[name]
    if (key !== undefined && !AES_KEY_PATTERN.test(key)) {
      issue(name, 'must be the 43-character EncodingAESKey (letters, digits, + and /) from 服务器配置')
    }
  }
  if (cfg.WECHAT_OA_PREVIOUS_ENCODING_AES_KEY !== undefined && cfg.WECHAT_OA_ENCODING_AES_KEY === undefined) {
    issue('WECHAT_OA_ENCODING_AES_KEY', 'is required when WECHAT_OA_PREVIOUS_ENCODING_AES_KEY is set')
  }
  const aesKeySet = cfg.WECHAT_OA_ENCODING_AES_KEY !== undefined
  // The AppID is the last field of every encrypted plaintext; without it we cannot check
  // that a message was meant for this account.
  if (aesKeySet && cfg.WECHAT_OA_APP_ID === undefined) {
    issue('WECHAT_OA_APP_ID', 'is required when WECHAT_OA_ENCODING_AES_KEY is set (safe and compatible mode)')
  }
  if (aesKeySet && cfg.WECHAT_OA_TOKEN === undefined) {
    issue('WECHAT_OA_TOKEN', 'is required when WECHAT_OA_ENCODING_AES_KEY is set')
  }
  if (cfg.WECHAT_OA_APP_ID !== undefined && !APP_ID_PATTERN.test(cfg.WECHAT_OA_APP_ID)) {
    issue('WECHAT_OA_APP_ID', 'must look like wx followed by 16 letters or digits (设置与开发 → 基本配置 → 开发者ID)')
  }
  if (cfg.WECHAT_OA_APP_SECRET !== undefined && cfg.WECHAT_OA_APP_ID === undefined) {
    issue('WECHAT_OA_APP_ID', 'is required when WECHAT_OA_APP_SECRET is set')
  }
}

export const OfficialAccountConfig = officialAccountConfigFields.superRefine(checkOfficialAccountConfig)
export type OfficialAccountConfig = z.output<typeof OfficialAccountConfig>

/** The webhook is served whenever the token is set. */
export const isOfficialAccountEnabled = (cfg: OfficialAccountConfig): boolean => cfg.WECHAT_OA_TOKEN !== undefined

/** Replies via the API (customer-service and template messages) need AppID and AppSecret. */
export const canSendThroughApi = (
  cfg: OfficialAccountConfig,
): cfg is OfficialAccountConfig & { WECHAT_OA_APP_ID: string; WECHAT_OA_APP_SECRET: string } =>
  cfg.WECHAT_OA_APP_ID !== undefined && cfg.WECHAT_OA_APP_SECRET !== undefined
