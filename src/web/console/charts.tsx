import type { FC } from 'hono/jsx'

/**
 * Charts drawn on the server as SVG: no script, nothing fetched, readable on a phone, and
 * labels escaped like any other text. Each takes exactly the rows its CSV export writes.
 */
export type Bar = { label: string; value: number; max: number; note: string }

/** Horizontal bars, one row per label: value/max as the bar, `note` written beside it. */
export const Bars: FC<{ title: string; rows: Bar[] }> = ({ title, rows }) => {
  const row = 28
  const labelW = 150
  const barW = 180
  return (
    <svg role="img" aria-label={title} viewBox={`0 0 ${labelW + barW + 150} ${rows.length * row + 8}`} width="100%" style="max-width:38rem">
      <title>{title}</title>
      {rows.map((r, i) => {
        const w = r.max > 0 ? Math.max(0, Math.min(1, r.value / r.max)) * barW : 0
        const y = i * row + 4
        return (
          <g>
            <text x={labelW - 6} y={y + 17} text-anchor="end" font-size="13">{r.label.length > 11 ? `${r.label.slice(0, 10)}…` : r.label}</text>
            <rect x={labelW} y={y + 4} width={barW} height="16" fill="#eceef1" rx="3" />
            <rect x={labelW} y={y + 4} width={w} height="16" fill="#b3261e" rx="3" />
            <text x={labelW + barW + 6} y={y + 17} font-size="13">{r.note}</text>
          </g>
        )
      })}
    </svg>
  )
}

const palette = ['#b3261e', '#1f6feb', '#2da44e', '#bf8700', '#8250df']

/** Stacked columns: one per period, one colour per series, with a legend. */
export const Stacked: FC<{ title: string; periods: string[]; series: { name: string; values: number[] }[] }> = ({ title, periods, series }) => {
  const h = 140
  const colW = 44
  const top = Math.max(1, ...periods.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0)))
  return (
    <svg role="img" aria-label={title} viewBox={`0 0 ${periods.length * colW + 140} ${h + 30}`} width="100%" style="max-width:38rem">
      <title>{title}</title>
      {periods.map((p, i) => {
        let y = h
        return (
          <g>
            {series.map((s, k) => {
              const v = s.values[i] ?? 0
              const bh = (v / top) * (h - 16)
              y -= bh
              return v ? <rect x={i * colW + 6} y={y} width={colW - 12} height={bh} fill={palette[k % palette.length]} /> : null
            })}
            <text x={i * colW + colW / 2} y={h + 16} text-anchor="middle" font-size="11">{p.slice(2)}</text>
            <text x={i * colW + colW / 2} y={Math.max(12, y - 3)} text-anchor="middle" font-size="11">{series.reduce((n, s) => n + (s.values[i] ?? 0), 0)}</text>
          </g>
        )
      })}
      {series.map((s, k) => (
        <g>
          <rect x={periods.length * colW + 12} y={k * 18 + 6} width="12" height="12" fill={palette[k % palette.length]} />
          <text x={periods.length * colW + 30} y={k * 18 + 16} font-size="12">{s.name}</text>
        </g>
      ))}
    </svg>
  )
}

/** A CSV file as spreadsheets open it (UTF-8 with BOM), cells that look like formulas defused. */
export function csv(header: string[], rows: (string | number | null)[][]): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v)
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
    return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
  }
  return '\uFEFF' + [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}
