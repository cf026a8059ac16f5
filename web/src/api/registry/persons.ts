import { http } from '../request'
import type { Page } from '../territory'
import type { Person, PersonCreate, PersonDetail, PersonFields, PersonFilter, TagHistoryItem, TagKind } from './types'

/* ---------- persons ---------- */

export const listPersons = (f: PersonFilter, cursor?: string, limit = 50) =>
  http.get<Page<Person>>('/persons', { ...f, cursor, limit })
export const getPerson = (id: number | string) => http.get<PersonDetail>(`/persons/${id}`, undefined, { silent: true })
export const createPerson = (p: PersonCreate) => http.post<Person>('/persons', p, { silent: true })
export const updatePerson = (id: number | string, patch: PersonFields & { version: number }) =>
  http.patch<Person>(`/persons/${id}`, patch, { silent: true })
/** The full ID number and phone, for a stated reason: the server records who asked and why. */
export const unmaskPerson = (id: number | string, reason: string) =>
  http.post<{ id: number; id_number: string | null; phone: string | null }>(`/persons/${id}/unmask`, { reason }, { silent: true })

/* ---------- tags ---------- */

let tagCache: Promise<TagKind[]> | null = null
export function listTagKinds(): Promise<TagKind[]> {
  if (!tagCache) {
    tagCache = http
      .get<{ items: TagKind[] }>('/person-tags')
      .then((r) => r.items || [])
      .catch((e) => {
        tagCache = null
        throw e
      })
  }
  return tagCache
}
export const addTag = (personId: number | string, body: { tag: string; since?: string; note?: string }) =>
  http.post<TagHistoryItem & { person_id: number }>(`/persons/${personId}/tags`, body, { silent: true })
export const endTag = (personId: number | string, tagId: number | string, until?: string) =>
  http.post<TagHistoryItem & { person_id: number }>(`/persons/${personId}/tags/${tagId}/end`, until ? { until } : {}, { silent: true })
