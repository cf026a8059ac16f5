import { http } from './request'
import type { Page } from './territory'
import type { Answer, Body, Schemas } from './schema'
import { newUuid } from '@/utils/uuid'

/* ---------- types: answers and bodies generated from the server's schemas (src/volunteers/render.cpp,
   http_stations.cpp, http_activities.cpp, http_stats.cpp) ---------- */

export type VolunteerStation = Schemas['VolunteerStation']
export type VolunteerTeam = Schemas['VolunteerTeam']
export type Volunteer = Schemas['Volunteer']
export type VolunteerMembership = Schemas['VolunteerMembership']
export type VolunteerActivity = Schemas['VolunteerActivity']
export type VolunteerSignup = Schemas['VolunteerSignup']

export type StationCreate = Body<'/api/v1/volunteer-stations', 'post'>
export type StationPatch = Body<'/api/v1/volunteer-stations/{id}', 'patch'>
export type TeamCreate = Body<'/api/v1/volunteer-teams', 'post'>
export type TeamPatch = Body<'/api/v1/volunteer-teams/{id}', 'patch'>
export type VolunteerCreate = Body<'/api/v1/volunteers', 'post'>
export type VolunteerPatch = Body<'/api/v1/volunteers/{id}', 'patch'>
export type ActivityCreate = Body<'/api/v1/volunteer-activities', 'post'>
export type CertifyOverride = NonNullable<Body<'/api/v1/volunteer-activities/{id}/certify', 'post'>['minutes']>[number]

export type ActivityState = VolunteerActivity['status']
export const ACTIVITY_STATES: ActivityState[] = ['open', 'cancelled', 'certified']
export type SignupState = VolunteerSignup['status']

/** Limits the server checks (http_stations.cpp, http_activities.cpp, stations.cpp). */
export const VOLUNTEER_LIMITS = {
  name: 100,
  address: 200,
  resources: 2000,
  contact: 100,
  purpose: 500,
  title: 100,
  detail: 2000,
  place: 200,
  skill: 20,
  skills: 20,
  reason: 200,
  radius: [50, 5000] as const,
  capacity: [1, 10000] as const,
  /** an activity lasts at most a day */
  hours: 24,
}
/** Codes are valid from half an hour before the start to half an hour after the end (model.h kCodeSlackMs). */
export const CODE_SLACK_MS = 30 * 60_000

export type TeamDetail = Answer<'/api/v1/volunteer-teams/{id}', 'get'>
export type MyVolunteering = Answer<'/api/v1/volunteers/me', 'get'>
/** The calendar on the caller's line in a period, the activities I signed up for, or those I organise. */
export type ActivityView = 'calendar' | 'mine' | 'organised'
export interface ActivityFilter {
  view: ActivityView
  /** YYYY-MM-DD, the first day */
  from?: string
  /** YYYY-MM-DD: starting before that day */
  to?: string
  status?: string
}
/** The organiser's code now, until when, and what the QR code holds (a path of the web app with ?code=). */
export type CheckCode = Answer<'/api/v1/volunteer-activities/{id}/code', 'get'>
export type VolunteerStats = Answer<'/api/v1/volunteer-stats', 'get'>

/* ---------- stations and teams ---------- */

export const listStations = () => http.get<{ items: VolunteerStation[] }>('/volunteer-stations').then((r) => r.items || [])
export const createStation = (body: StationCreate) => http.post<VolunteerStation>('/volunteer-stations', body, { silent: true })
export const updateStation = (id: number, patch: StationPatch) =>
  http.patch<VolunteerStation>(`/volunteer-stations/${id}`, patch, { silent: true })

export const listTeams = (stationId?: number) =>
  http.get<{ items: VolunteerTeam[] }>('/volunteer-teams', { station_id: stationId }).then((r) => r.items || [])
export const getTeam = (id: number | string) => http.get<TeamDetail>(`/volunteer-teams/${id}`, undefined, { silent: true })
export const createTeam = (body: TeamCreate) => http.post<VolunteerTeam>('/volunteer-teams', body, { silent: true })
export const updateTeam = (id: number, patch: TeamPatch) => http.patch<VolunteerTeam>(`/volunteer-teams/${id}`, patch, { silent: true })
/** Join a team: the caller itself (no volunteer), or a volunteer added by the station's staff or the leader. */
export const joinTeam = (teamId: number, volunteerId?: number) =>
  http.post<VolunteerMembership>(`/volunteer-teams/${teamId}/members`, volunteerId ? { volunteer_id: volunteerId } : {}, { silent: true })
export const leaveTeam = (teamId: number, volunteerId: number, reason: string) =>
  http.post<VolunteerMembership>(`/volunteer-teams/${teamId}/members/${volunteerId}/leave`, { reason }, { silent: true })

/* ---------- volunteers ---------- */

export const listVolunteers = (f: { region?: string; q?: string }, cursor?: string, limit = 50) =>
  http.get<Page<Volunteer>>('/volunteers', { ...f, cursor, limit })
export const registerVolunteer = (body: VolunteerCreate) => http.post<Volunteer>('/volunteers', body, { silent: true })
export const updateVolunteer = (id: number, patch: VolunteerPatch) => http.patch<Volunteer>(`/volunteers/${id}`, patch, { silent: true })
export const getMyVolunteering = () => http.get<MyVolunteering>('/volunteers/me')

/* ---------- activities ---------- */

export const listActivities = (f: ActivityFilter) =>
  http.get<{ items: VolunteerActivity[] }>('/volunteer-activities', { ...f }).then((r) => r.items || [])
export const getActivity = (id: number | string) => http.get<VolunteerActivity>(`/volunteer-activities/${id}`, undefined, { silent: true })
/** Publish an activity; `key` is the Idempotency-Key of this submission. */
export const createActivity = (body: ActivityCreate, key: string) =>
  http.post<VolunteerActivity>('/volunteer-activities', body, { silent: true, headers: { 'Idempotency-Key': key } })

/** A participant's step: sign up, withdraw, check in or out (code and where the phone is). Silent: the page shows the refusal. */
export const postSignupStep = (
  id: number | string,
  step: 'sign-up' | 'withdraw' | 'check-in' | 'check-out',
  body: Record<string, unknown> = {},
  key: string = newUuid(),
) => http.post<VolunteerSignup>(`/volunteer-activities/${id}/${step}`, body, { silent: true, headers: { 'Idempotency-Key': key } })
export const cancelActivity = (id: number | string, reason: string, key: string = newUuid()) =>
  http.post<VolunteerActivity>(`/volunteer-activities/${id}/cancel`, { reason }, { silent: true, headers: { 'Idempotency-Key': key } })
/** Certify every participant's minutes after the end; `minutes` overrides some, each with its reason. */
export const certifyActivity = (id: number | string, minutes: CertifyOverride[], key: string = newUuid()) =>
  http.post<VolunteerActivity>(
    `/volunteer-activities/${id}/certify`,
    minutes.length ? { minutes } : {},
    { silent: true, headers: { 'Idempotency-Key': key } },
  )
/** The organiser's current check-in code (changes every minute). */
export const getCheckCode = (id: number | string) => http.get<CheckCode>(`/volunteer-activities/${id}/code`, undefined, { silent: true })
export const listSignups = (id: number | string) =>
  http.get<{ items: VolunteerSignup[] }>(`/volunteer-activities/${id}/signups`, undefined, { silent: true }).then((r) => r.items || [])
export const correctSignup = (id: number, minutes: number, reason: string) =>
  http.post<VolunteerSignup>(`/volunteer-signups/${id}/correct`, { minutes, reason }, { silent: true })

/* ---------- figures ---------- */

export const getVolunteerStats = (q: { region?: string; from?: string; to?: string }) =>
  http.get<VolunteerStats>('/volunteer-stats', { ...q }, { silent: true })

/* ---------- pure helpers (the server's rules, mirrored to guide the forms) ---------- */

const ms = (s: string | null | undefined) => (s ? new Date(s).getTime() : NaN)

/** The minutes a check-in and check-out make within the activity's time (0 without both): served_minutes in code.cpp. */
export function servedMinutes(a: Pick<VolunteerActivity, 'starts_at' | 'ends_at'>, s: Pick<VolunteerSignup, 'checked_in_at' | 'checked_out_at'>): number {
  if (!s.checked_in_at || !s.checked_out_at) return 0
  const from = Math.max(ms(s.checked_in_at), ms(a.starts_at))
  const to = Math.min(ms(s.checked_out_at), ms(a.ends_at))
  return to > from ? Math.floor((to - from) / 60_000) : 0
}
/** The activity's length in whole minutes (the most a participant is credited). */
export const activityMinutes = (a: Pick<VolunteerActivity, 'starts_at' | 'ends_at'>) => Math.floor((ms(a.ends_at) - ms(a.starts_at)) / 60_000)

/** Where an activity is in its day: before the start (sign-up open), running, over (to certify), or ended (cancelled, certified). */
export type ActivityPhase = 'upcoming' | 'running' | 'over' | 'cancelled' | 'certified'
export function activityPhase(a: Pick<VolunteerActivity, 'status' | 'starts_at' | 'ends_at'>, now = Date.now()): ActivityPhase {
  if (a.status !== 'open') return a.status
  if (now < ms(a.starts_at)) return 'upcoming'
  if (now < ms(a.ends_at)) return 'running'
  return 'over'
}
/** Whether the organiser's code is valid now: from half an hour before the start to half an hour after the end. */
export const withinCodeWindow = (a: Pick<VolunteerActivity, 'status' | 'starts_at' | 'ends_at'>, now = Date.now()) =>
  a.status === 'open' && now >= ms(a.starts_at) - CODE_SLACK_MS && now <= ms(a.ends_at) + CODE_SLACK_MS
