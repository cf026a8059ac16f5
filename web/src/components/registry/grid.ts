import { useUserStore } from '@/stores/user'

/**
 * Where a new record goes by default: the grid (or unit) chosen in the list's filter, else
 * the caller's own grid when they hold exactly one; '' when neither says. A place's code has
 * `minDigits` digits at least (15: a grid or unit; 12: a community too).
 */
export function useDefaultGrid(minDigits = 15) {
  const userStore = useUserStore()
  const GRID = new RegExp(`^\\d{${minDigits},}$`)
  return (filterRegion: string) => {
    const r = filterRegion.trim()
    if (GRID.test(r)) return r
    const grids = [...new Set((userStore.user?.grants || []).map((g) => g.region_code || '').filter((c) => GRID.test(c)))]
    return grids.length === 1 ? grids[0] : ''
  }
}
