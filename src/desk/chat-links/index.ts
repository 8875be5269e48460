/**
 * Chat links: what ties the bot's chats to the desk. The WeChat groups the bot is in and the
 * unit each is bound to (a unit admin binds it; routing uses it through the message's
 * orgHint), and cadres' own WeChat contacts, linked by a one-time code they get in the
 * console and send to the bot, so the bot brings them their notices and takes their answers.
 */
export { bindGroup, groupUnit, listGroups, seenGroup, unbindGroup, type ChatGroupView, type GroupActor } from './groups.ts'
export {
  BIND_CODE_LENGTH, BIND_CODE_MINUTES, cadreByContact, cadreLinks, contactOfCadre, issueCadreBindCode, redeemCadreBindCode, unlinkCadre, type RedeemDesk,
} from './cadre-links.ts'
export { WRONG_BIND_CODE_WINDOWS } from './wrong-codes.ts'
