/**
 * The custom menu (自定义菜单) the desk understands. A CLICK button sends its `key` back to
 * the webhook as a CLICK event; these three keys are the contract between the menu an
 * operator creates (docs/wechat-official-account.md) and the desk. Renaming a key breaks
 * menus already published, so add new keys rather than changing these.
 */
export const MENU_KEYS = {
  /** 查询进度: "where is my request?" */
  queryProgress: 'NJ_QUERY_PROGRESS',
  /** 我要求助: "I need help", starts a new request. */
  askForHelp: 'NJ_ASK_FOR_HELP',
  /** 岗位订阅: subscribe to job postings. */
  subscribeJobs: 'NJ_SUBSCRIBE_JOBS',
} as const

export type MenuAction = keyof typeof MENU_KEYS

const ACTION_BY_KEY = new Map<string, MenuAction>(
  (Object.entries(MENU_KEYS) as [MenuAction, string][]).map(([action, key]) => [key, action]),
)

/** Which desk action a CLICK event's EventKey stands for, if any. */
export const menuActionForKey = (key: string): MenuAction | undefined => ACTION_BY_KEY.get(key)

/**
 * The body for POST /cgi-bin/menu/create: three top-level CLICK buttons. Once 服务器配置 is
 * enabled, the 公众平台 menu editor is switched off, so the menu must be created through the API.
 */
export const defaultMenu = () => ({
  button: [
    { type: 'click', name: '查询进度', key: MENU_KEYS.queryProgress },
    { type: 'click', name: '我要求助', key: MENU_KEYS.askForHelp },
    { type: 'click', name: '岗位订阅', key: MENU_KEYS.subscribeJobs },
  ],
})
