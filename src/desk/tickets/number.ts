import type { Tx } from '../../db/client.ts'
import { prepare } from '../../db/prepared.ts'
import { defaultTimeZone, wallClockMs } from '../../lib/time/index.ts'

/** 261125: the day in Beijing time (the wall clock from the zone's offset, read with UTC getters). */
const beijingDay = (at: Date) => new Date(wallClockMs(defaultTimeZone, at.getTime())).toISOString().slice(2, 10).replaceAll('-', '')

/**
 * NJ-261125-0007: the day (Beijing time) and that day's sequence. Short enough to read
 * out over the phone, and a cadre can tell at a glance how old a case is. The counter
 * row is incremented inside the caller's transaction, so numbers never repeat.
 */
export async function nextTicketNumber(tx: Tx, at: Date): Promise<string> {
  const day = beijingDay(at)
  const { value } = (await takeNext.first(tx, { key: `ticket-${day}` }))!
  return `NJ-${day}-${String(value).padStart(4, '0')}`
}

const takeNext = prepare<{ key: string }>()((sql, p) =>
  sql.insertInto('Counter')
    .values({ key: p.key, value: 1 })
    .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb('Counter.value', '+', 1) })))
    .returning('value'),
)

/** A unique stand-in until the real number is taken at the end of the opening transaction (never committed). */
export const provisionalNumber = () => `pending-${crypto.randomUUID()}`

export const ticketNumberPattern = /^NJ-\d{6}-\d{4,}$/
