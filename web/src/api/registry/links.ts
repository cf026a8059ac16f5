import { http } from '../request'
import type { Answer, Body } from '../schema'

/* ---------- accounts linked to registry persons (实名认证, src/registry/links.cpp) ---------- */

/** Whether a person is linked to an account, and which (the answer of linking, unlinking, claiming). */
export type PersonLink = Answer<'/api/v1/persons/{id}/account', 'put'>
/** The registry person the caller's account is linked to (linked false: none yet). */
export type MyPerson = Answer<'/api/v1/me/person', 'get'>
export type PersonClaim = Body<'/api/v1/me/person', 'post'>

/** The community's staff link a resident's account (by its username) to a person. */
export const linkAccount = (personId: number | string, username: string) =>
  http.put<PersonLink>(`/persons/${personId}/account`, { username }, { silent: true })
export const unlinkAccount = (personId: number | string) => http.del<PersonLink>(`/persons/${personId}/account`, { silent: true })
export const getMyPerson = () => http.get<MyPerson>('/me/person', undefined, { silent: true })
/** Claim one's own registry person with one's name and ID number (five failed tries a day at most). */
export const claimMyPerson = (body: PersonClaim) => http.post<PersonLink>('/me/person', body, { silent: true })
