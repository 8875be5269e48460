import { defaultTimeZone } from '../../lib/time/index.ts'

const fmt = new Intl.DateTimeFormat('zh-CN', { timeZone: defaultTimeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false })

/** A time as a cadre reads it (Beijing time, "11月25日 14:00"); a dash when there is none. */
export const when = (d: Date | null | undefined) => (d ? fmt.format(d) : '—')

/** 李秀英 → 李**, 13712345678 → 137****5678: enough to tell people apart, not to identify them. */
export const maskName = (name: string) => (name.length <= 1 ? '*' : `${[...name][0]}${'*'.repeat([...name].length - 1)}`)
export const maskPhone = (phone: string) => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****')
