import { http } from './request'
import type { Page } from './territory'
import type { Answer, Body, Schemas } from './schema'
import { newUuid } from '@/utils/uuid'

/* ---------- types: answers and bodies generated from the server's schemas (src/deliberation/render.cpp,
   detail.cpp, http_councils.cpp, http_topics.cpp, http_stages.cpp, http_meetings.cpp, http_ballots.cpp,
   http_stats.cpp); the value lists of model.h ---------- */

export type Council = Schemas['Council']
export type CouncilMember = Schemas['CouncilMember']
export type Topic = Schemas['Topic']
export type TopicDetail = Schemas['TopicDetail']
export type TopicStepOffer = Schemas['TopicStepOffer']
export type TopicTimelineEntry = Schemas['TopicTimelineEntry']
export type TopicNote = Schemas['TopicNote']
export type Survey = Schemas['Survey']
export type Meeting = Schemas['Meeting']
export type MeetingParticipant = Schemas['MeetingParticipant']
export type Ballot = Schemas['Ballot']
export type BallotVoter = Schemas['BallotVoter']
export type TopicObjection = Schemas['TopicObjection']
export type TopicTask = Schemas['TopicTask']

export type CouncilCreate = Body<'/api/v1/councils', 'post'>
export type CouncilPatch = Body<'/api/v1/councils/{id}', 'patch'>
export type CouncilDetail = Answer<'/api/v1/councils/{id}', 'get'>
export type MemberCreate = Body<'/api/v1/councils/{id}/members', 'post'>
export type TopicCreate = Body<'/api/v1/topics', 'post'>
export type NoteCreate = Body<'/api/v1/topics/{id}/notes', 'post'>
export type SurveyCreate = Body<'/api/v1/topics/{id}/surveys', 'post'>
export type SurveyQuestion = SurveyCreate['questions'][number]
export type MeetingCreate = Body<'/api/v1/topics/{id}/meetings', 'post'>
export type MeetingPerson = NonNullable<MeetingCreate['participants']>[number]
export type BallotCreate = Body<'/api/v1/topics/{id}/ballots', 'post'>
export type PaperBallots = Body<'/api/v1/ballots/{id}/paper', 'post'>
export type TaskCreate = Body<'/api/v1/topics/{id}/tasks', 'post'>
export type DeliberationStats = Answer<'/api/v1/deliberation-stats', 'get'>

export const GROUPS = [
  'party_branch',
  'residents_committee',
  'supervisory_committee',
  'property_company',
  'owners_committee',
  'co_building_unit',
  'residents_rep',
  'party_member_rep',
  'deputy',
  'social_organisation',
  'stakeholder',
] as const
export type Group = (typeof GROUPS)[number]
export const POSTS = ['convenor', 'secretary', 'member'] as const
export type Post = (typeof POSTS)[number]
export const TOPIC_STATES = [
  'proposed',
  'researching',
  'deliberating',
  'publicizing',
  'implementing',
  'done',
  'declined',
  'merged',
  'withdrawn',
  'rejected',
] as const
export type TopicState = (typeof TOPIC_STATES)[number]
/** the states that end a topic before its sixth step (stage 0) */
export const CLOSED_EARLY: TopicState[] = ['declined', 'merged', 'withdrawn', 'rejected']
export const TOPIC_SOURCES = ['resident', 'worker', 'unit', 'council', 'event', 'visit'] as const
export const NOTE_KINDS = ['note', 'document', 'visit', 'interview'] as const
export type NoteKind = (typeof NOTE_KINDS)[number]
export const QUESTION_TYPES = ['single', 'multiple', 'text'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]
export const MEETING_KINDS = ['residents_representatives', 'building_chiefs', 'backbone', 'council', 'hearing', 'open_forum', 'other'] as const
export type MeetingKind = (typeof MEETING_KINDS)[number]
export const BALLOT_KINDS = ['approve', 'choose'] as const
export const ELECTORATES = ['council', 'residents', 'households'] as const
export type Electorate = (typeof ELECTORATES)[number]
export const QUORUMS = ['none', 'more_than_half', 'two_thirds'] as const
export const THRESHOLDS = ['majority', 'two_thirds'] as const
export const BASES = ['present', 'eligible'] as const
/** The six steps (六步议事法) in order; a topic's `stage` is 1-6, 0 when it closed early. */
export const STAGES = [1, 2, 3, 4, 5, 6] as const

/** Limits the server checks (http_*.cpp, research.cpp, ballots.cpp). */
export const DELIBERATION_LIMITS = {
  councilName: 100,
  councilDescription: 2000,
  memberName: 50,
  unit: 100,
  username: 64,
  reason: 500,
  title: 100,
  description: 4000,
  comment: 2000,
  decision: 4000,
  publicityDays: [1, 30] as const,
  /** publicity ends within 90 days */
  publicityUntilDays: 90,
  note: 8000,
  attachments: 9,
  surveyTitle: 100,
  questions: 20,
  questionText: 200,
  choiceOptions: [2, 10] as const,
  optionText: 300,
  textAnswer: 3000,
  place: 200,
  meetingOptions: 20,
  record: 20000,
  question: 500,
  ballotOptions: [2, 20] as const,
  ballotOption: 100,
  objection: 2000,
  taskTitle: 200,
  ownerName: 100,
  result: 2000,
}

/** The frozen count of a closed ballot (ballots.cpp close_ballot). */
export interface BallotResult {
  eligible: number
  cast: number
  cast_online: number
  cast_paper: number
  votes: number[]
  abstained: number
  quorum_needed: number
  quorum_met: boolean
  base: number
  needed: number
  outcome: 'passed' | 'failed' | 'no_quorum'
  winner: number | null
  counted_at: number
}
/** A survey's question as stored (research.cpp checked_questions), with its results when shown. */
export interface SurveyItem {
  text: string
  type: QuestionType
  options?: string[]
  /** votes per option (choices) */
  counts?: number[]
  /** the free-text answers (text questions; the council only) */
  answers?: string[]
}
export interface SurveyResults {
  responses: number
  questions: SurveyItem[]
}
/** One answer per question: an option's index, a list of them, or text. */
export type SurveyAnswer = number | number[] | string

export const surveyQuestions = (s: Survey) => (s.questions || []) as SurveyItem[]
export const surveyResults = (s: Survey) => (s.results as SurveyResults | null) || null
export const ballotResult = (b: Ballot) => (b.result as BallotResult | null) || null

/* ---------- councils (协商议事会) and their members ---------- */

export const listCouncils = () => http.get<{ items: Council[] }>('/councils').then((r) => r.items || [])
export const getCouncil = (id: number | string, all = false) =>
  http.get<CouncilDetail>(`/councils/${id}`, { all: all ? 'true' : undefined }, { silent: true })
export const createCouncil = (body: CouncilCreate) => http.post<Council>('/councils', body, { silent: true })
export const updateCouncil = (id: number, patch: CouncilPatch) => http.patch<Council>(`/councils/${id}`, patch, { silent: true })
export const addMember = (councilId: number, body: MemberCreate) =>
  http.post<CouncilMember>(`/councils/${councilId}/members`, body, { silent: true })
export const leaveCouncil = (memberId: number, reason: string) =>
  http.post<CouncilMember>(`/council-members/${memberId}/leave`, { reason }, { silent: true })

/* ---------- topics (议题) ---------- */

export type TopicView = 'all' | 'mine' | 'supported'
export interface TopicFilter {
  view?: TopicView
  council_id?: number | string
  /** comma-separated states */
  status?: string
  q?: string
}
export const listTopics = (f: TopicFilter, cursor?: string, limit = 30) =>
  http.get<Page<Topic>>('/topics', { ...f, cursor, limit })
export const getTopic = (id: number | string) => http.get<TopicDetail>(`/topics/${id}`, undefined, { silent: true })
/** Propose a topic (收集议题); `key` is the Idempotency-Key of this submission. */
export const proposeTopic = (body: TopicCreate, key: string) =>
  http.post<Topic>('/topics', body, { silent: true, headers: { 'Idempotency-Key': key } })
export const supportTopic = (id: number) => http.post<Topic>(`/topics/${id}/support`, undefined, { silent: true })
export const unsupportTopic = (id: number) => http.del<Topic>(`/topics/${id}/support`, { silent: true })
/** One step of the topic's table (accept, merge, decline, withdraw, deliberate, publicize, reject, reconsider, implement, complete). */
export const postTopicStep = (id: number, action: string, body: Record<string, unknown>) =>
  http.post<Topic>(`/topics/${id}/${action}`, body, { silent: true })

/* ---------- research (议前调研): notes and surveys ---------- */

export const addNote = (topicId: number, body: NoteCreate) => http.post<TopicNote>(`/topics/${topicId}/notes`, body, { silent: true })
export const createSurvey = (topicId: number, body: SurveyCreate) =>
  http.post<Survey>(`/topics/${topicId}/surveys`, body, { silent: true })
export const getSurvey = (id: number | string) => http.get<Survey>(`/surveys/${id}`, undefined, { silent: true })
export const answerSurvey = (id: number, answers: SurveyAnswer[], key: string = newUuid()) =>
  http.post<Survey>(`/surveys/${id}/responses`, { answers }, { silent: true, headers: { 'Idempotency-Key': key } })
export const closeSurvey = (id: number) => http.post<Survey>(`/surveys/${id}/close`, undefined, { silent: true })

/* ---------- meetings (协商议事) ---------- */

export const scheduleMeeting = (topicId: number, body: MeetingCreate) =>
  http.post<Meeting>(`/topics/${topicId}/meetings`, body, { silent: true })
/** Record a meeting held: the participants present (their ids) and the minutes. */
export const recordMeeting = (id: number, body: { version: number; record: string; present: number[] }) =>
  http.post<Meeting>(`/meetings/${id}/record`, body, { silent: true })
export const cancelMeeting = (id: number, reason: string) => http.post<Meeting>(`/meetings/${id}/cancel`, { reason }, { silent: true })

/* ---------- ballots (表决) ---------- */

export const openBallot = (topicId: number, body: BallotCreate) => http.post<Ballot>(`/topics/${topicId}/ballots`, body, { silent: true })
export const getBallot = (id: number | string) => http.get<Ballot>(`/ballots/${id}`, undefined, { silent: true })
/** Vote online: an option's index, or null to abstain; `key` makes a double tap one vote. */
export const vote = (id: number, option: number | null, key: string = newUuid()) =>
  http.post<BallotVoter>(`/ballots/${id}/vote`, { option }, { silent: true, headers: { 'Idempotency-Key': key } })
/** Count paper ballots in: open ballots {votes}, secret ones {voter_ids, tallies, abstained}. */
export const countPaper = (id: number, body: PaperBallots) => http.post<Ballot>(`/ballots/${id}/paper`, body, { silent: true })
export const closeBallot = (id: number, version: number) => http.post<Ballot>(`/ballots/${id}/close`, { version }, { silent: true })
export const listRegister = (id: number, f: { voted?: boolean }, cursor?: string, limit = 100) =>
  http.get<Page<BallotVoter>>(`/ballots/${id}/register`, { voted: f.voted === undefined ? undefined : String(f.voted), cursor, limit }, { silent: true })

/* ---------- publicity (公开公示): objections ---------- */

export const raiseObjection = (topicId: number, body: string) =>
  http.post<TopicObjection>(`/topics/${topicId}/objections`, { body }, { silent: true })
export const answerObjection = (id: number, answer: string) =>
  http.post<TopicObjection>(`/topic-objections/${id}/answer`, { answer }, { silent: true })

/* ---------- implementation (研究落实): tasks ---------- */

export const addTask = (topicId: number, body: TaskCreate) => http.post<TopicTask>(`/topics/${topicId}/tasks`, body, { silent: true })
export const finishTask = (id: number, body: { version: number; result: string; photos?: string[] }) =>
  http.post<TopicTask>(`/topic-tasks/${id}/done`, body, { silent: true })
export const listMyTasks = () => http.get<{ items: TopicTask[] }>('/topic-tasks', undefined, { silent: true }).then((r) => r.items || [])

/* ---------- figures ---------- */

export const getDeliberationStats = (q: { region?: string; from?: string; to?: string }) =>
  http.get<DeliberationStats>('/deliberation-stats', { ...q }, { silent: true })

/* ---------- pure helpers (the server's rules, mirrored to guide the pages) ---------- */

/** Whether a topic may still gather support (附议): while it is being collected. */
export const supportable = (t: Pick<Topic, 'status'>) => t.status === 'proposed'
/** Whether the caller may vote on a ballot now: open, on its register, not voted yet, before its end. */
export function canVote(b: Ballot, now = Date.now()): boolean {
  if (b.status !== 'open' || !b.mine || b.mine.voted) return false
  return !b.closes_at || new Date(b.closes_at).getTime() > now
}
/** Turnout in percent (one decimal): cast ÷ eligible. */
export const turnout = (cast: number, eligible: number) => (eligible ? Math.round((cast * 1000) / eligible) / 10 : 0)
/** A state's stage on the six steps (topic_flow.cpp stage_of): 确定议题 (2) is the step that leads to research (3). */
export function stageOf(status: string): number {
  const stages: Record<string, number> = { proposed: 1, researching: 3, deliberating: 4, publicizing: 5, implementing: 6, done: 6 }
  return stages[status] || 0
}
