import { type RouteLocationNormalized, createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import Layout from '@/layout/index.vue'
import { useUserStore } from '@/stores/user'
import { deliberationMenu, deliberationPages } from './deliberation'
import { noticeMenu, noticePages } from './notices'
import { pointMenu, pointPages } from './points'
import { volunteerMenu, volunteerPages } from './volunteers'
import { partyMenu, partyPages } from './party'
import { teamsMenu, teamsPages } from './teams'
import { cobuildMenu, cobuildPages } from './cobuild'
import { emergencyMenu, emergencyPages } from './emergency'
import { cockpitMenu } from './cockpit'
import { assessmentMenu, assessmentPages } from './assessment'
import { registryMenu, registryPages } from './registry'
import { disputesMenu, disputesPages } from './disputes'
import { eventsMenu, eventsPages } from './events'
import { servicesMenu, servicesPages } from './services'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    icon?: string
    permission?: string | string[]
    public?: boolean
    testid?: string
    /** the menu entry to highlight on a page that has none (a household file: the households) */
    activeMenu?: string
    /** in the menu of staff only (not of a resident, who lands on the report page) */
    staff?: boolean
  }
}

/** Pages shown in the side menu, in order. */
export const menuRoutes: RouteRecordRaw[] = [
  {
    // 工作台: what waits for the caller, each count a link to its queue (GET /my/work)
    path: 'home',
    name: 'Home',
    component: () => import('@/views/home/index.vue'),
    meta: { title: 'home.menu', icon: 'House', testid: 'menu-home', staff: true },
  },
  ...cockpitMenu,
  {
    path: 'territory/region',
    name: 'TerritoryRegion',
    component: () => import('@/views/territory/region/index.vue'),
    meta: { title: 'common.menu.territory', icon: 'MapLocation', permission: 'territory:region:read', testid: 'menu-territory' },
  },
  ...registryMenu,
  ...disputesMenu,
  ...eventsMenu,
  ...servicesMenu,
  ...volunteerMenu,
  ...pointMenu,
  ...deliberationMenu,
  ...noticeMenu,
  ...teamsMenu,
  ...partyMenu,
  ...cobuildMenu,
  ...emergencyMenu,
  ...assessmentMenu,
  {
    path: 'accounts/user',
    name: 'AccountsUser',
    component: () => import('@/views/accounts/user/index.vue'),
    meta: { title: 'common.menu.users', icon: 'User', permission: 'accounts:user:read', testid: 'menu-users' },
  },
  {
    path: 'audit/log',
    name: 'AuditLog',
    component: () => import('@/views/audit/log/index.vue'),
    meta: { title: 'common.menu.audit', icon: 'Document', permission: 'audit:log:read', testid: 'menu-audit' },
  },
  {
    path: 'open311/apikey',
    name: 'Open311ApiKey',
    component: () => import('@/views/open311/apikey/index.vue'),
    meta: { title: 'open311.menu.apikey', icon: 'Key', permission: 'open311:apikey:write', testid: 'menu-api-keys' },
  },
]

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'Login',
    component: () => import('@/views/login/index.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    component: Layout,
    children: [
      ...menuRoutes,
      ...volunteerPages,
      ...pointPages,
      ...deliberationPages,
      ...teamsPages,
      ...partyPages,
      ...cobuildPages,
      ...emergencyPages,
      ...noticePages,
      ...assessmentPages,
      ...eventsPages,
      ...registryPages,
      ...disputesPages,
      ...servicesPages,
      {
        // the caller's inbox, for every logged-in user (reached from the header's bell)
        path: 'notifications',
        name: 'NotificationInbox',
        component: () => import('@/views/notifications/inbox/index.vue'),
        meta: { title: 'common.notify.title' },
      },
      {
        // what this phone recorded without a signal (reports, patrol events, visits)
        path: 'outbox',
        name: 'Outbox',
        component: () => import('@/views/offline/outbox/index.vue'),
        meta: { title: 'offline.menu.outbox' },
      },
      {
        // 实名认证: the caller's account linked to their registry person (residents vote with it)
        path: 'account/person',
        name: 'AccountPerson',
        component: () => import('@/views/account/person/index.vue'),
        meta: { title: 'auth.person.title' },
      },
      {
        // one's own password, for every logged-in user (also a dialog in the user's menu)
        path: 'account/password',
        name: 'AccountPassword',
        component: () => import('@/views/account/password/index.vue'),
        meta: { title: 'auth.password.title' },
      },
      {
        path: '403',
        name: 'Forbidden',
        component: () => import('@/views/error/403.vue'),
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'NotFound',
    component: () => import('@/views/error/404.vue'),
    meta: { public: true },
  },
]

/**
 * Where each role starts its day (issue 17): its own work, not the territory tree. The first
 * of the user's grants with a landing page that the user may open wins; an administrator
 * lands on the territory tree, a role without a landing page on the first menu page allowed.
 * Roles with several kinds of waiting work (grid workers and chiefs: events to verify,
 * households to visit, planned visits; mediators: open, mediating and failed disputes;
 * leaders: overdue and supervised events and the day's figures) land on the 工作台, which
 * counts them all. Dispatchers and handlers live in one queue each and land on it; the
 * 工作台 is the first menu entry, one tap away. Party members and volunteers land on the
 * orders given to them or open to take (我的接单); window clerks on the window's cases (窗口办件);
 * the rewards shop's clerks on the verification of codes (兑换核销); community secretaries (社区书记)
 * on the topics of their council (议事协商).
 */
const LANDING: Record<string, string> = {
  dispatcher: '/events/dispatch',
  handler: '/events/task',
  admin: '/territory/region',
  grid_worker: '/home',
  grid_chief: '/home',
  leader: '/home',
  mediator: '/home',
  volunteer: '/services/order/taker',
  party_member: '/services/order/taker',
  window_clerk: '/services/case',
  shop_clerk: '/points/verify',
  secretary: '/deliberation/topics',
  unit_contact: '/events/unit',
}

export function firstAllowedPath(): string {
  const store = useUserStore()
  // a user with nothing beyond a resident's permissions lands on the report page
  if (store.residentOnly) return '/events/report'
  for (const g of store.user?.grants || []) {
    const path = LANDING[g.role]
    const r = path && menuRoutes.find((m) => '/' + m.path === path)
    if (r && store.hasPermi(r.meta?.permission)) return path
  }
  const r = menuRoutes.find((m) => store.hasPermi(m.meta?.permission))
  return r ? '/' + r.path : '/403'
}

const router = createRouter({
  history: createWebHistory('/'),
  routes,
})

// The page's chunks are fetched while the session is checked, not after: on a phone's
// 400 ms round trip that is one wait fewer before the first page (bench/web_bench.mjs).
function prefetchComponents(to: RouteLocationNormalized) {
  for (const record of to.matched) {
    const c = record.components?.default
    if (typeof c === 'function' && !('__vccOpts' in c) && !('setup' in c) && !('render' in c))
      void (c as () => Promise<unknown>)().catch(() => undefined)  // the router reports it when it loads it
  }
}

router.beforeEach(async (to) => {
  const store = useUserStore()
  if (!store.checked) {
    const me = store.fetchMe()  // first: it takes a connection before the chunks queue up
    prefetchComponents(to)
    await me
  }
  if (to.meta.public) {
    if (to.name === 'Login' && store.user) return firstAllowedPath()
    return true
  }
  if (!store.user) {
    return { name: 'Login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (to.path === '/') return firstAllowedPath()
  if (to.meta.permission && !store.hasPermi(to.meta.permission)) {
    return { name: 'Forbidden' }
  }
  return true
})

export default router
