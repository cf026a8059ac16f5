import type { RouteRecordRaw } from 'vue-router'

/*
 * 共建单位、党建联盟 and the 四项清单 (src/cobuild): the co-building units the caller reaches (a unit
 * contact's own units first), one unit's page (contacts, resources, projects, 吹哨报到, history),
 * the four lists (资源清单、需求清单、项目清单, and the party members' 个性清单 read from the party
 * module), one project's page (民生微实事: budget, steps, progress with photos), the figures and
 * their three ledgers. Spread into the layout's children by index.ts: the menu's entries in menu
 * order, then the pages without one.
 */
export const cobuildMenu: RouteRecordRaw[] = [
  {
    // 共建单位: the units of the caller's line; a unit contact's own (我的单位) first, phone first
    path: 'cobuild/units',
    name: 'CobuildUnits',
    component: () => import('@/views/cobuild/unit/index.vue'),
    meta: { title: 'cobuild.menu.units', icon: 'OfficeBuilding', permission: 'cobuild:unit:read', testid: 'menu-cobuild-units' },
  },
  {
    // 四项清单: resources, needs, projects, and the party members' pledges (tab kept in ?tab=)
    path: 'cobuild/lists',
    name: 'CobuildLists',
    component: () => import('@/views/cobuild/lists/index.vue'),
    meta: { title: 'cobuild.menu.lists', icon: 'Tickets', permission: 'cobuild:list:read', testid: 'menu-cobuild-lists' },
  },
  {
    // 共建统计: units, resources, needs and the match rate, projects, 吹哨报到; three ledgers
    path: 'cobuild/stats',
    name: 'CobuildStats',
    component: () => import('@/views/cobuild/stats/index.vue'),
    meta: { title: 'cobuild.menu.stats', icon: 'PieChart', permission: 'cobuild:stats:read', testid: 'menu-cobuild-stats' },
  },
]

export const cobuildPages: RouteRecordRaw[] = [
  {
    // one unit: contacts (phones masked, an audited reveal), resources, projects, reports-in, history
    path: 'cobuild/units/:id(\\d+)',
    name: 'CobuildUnit',
    component: () => import('@/views/cobuild/unit/detail/index.vue'),
    meta: { title: 'cobuild.menu.unit', permission: 'cobuild:unit:read', activeMenu: '/cobuild/units' },
  },
  {
    // one project (民生微实事): budget and spent, its steps, units, progress updates with photos, needs answered
    path: 'cobuild/projects/:id(\\d+)',
    name: 'CobuildProject',
    component: () => import('@/views/cobuild/project/index.vue'),
    meta: { title: 'cobuild.menu.project', permission: 'cobuild:list:read', activeMenu: '/cobuild/lists' },
  },
]
