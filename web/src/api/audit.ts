import { http } from './request'
import type { Schemas } from './schema'
import type { Page } from './territory'

export type AuditEntry = Schemas['AuditEntry']

export interface AuditFilter {
  actor?: string
  action?: string
  from?: string
  to?: string
}

export const listAudit = (f: AuditFilter, cursor?: string, limit = 50) =>
  http.get<Page<AuditEntry>>('/audit', { ...f, cursor, limit })
