/** A calendar's period in the browser's days: a week from Monday, or a month from its 1st. */
export type Span = 'week' | 'month'

const pad = (n: number) => String(n).padStart(2, '0')
export const dayString = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
export function parseDay(s: string): Date | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s)
  if (!m) return null
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return isNaN(d.getTime()) ? null : d
}

/** The period holding `anchor`: its first day and the day after its last (the server's `to` is exclusive). */
export function periodOf(span: Span, anchor: Date): { from: Date; to: Date } {
  if (span === 'month') {
    const from = new Date(anchor.getFullYear(), anchor.getMonth(), 1)
    return { from, to: new Date(anchor.getFullYear(), anchor.getMonth() + 1, 1) }
  }
  const from = new Date(anchor.getFullYear(), anchor.getMonth(), anchor.getDate() - ((anchor.getDay() + 6) % 7))
  return { from, to: new Date(from.getFullYear(), from.getMonth(), from.getDate() + 7) }
}

/** The anchor of the period before (-1) or after (+1). */
export function shift(span: Span, anchor: Date, by: number): Date {
  return span === 'month'
    ? new Date(anchor.getFullYear(), anchor.getMonth() + by, 1)
    : new Date(anchor.getFullYear(), anchor.getMonth(), anchor.getDate() + 7 * by)
}
