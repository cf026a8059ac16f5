import { http } from './request'
import type { Schemas } from './schema'

/** map_center is [lat, lng] (the schema says an array of two numbers). */
export type Meta = Omit<Schemas['ServerMeta'], 'map_center'> & { map_center: [number, number] }

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
