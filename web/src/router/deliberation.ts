import type { RouteRecordRaw } from 'vue-router'

/*
 * 议事协商 (src/deliberation): the topics of the caller's place through the six steps (收集议题 →
 * 确定议题 → 议前调研 → 协商议事 → 公开公示 → 研究落实), the council's console of topics, the
 * councils (协商议事会) and their members, the figures. Spread into the layout's children by
 * index.ts: the menu's entries in menu order, then the pages without one.
 */
export const deliberationMenu: RouteRecordRaw[] = [
  {
    // 议事协商: the topics of the caller's area (all, mine, supported), proposing one; phone first
    path: 'deliberation/topics',
    name: 'DeliberationTopics',
    component: () => import('@/views/deliberation/topic/index.vue'),
    meta: { title: 'deliberation.menu.topics', icon: 'ChatLineSquare', permission: 'deliberation:topic:read', testid: 'menu-deliberation-topics' },
  },
  {
    // 议题管理: the council's console (by council, state, title)
    path: 'deliberation/console',
    name: 'DeliberationConsole',
    component: () => import('@/views/deliberation/console/index.vue'),
    meta: { title: 'deliberation.menu.console', icon: 'Operation', permission: 'deliberation:topic:manage', testid: 'menu-deliberation-console' },
  },
  {
    // 协商议事会: the councils the caller reaches, setting one up
    path: 'deliberation/councils',
    name: 'DeliberationCouncils',
    component: () => import('@/views/deliberation/council/index.vue'),
    meta: { title: 'deliberation.menu.councils', icon: 'UserFilled', permission: 'deliberation:council:read', testid: 'menu-deliberation-councils' },
  },
  {
    path: 'deliberation/stats',
    name: 'DeliberationStats',
    component: () => import('@/views/deliberation/stats/index.vue'),
    meta: { title: 'deliberation.menu.stats', icon: 'DataBoard', permission: 'deliberation:stats:read', testid: 'menu-deliberation-stats' },
  },
]

export const deliberationPages: RouteRecordRaw[] = [
  {
    // one topic through its six steps: the steps the caller may take, each stage's records
    path: 'deliberation/topics/:id(\\d+)',
    name: 'DeliberationTopic',
    component: () => import('@/views/deliberation/topic/detail/index.vue'),
    meta: { title: 'deliberation.menu.topic', permission: 'deliberation:topic:read', activeMenu: '/deliberation/topics' },
  },
  {
    // one council: its members by group and post, adding and ending stays
    path: 'deliberation/councils/:id(\\d+)',
    name: 'DeliberationCouncil',
    component: () => import('@/views/deliberation/council/detail/index.vue'),
    meta: { title: 'deliberation.menu.council', permission: 'deliberation:council:read', activeMenu: '/deliberation/councils' },
  },
]
