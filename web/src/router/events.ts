import type { RouteRecordRaw } from 'vue-router'

/*
 * Events and appeals (src/events, 事件/诉求): reporting, the caller's reports, patrol, the handler's
 * tasks, the co-building unit's report-ins, dispatch, the list, statistics, grid first, and the
 * administrators' categories and departments; one event's page for whoever may see it.
 * Spread into the layout's children by index.ts: the menu's entries in menu order, then the
 * pages without one.
 */
export const eventsMenu: RouteRecordRaw[] = [
  {
    path: 'events/report',
    name: 'EventReport',
    component: () => import('@/views/events/report/index.vue'),
    meta: { title: 'events.menu.report', icon: 'Camera', permission: 'events:event:report', testid: 'menu-event-report' },
  },
  {
    path: 'events/mine',
    name: 'EventMine',
    component: () => import('@/views/events/mine/index.vue'),
    meta: { title: 'events.menu.mine', icon: 'Tickets', permission: 'events:event:report', testid: 'menu-event-mine' },
  },
  {
    path: 'events/patrol',
    name: 'EventPatrol',
    component: () => import('@/views/events/patrol/index.vue'),
    meta: {
      title: 'events.menu.patrol',
      icon: 'Guide',
      permission: ['events:event:verify', 'events:event:self_handle'],
      testid: 'menu-event-patrol',
    },
  },
  {
    path: 'events/task',
    name: 'EventTask',
    component: () => import('@/views/events/task/index.vue'),
    meta: { title: 'events.menu.task', icon: 'Briefcase', permission: 'events:task:handle', testid: 'menu-event-task' },
  },
  {
    // 共建单位报到: a co-building unit's contact (phone first), the whistles waiting for the unit
    path: 'events/unit',
    name: 'EventUnit',
    component: () => import('@/views/events/unit/index.vue'),
    meta: { title: 'events.menu.unit', icon: 'Bell', permission: 'events:unit:report_in', testid: 'menu-event-unit' },
  },
  {
    path: 'events/dispatch',
    name: 'EventDispatch',
    component: () => import('@/views/events/dispatch/index.vue'),
    meta: { title: 'events.menu.dispatch', icon: 'Promotion', permission: 'events:event:dispatch', testid: 'menu-event-dispatch' },
  },
  {
    path: 'events/list',
    name: 'EventList',
    component: () => import('@/views/events/list/index.vue'),
    meta: { title: 'events.menu.list', icon: 'List', permission: 'events:event:read', testid: 'menu-event-list' },
  },
  {
    path: 'events/stats',
    name: 'EventStats',
    component: () => import('@/views/events/stats/index.vue'),
    meta: { title: 'events.menu.stats', icon: 'DataAnalysis', permission: 'events:stats:read', testid: 'menu-event-stats' },
  },
  {
    // 网格优先: a community's setting (its dispatcher) and the figures per grid
    path: 'events/grid-first',
    name: 'EventGridFirst',
    component: () => import('@/views/events/gridfirst/index.vue'),
    meta: {
      title: 'events.menu.gridFirst',
      icon: 'Histogram',
      permission: ['events:event:dispatch', 'events:stats:read'],
      testid: 'menu-event-grid-first',
    },
  },
  {
    // administrators: categories with their routing and deadlines (every role reads them
    // to report, so the page is for those who may change them)
    path: 'events/category',
    name: 'EventCategory',
    component: () => import('@/views/events/category/index.vue'),
    meta: { title: 'events.menu.category', icon: 'CollectionTag', permission: 'events:category:write', testid: 'menu-event-category' },
  },
  {
    path: 'events/department',
    name: 'EventDepartment',
    component: () => import('@/views/events/department/index.vue'),
    meta: { title: 'events.menu.department', icon: 'OfficeBuilding', permission: 'events:department:read', testid: 'menu-event-department' },
  },
]

export const eventsPages: RouteRecordRaw[] = [
  {
    // one event, for whoever may see it (the server decides)
    path: 'events/detail/:id(\\d+)',
    name: 'EventDetail',
    component: () => import('@/views/events/detail/index.vue'),
    meta: { title: 'events.menu.detail' },
  },
]
