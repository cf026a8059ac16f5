import { isListType, type AttributeDatatype, type AttributeValue, type CategoryAttribute } from '@/api/events'

/**
 * A category's questions as the edit dialog holds them: in the order asked (renumbered
 * when saved), list values kept while the datatype is switched back and forth, and a
 * stable key for the rows.
 */
export interface AttributeRow {
  uid: number
  code: string
  datatype: AttributeDatatype
  required: boolean
  variable: boolean
  description_zh: string
  description_en: string
  values: (AttributeValue & { uid: number })[]
}

let uids = 0
export const nextUid = () => ++uids

export function newRow(taken: string[]): AttributeRow {
  let n = taken.length + 1
  while (taken.includes('q' + n)) n++
  return {
    uid: nextUid(),
    code: 'q' + n,
    datatype: 'string',
    required: false,
    variable: true,
    description_zh: '',
    description_en: '',
    values: [],
  }
}

export const newValue = () => ({ uid: nextUid(), key: '', name_zh: '', name_en: '' })

/** The declarations as rows, in the order asked. */
export function toRows(attrs: CategoryAttribute[] | undefined): AttributeRow[] {
  return (attrs || [])
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.order - y.a.order || x.i - y.i)
    .map(({ a }) => ({
      uid: nextUid(),
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      variable: a.variable,
      description_zh: a.description_zh,
      description_en: a.description_en,
      values: (a.values || []).map((v) => ({ ...v, uid: nextUid() })),
    }))
}

/** What PUT takes: `order` from the rows' order (1, 2, ...), `values` only for lists. */
export function toBody(rows: AttributeRow[]): CategoryAttribute[] {
  return rows.map((r, i) => {
    // a notice asks nothing: its datatype does not matter, but a list would need values
    const datatype = !r.variable && isListType(r.datatype) ? 'string' : r.datatype
    const a: CategoryAttribute = {
      code: r.code.trim(),
      datatype,
      required: r.variable && r.required,
      variable: r.variable,
      order: i + 1,
      description_zh: r.description_zh.trim(),
      description_en: r.description_en.trim(),
    }
    if (isListType(datatype)) {
      a.values = r.values.map((v) => ({ key: v.key.trim(), name_zh: v.name_zh.trim(), name_en: v.name_en.trim() }))
    }
    return a
  })
}
