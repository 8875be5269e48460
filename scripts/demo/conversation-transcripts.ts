/**
 * Talks to a running desk as three workers would (the Official Account, the portal's API, and
 * a worker writing Traditional) and prints what each said and heard: the transcripts in
 * docs/conversations.md come from this. The Official Account must be configured in plain mode
 * (WECHAT_OA_TOKEN, WECHAT_OA_APP_ID, WECHAT_OA_APP_SECRET).
 *
 *   npx tsx scripts/demo/conversation-transcripts.ts http://127.0.0.1:3000 niangjia2026
 */
import { createHash, randomBytes } from 'node:crypto'

const [base = 'http://127.0.0.1:3000', token = process.env.WECHAT_OA_TOKEN ?? ''] = process.argv.slice(2)
let msgId = BigInt(Date.now()) * 1000n

/** A text message as WeChat posts it in plain mode, signed with the account's token. */
async function wechat(openId: string, text: string): Promise<string> {
  const timestamp = String(Math.floor(Date.now() / 1000))
  const nonce = randomBytes(6).toString('hex')
  const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex')
  const xml = `<xml><ToUserName><![CDATA[gh_niangjia]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${text}]]></Content><MsgId>${msgId++}</MsgId></xml>`
  const res = await fetch(`${base}/wechat/official-account?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&openid=${openId}`, { method: 'POST', body: xml, headers: { 'content-type': 'text/xml' } })
  const body = await res.text()
  return body.match(/<Content><!\[CDATA\[([\s\S]*?)\]\]><\/Content>/)?.[1] ?? `(HTTP ${res.status}: ${body || 'no passive reply'})`
}

async function web(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/api/messages`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
  return (await res.json()) as Record<string, unknown>
}

const show = (who: string, said: string, heard: string) => console.log(`> ${who}：${said}\n${heard.replace(/^/gm, '  ')}\n`)

async function main() {
  console.log('## WeChat (Official Account)\n')
  const openId = `oDemo${randomBytes(8).toString('hex')}`
  for (const said of ['在吗', '1', '宁波北仑的华盛电子厂，欠了我们三个月工资', '一共两万四，二十多个人', '进度', '人工']) show('职工', said, await wechat(openId, said))

  console.log('## Portal (web API)\n')
  const first = await web({ text: '家里有人生病 生活很困难' })
  show('职工', '家里有人生病 生活很困难', String(first.reply))
  const keys = { ticketNumber: first.ticketNumber, accessCode: first.accessCode }
  for (const said of ['四口人', '同意', '老公住院了，一个月收入两千多']) show('职工', said, String((await web({ text: said, ...keys })).reply))

  console.log('## Traditional\n')
  const trad = `oDemo${randomBytes(8).toString('hex')}`
  for (const said of ['老闆欠我們三個月工資，請工會幫幫忙', '在寧波北侖的華盛電子廠', '謝謝']) show('職工', said, await wechat(trad, said))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
