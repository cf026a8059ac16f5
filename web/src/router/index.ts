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
  /* the registry (一户一档): households first, the page a grid worker lives in */
  {
    path: 'registry/household',
    name: 'RegistryHousehold',
    component: () => import('@/views/registry/household/index.vue'),
    meta: { title: 'registry.menu.household', icon: 'House', permission: 'registry:household:read', testid: 'menu-registry-household' },
  },
  {
    path: 'registry/person',
    name: 'RegistryPerson',
    component: () => import('@/views/registry/person/index.vue'),
    meta: { title: 'registry.menu.person', icon: 'Avatar', permission: 'registry:person:read', testid: 'menu-registry-person' },
  },
  {
    path: 'registry/building',
    name: 'RegistryBuilding',
    component: () => import('@/views/registry/building/index.vue'),
    meta: { title: 'registry.menu.building', icon: 'School', permission: 'registry:building:read', testid: 'menu-registry-building' },
  },
  {
    // 网格地图: drill down the territory from the caller's scope root, its buildings on the map, their households
    path: 'registry/map',
    name: 'RegistryMap',
    component: () => import('@/views/registry/map/index.vue'),
    meta: { title: 'registry.menu.map', icon: 'Location', permission: 'registry:building:read', testid: 'menu-registry-map' },
  },
  {
    path: 'registry/business',
    name: 'RegistryBusiness',
    component: () => import('@/views/registry/business/index.vue'),
    meta: { title: 'registry.menu.business', icon: 'Shop', permission: 'registry:business:read', testid: 'menu-registry-business' },
  },
  {
    // 入户走访: the worklist of households due for a visit, planned and done visits, coverage
    path: 'registry/visit',
    name: 'RegistryVisit',
    component: () => import('@/views/registry/visit/index.vue'),
    meta: { title: 'registry.menu.visit', icon: 'Notebook', permission: 'registry:visit:read', testid: 'menu-registry-visit' },
  },
  {
    path: 'registry/import',
    name: 'RegistryImport',
    component: () => import('@/views/registry/import/index.vue'),
    meta: { title: 'registry.menu.import', icon: 'Upload', permission: 'registry:person:write', testid: 'menu-registry-import' },
  },
  /* disputes and mediation (矛盾纠纷): the mediator's worklist, the ledger, statistics */
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
  /* the service desk (便民服务, "three orders": 居民点单 → 社区派单 → 党员/志愿者接单 → 评价) */
  {
    path: 'services/order',
    name: 'ServiceOrder',
    component: () => import('@/views/services/order/index.vue'),
    meta: { title: 'services.menu.order', icon: 'EditPen', permission: 'services:order:create', testid: 'menu-service-order' },
  },
  {
    path: 'services/order/mine',
    name: 'ServiceOrderMine',
    component: () => import('@/views/services/order/mine/index.vue'),
    meta: { title: 'services.menu.mine', icon: 'Memo', permission: 'services:order:create', testid: 'menu-service-mine' },
  },
  {
    // 我的接单: party members and volunteers (given to me, open to take near me)
    path: 'services/order/taker',
    name: 'ServiceOrderTaker',
    component: () => import('@/views/services/order/taker/index.vue'),
    meta: { title: 'services.menu.taker', icon: 'Pointer', permission: 'services:order:take', testid: 'menu-service-taker' },
  },
  {
    // 社区派单: the community's console
    path: 'services/order/console',
    name: 'ServiceOrderConsole',
    component: () => import('@/views/services/order/console/index.vue'),
    meta: { title: 'services.menu.console', icon: 'Operation', permission: 'services:order:dispatch', testid: 'menu-service-console' },
  },
  {
    path: 'services/item',
    name: 'ServiceItem',
    component: () => import('@/views/services/item/index.vue'),
    meta: { title: 'services.menu.item', icon: 'Collection', permission: 'services:item:read', testid: 'menu-service-item' },
  },
  {
    // 社区事项准入: communities ask, the town decides
    path: 'services/admission',
    name: 'ServiceAdmission',
    component: () => import('@/views/services/admission/index.vue'),
    meta: {
      title: 'services.menu.admission',
      icon: 'Stamp',
      permission: ['services:item:request', 'services:item:approve'],
      testid: 'menu-service-admission',
    },
  },
  {
    // 窗口办件: the window's cases and the 办不成事 appeals (the clerk's desk; a coordinator's appeals)
    path: 'services/case',
    name: 'ServiceCase',
    component: () => import('@/views/services/case/index.vue'),
    meta: { title: 'services.menu.case', icon: 'Checked', permission: 'services:case:read', testid: 'menu-service-case' },
  },
  /* micro-wishes (微心愿): one page, four lists */
  {
    // 心愿墙: published wishes of the caller's place, for party members (to claim) and residents
    path: 'services/wish',
    name: 'ServiceWishWall',
    component: () => import('@/views/services/wish/index.vue'),
    props: { view: 'wall' },
    meta: { title: 'services.menu.wishWall', icon: 'Present', permission: ['services:wish:create', 'services:wish:claim'], testid: 'menu-wish-wall' },
  },
  {
    // 我的心愿: posted by a resident, or collected for someone by a grid worker
    path: 'services/wish/mine',
    name: 'ServiceWishMine',
    component: () => import('@/views/services/wish/index.vue'),
    props: { view: 'mine' },
    meta: { title: 'services.menu.wishMine', icon: 'Star', permission: 'services:wish:create', testid: 'menu-wish-mine' },
  },
  {
    // 心愿审核: the community's wishes to publish or decline
    path: 'services/wish/review',
    name: 'ServiceWishReview',
    component: () => import('@/views/services/wish/index.vue'),
    props: { view: 'community' },
    meta: { title: 'services.menu.wishReview', icon: 'Finished', permission: 'services:wish:review', testid: 'menu-wish-review' },
  },
  {
    // 我认领的心愿: the caller's claims, to fulfil
    path: 'services/wish/claimed',
    name: 'ServiceWishClaimed',
    component: () => import('@/views/services/wish/index.vue'),
    props: { view: 'claimed' },
    meta: { title: 'services.menu.wishClaimed', icon: 'Medal', permission: 'services:wish:claim', testid: 'menu-wish-claimed' },
  },
  {
    // 便民服务统计: figures and the four ledgers
    path: 'services/stats',
    name: 'ServiceStats',
    component: () => import('@/views/services/stats/index.vue'),
    meta: { title: 'services.menu.stats', icon: 'PieChart', permission: 'services:stats:read', testid: 'menu-service-stats' },
  },
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
      {
        // one event, for whoever may see it (the server decides)
        path: 'events/detail/:id(\\d+)',
        name: 'EventDetail',
        component: () => import('@/views/events/detail/index.vue'),
        meta: { title: 'events.menu.detail' },
      },
      {
        // one household's file (一户一档); the server decides whether it is in the caller's territory
        path: 'registry/household/:id(\\d+)',
        name: 'RegistryHouseholdFile',
        component: () => import('@/views/registry/household/detail/index.vue'),
        meta: { title: 'registry.menu.householdFile', permission: 'registry:household:read', activeMenu: '/registry/household' },
      },
      {
        // record a visit (phone first): ?household= from the worklist or the household file; ?visit= completes a planned one
        path: 'registry/visit/record',
        name: 'RegistryVisitRecord',
        component: () => import('@/views/registry/visit/record/index.vue'),
        meta: { title: 'registry.menu.visitRecord', permission: 'registry:visit:write', activeMenu: '/registry/visit' },
      },
      {
        // one dispute; the server decides whether it is in the caller's territory
        path: 'disputes/dispute/:id(\\d+)',
        name: 'DisputeDetail',
        component: () => import('@/views/disputes/dispute/detail/index.vue'),
        meta: { title: 'disputes.menu.detail', permission: 'disputes:dispute:read', activeMenu: '/disputes/dispute' },
      },
      {
        // one service item with its materials
        path: 'services/item/:id(\\d+)',
        name: 'ServiceItemDetail',
        component: () => import('@/views/services/item/detail/index.vue'),
        meta: { title: 'services.menu.itemDetail', permission: 'services:item:read', activeMenu: '/services/item' },
      },
      {
        // one order, for whoever may see it (the server decides: requester, taker, community staff)
        path: 'services/order/:id(\\d+)',
        name: 'ServiceOrderDetail',
        component: () => import('@/views/services/order/detail/index.vue'),
        meta: { title: 'services.menu.orderDetail' },
      },
      {
        // one window case, for whoever may see it (the server decides: the window, the coordinator)
        path: 'services/case/:id(\\d+)',
        name: 'ServiceCaseDetail',
        component: () => import('@/views/services/case/detail/index.vue'),
        meta: { title: 'services.menu.caseDetail', activeMenu: '/services/case' },
      },
      {
        // one wish, for whoever may see it (whole, or masked as on a wall)
        path: 'services/wish/:id(\\d+)',
        name: 'ServiceWishDetail',
        component: () => import('@/views/services/wish/detail/index.vue'),
        meta: { title: 'services.menu.wishDetail' },
      },
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
