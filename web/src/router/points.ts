import type { RouteRecordRaw } from 'vue-router'

/*
 * 积分 (src/points): my points and ledger, the rewards shop, my redemptions, the clerk's
 * verification, the list of deeds, the shop's rewards, the rankings, manual awards, the
 * holders' ledgers, the figures. Spread into the layout's children by index.ts: the menu's
 * entries in menu order, then the pages without one.
 */
export const pointMenu: RouteRecordRaw[] = [
  {
    // 我的积分: balance, earned, spent, the ledger
    path: 'points/mine',
    name: 'PointMine',
    component: () => import('@/views/points/mine/index.vue'),
    meta: { title: 'points.menu.mine', icon: 'Wallet', permission: 'points:reward:redeem', testid: 'menu-point-mine' },
  },
  {
    // 积分超市: what the caller's place can buy
    path: 'points/shop',
    name: 'PointShop',
    component: () => import('@/views/points/shop/index.vue'),
    meta: { title: 'points.menu.shop', icon: 'ShoppingCart', permission: 'points:reward:redeem', testid: 'menu-point-shop' },
  },
  {
    // 我的兑换: codes to show, cancellation before the hand-over
    path: 'points/redemptions',
    name: 'PointRedemptions',
    component: () => import('@/views/points/redemptions/index.vue'),
    meta: { title: 'points.menu.redemptions', icon: 'Ticket', permission: 'points:reward:redeem', testid: 'menu-point-redemptions' },
  },
  {
    // 兑换核销: the clerk types the code, hands the reward over
    path: 'points/verify',
    name: 'PointVerify',
    component: () => import('@/views/points/verify/index.vue'),
    meta: { title: 'points.menu.verify', icon: 'CircleCheck', permission: 'points:redemption:verify', testid: 'menu-point-verify' },
  },
  {
    // 积分项目清单: the lines in force at the caller's place; kept by those who write them
    path: 'points/rules',
    name: 'PointRules',
    component: () => import('@/views/points/rules/index.vue'),
    meta: { title: 'points.menu.rules', icon: 'Tickets', permission: 'points:rule:read', testid: 'menu-point-rules' },
  },
  {
    // 礼品管理: the shop's rewards, price, stock
    path: 'points/rewards',
    name: 'PointRewards',
    component: () => import('@/views/points/rewards/index.vue'),
    meta: { title: 'points.menu.rewards', icon: 'Present', permission: 'points:reward:write', testid: 'menu-point-rewards' },
  },
  {
    path: 'points/ranking',
    name: 'PointRanking',
    component: () => import('@/views/points/ranking/index.vue'),
    meta: { title: 'points.menu.ranking', icon: 'Trophy', permission: 'points:rule:read', testid: 'menu-point-ranking' },
  },
  {
    // 积分认定: a manual line (垃圾分类, 文明家庭) to a person or a household
    path: 'points/award',
    name: 'PointAward',
    component: () => import('@/views/points/award/index.vue'),
    meta: { title: 'points.menu.award', icon: 'Stamp', permission: 'points:point:award', testid: 'menu-point-award' },
  },
  {
    // 积分账户: holders within the scope with their balances
    path: 'points/holders',
    name: 'PointHolders',
    component: () => import('@/views/points/holders/index.vue'),
    meta: { title: 'points.menu.holders', icon: 'Coin', permission: 'points:ledger:read', testid: 'menu-point-holders' },
  },
  {
    path: 'points/stats',
    name: 'PointStats',
    component: () => import('@/views/points/stats/index.vue'),
    meta: { title: 'points.menu.stats', icon: 'DataLine', permission: 'points:stats:read', testid: 'menu-point-stats' },
  },
]

export const pointPages: RouteRecordRaw[] = [
  {
    // one holder's ledger (staff over its place); corrections with a reason
    path: 'points/holders/:id(\\d+)',
    name: 'PointHolder',
    component: () => import('@/views/points/holders/detail/index.vue'),
    meta: { title: 'points.menu.holder', permission: 'points:ledger:read', activeMenu: '/points/holders' },
  },
]
