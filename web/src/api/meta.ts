import { http } from './request'

export interface Meta {
  version: string
  tile_url: string
  map_center: [number, number]
}

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
