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
export type ImportStatus = 'queued' | 'checking' | 'checked' | 'rejected' | 'applying' | 'done'
export const IMPORT_FINISHED: ImportStatus[] = ['checked', 'rejected', 'done']

export interface ImportRowError {
  line: number
  column: string
  message_en: string
  message_zh: string
}

export interface ImportJob {
  id: number
  kind: string
  status: ImportStatus
  dry_run: boolean
  filename: string
  encoding: string
  rows: number
  rows_done: number
  inserted: number
  updated: number
  unchanged: number
  error_count: number
  message: string
  created_at: string
  finished_at: string | null
  /** the first 100 (only in GET /registry/imports/{id}) */
  errors?: ImportRowError[]
}

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
