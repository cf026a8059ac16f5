import { currentLocale } from '@/locales'

export function formatArea(m2: number | null | undefined): string {
  if (m2 === null || m2 === undefined || !isFinite(m2)) return '-'
  const loc = currentLocale()
  if (Math.abs(m2) >= 100000) {
    const km2 = m2 / 1e6
    return new Intl.NumberFormat(loc, { maximumFractionDigits: 3 }).format(km2) + ' km²'
  }
  return new Intl.NumberFormat(loc, { maximumFractionDigits: 1 }).format(m2) + ' m²'
}

export function formatPercent(x: number): string {
  if (!isFinite(x)) return '-'
  return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 2 }).format(x)
}

export function formatTime(s: string | null | undefined): string {
  if (!s) return '-'
  const d = new Date(s)
  if (isNaN(d.getTime())) return s
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** Minutes, without the year when it is this year ("12-05 09:30"), else with it. */
export function formatShortTime(s: string | null | undefined): string {
  const full = formatTime(s)
  if (!s || full === s || full === '-') return full
  const thisYear = String(new Date().getFullYear())
  return full.startsWith(thisYear + '-') ? full.slice(5, 16) : full.slice(0, 16)
}

export function formatDetail(d: unknown): string {
  if (d === null || d === undefined || d === '') return ''
  if (typeof d === 'string') return d
  try {
    return JSON.stringify(d)
  } catch {
    return String(d)
  }
}

/** Password policy mirrored from the server: >= 8 chars and 3 of 4 classes. */
export function strongEnough(pw: string): boolean {
  if (!pw || pw.length < 8) return false
  let classes = 0
  if (/[a-z]/.test(pw)) classes++
  if (/[A-Z]/.test(pw)) classes++
  if (/[0-9]/.test(pw)) classes++
  if (/[^A-Za-z0-9]/.test(pw)) classes++
  return classes >= 3
}
