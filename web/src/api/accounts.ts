import { http } from './request'
import type { Schemas } from './schema'
import type { Grant } from './auth'
import type { Page } from './territory'

export type Role = Schemas['Role']

export type User = Schemas['User']

let rolesCache: Promise<Role[]> | null = null
export function listRoles(): Promise<Role[]> {
  if (!rolesCache) {
    rolesCache = http
      .get<{ items: Role[] }>('/roles')
      .then((r) => r.items || [])
      .catch((e) => {
        rolesCache = null
        throw e
      })
  }
  return rolesCache
}

export const listUsers = (q: string, cursor?: string, limit = 50) =>
  http.get<Page<User>>('/users', { q, cursor, limit })
export const getUser = (id: number | string) => http.get<User>(`/users/${id}`, undefined, { silent: true })
export const createUser = (u: { username: string; display_name: string; password: string }) =>
  http.post<User>('/users', u, { silent: true })
export const updateUser = (id: number | string, patch: { display_name?: string; disabled?: boolean }) =>
  http.patch<User>(`/users/${id}`, patch)
export const resetPassword = (id: number | string, password: string) =>
  http.post<void>(`/users/${id}/password`, { password }, { silent: true })
/** End every session of a user: their tokens stop working at once. */
export const revokeSessions = (id: number | string) => http.del<{ revoked: number }>(`/users/${id}/sessions`)
export const addGrant = (id: number | string, role: string, region_code: string) =>
  http.post<Grant>(`/users/${id}/grants`, { role, region_code }, { silent: true })
export const revokeGrant = (id: number | string, grantId: number | string) =>
  http.del<void>(`/users/${id}/grants/${grantId}`)
