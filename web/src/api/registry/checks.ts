import type { Gender } from './types'

/* ---------- checks mirrored from the server (it checks again) ---------- */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECKS = '10X98765432'

/** The shape of an 18-character ID number (17 digits and a digit or X); the server checks the rest. */
export function idNumberShape(s: string): boolean {
  return /^\d{17}[\dXx]$/.test(s)
}

/**
 * What an ID number says (GB 11643): birth date and gender, when its check character is
 * right; null otherwise. Used to fill the form, never to refuse it: the server decides.
 */
export function parseIdNumber(s: string): { birth_date: string; gender: Gender } | null {
  const id = s.trim().toUpperCase()
  if (!idNumberShape(id)) return null
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]
  if (ID_CHECKS[sum % 11] !== id[17]) return null
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  const d = new Date(birth + 'T00:00:00Z')
  if (isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== birth) return null
  return { birth_date: birth, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' }
}

/** An 11-digit mobile (1[3-9]…) or a landline with an area code, as the server accepts. */
export function phoneShape(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s) || /^0\d{2,3}-?\d{7,8}$/.test(s)
}

/** Today's date (YYYY-MM-DD) on this device. */
export function today(): string {
  const d = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
