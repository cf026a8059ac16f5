import type { RouteRecordRaw } from 'vue-router'

/*
 * 应急处突 (src/emergency): plans per node and hazard (预警分析、物资储备、人员组织、作战协同), the patrol
 * and emergency teams with their members, patrols and assembly drills with their attendance (the
 * organiser's check-in code, members checking in on their phones), the supplies kept ready, the
 * alerts that call the teams out and who answered, the figures. Spread into the layout's
 * children by index.ts: the menu's entries in menu order, then the pages without one.
 */
export const emergencyMenu: RouteRecordRaw[] = [
  {
    // 巡查演练: patrols and drills on the caller's line, and those calling the caller's teams (phone first)
    path: 'emergency/activity',
    name: 'EmergencyActivity',
    component: () => import('@/views/emergency/activity/index.vue'),
    meta: {
      title: 'emergency.menu.activity',
      icon: 'Guide',
      permission: ['emergency:plan:read', 'emergency:drill:join', 'emergency:drill:organise'],
      testid: 'menu-emergency-activity',
    },
  },
  {
    // 预警集结: alerts sent on the caller's line, and those that called the caller (phone first)
    path: 'emergency/alert',
    name: 'EmergencyAlert',
    component: () => import('@/views/emergency/alert/index.vue'),
    meta: {
      title: 'emergency.menu.alert',
      icon: 'WarningFilled',
      permission: ['emergency:plan:read', 'emergency:alert:send', 'emergency:alert:respond'],
      testid: 'menu-emergency-alert',
    },
  },
  {
    // 应急预案: plans in force on the caller's line; a writer's drafts
    path: 'emergency/plan',
    name: 'EmergencyPlan',
    component: () => import('@/views/emergency/plan/index.vue'),
    meta: { title: 'emergency.menu.plan', icon: 'Document', permission: 'emergency:plan:read', testid: 'menu-emergency-plan' },
  },
  {
    // 应急队伍: patrol, rescue, medical, volunteer and militia teams
    path: 'emergency/team',
    name: 'EmergencyTeam',
    component: () => import('@/views/emergency/team/index.vue'),
    meta: { title: 'emergency.menu.team', icon: 'UserFilled', permission: 'emergency:plan:read', testid: 'menu-emergency-team' },
  },
  {
    // 应急物资: stocks with movements in and out, flagged when expired, expiring or below the minimum
    path: 'emergency/supply',
    name: 'EmergencySupply',
    component: () => import('@/views/emergency/supply/index.vue'),
    meta: { title: 'emergency.menu.supply', icon: 'Briefcase', permission: 'emergency:plan:read', testid: 'menu-emergency-supply' },
  },
  {
    path: 'emergency/stats',
    name: 'EmergencyStats',
    component: () => import('@/views/emergency/stats/index.vue'),
    meta: { title: 'emergency.menu.stats', icon: 'DataBoard', permission: 'emergency:stats:read', testid: 'menu-emergency-stats' },
  },
]

export const emergencyPages: RouteRecordRaw[] = [
  {
    // one patrol or drill, for whoever may see it (the server decides: staff on its line, the members it calls);
    // check-in (?code= from the organiser's screen), the roster, held or cancelled
    path: 'emergency/activity/:id(\\d+)',
    name: 'EmergencyActivityDetail',
    component: () => import('@/views/emergency/activity/detail/index.vue'),
    meta: { title: 'emergency.menu.activityDetail', activeMenu: '/emergency/activity' },
  },
  {
    // the organiser's check-in screen: the code in big digits, renewed every minute
    path: 'emergency/activity/:id(\\d+)/code',
    name: 'EmergencyActivityCode',
    component: () => import('@/views/emergency/activity/code/index.vue'),
    meta: { title: 'emergency.menu.code', permission: 'emergency:drill:organise', activeMenu: '/emergency/activity' },
  },
  {
    // one alert, for whoever may see it: a recipient answers; its overseers see who answered when
    path: 'emergency/alert/:id(\\d+)',
    name: 'EmergencyAlertDetail',
    component: () => import('@/views/emergency/alert/detail/index.vue'),
    meta: { title: 'emergency.menu.alertDetail', activeMenu: '/emergency/alert' },
  },
  {
    // one plan with its four parts and attachments
    path: 'emergency/plan/:id(\\d+)',
    name: 'EmergencyPlanDetail',
    component: () => import('@/views/emergency/plan/detail/index.vue'),
    meta: { title: 'emergency.menu.planDetail', permission: 'emergency:plan:read', activeMenu: '/emergency/plan' },
  },
  {
    // one team: its members now (and those who left), adding and ending stays
    path: 'emergency/team/:id(\\d+)',
    name: 'EmergencyTeamDetail',
    component: () => import('@/views/emergency/team/detail/index.vue'),
    meta: { title: 'emergency.menu.teamDetail', permission: 'emergency:plan:read', activeMenu: '/emergency/team' },
  },
]
