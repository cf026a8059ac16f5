import type { RouteRecordRaw } from 'vue-router'

/*
 * 党组织与党员 (src/party): the organisations' tree of the caller's territory (党工委 → 党委/党总支 →
 * 网格党支部 → 楼栋党小组), an organisation's page with its roster, the members' list and a member's
 * page (history, pledges), the caller's own pledges (亮身份、亮责任、亮服务) on a phone, the pledges
 * of the place, the figures with the members' ledger. Spread into the layout's children by
 * index.ts: the menu's entries in menu order, then the pages without one.
 */
export const partyMenu: RouteRecordRaw[] = [
  {
    // 党组织: the tree of the caller's place, with create / edit / dissolve for those who write organisations
    path: 'party/orgs',
    name: 'PartyOrgs',
    component: () => import('@/views/party/orgs/index.vue'),
    meta: { title: 'party.menu.orgs', icon: 'Share', permission: 'party:org:read', testid: 'menu-party-orgs' },
  },
  {
    // 党员名册: the members within the caller's scope, by organisation, kind, post, current or not, name
    path: 'party/members',
    name: 'PartyMembers',
    component: () => import('@/views/party/members/index.vue'),
    meta: { title: 'party.menu.members', icon: 'UserFilled', permission: 'party:member:read', testid: 'menu-party-members' },
  },
  {
    // 我的承诺: a party member's own stays and pledges (GET /my/party), phone first
    path: 'party/my',
    name: 'PartyMine',
    component: () => import('@/views/party/my/index.vue'),
    meta: { title: 'party.menu.my', icon: 'Medal', permission: 'party:member:read', testid: 'menu-party-my' },
  },
  {
    // 承诺践诺: the pledges of the caller's place, by kind and state
    path: 'party/pledges',
    name: 'PartyPledges',
    component: () => import('@/views/party/pledges/index.vue'),
    meta: { title: 'party.menu.pledges', icon: 'Finished', permission: 'party:member:read', testid: 'menu-party-pledges' },
  },
  {
    // 党建统计: organisations, members by organisation and post, pledges; the members' ledger as .xlsx
    path: 'party/stats',
    name: 'PartyStats',
    component: () => import('@/views/party/stats/index.vue'),
    meta: { title: 'party.menu.stats', icon: 'PieChart', permission: 'party:stats:read', testid: 'menu-party-stats' },
  },
]

export const partyPages: RouteRecordRaw[] = [
  {
    // one organisation: its place, secretary, parent and children, its roster; the server decides whether the caller reaches it
    path: 'party/orgs/:id(\\d+)',
    name: 'PartyOrgDetail',
    component: () => import('@/views/party/orgs/detail/index.vue'),
    meta: { title: 'party.menu.org', permission: 'party:org:read', activeMenu: '/party/orgs' },
  },
  {
    // one member's stay: the person's history and the stay's pledges (also the member's own account)
    path: 'party/members/:id(\\d+)',
    name: 'PartyMemberDetail',
    component: () => import('@/views/party/members/detail/index.vue'),
    meta: { title: 'party.menu.member', permission: 'party:member:read', activeMenu: '/party/members' },
  },
]
