/**
 * Permission strings are `module:entity:action`. A granted string may use `*`
 * for any segment (`*:*:*` is everything, `accounts:user:*` every action).
 */
export function permitted(granted: readonly string[], wanted: string): boolean {
  const w = wanted.split(':')
  return granted.some((g) => {
    if (g === wanted || g === '*' || g === '*:*:*') return true
    const p = g.split(':')
    if (p.length !== w.length) return false
    return p.every((seg, i) => seg === '*' || seg === w[i])
  })
}

export function permittedAny(granted: readonly string[], wanted: string | string[] | undefined): boolean {
  if (!wanted || (Array.isArray(wanted) && wanted.length === 0)) return true
  const list = Array.isArray(wanted) ? wanted : [wanted]
  return list.some((w) => permitted(granted, w))
}
