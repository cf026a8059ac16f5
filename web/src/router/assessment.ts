import type { RouteRecordRaw } from 'vue-router'

/*
 * 考核 (src/assessment): schemes per post with weighted indicators, the runs of a period with
 * their results ranked, manual points, freezing, versions and commendations, and a worker's
 * own card (考评卡, phone first). Spread into the layout's children by index.ts: the menu's
 * entries in menu order, then the pages without one.
 */
export const assessmentMenu: RouteRecordRaw[] = [
  {
    // 我的考核: the caller's confirmed results (phone first)
    path: 'assessment/card',
    name: 'AssessmentCard',
    component: () => import('@/views/assessment/card/index.vue'),
    meta: { title: 'assessment.menu.card', icon: 'Medal', permission: 'assessment:card:read', testid: 'menu-assessment-card' },
  },
  {
    // 考核方案: indicators and weights, drafts activated, active ones computed
    path: 'assessment/schemes',
    name: 'AssessmentSchemes',
    component: () => import('@/views/assessment/scheme/index.vue'),
    meta: { title: 'assessment.menu.schemes', icon: 'Finished', permission: 'assessment:scheme:read', testid: 'menu-assessment-schemes' },
  },
  {
    // 考核结果: the runs by scheme and period
    path: 'assessment/runs',
    name: 'AssessmentRuns',
    component: () => import('@/views/assessment/run/index.vue'),
    meta: { title: 'assessment.menu.runs', icon: 'Trophy', permission: 'assessment:result:read', testid: 'menu-assessment-runs' },
  },
]

export const assessmentPages: RouteRecordRaw[] = [
  {
    // one run: results ranked, manual points, freeze, commendations, versions, .xlsx
    path: 'assessment/run/:id(\\d+)',
    name: 'AssessmentRun',
    component: () => import('@/views/assessment/run/detail/index.vue'),
    meta: { title: 'assessment.menu.run', permission: 'assessment:result:read', activeMenu: '/assessment/runs' },
  },
]
