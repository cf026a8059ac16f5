import { http } from '../request'
import type { Department } from './types'

export const listDepartments = (region?: string, kind?: string) =>
  http.get<{ items: Department[] }>('/departments', { region, kind }).then((r) => r.items || [])

/** The limits of POST/PATCH /departments (src/events/http.cpp). */
export const DEPARTMENT_LIMITS = { region_code: 24, kind: 32, name: 100, members: 200 } as const

export const createDepartment = (d: { region_code: string; kind: string; name: string }) =>
  http.post<Department>('/departments', d, { silent: true })

/** Rename, re-kind or (de)activate; `version` is required (stale -> 409 stale_version). */
export const updateDepartment = (
  id: number,
  patch: { name?: string; kind?: string; active?: boolean; version: number },
) => http.patch<Department>(`/departments/${id}`, patch, { silent: true })

/** Set the handler accounts of a department (the whole list, up to 200). */
export const setDepartmentMembers = (id: number, user_ids: number[]) =>
  http.put<Department>(`/departments/${id}/members`, { user_ids }, { silent: true })
