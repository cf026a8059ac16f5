// Wangge's service worker (issue 17: work without a signal). Built into dist/sw.js by
// scripts/sw.mjs, which fills in BUILD (this build's id: a new build is a new worker) and
// SHELL_FILES (index.html and what it loads). Plain JavaScript, no framework: every rule
// is here.
//
//   - The shell: index.html and the shell's chunks are cached at install; every page
//     navigation is answered with the cached index.html (the app routes itself), so the
//     installed app starts without a signal and warm starts wait for no round trip.
//   - /assets/*: content-hashed, so cache first; a chunk fetched once is kept (the pages a
//     user opened, and those the app fetches ahead for offline use, work offline).
//   - The API: GET answers that a phone needs offline (the user, categories, regions, the
//     maps' neighbourhoods, the grid worker's households, buildings and worklist, the
//     resident's own reports, the 工作台's counts) go to the network first and are kept; without a signal (or
//     no answer within NETWORK_WAIT when a copy is kept) the kept copy answers, marked
//     X-Wangge-Offline: 1. Only what the server answered this user is kept (masked as it
//     answered), and the app deletes it at logout and when the user's grants change
//     (src/offline/wipe.ts).
//   - Writes are never touched here: the app's outbox queues them (src/offline/outbox.ts).
const BUILD = '__BUILD__'
const SHELL_FILES = __SHELL_FILES__
const SHELL = 'wangge-shell-' + BUILD
const DATA = 'wangge-data'
const NETWORK_WAIT = 6000
const KEPT_API = [
  /^\/api\/v1\/auth\/me$/,
  /^\/api\/v1\/meta$/,
  /^\/api\/v1\/event-lifecycle$/,
  /^\/api\/v1\/person-tags(\?|$)/,
  /^\/api\/v1\/event-categories(\/|$|\?)/,
  /^\/api\/v1\/regions(\/|$|\?)/,
  /^\/api\/v1\/map\/nearby\?/,
  /^\/api\/v1\/households(\/|$|\?)/,
  /^\/api\/v1\/buildings(\/|$|\?)/,
  /^\/api\/v1\/persons\?/,
  /^\/api\/v1\/visits(\/worklist)?(\?|$)/,
  /^\/api\/v1\/events\?(.*&)?mine=/,
  /^\/api\/v1\/my\/work$/,
]
// Paths the server answers itself, never the app's shell.
const NOT_APP = /^\/(api|open311|healthz|readyz|metrics|openapi|docs)(\/|$|\.)/

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(SHELL_FILES))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('wangge-shell-') && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin) return
  if (req.mode === 'navigate' && !NOT_APP.test(url.pathname)) {
    event.respondWith(shell(req))
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(req))
  } else if (KEPT_API.some((re) => re.test(url.pathname + url.search))) {
    event.respondWith(networkFirst(req))
  }
})

async function shell(req) {
  const cache = await caches.open(SHELL)
  const kept = await cache.match('/index.html')
  if (kept) return kept
  return fetch(req)
}

async function cacheFirst(req) {
  const cache = await caches.open(SHELL)
  const kept = await cache.match(req)
  if (kept) return kept
  const res = await fetch(req)
  if (res.ok) cache.put(req, res.clone())
  return res
}

function offlineAnswer() {
  const body = JSON.stringify({
    type: 'about:blank', title: 'Offline', status: 503, code: 'offline',
    message_zh: '当前无网络，且本机没有保存这项数据', message_en: 'No network, and this data is not kept on this device',
  })
  return new Response(body, { status: 503, headers: { 'Content-Type': 'application/problem+json', 'X-Wangge-Offline': '1' } })
}

async function keptCopy(req) {
  const cache = await caches.open(DATA)
  const kept = await cache.match(req)
  if (!kept) return null
  const headers = new Headers(kept.headers)
  headers.set('X-Wangge-Offline', '1')
  return new Response(kept.body, { status: kept.status, statusText: kept.statusText, headers })
}

async function networkFirst(req) {
  const cache = await caches.open(DATA)
  const network = fetch(req).then(async (res) => {
    if (res.ok && (res.headers.get('Content-Type') || '').includes('json')) await cache.put(req, res.clone())
    return res
  })
  const hasCopy = !!(await cache.match(req))
  try {
    if (!hasCopy) return await network
    // A weak signal: the kept copy answers when the network does not within NETWORK_WAIT
    // (the network's answer still refreshes the copy for next time).
    return await Promise.race([
      network,
      new Promise((resolve) => setTimeout(() => resolve(keptCopy(req)), NETWORK_WAIT)),
    ])
  } catch {
    return (await keptCopy(req)) || offlineAnswer()
  }
}
