import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import type { CurrentUser } from '@/api/auth'
import { permitted, permittedAny } from '@/utils/permission'
import { settleOwner, wipeAll } from '@/offline/session'

/**
 * Permissions every resident holds (report events; read the town's services and order them;
 * post wishes; see the volunteer activities and stations, join them; read the list of deeds
 * and the rewards shop, redeem points; read the topics of their place and propose some (议事协商);
 * read the notices).
 */
const RESIDENT_PERMISSIONS = new Set([
  'events:event:report',
  'events:category:read',
  'teams:card:read',
  'teams:call:make',
  'territory:region:read',
  'services:item:read',
  'services:order:create',
  'services:wish:create',
  'volunteers:activity:read',
  'volunteers:station:read',
  'volunteers:activity:join',
  'points:rule:read',
  'points:reward:read',
  'points:reward:redeem',
  'deliberation:topic:read',
  'deliberation:topic:propose',
  'notices:notice:read',
])

export const useUserStore = defineStore('user', () => {
  const user = ref<CurrentUser | null>(null)
  /** true once we asked the server who we are (with or without success). */
  const checked = ref(false)

  const permissions = computed(() => user.value?.permissions || [])
  const displayName = computed(() => user.value?.display_name || user.value?.username || '')
  /** Nothing beyond a resident's permissions: lands on the report page, no 工作台 in the menu. */
  const residentOnly = computed(
    () => permissions.value.includes('events:event:report') && permissions.value.every((p) => RESIDENT_PERMISSIONS.has(p)),
  )

  function hasPermi(p: string | string[] | undefined) {
    return permittedAny(permissions.value, p)
  }
  function has(p: string) {
    return permitted(permissions.value, p)
  }

  async function login(username: string, password: string) {
    const ans = await authApi.login(username, password)
    await settleOwner(ans.user).catch(() => undefined)
    user.value = ans.user
    checked.value = true
    return ans.user
  }

  /** Ask the server who we are; false when not logged in. */
  async function fetchMe(): Promise<boolean> {
    try {
      const me = await authApi.getMe()
      await settleOwner(me).catch(() => undefined)
      user.value = me
      return true
    } catch {
      user.value = null
      return false
    } finally {
      checked.value = true
    }
  }

  /** Logs out and deletes what the phone kept for this user (data, outbox). */
  async function logout() {
    try {
      await authApi.logout()
    } catch {
      /* the session is gone either way */
    }
    await wipeAll().catch(() => undefined)
    clear()
  }

  function clear() {
    user.value = null
    checked.value = true
  }

  return { user, checked, permissions, displayName, residentOnly, hasPermi, has, login, fetchMe, logout, clear }
})
