import type { Schemas } from '../schema'
import { currentLocale, t } from '@/locales'
import { API_BASE, ApiError, http, problemMessage, request, type Problem } from '../request'
import { dispositionName } from '../exports'

/* ---------- CSV or .xlsx import of persons, households, buildings, businesses (src/registry/import/) ---------- */

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
export const IMPORT_FINISHED: ImportStatus[] = ['checked', 'rejected', 'done', 'failed']

export type ImportRowError = Schemas['ImportRowError']

/** A job as listed, or as GET /imports/{id} answers it (with its first row errors). */
export type ImportJob = Schemas['ImportJob'] & Partial<Pick<Schemas['ImportJobDetail'], 'errors'>>

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** An Excel workbook by its name or type (the server itself goes by the content). */
export const isXlsx = (file: File) => /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE

/** Send a CSV file's or a workbook's bytes as they are; the server answers 202 with the job (or 4xx at once). */
export const startImport = (file: File, q: { kind: ImportKind; dry_run: boolean; encoding: ImportEncoding; filename?: string }) =>
  request<ImportJob>('POST', '/registry/imports', {
    raw: file,
    silent: true,
    query: { kind: q.kind, dry_run: q.dry_run ? 'true' : 'false', encoding: q.encoding, filename: q.filename },
    headers: { 'Content-Type': isXlsx(file) ? XLSX_TYPE : 'text/csv' },
  })

export type TemplateFormat = 'xlsx' | 'csv'
/** GET /registry/imports/template: a kind's template in the UI's language, as a Blob and its file name. */
export async function fetchImportTemplate(kind: ImportKind, format: TemplateFormat): Promise<{ blob: Blob; filename: string }> {
  const lang = currentLocale().startsWith('zh') ? 'zh' : 'en'
  const url = `${API_BASE}/registry/imports/template?kind=${kind}&format=${format}&lang=${lang}`
  let res: Response
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': currentLocale(), 'X-Requested-With': 'XMLHttpRequest' } })
  } catch {
    throw new ApiError(t('common.msg.networkError'), 0, 'network_error')
  }
  if (!res.ok) {
    let problem: Problem | undefined
    if ((res.headers.get('Content-Type') || '').includes('json')) problem = (await res.json().catch(() => undefined)) as Problem | undefined
    throw new ApiError(problemMessage(problem, res.status), res.status, problem?.code || 'http_' + res.status, problem?.field, problem)
  }
  return { blob: await res.blob(), filename: dispositionName(res.headers.get('Content-Disposition')) || `import-${kind}-template.${format}` }
}
export const listImports = () => http.get<{ items: ImportJob[] }>('/registry/imports').then((r) => r.items || [])
export const getImport = (id: number | string) => http.get<ImportJob>(`/registry/imports/${id}`, undefined, { silent: true })
export const importErrorsUrl = (id: number | string) => `${API_BASE}/registry/imports/${id}/errors.csv`
