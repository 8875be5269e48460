import { z } from 'zod'

/**
 * Settings for the Wechaty bot channel (a WeChat account run as a bot), merged into the
 * desk's one config schema. The channel is on when WECHATY_PUPPET names a puppet package:
 * `npm run start:bot` runs it, and the all-in-one `npm start` runs it too.
 */
const optionalString = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), z.string().optional())

/** "1000-3000": a random pause of 1 to 3 seconds between two sends of the account. */
const spacing = z
  .string()
  .default('1000-3000')
  .refine((v) => /^\d+-\d+$/.test(v) && Number(v.split('-')[0]) <= Number(v.split('-')[1]), 'WECHATY_SPACING_MS looks like 1000-3000 (milliseconds, low-high)')
  .transform((v) => {
    const [min, max] = v.split('-').map(Number) as [number, number]
    return { min, max }
  })

export const wechatyConfigFields = z.object({
  /**
   * The puppet package that connects the bot to WeChat: wechaty-puppet-service (with a token from a
   * puppet provider), wechaty-puppet-wechat4u (the web protocol, no token), or wechaty-puppet-mock
   * (the demo mode: no WeChat at all). Unset: no bot.
   */
  WECHATY_PUPPET: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().regex(/^(@[a-z0-9-]+\/)?[a-z0-9][a-z0-9._-]*$/, 'WECHATY_PUPPET is a puppet package name, e.g. wechaty-puppet-service').optional(),
  ),
  /** The puppet's token (wechaty-puppet-service and the providers' puppets). */
  WECHATY_PUPPET_TOKEN: optionalString,
  /** Group messages the bot takes without an @mention: those that start with one of these words. */
  WECHATY_KEYWORDS: z
    .string()
    .default('工会,娘家,求助')
    .transform((v) => v.split(/[,，]/).map((w) => w.trim()).filter(Boolean)),
  /**
   * Sends for the whole account, as points/seconds windows, several comma-separated (all apply;
   * each a sliding window): by default 20 a minute, 300 an hour, 1000 a day. WeChat restricts
   * accounts that write like machines; keep these low.
   */
  WECHATY_SEND_LIMIT: z
    .string()
    .default('20/60,300/3600,1000/86400')
    .refine((v) => v.split(',').every((w) => /^\s*\d+\s*\/\s*\d+\s*$/.test(w) && Number(w.split('/')[0]) > 0 && Number(w.split('/')[1]) > 0), 'WECHATY_SEND_LIMIT looks like 20/60 (20 per 60 seconds), several comma-separated'),
  /** At least this long between two sends to one chat (a contact or a group). */
  WECHATY_PER_CONTACT_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
  /** A random pause, low-high in milliseconds, between any two sends of the account. */
  WECHATY_SPACING_MS: spacing,
  /** Only one bot process per account: the lease it holds in Redis lasts this long unless renewed. */
  WECHATY_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
})

export type WechatyConfig = z.output<typeof wechatyConfigFields>

export const isBotConfigured = (config: Pick<WechatyConfig, 'WECHATY_PUPPET'>): boolean => config.WECHATY_PUPPET !== undefined
