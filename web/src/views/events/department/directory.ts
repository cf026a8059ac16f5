import { reactive, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { FormItemRule } from 'element-plus'
import { getUser, listRoles, type Role, type User as Account } from '@/api/accounts'
import { getRegion, type RegionDetail } from '@/api/territory'
import { useUserStore } from '@/stores/user'
import { permitted } from '@/utils/permission'

/*
 * Names of the departments' nodes, read once per code. Departments above the caller's
 * territory (a county's bureaus for a town's dispatcher) may not be read one by one: their
 * names come from the chain of parents of the caller's own grants.
 */
export function useDepartmentRegionNames() {
  const userStore = useUserStore()
  const regionNames = reactive<Record<string, string>>({})
  const regionAsked = new Set<string>()
  let grantChains: Promise<void> | null = null
  function rememberChain(r: RegionDetail) {
    for (const p of r.path || []) regionNames[p.code] = p.name
    regionNames[r.code] = r.name
  }
  function loadGrantChains(): Promise<void> {
    if (!grantChains) {
      const codes = [...new Set((userStore.user?.grants || []).map((g) => g.region_code).filter((c): c is string => !!c))]
      grantChains = Promise.all(
        codes.map((c) => {
          regionAsked.add(c)
          return getRegion(c, true).then(rememberChain, () => {})
        }),
      ).then(() => {})
    }
    return grantChains
  }
  async function resolveRegions(codes: string[]) {
    await loadGrantChains()
    for (const code of new Set(codes)) {
      if (regionNames[code] || regionAsked.has(code)) continue
      regionAsked.add(code)
      getRegion(code, true).then(rememberChain, () => {})
    }
  }
  return { regionNames, resolveRegions }
}

/** The members' accounts, read once per id (only with accounts:user:read), and the roles. */
export function useAccountDirectory(canReadUsers: Ref<boolean>) {
  const { locale } = useI18n()
  const users = reactive<Record<number, Account>>({})
  const userAsked = new Set<number>()
  function resolveUsers(ids: number[]) {
    if (!canReadUsers.value) return
    for (const id of new Set(ids)) {
      if (userAsked.has(id)) continue
      userAsked.add(id)
      getUser(id)
        .then((u) => (users[id] = u))
        .catch(() => userAsked.delete(id))
    }
  }
  /** Accounts found by a search: known from now on. */
  function remember(list: Account[]) {
    for (const u of list) {
      users[Number(u.id)] = u
      userAsked.add(Number(u.id))
    }
  }
  const userText = (u: Account) => {
    if (!u.display_name || u.display_name === u.username) return u.username
    return locale.value === 'en' ? `${u.display_name} (${u.username})` : `${u.display_name}（${u.username}）`
  }
  const userLabel = (id: number) => (users[id] ? userText(users[id]) : '#' + id)
  const memberTagType = (id: number) => (users[id] && (users[id].disabled || !canHandle(users[id])) ? 'warning' : 'primary')

  const roles = ref<Role[]>([])
  function loadRoles() {
    if (!roles.value.length) listRoles().then((r) => (roles.value = r)).catch(() => {})
  }
  function roleName(role: string) {
    const r = roles.value.find((x) => x.role === role)
    if (!r) return role
    return (locale.value === 'en' ? r.name_en : r.name_zh) || role
  }
  /** A member acts for the department only with a role that may handle tasks (a handler). */
  function canHandle(u: Account): boolean {
    if (!roles.value.length) return true // not known: no warning
    return (u.grants || []).some((g) => permitted(roles.value.find((r) => r.role === g.role)?.permissions || [], 'events:task:handle'))
  }
  return { users, resolveUsers, remember, userText, userLabel, memberTagType, roles, loadRoles, roleName, canHandle }
}
export type AccountDirectory = ReturnType<typeof useAccountDirectory>

/** Required text of at most `max` characters (the server counts characters, not bytes). */
export function textRules(t: (k: string, p?: Record<string, unknown>) => string, max: number): FormItemRule[] {
  const chars = (s: string) => Array.from((s || '').trim()).length
  return [
    { required: true, whitespace: true, message: t('common.msg.required'), trigger: 'blur' },
    {
      validator: (_r, v: string, cb) => (chars(v) <= max ? cb() : cb(new Error(t('events.category.valid.maxChars', { n: max })))),
      trigger: 'change',
    },
  ]
}
