/**
 * WeChat Official Account (公众号) channel: the webhook WeChat calls, and the API client we
 * call WeChat with. Operator guide: docs/wechat-official-account.md.
 */
export {
  OfficialAccountConfig,
  officialAccountConfigFields,
  checkOfficialAccountConfig,
  canSendThroughApi,
  isOfficialAccountEnabled,
} from './config.ts'
export { officialAccountWebhook, hashOpenId, type OfficialAccountWebhookDeps } from './webhook.ts'
export { normaliseCallback, type OfficialAccountEvent, type NormalisedCallback, type ReplyAddress } from './messages.ts'
export { MENU_KEYS, defaultMenu, menuActionForKey, type MenuAction } from './menu.ts'
export { officialAccountChannel, CUSTOMER_SERVICE_LIMIT, CUSTOMER_SERVICE_WINDOW_MS } from './channel.ts'
export { officialAccountAtDesk, type OfficialAccountSeat } from './seat.ts'
export {
  parseReplyTemplates,
  renderReply,
  REPLY_TEMPLATE_NAMES,
  type ReplyTemplateName,
  type ReplyTemplates,
  type ReplyVars,
} from './replies.ts'
export { OfficialAccountClient, type OfficialAccountClientOptions, type TemplateMessage, type TemplateField } from './api-client.ts'
export { AccessTokenCache } from './access-token.ts'
export { WeChatApiError, WeChatTransportError, classifyErrcode, type WeChatErrorKind } from './errors.ts'
export { MAX_TEXT_BYTES, truncateUtf8 } from './xml.ts'
