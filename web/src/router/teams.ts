import type { RouteRecordRaw } from 'vue-router'

/*
 * 网格小组 (src/teams): the caller's grid team with its call button and 在线呼叫 (every role reads
 * cards; residents first, on a phone), the calls a grid worker answers (在线响应), the carer's
 * households in care by due date and the visit form (六提六知), the rosters by post
 * (三长三员一民警) with the printed board (公示牌), the households given into care and the
 * community's care settings, the month's coverage per carer and the team figures.
 * Spread into the layout's children by index.ts: the menu's entries in menu order, then the
 * pages without one.
 */
export const teamsMenu: RouteRecordRaw[] = [
  {
    // 我的网格团队: the caller's grid and its team, the call button and 在线呼叫 (phone first)
    path: 'teams/my',
    name: 'TeamsMy',
    component: () => import('@/views/teams/my/index.vue'),
    meta: { title: 'teams.menu.my', icon: 'UserFilled', permission: 'teams:card:read', testid: 'menu-teams-my' },
  },
  {
    // 呼叫响应: the calls that reached the caller or the grids they oversee; answer and close them
    path: 'teams/calls',
    name: 'TeamsCalls',
    component: () => import('@/views/teams/calls/index.vue'),
    meta: { title: 'teams.menu.calls', icon: 'ChatLineSquare', permission: 'teams:call:answer', testid: 'menu-teams-calls' },
  },
  {
    // 我的包户: the carer's households by due date, overdue first (phone first)
    path: 'teams/worklist',
    name: 'TeamsWorklist',
    component: () => import('@/views/teams/worklist/index.vue'),
    meta: { title: 'teams.menu.worklist', icon: 'Tickets', permission: 'teams:care:visit', testid: 'menu-teams-worklist' },
  },
  {
    // 网格小组: the rosters of a grid or community by post, with their history
    path: 'teams/roster',
    name: 'TeamsRoster',
    component: () => import('@/views/teams/roster/index.vue'),
    meta: { title: 'teams.menu.roster', icon: 'Postcard', permission: 'teams:roster:read', testid: 'menu-teams-roster' },
  },
  {
    // 包户管理: the households given into a member's care
    path: 'teams/care',
    name: 'TeamsCare',
    component: () => import('@/views/teams/care/index.vue'),
    meta: { title: 'teams.menu.care', icon: 'House', permission: 'teams:care:read', testid: 'menu-teams-care' },
  },
  {
    // 包户走访覆盖: a month's visits per carer with the node's totals, .xlsx
    path: 'teams/coverage',
    name: 'TeamsCoverage',
    component: () => import('@/views/teams/coverage/index.vue'),
    meta: { title: 'teams.menu.coverage', icon: 'DataBoard', permission: 'teams:care:read', testid: 'menu-teams-coverage' },
  },
  {
    // 网格小组统计: the rosters per grid (三长三员一民警), calls and response times, coverage
    path: 'teams/stats',
    name: 'TeamsStats',
    component: () => import('@/views/teams/stats/index.vue'),
    meta: { title: 'teams.menu.stats', icon: 'Histogram', permission: 'teams:stats:read', testid: 'menu-teams-stats' },
  },
]

export const teamsPages: RouteRecordRaw[] = [
  {
    // 公示牌: the printable board of a grid's or community's team (A4, large type)
    path: 'teams/board/:code(\\d+)',
    name: 'TeamsBoard',
    component: () => import('@/views/teams/board/index.vue'),
    meta: { title: 'teams.menu.board', permission: 'teams:roster:read', activeMenu: '/teams/roster' },
  },
  {
    // 包户设置: a community's visit intervals per class and the 六提六知 checklist
    path: 'teams/care/settings',
    name: 'TeamsCareSettings',
    component: () => import('@/views/teams/care/settings/index.vue'),
    meta: { title: 'teams.menu.settings', permission: 'teams:care:read', activeMenu: '/teams/care' },
  },
  {
    // record a visit to a household in care (phone first): the assignment's id; ?member= for staff
    path: 'teams/visit/:id(\\d+)',
    name: 'TeamsVisit',
    component: () => import('@/views/teams/visit/index.vue'),
    meta: { title: 'teams.menu.visit', permission: ['teams:care:visit', 'teams:care:write'], activeMenu: '/teams/worklist' },
  },
]
