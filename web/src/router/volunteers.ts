import type { RouteRecordRaw } from 'vue-router'

/*
 * 志愿服务 (src/volunteers): the activities' calendar with sign-up and check-in, my hours,
 * the stations and their teams, the register of volunteers, the figures. Spread into the
 * layout's children by index.ts: the menu's entries in menu order, then the pages without one.
 */
export const volunteerMenu: RouteRecordRaw[] = [
  {
    // 志愿活动: the calendar on the caller's line by week or month, mine, those I organise
    path: 'volunteers/activity',
    name: 'VolunteerActivity',
    component: () => import('@/views/volunteers/activity/index.vue'),
    meta: { title: 'volunteers.menu.activity', icon: 'Calendar', permission: 'volunteers:activity:read', testid: 'menu-volunteer-activity' },
  },
  {
    // 我的志愿服务: my hours, teams and activities
    path: 'volunteers/mine',
    name: 'VolunteerMine',
    component: () => import('@/views/volunteers/mine/index.vue'),
    meta: { title: 'volunteers.menu.mine', icon: 'Medal', permission: 'volunteers:activity:join', testid: 'menu-volunteer-mine' },
  },
  {
    // 服务站与服务队: stations, their teams, joining and leaving
    path: 'volunteers/station',
    name: 'VolunteerStation',
    component: () => import('@/views/volunteers/station/index.vue'),
    meta: { title: 'volunteers.menu.station', icon: 'OfficeBuilding', permission: 'volunteers:station:read', testid: 'menu-volunteer-station' },
  },
  {
    // 志愿者名册: registered volunteers, registering a person of the registry
    path: 'volunteers/volunteer',
    name: 'VolunteerRegister',
    component: () => import('@/views/volunteers/volunteer/index.vue'),
    meta: { title: 'volunteers.menu.volunteer', icon: 'Avatar', permission: 'volunteers:volunteer:read', testid: 'menu-volunteer-register' },
  },
  {
    path: 'volunteers/stats',
    name: 'VolunteerStats',
    component: () => import('@/views/volunteers/stats/index.vue'),
    meta: { title: 'volunteers.menu.stats', icon: 'Histogram', permission: 'volunteers:stats:read', testid: 'menu-volunteer-stats' },
  },
]

export const volunteerPages: RouteRecordRaw[] = [
  {
    // one activity: sign-up, check-in (?code= from the organiser's QR), the organiser's tools
    path: 'volunteers/activity/:id(\\d+)',
    name: 'VolunteerActivityDetail',
    component: () => import('@/views/volunteers/activity/detail/index.vue'),
    meta: { title: 'volunteers.menu.activityDetail', permission: 'volunteers:activity:read', activeMenu: '/volunteers/activity' },
  },
  {
    // the organiser's check-in screen: the code in big digits, renewed every minute
    path: 'volunteers/activity/:id(\\d+)/code',
    name: 'VolunteerActivityCode',
    component: () => import('@/views/volunteers/activity/code/index.vue'),
    meta: { title: 'volunteers.menu.code', permission: 'volunteers:activity:read', activeMenu: '/volunteers/activity' },
  },
  {
    // one team: its members now and everyone who joined and left
    path: 'volunteers/team/:id(\\d+)',
    name: 'VolunteerTeam',
    component: () => import('@/views/volunteers/team/index.vue'),
    meta: { title: 'volunteers.menu.team', permission: 'volunteers:station:read', activeMenu: '/volunteers/station' },
  },
]
