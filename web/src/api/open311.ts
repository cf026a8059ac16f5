import { http } from './request'
import type { Schemas } from './schema'

/** An API key of an Open311 client, as listed: never the key itself. */
export type ApiKey = Schemas['ApiKey']

/** The answer to POST /api-keys: the only time the key is ever shown. */
export type NewApiKey = Schemas['NewApiKey']

/** The limits of POST /api-keys (src/open311/open311.cpp). */
export const API_KEY_NAME_MAX = 100

export const listApiKeys = () => http.get<{ items: ApiKey[] }>('/api-keys').then((r) => r.items || [])
export const createApiKey = (name: string) => http.post<NewApiKey>('/api-keys', { name }, { silent: true })
/** Revoke a key: Open311 calls with it are refused at once (404 when already revoked). */
export const revokeApiKey = (id: number) => http.del<void>(`/api-keys/${id}`, { silent: true })
