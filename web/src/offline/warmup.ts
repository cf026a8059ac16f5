// Readies the phone for losing its signal (issue 17): once per session, a few seconds after
// the first page is drawn and only with a signal and a service worker (which keeps what
// passes, sw/sw.js), it fetches the chunks of the pages the user works in in the field and
// the data those pages read, with the same requests the pages make:
//   - every user who reports: the report page, categories, the map's areas;
//   - staff: the 工作台 (home page) and its counts;
//   - a grid worker (registry:visit:write): the worklist and the visit page, the households
//     of their grid and each household due a visit (its file), the patrol page.
// Only the user's own scope is fetched: the server answers nothing else.
import type { Router } from 'vue-router'
import { getMeta } from '@/api/meta'
import { getMyWork } from '@/api/work'
import { listCategories } from '@/api/events'
import { getHousehold, listHouseholds, visitWorklist } from '@/api/registry'
import { useUserStore } from '@/stores/user'

const HOUSEHOLD_FILES = 50

async function loadRoute(router: Router, name: string) {
  const record = router.getRoutes().find((r) => r.name === name)
  const c = record?.components?.default
  if (typeof c === 'function') await (c as () => Promise<unknown>)().catch(() => undefined)
}

// Every read is settled where it starts: they run side by side, and when the session ends
// under the warm-up (signed out elsewhere, expired) each answers 401 at once. The request
// layer already sends the user to the login page; a rejection nobody awaited yet would
// otherwise surface as an uncaught error.
const settled = (p: Promise<unknown>) => p.catch(() => undefined)

async function warm(router: Router) {
  const user = useUserStore()
  const who = user.user?.id
  const tasks: Promise<unknown>[] = [settled(getMeta()), loadRoute(router, 'Outbox')]
  if (user.has('events:event:report')) {
    tasks.push(loadRoute(router, 'EventReport'), settled(listCategories()), settled(import('@/components/events/CategoryCascader.vue')))
  }
  if (!user.residentOnly) tasks.push(loadRoute(router, 'Home'), settled(getMyWork()))
  if (user.has('registry:visit:write')) {
    tasks.push(loadRoute(router, 'RegistryVisit'), loadRoute(router, 'RegistryVisitRecord'), loadRoute(router, 'EventPatrol'))
    const [page, options] = await Promise.all([
      visitWorklist({ days: 30 }),  // the worklist page's first page
      visitWorklist({ days: 30 }, undefined, 200),  // the record page's choices
      settled(listHouseholds({}, undefined, 200)),
    ]).catch(() => [undefined, undefined])
    const due = [...(page?.items || []), ...(options?.items || [])].slice(0, HOUSEHOLD_FILES)
    for (const h of due) {
      if (user.user?.id !== who) break  // logged out (or someone else logged in) meanwhile
      await settled(getHousehold(h.id))  // one at a time: a weak signal
    }
  }
  await Promise.all(tasks)
}

let done = false
export function warmForOffline(router: Router): void {
  if (done || !navigator.onLine || !('serviceWorker' in navigator)) return
  done = true
  setTimeout(() => {
    navigator.serviceWorker.ready.then(() => warm(router)).catch(() => undefined)
  }, 3000)
}
