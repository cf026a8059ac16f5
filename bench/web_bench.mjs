// The phone on a weak signal (issue 17): bytes on the wire and the time until a page can
// be used, for the resident's report page and the grid worker's visit worklist, at 390 px
// on a "Slow 3G"-like profile (400 kbit/s down and up, 400 ms round trip; Chrome DevTools'
// network emulation through CDP), cold (empty cache) and warm (the same browser again).
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
async function visit(context, page, cdp, target) {
  let bytes = 0
  const onDone = (e) => { bytes += e.encodedDataLength }
  cdp.on('Network.loadingFinished', onDone)
  const t0 = Date.now()
  await page.goto(base + target.path, { waitUntil: 'commit' })
  await page.locator(target.usable).first().waitFor({ state: 'visible', timeout: 120_000 })
  const ms = Date.now() - t0
  await page.waitForTimeout(300)  // late answers of the page count in its bytes
  cdp.off('Network.loadingFinished', onDone)
  return { ms, bytes }
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
    warm.push(await visit(context, page, cdp, target))
    await context.close()
  }
  for (const [state, xs] of [['cold', cold], ['warm', warm]]) {
    console.log(`${target.name.padEnd(20)} ${state}  ${(median(xs.map((x) => x.bytes)) / 1024).toFixed(0).padStart(6)} KiB on the wire` +
      `  usable in ${(median(xs.map((x) => x.ms)) / 1000).toFixed(2)} s  (runs: ${xs.map((x) => (x.ms / 1000).toFixed(2)).join(' ')})`)
  }
}
await browser.close()
