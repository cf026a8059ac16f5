// Help while reporting and dispatching (issue 22): possible duplicates of a report before it
// is filed (src/events/similar.cpp) and the suggested category and department
// (src/events/suggest*.cpp).
import { http } from '../request'
import type { Answer, Body, Schemas } from '../schema'

const enc = encodeURIComponent

/** An open event near a report, recent and alike; `id` only when the caller may open it. */
export type SimilarEvent = Answer<'/api/v1/events/similar', 'post'>['items'][number]
export type SimilarQuery = Body<'/api/v1/events/similar', 'post'>

/** Possible duplicates of a report not yet filed (silent: a hint, not a step). */
export const findSimilar = (q: SimilarQuery) =>
  http.post<{ items: SimilarEvent[] }>('/events/similar', q, { silent: true }).then((r) => r.items || [])

/** Suggested categories (and departments, for dispatchers), learned from the platform's closed events. */
export type Suggestion = Schemas['EventSuggestion']
export type SuggestedCategory = Suggestion['categories'][number]
export type SuggestedDepartment = NonNullable<Suggestion['departments']>[number]

/** Suggestions for a report being written (its text and place). Silent: a hint, not a step. */
export const suggestFor = (q: { description: string; lng?: number; lat?: number; grid_code?: string }) =>
  http.post<Suggestion>('/events/suggest', q, { silent: true })

/** Suggestions for a filed event (the dispatcher's view). Silent. */
export const suggestForEvent = (id: number | string) => http.get<Suggestion>(`/events/${enc(String(id))}/suggest`, undefined, { silent: true })
