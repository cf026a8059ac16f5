/*
 * The cockpit's periods: presets (this year, quarter, month, the last 30 days) or a custom
 * range, as days [from, to) in YYYY-MM-DD (`to` is the day after the last, as the server
 * takes them). Today is the browser's day, which for the platform's users is Beijing's.
 */

export const PRESETS = ['year', 'quarter', 'month', 'last30'] as const
export type Preset = (typeof PRESETS)[number]

const pad = (n: number) => String(n).padStart(2, '0')
export const dayOf = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`

function addDays(d: Date, n: number) {
  const x = new Date(d)
  x.setDate(x.getDate() + n)
  return x
}

/** The days [from, to) of a preset as of `now`. */
export function presetRange(p: Preset, now = new Date()): { from: string; to: string } {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate())
  const to = dayOf(addDays(today, 1))
  switch (p) {
    case 'year':
      return { from: `${today.getFullYear()}-01-01`, to }
    case 'quarter':
      return { from: dayOf(new Date(today.getFullYear(), Math.floor(today.getMonth() / 3) * 3, 1)), to }
    case 'month':
      return { from: dayOf(new Date(today.getFullYear(), today.getMonth(), 1)), to }
    case 'last30':
      return { from: dayOf(addDays(today, -29)), to }
  }
}

/** The preset these days are, or '' for a custom range. */
export function presetOf(from: string, to: string, now = new Date()): Preset | '' {
  for (const p of PRESETS) {
    const r = presetRange(p, now)
    if (r.from === from && r.to === to) return p
  }
  return ''
}

/** A date picker's inclusive range [first, last] of the days [from, to). */
export function pickerRange(from: string, to: string): [string, string] {
  return [from, dayOf(addDays(new Date(to + 'T00:00:00'), -1))]
}

/** The days [from, to) of a date picker's inclusive range. */
export function fromPicker(r: [string, string]): { from: string; to: string } {
  return { from: r[0], to: dayOf(addDays(new Date(r[1] + 'T00:00:00'), 1)) }
}

export const isDay = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s)
