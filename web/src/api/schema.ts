// The server's schemas as TypeScript types. generated/openapi.ts is generated from the
// server's OpenAPI document by scripts/api-types.sh (CI checks it is current): never edit
// it; name what a page needs here or in the module's api file.
import type { components, paths } from './generated/openapi'

/** The named schemas of the server's answers (components/schemas). */
export type Schemas = components['schemas']

/** The JSON body a route takes: Body<'/api/v1/disputes', 'post'>. */
export type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } }
}
  ? B
  : never

/** The JSON a route answers with its first success status. */
export type Answer<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R
}
  ? R extends { 200: { content: { 'application/json': infer A } } }
    ? A
    : R extends { 201: { content: { 'application/json': infer A } } }
      ? A
      : never
  : never
