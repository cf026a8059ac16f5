import { listRoots } from '@/api/territory'
import { useUserStore } from '@/stores/user'

/** The caller's widest node (statistics need one): the shortest code of their grants, else the first root of their tree. */
export async function widestRegion(): Promise<string> {
  const codes = [...new Set((useUserStore().user?.grants || []).map((g) => g.region_code || '').filter((c) => /^\d+$/.test(c)))]
  if (codes.length) return codes.sort((a, b) => a.length - b.length)[0]
  try {
    return ((await listRoots()).items || [])[0]?.code || ''
  } catch {
    return ''
  }
}
