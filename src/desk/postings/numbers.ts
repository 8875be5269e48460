import type { Tx } from '../../db/client.ts'
import { defaultTimeZone } from '../../lib/time/index.ts'

const shanghaiMonth = new Intl.DateTimeFormat('en-CA', { timeZone: defaultTimeZone, year: '2-digit', month: '2-digit' })

/** G-2612-0007: the month (Beijing time) and its sequence; read out on the phone and shown on the screens. */
export async function nextPostingNumber(tx: Tx, at: Date): Promise<string> {
  const month = shanghaiMonth.format(at).replaceAll('-', '')
  const key = `posting-${month}`
  const { value } = await tx.counter.upsert({ where: { key }, create: { key, value: 1 }, update: { value: { increment: 1 } } })
  return `G-${month}-${String(value).padStart(4, '0')}`
}

export const postingNumberPattern = /^G-\d{4}-\d{4,}$/
