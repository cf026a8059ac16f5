// The phone on a weak signal (issue 17): bytes on the wire and the time until a page can
// be used, for the resident's report page and the grid worker's visit worklist, at 390 px
// on a "Slow 3G"-like profile (400 kbit/s down and up, 400 ms round trip; Chrome DevTools'
// network emulation through CDP), cold (empty cache) and warm (the same browser again, once
// its service worker is ready).
// "Usable": the page's first step is drawn with its controls (the report wizard's photo
// step and its Next button; the worklist's cards or its empty notice).
//
//   node bench/web_bench.mjs URL [RUNS]      (playwright-core from tests/e2e, Debian's chromium)
// Prints one line per page and state with the medians of RUNS runs (default 3).
import { createRequire } from 'node:module'
const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url))
const { chromium } = require('playwright-core')

const [base, runsArg = '3'] = process.argv.slice(2)
const runs = Number(runsArg)
const password = process.env.WANGGE_DEMO_PASSWORD || 'Wangge@2026'
const profile = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 }
const pages = [
  { name: 'resident report', user: 'resident', path: '/events/report',
    usable: '[data-testid="report-next"]' },
  { name: 'grid worker visits', user: 'gridworker', path: '/registry/visit',
    usable: '[data-testid="worklist-table"], [data-testid="page-visits"] .el-empty' },
]
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const browserCdp = await browser.newBrowserCDPSession()

// The service worker fetches on the page's behalf from a target of its own, which the
// page's network emulation does not slow: it gets the same profile (through the browser's
// CDP session; Playwright opens none on workers), and its bytes count with the page's.
let workerBytes = 0
const throttled = new Set()
browserCdp.on('Target.receivedMessageFromTarget', (e) => {
  const m = JSON.parse(e.message)
  if (m.method === 'Network.loadingFinished') workerBytes += m.params.encodedDataLength
})
async function throttleServiceWorkers() {
  const { targetInfos } = await browserCdp.send('Target.getTargets')
  for (const t of targetInfos.filter((x) => x.type === 'service_worker' && !throttled.has(x.targetId))) {
    throttled.add(t.targetId)
    const { sessionId } = await browserCdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })
    let id = 0
    const send = (method, params) =>
      browserCdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++id, method, params }) })
    await send('Network.enable', {})
    await send('Network.emulateNetworkConditions', profile)
  }
}
async function visit(context, page, cdp, target) {
  let bytes = 0
  workerBytes = 0
  const onDone = (e) => { bytes += e.encodedDataLength }
  cdp.on('Network.loadingFinished', onDone)
  const t0 = Date.now()
  await page.goto(base + target.path, { waitUntil: 'commit' })
  await page.locator(target.usable).first().waitFor({ state: 'visible', timeout: 120_000 })
  const ms = Date.now() - t0
  await page.waitForTimeout(300)  // late answers of the page count in its bytes
  cdp.off('Network.loadingFinished', onDone)
  return { ms, bytes: bytes + workerBytes }
}
for (const target of pages) {
  const cold = [], warm = []
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    // Signed in first (a session cookie), on the full-speed network: the page is measured.
    const login = await context.request.post(base + '/api/v1/auth/login', { data: { username: target.user, password } })
    if (!login.ok()) throw new Error(`login ${target.user}: ${login.status()}`)
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', profile)
    cold.push(await visit(context, page, cdp, target))
    // Warm is the user coming back: the service worker (where the browser runs one) has
    // installed and kept the shell by then.
    await page.evaluate(() => Promise.race([
      navigator.serviceWorker ? navigator.serviceWorker.ready : Promise.resolve(),
      new Promise((r) => setTimeout(r, 15_000)),
    ]))
    await page.waitForTimeout(4000)  // the app's fetch-ahead for offline use (3 s after the first page) is done
    await throttleServiceWorkers()
    warm.push(await visit(context, page, cdp, target))
    await context.close()
  }
  for (const [state, xs] of [['cold', cold], ['warm', warm]]) {
    console.log(`${target.name.padEnd(20)} ${state}  ${(median(xs.map((x) => x.bytes)) / 1024).toFixed(0).padStart(6)} KiB on the wire` +
      `  usable in ${(median(xs.map((x) => x.ms)) / 1000).toFixed(2)} s  (runs: ${xs.map((x) => (x.ms / 1000).toFixed(2)).join(' ')})`)
  }
}
await browser.close()
