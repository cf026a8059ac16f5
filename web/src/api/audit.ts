import { http } from './request'
import type { Page } from './territory'

export interface AuditEntry {
  id: number | string
  at: string
  actor: string
  actor_id: number | string | null
  action: string
  target: string
  ip: string
  outcome: string
  detail: unknown
}

export interface AuditFilter {
  actor?: string
  action?: string
  from?: string
  to?: string
}

export const listAudit = (f: AuditFilter, cursor?: string, limit = 50) =>
  http.get<Page<AuditEntry>>('/audit', { ...f, cursor, limit })
