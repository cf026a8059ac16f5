import type { RouteRecordRaw } from 'vue-router'

/*
 * Disputes and mediation (src/disputes, 矛盾纠纷): the mediator's worklist, the ledger, statistics
 * and one dispute's page. Spread into the layout's children by index.ts: the menu's entries in
 * menu order, then the pages without one.
 */
export const disputesMenu: RouteRecordRaw[] = [
  {
    path: 'disputes/mediation',
    name: 'DisputeMediation',
    component: () => import('@/views/disputes/mediation/index.vue'),
    meta: { title: 'disputes.menu.mediation', icon: 'ChatLineRound', permission: 'disputes:mediation:write', testid: 'menu-disputes-mediation' },
  },
  {
    path: 'disputes/dispute',
    name: 'DisputeLedger',
    component: () => import('@/views/disputes/dispute/index.vue'),
    meta: { title: 'disputes.menu.dispute', icon: 'ChatDotSquare', permission: 'disputes:dispute:read', testid: 'menu-disputes-dispute' },
  },
  {
    path: 'disputes/stats',
    name: 'DisputeStats',
    component: () => import('@/views/disputes/stats/index.vue'),
    meta: { title: 'disputes.menu.stats', icon: 'TrendCharts', permission: 'disputes:stats:read', testid: 'menu-disputes-stats' },
  },
]

export const disputesPages: RouteRecordRaw[] = [
  {
    // one dispute; the server decides whether it is in the caller's territory
    path: 'disputes/dispute/:id(\\d+)',
    name: 'DisputeDetail',
    component: () => import('@/views/disputes/dispute/detail/index.vue'),
    meta: { title: 'disputes.menu.detail', permission: 'disputes:dispute:read', activeMenu: '/disputes/dispute' },
  },
]
