/**
 * WeChat's side of the wire for the benchmarks: safe-mode text messages signed and encrypted
 * as WeChat sends them (each from a new worker), plain HTTP requests over one keep-alive
 * agent, and the ticket number read back from an encrypted passive reply.
 */
import http from 'node:http'
import { decryptMessage, encryptMessage } from '../../src/channels/wechat-oa/crypto.ts'
import { sha1Signature } from '../../src/channels/wechat-oa/signature.ts'
import { BENCH_OA } from './server.ts'

const texts = ['老板拖欠我们三个月工资了', '工地受伤了老板不管医药费', '想找一份电工的工作', '家里困难 孩子学费交不起', '公司不给交社保怎么办', '加班费一直不给算']
export const wireAgent = new http.Agent({ keepAlive: true, maxSockets: 256 })

export type Wire = { msgId: string; openId: string; path: string; body: string }

let seq = 0
export function wechatMessage(run: string): Wire {
  const i = seq++
  const ts = String(Math.floor(Date.now() / 1000))
  const openId = `o${run}${String(i).padStart(10, '0')}`
  const msgId = String(7_100_000_000_000_000_000n + BigInt(Number.parseInt(run, 36) % 100_000) * 1_000_000n + BigInt(i))
  const xml = `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[${openId}]]></FromUserName><CreateTime>${ts}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${texts[i % texts.length]}]]></Content><MsgId>${msgId}</MsgId></xml>`
  const encrypt = encryptMessage(xml, BENCH_OA.WECHAT_OA_APP_ID, BENCH_OA.WECHAT_OA_ENCODING_AES_KEY)
  const nonce = String(100000 + (i % 900000))
  const q = new URLSearchParams({
    signature: sha1Signature(BENCH_OA.WECHAT_OA_TOKEN, ts, nonce), timestamp: ts, nonce, encrypt_type: 'aes',
    msg_signature: sha1Signature(BENCH_OA.WECHAT_OA_TOKEN, ts, nonce, encrypt),
  })
  return { msgId, openId, path: `/wechat/official-account?${q}`, body: `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>` }
}

export function request(url: string, opts: { method: string; path: string; body: string; headers: Record<string, string>; timeoutMs: number }) {
  const target = new URL(url)
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(
      { host: target.hostname, port: target.port, path: opts.path, method: opts.method, agent: wireAgent, headers: { ...opts.headers, 'content-length': Buffer.byteLength(opts.body) } },
      (res) => {
        let text = ''
        res.on('data', (d: Buffer) => (text += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
      },
    )
    // WeChat hangs up `timeoutMs` after it sent, however the time went (waiting for a socket
    // included): a socket's idle timeout would let an answer count that came far too late.
    const deadline = setTimeout(() => req.destroy(new Error('timeout')), opts.timeoutMs)
    req.on('close', () => clearTimeout(deadline))
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** The ticket number in an encrypted passive reply, if the answer was one. */
export function ticketIn(replyXml: string): string | undefined {
  const encrypted = replyXml.match(/<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/)?.[1]
  if (!encrypted) return undefined
  return decryptMessage(encrypted, BENCH_OA.WECHAT_OA_APP_ID, [BENCH_OA.WECHAT_OA_ENCODING_AES_KEY]).xml.match(/NJ-\d{6}-\d{4}/)?.[0]
}

