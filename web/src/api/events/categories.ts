import { http } from '../request'
import type { Category, CategoryAttribute, Priority } from './types'

const enc = encodeURIComponent

let categoriesCache: Promise<Category[]> | null = null
/** Every category as the server lists them, read once per page load. */
function readCategories(): Promise<Category[]> {
  if (!categoriesCache) {
    categoriesCache = http
      .get<{ items: Category[] }>('/event-categories')
      .then((r) => r.items || [])
      .catch((e) => {
        categoriesCache = null
        throw e
      })
  }
  return categoriesCache
}

/** The active categories, ordered (sort, code). Categories change rarely: read once per page load. */
export function listCategories(): Promise<Category[]> {
  return readCategories().then((items) =>
    items.filter((c) => c.active).sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code)),
  )
}

/** One category, inactive ones too (an event's questions); null when there is none. */
export function findCategory(code: string): Promise<Category | null> {
  return readCategories().then((items) => items.find((c) => c.code === code) || null)
}

/** The questions of a category ordered as asked (order, then as declared). */
export const orderedAttributes = (c: Category | null | undefined): CategoryAttribute[] =>
  (c?.attributes || []).map((a, i) => ({ a, i })).sort((x, y) => x.a.order - y.a.order || x.i - y.i).map((x) => x.a)

/** Forget the categories read for this page load (after an administrator edited them). */
export function invalidateCategories() {
  categoriesCache = null
}

/** Every category, inactive ones included, in the server's order (sort, code): the admin page. */
export const listAllCategories = () =>
  http.get<{ items: Category[] }>('/event-categories').then((r) => r.items || [])

/** What PUT /event-categories/{code} takes: the names always; the version to edit one. */
export interface CategoryInput {
  name_zh: string
  name_en: string
  parent_code?: string | null
  department_kind?: string
  priority?: Priority
  self_handle?: boolean
  accept_hours?: number
  sign_hours?: number
  handle_days?: { normal: number; urgent: number; critical: number }
  verify_days?: number
  active?: boolean
  sort?: number
  /** the whole list of questions (absent: kept as they are); `values` only for lists */
  attributes?: CategoryAttribute[]
  /** required to edit (stale -> 409 stale_version); absent to create */
  version?: number
}

/**
 * Create (201) or edit (200) a category. Silent: the caller shows field errors under the
 * field and reloads on 409. Note that an absent `parent_code` makes a top-level category.
 */
export const saveCategory = (code: string, body: CategoryInput) =>
  http.put<Category>(`/event-categories/${enc(code)}`, body, { silent: true }).then((c) => {
    invalidateCategories()
    return c
  })

/** The limits of PUT /event-categories/{code} (src/events/http.cpp), mirrored for the form. */
export const CATEGORY_LIMITS = {
  code: { min: 2, max: 8 },
  name_zh: 50,
  name_en: 100,
  department_kind: 32,
  accept_hours: { min: 1, max: 720 },
  sign_hours: { min: 1, max: 720 },
  handle_days: { min: 1, max: 365 },
  verify_days: { min: 1, max: 30 },
  sort: { min: 0, max: 100000 },
} as const

/** The limits of a category's `attributes` (src/events/attributes.cpp), mirrored for the form. */
export const ATTRIBUTE_LIMITS = {
  attributes: 30,
  code: 40,
  description: 200,
  values: { min: 1, max: 100 },
  key: 40,
  valueName: 100,
  order: { min: 0, max: 1000 },
  /** the answers: a string question, a text question */
  string: 200,
  text: 2000,
} as const
