/* ---------- types: the server's answers are generated from its OpenAPI document
   (scripts/api-types.sh); the lists below are the values the web offers ---------- */
import type { Body, Schemas } from '../schema'

export type EventStatus = Schemas['EventStatus']
export const STATUSES: EventStatus[] = [
  'at_grid',
  'reported',
  'accepted',
  'dispatched',
  'handling',
  'handled',
  'closed',
  'rejected',
  'merged',
  'withdrawn',
]
/** Open states (as src/events/waiting.cpp counts them): held at the grid (grid first) to handled. */
export const OPEN_STATUSES: EventStatus[] = ['at_grid', 'reported', 'accepted', 'dispatched', 'handling', 'handled']

export type Sla = Schemas['Event']['sla']
export type Priority = Schemas['Event']['priority']
export const PRIORITIES: Priority[] = ['normal', 'urgent', 'critical']
export type EventLevel = Schemas['Event']['level']
export const LEVELS: EventLevel[] = ['community', 'street', 'county']
export const SOURCES = ['resident', 'patrol', 'hotline', 'window', 'visit', 'open311', 'complaint'] as const
export type Rating = 'satisfied' | 'basically_satisfied' | 'unsatisfied'
export const RATINGS: Rating[] = ['satisfied', 'basically_satisfied', 'unsatisfied']

/** The datatypes of an extra question (Open311 GeoReport v2 service definitions). */
export type AttributeDatatype = Schemas['EventCategoryAttribute']['datatype']
export const ATTRIBUTE_DATATYPES: AttributeDatatype[] = ['string', 'text', 'number', 'datetime', 'singlevaluelist', 'multivaluelist']
export const isListType = (d: string) => d === 'singlevaluelist' || d === 'multivaluelist'

/** One choice of a list question. */
export type AttributeValue = NonNullable<Schemas['EventCategoryAttribute']['values']>[number]

/**
 * An extra question a category asks of a report. `variable: false` is a notice shown with
 * the form (nothing asked); lists carry their `values`. The server orders them by `order`.
 */
export type CategoryAttribute = Schemas['EventCategoryAttribute']

/** A report's answers, by question code: text, a number, a key, or the keys of a multivaluelist. */
export type AttributeAnswer = string | number | string[]
export type AttributeAnswers = Record<string, AttributeAnswer>

export type Category = Schemas['EventCategory']

export type Department = Schemas['Department']

export type EventItem = Schemas['Event']

export type TimelineEntry = Schemas['EventTimelineEntry']

export type WhistleEntry = Schemas['EventWhistle']

export type EventAction = Schemas['EventAction']

export type EventDetail = Schemas['EventDetail']

export interface EventFilter {
  status?: string
  level?: string
  category?: string
  source?: string
  region?: string
  sla?: string
  overdue?: boolean
  supervised?: boolean
  /** only events with a pending extension request */
  extension?: boolean
  /**
   * my reports / my departments' tasks / events my departments are summoned to and have not
   * reported in / the same for my co-building units (共建单位)
   */
  mine?: 'reported' | 'department' | 'whistled' | 'unit'
  /** department ids, comma-separated: only events assigned to one of them (within the scope) */
  department?: string
  from?: string
  to?: string
  q?: string
}

export type ReportBody = Body<'/api/v1/events', 'post'>

export type Uploaded = Schemas['Attachment']

export type Stats = Schemas['EventStats']
