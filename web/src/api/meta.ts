import { http } from './request'
import type { Schemas } from './schema'

export type Meta = Schemas['ServerMeta']

let cached: Promise<Meta> | null = null

export function getMeta(): Promise<Meta> {
  if (!cached) {
    cached = http.get<Meta>('/meta', undefined, { silent: true }).catch((e) => {
      cached = null
      throw e
    })
  }
  return cached
}
