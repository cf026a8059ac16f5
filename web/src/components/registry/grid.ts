import { useUserStore } from '@/stores/user'

const GRID = /^\d{15,}$/

/**
 * Where a new record goes by default: the grid (or unit) chosen in the list's filter, else
 * the caller's own grid when they hold exactly one; '' when neither says.
 */
export function useDefaultGrid() {
  const userStore = useUserStore()
  return (filterRegion: string) => {
    const r = filterRegion.trim()
    if (GRID.test(r)) return r
    const grids = [...new Set((userStore.user?.grants || []).map((g) => g.region_code || '').filter((c) => GRID.test(c)))]
    return grids.length === 1 ? grids[0] : ''
  }
}
