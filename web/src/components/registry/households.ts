import { reactive } from 'vue'
import { getHousehold, type Household } from '@/api/registry'

/** What a row needs to name a household. */
export interface HouseholdName {
  id: number
  address: string
  room: string
  region_code: string
}

/*
 * Households named by id, shared by the visit pages (a visit carries only its household's
 * id): noted from the lists that carry them (worklist, files), else read once each.
 */
const names = reactive<Record<number, HouseholdName | null>>({})
const asked = new Set<number>()

export function useHouseholdNames() {
  function note(h: Pick<Household, 'id' | 'address' | 'room' | 'region_code'>) {
    names[h.id] = { id: h.id, address: h.address, room: h.room, region_code: h.region_code }
    asked.add(h.id)
  }
  function resolve(ids: (number | null | undefined)[]) {
    for (const id of new Set(ids)) {
      if (!id || asked.has(id)) continue
      asked.add(id)
      getHousehold(id).then(note, () => {
        names[id] = null
      })
    }
  }
  const label = (id: number) => {
    const h = names[id]
    if (!h) return '#' + id
    return h.address + (h.room ? ' ' + h.room : '')
  }
  return { names, note, resolve, label }
}
