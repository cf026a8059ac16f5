import type { Schemas } from '../schema'
import { API_BASE, http, request } from '../request'

/* ---------- CSV import of persons, households, buildings, businesses (src/registry/import.cpp) ---------- */

/** What a CSV file may hold, and the write permission each needs. */
export const IMPORT_KINDS = {
  persons: 'registry:person:write',
  households: 'registry:household:write',
  buildings: 'registry:building:write',
  businesses: 'registry:business:write',
} as const
export type ImportKind = keyof typeof IMPORT_KINDS
export const IMPORT_ENCODINGS = ['auto', 'utf-8', 'gbk'] as const
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number]
/** queued → checking → (rejected | checked for a dry run | applying → done) */
export type ImportStatus = Schemas['ImportJob']['status']
export const IMPORT_FINISHED: ImportStatus[] = ['checked', 'rejected', 'done']

export type ImportRowError = Schemas['ImportRowError']

/** A job as listed, or as GET /imports/{id} answers it (with its first row errors). */
export type ImportJob = Schemas['ImportJob'] & Partial<Pick<Schemas['ImportJobDetail'], 'errors'>>

/** Send a CSV file's bytes as they are; the server answers 202 with the job (or 422 at once). */
export const startImport = (file: Blob, q: { kind: ImportKind; dry_run: boolean; encoding: ImportEncoding; filename?: string }) =>
  request<ImportJob>('POST', '/registry/imports', {
    raw: file,
    silent: true,
    query: { kind: q.kind, dry_run: q.dry_run ? 'true' : 'false', encoding: q.encoding, filename: q.filename },
    headers: { 'Content-Type': 'text/csv' },
  })
export const listImports = () => http.get<{ items: ImportJob[] }>('/registry/imports').then((r) => r.items || [])
export const getImport = (id: number | string) => http.get<ImportJob>(`/registry/imports/${id}`, undefined, { silent: true })
export const importErrorsUrl = (id: number | string) => `${API_BASE}/registry/imports/${id}/errors.csv`
