import type { RouteRecordRaw } from 'vue-router'

/*
 * 通知公告、政策法规 (src/notices): what is in force where the caller lives or works (notices and
 * policies: "政策法规随时知"), one notice with its attachments (the caller's receipt posted on
 * opening), the publishers' list with drafts and withdrawn ones, a notice's read receipts, the
 * figures. Spread into the layout's children by index.ts: the menu's entries in menu order, then
 * the pages without one.
 */
export const noticeMenu: RouteRecordRaw[] = [
  {
    // 通知公告: notices in force on the caller's line, phone first (tabs to the policies)
    path: 'notices',
    name: 'NoticeFeed',
    component: () => import('@/views/notices/feed/index.vue'),
    props: { kind: 'notice' },
    meta: { title: 'notices.menu.feed', icon: 'Notification', permission: 'notices:notice:read', testid: 'menu-notices-feed' },
  },
  {
    // 政策法规: the same feed, the policies (社保、医保、就业…)
    path: 'notices/policies',
    name: 'NoticePolicies',
    component: () => import('@/views/notices/feed/index.vue'),
    props: { kind: 'policy' },
    meta: { title: 'notices.menu.policies', icon: 'Collection', permission: 'notices:notice:read', testid: 'menu-notices-policies' },
  },
  {
    // 通知管理: what the caller publishes (drafts, published, withdrawn), the editor
    path: 'notices/manage',
    name: 'NoticeManage',
    component: () => import('@/views/notices/manage/index.vue'),
    meta: { title: 'notices.menu.manage', icon: 'Postcard', permission: 'notices:notice:write', testid: 'menu-notices-manage' },
  },
  {
    path: 'notices/stats',
    name: 'NoticeStats',
    component: () => import('@/views/notices/stats/index.vue'),
    meta: { title: 'notices.menu.stats', icon: 'DataLine', permission: 'notices:receipt:read', testid: 'menu-notices-stats' },
  },
]

export const noticePages: RouteRecordRaw[] = [
  {
    // one notice, whole: the body, its attachments by type, validity; the publisher's buttons
    path: 'notices/:id(\\d+)',
    name: 'NoticeDetail',
    component: () => import('@/views/notices/detail/index.vue'),
    meta: { title: 'notices.menu.detail', permission: 'notices:notice:read', activeMenu: '/notices' },
  },
  {
    // who of the staff it reached has read it: the rate, per node below it, read and unread
    path: 'notices/:id(\\d+)/receipts',
    name: 'NoticeReceipts',
    component: () => import('@/views/notices/receipts/index.vue'),
    meta: { title: 'notices.menu.receipts', permission: 'notices:receipt:read', activeMenu: '/notices/manage' },
  },
]
