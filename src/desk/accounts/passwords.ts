import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Passwords, kept as scrypt hashes (memory-hard: a stolen table costs an attacker memory as
 * well as time for every guess). Parameters travel with the hash, so they can be raised
 * later without locking anyone out: "scrypt$15$8$1$salt$hash" (log2 N, r, p, base64url).
 */
const N_LOG2 = 15
const R = 8
const P = 1
const KEY_LENGTH = 32
export const PASSWORD_MIN_LENGTH = 10

const derive = (password: string, salt: Buffer, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    // maxmem: scrypt needs 128·N·r bytes; Node's default (32 MiB) is exactly at the edge for N=2^15.
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...opts, maxmem: 256 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  )

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, { N: 2 ** N_LOG2, r: R, p: P })
  return ['scrypt', N_LOG2, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** False for a wrong password and for a hash this code cannot read (never throws on bad input). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: 2 ** Number(n), r: Number(r), p: Number(p) })
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/**
 * The passwords tried first by anyone guessing (lists of leaked passwords, Chinese sites
 * among them), at the minimum length or longer. A short list is enough: the rules below
 * catch the patterns these are made of.
 */
const COMMON = new Set([
  'password123', 'password1234', 'passw0rd123', 'qwertyuiop', 'qwerty123456', 'qwer123456', 'asdfghjkl', 'asdfghjkl123', 'zxcvbnm123',
  '1qaz2wsx3edc', '1qaz2wsx3e', '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', 'a1b2c3d4e5', 'abcd123456', 'abc1234567', 'abc123456789',
  'a123456789', 'aa123456789', 'qq123456789', 'woaini1314', 'woaini1314520', '5201314520', 'iloveyou123', 'admin12345', 'admin123456',
  'administrator', 'abcdefghij', 'abcdefg123', 'welcome123', 'letmein123', 'gonghui123', 'gonghui2026', 'niangjia123', 'zhongguo123',
])

/** Why a new password is refused, in the console's words; null when it will do. */
export function passwordProblem(password: string, login: string, current?: string): string | null {
  const lower = password.toLowerCase()
  if (password.length < PASSWORD_MIN_LENGTH) return `密码至少 ${PASSWORD_MIN_LENGTH} 位。`
  if (current !== undefined && password === current) return '新密码不能和原密码一样。'
  if (login && lower.includes(login.toLowerCase())) return '密码里不要包含登录名。'
  if (/^\d+$/.test(password)) return '密码不要全是数字，请加上字母或符号。'
  // Few different characters, or a short run repeated ("aaaaaaaaaa", "abcabcabcabc", "abcdabcdabcd").
  if (new Set(password).size < 4 || /^(.{1,4})\1+$/.test(password)) return '密码太简单了（重复的字太多），请换一个。'
  if (COMMON.has(lower)) return '这是最常被猜中的密码之一，请换一个。'
  return null
}

const UNAMBIGUOUS = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A first password for a new account: 14 characters without look-alikes (0/O, 1/l/I), about 80 bits. */
export const generatePassword = () => Array.from({ length: 14 }, () => UNAMBIGUOUS[randomInt(UNAMBIGUOUS.length)]).join('')

/** A hash to compare against when the login does not exist, so a wrong login takes as long as a wrong password. */
export const decoyHash = hashPassword('decoy-password-for-timing')
