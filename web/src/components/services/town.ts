import { listAllChildren, listRoots, type Region } from '@/api/territory'
import { useUserStore } from '@/stores/user'

/**
 * The town whose catalogue a page opens on: the town of the caller's first grant on a town
 * or below (codes nest: a town is the first 9 digits of its communities' and grids'); for a
 * grant above towns (an administrator, a county) the town reached from the caller's roots
 * through nodes with one child each, else '' (the page asks to pick one).
 */
export async function defaultTown(): Promise<string> {
  const grants = useUserStore().user?.grants || []
  const g = grants.find((x) => (x.region_code || '').length >= 9)
  if (g) return g.region_code!.slice(0, 9)
  try {
    let rows: Region[] = (await listRoots()).items || []
    for (let depth = 0; depth < 6 && rows.length === 1 && rows[0].level !== 'town' && rows[0].child_count; depth++)
      rows = await listAllChildren(rows[0].code)
    return rows.length === 1 && rows[0].level === 'town' ? rows[0].code : ''
  } catch {
    return ''
  }
}

/** The community a code lies in (its first 12 digits), '' above communities. */
export const communityOf = (code: string | null | undefined) => (code && code.length >= 12 ? code.slice(0, 12) : '')
