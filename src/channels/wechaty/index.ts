/**
 * The Wechaty bot channel: a WeChat account run as a bot, for workers who live in chats and
 * groups rather than following an Official Account. Operator guide: docs/wechaty.md.
 */
export { wechatyChannel } from './channel.ts'
export { wechatyConfigFields, isBotConfigured, type WechatyConfig } from './config.ts'
export { readBotStatus, writeBotStatus, botStatusKey, BotStatus, BotState } from './status.ts'
export { startBotRuntime, type BotRuntime, type BotRuntimeOptions } from './runtime.ts'
export { runBotJob, OFFLINE_RECHECK_MS } from './jobs.ts'
export { demoPuppet } from './demo.ts'
export { decide, toInbound, type BotMessage, type Decision } from './inbound.ts'
export { readCadreReply } from './cadres.ts'
export { botPacer, paceWindows, type Pacer, type PaceRules } from './pace.ts'
export { GROUP_ACK } from './sender.ts'
