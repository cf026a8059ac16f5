import { http } from './request'
import type { Schemas } from './schema'

/** What waits for the caller (GET /my/work, src/app/my_work.cpp): queue counts, newest unread, figures. */
export type MyWork = Schemas['MyWork']
export type WorkItem = MyWork['items'][number]
export type WorkKey = WorkItem['key']

/** One request for the whole 工作台 (phones on a weak signal: one round trip). */
export const getMyWork = () => http.get<MyWork>('/my/work', undefined, { silent: true })
