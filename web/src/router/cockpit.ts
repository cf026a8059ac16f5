import type { RouteRecordRaw } from 'vue-router'

/*
 * 领导驾驶舱 (src/cockpit): a node's figures over a period for its leaders, on a big screen
 * (full screen, dark) or a phone; every number opens the records behind it. Spread into the
 * menu by index.ts, after the 工作台.
 */
export const cockpitMenu: RouteRecordRaw[] = [
  {
    path: 'cockpit',
    name: 'Cockpit',
    component: () => import('@/views/cockpit/index.vue'),
    meta: { title: 'cockpit.menu', icon: 'DataBoard', permission: 'events:stats:read', testid: 'menu-cockpit', staff: true },
  },
]
