import { plain } from './plain.ts'

/**
 * What a worker can type in any chat instead of describing a problem. Workers type on phone
 * keyboards with pinyin input, so the commonest slip is a homophone (帮主 for 帮助, 近度 for
 * 进度): each command lists the forms seen in practice, and the whole message must be the
 * command (a sentence that merely contains 进度 is read as a sentence).
 */
export type Command =
  | { kind: 'help' }
  | { kind: 'status'; number?: string }
  | { kind: 'human' }
  | { kind: 'cancel' }
  | { kind: 'subscribe'; topic: string }
  | { kind: 'unsubscribe'; topic: string }
  | { kind: 'erase' }

const words: Record<Exclude<Command['kind'], 'status' | 'subscribe' | 'unsubscribe'>, readonly string[]> = {
  help: ['帮助', '帮主', '帮住', '邦助', '求助菜单', '菜单', '功能', '说明', '使用说明', '怎么用', 'help', 'menu'],
  human: ['人工', '转人工', '人工服务', '人工客服', '找人工', '要人工', '真人', '找干部', '工会干部', '人功', '认工', '仁工', 'human', 'agent', 'person'],
  cancel: ['取消', '取肖', '娶消', '不问了', '不用问了', '别问了', '算了', 'cancel', 'stop'],
  erase: ['删除我的信息', '删除信息', '删除我的资料', '删掉我的信息', '删除个人信息', '删除我的个人信息', '注销我的信息', '删除我的数据', 'deletemydata', 'deletemyinformation', 'erasemydata'],
}

const STATUS = /^(查询?|看看?|我的|我想查|查一下|查查)?(办理)?(进度|近度|进读|进展|状态)(查询)?$|^(查询|查寻|查讯|status)$/
const TICKET_NUMBER = /^(?:查询?|查一下|进度)?NJ-?(\d{6})-?(\d{4,})$/i
const SUBSCRIBE = /^(订阅|定阅|订月|訂閱|subscribe)(.*)$/
const UNSUBSCRIBE = /^(退订|退訂|推订|取消订阅|取消訂閱|不要推送|unsubscribe)(.*)$/

const lookup = new Map<string, Command['kind']>(Object.entries(words).flatMap(([kind, list]) => list.map((w) => [w, kind as Command['kind']])))

export function parseCommand(text: string): Command | null {
  const t = plain(text)
  if (!t || t.length > 30) return null
  const n = t.toUpperCase().match(TICKET_NUMBER)
  if (n) return { kind: 'status', number: `NJ-${n[1]}-${n[2]}` }
  if (STATUS.test(t)) return { kind: 'status' }
  // Unsubscribing first: 取消订阅 also starts like a cancel.
  const un = t.match(UNSUBSCRIBE)
  if (un) return { kind: 'unsubscribe', topic: un[2]! }
  const sub = t.match(SUBSCRIBE)
  if (sub) return { kind: 'subscribe', topic: sub[2]! }
  const kind = lookup.get(t)
  return kind ? ({ kind } as Command) : null
}
