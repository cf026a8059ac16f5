// What the phone keeps, tied to who is logged in (issue 17). Personal data cached for
// offline use is only what the server answered this user (masked as it answered it); it
// is deleted at logout, when another user logs in on the phone, and when the user's
// grants change (a grant revoked, a grid handed over). The outbox belongs to the user who
// recorded it: it is deleted with the rest when another user logs in.
import * as outbox from './outbox'

const OWNER_KEY = 'wangge.offline.owner'
const DATA_CACHE = 'wangge-data'

interface Owner {
  id: number
  grants: string
}

function readOwner(): Owner | null {
  try {
    return JSON.parse(localStorage.getItem(OWNER_KEY) || 'null') as Owner | null
  } catch {
    return null
  }
}

/** Deletes the API answers kept for offline use. */
export async function wipeData(): Promise<void> {
  try {
    if ('caches' in globalThis) await caches.delete(DATA_CACHE)
  } catch {
    /* no Cache Storage (not a secure context) */
  }
}

/** Deletes everything the phone keeps for this app: data, the outbox, the owner. */
export async function wipeAll(): Promise<void> {
  await wipeData()
  try {
    await outbox.clear()
  } catch {
    /* no IndexedDB */
  }
  localStorage.removeItem(OWNER_KEY)
}

/**
 * Called with each answer of /auth/me: another user than the phone's last one, or the same
 * user with other grants, and what was kept for the last is deleted first.
 */
export async function settleOwner(user: { id: number; grants: unknown[] }): Promise<void> {
  const now: Owner = { id: user.id, grants: JSON.stringify(user.grants) }
  const last = readOwner()
  if (last && last.id !== now.id) await wipeAll()
  else if (last && last.grants !== now.grants) await wipeData()
  localStorage.setItem(OWNER_KEY, JSON.stringify(now))
}

/** The service worker, where the browser allows one (a secure context: HTTPS or localhost). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return
  // A registration the server shed under load (503) or a lost signal fails: asked again after
  // 2, 4, 8, 16 and 32 s, as the request layer asks a shed read again.
  const register = (attempt: number) => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      if (attempt < 5) window.setTimeout(() => register(attempt + 1), 2000 * 2 ** attempt)
    })
  }
  if (document.readyState === 'complete') register(0)
  else window.addEventListener('load', () => register(0), { once: true })
}
