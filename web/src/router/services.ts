import type { RouteRecordRaw } from 'vue-router'

/*
 * The service desk (src/services, 便民服务, "three orders": 居民点单 → 社区派单 → 党员/志愿者接单 → 评价),
 * the items and their admission, the window's cases (窗口办件, 办不成事), micro-wishes (微心愿: one
 * page, four lists) and the figures. Spread into the layout's children by index.ts: the menu's
 * entries in menu order, then the pages without one.
 */
export const servicesMenu: RouteRecordRaw[] = [
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
]

export const servicesPages: RouteRecordRaw[] = [
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
]
