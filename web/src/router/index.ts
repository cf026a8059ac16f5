import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import Layout from '@/layout/index.vue'
import { useUserStore } from '@/stores/user'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    icon?: string
    permission?: string | string[]
    public?: boolean
    testid?: string
  }
}

/** Pages shown in the side menu, in order. */
export const menuRoutes: RouteRecordRaw[] = [
  {
    path: 'territory/region',
    name: 'TerritoryRegion',
    component: () => import('@/views/territory/region/index.vue'),
    meta: { title: 'common.menu.territory', icon: 'MapLocation', permission: 'territory:region:read', testid: 'menu-territory' },
  },
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

export function firstAllowedPath(): string {
  const store = useUserStore()
  const r = menuRoutes.find((m) => store.hasPermi(m.meta?.permission))
  return r ? '/' + r.path : '/403'
}

const router = createRouter({
  history: createWebHistory('/'),
  routes,
})

router.beforeEach(async (to) => {
  const store = useUserStore()
  if (!store.checked) await store.fetchMe()
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
