import type { RouteRecordRaw } from 'vue-router'

/*
 * The registry (src/registry, 一户一档): households first, the page a grid worker lives in; persons,
 * buildings, the grid map (the territory drilled down from the caller's scope root, its buildings
 * and their households), businesses, visits (入户走访) and the import. Spread into the layout's
 * children by index.ts: the menu's entries in menu order, then the pages without one.
 */
export const registryMenu: RouteRecordRaw[] = [
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
]

export const registryPages: RouteRecordRaw[] = [
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
]
