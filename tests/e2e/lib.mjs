// Helpers the browser tests share: selectors by data-testid, test data made here (valid
// GB 11643 identity numbers, small valid PNGs), the browser launch, a JSON API client, and
// what every test does in the browser: log in through the form, collect the page errors,
// open the phone's menu, check the width, screenshots, steps that depend on each other.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

/** Screenshots land here (tests/e2e/out). */
export const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out')
/** The demo accounts' password. */
export const DEMO_PASSWORD = process.env.WANGGE_DEMO_PASSWORD || 'Wangge@2026'
/** The phone every test holds: 390 px wide. */
export const PHONE = { width: 390, height: 844 }

export const tid = (id) => `[data-testid="${id}"]`
// Element Plus puts data-testid of an el-input on the <input> itself.
export const inp = (id) => `input${tid(id)}, ${tid(id)} input, textarea${tid(id)}, ${tid(id)} textarea`

export const rnd = (n) => Math.floor(Math.random() * n)
export const pad = (n, w) => String(n).padStart(w, '0')
/** GB 11643: 17 digits (area, birth date, sequence) and the check character. */
export function idCheck(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]
  return '10X98765432'[sum % 11]
}
/** A valid ID number of someone born in Jinwan (440404) in 1950 to 1950 + years - 1, random date and sequence. */
export function newIdNumber(years = 15) {
  const birth = `${1950 + rnd(years)}${pad(1 + rnd(12), 2)}${pad(1 + rnd(28), 2)}`
  const first17 = `440404${birth}${pad(rnd(1000), 3)}`
  return first17 + idCheck(first17)
}
/* ---------- a small valid PNG (8x8, RGB), made here ---------- */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
export function makePng(seed, size = 8) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const rows = []
  for (let y = 0; y < size; y++) {
    const row = [0] // filter: none
    for (let x = 0; x < size; x++) row.push((x * 32 + seed) & 255, (y * 32 + seed * 7) & 255, (seed * 13) & 255)
    rows.push(Buffer.from(row))
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Debian's chromium, headless, as every test drives it (CHROMIUM overrides the path). */
export function launchChromium(chromium) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * The JSON API of the server at `base`, for setting up and checking what pages did:
 * api(path, {token, method, body, headers, raw}) answers {status, json} (`raw`: the path is
 * not under /api/v1); logIn(user, password) answers the login's {status, json}, asked again
 * up to `shedRetries` times a second apart while the server sheds it (503, password hashing
 * under load); tokenOf(user) logs the user in once with `password` and keeps the token;
 * call(user, path, method, body, headers) asks as the user and asserts a 2xx answer, whose
 * JSON it answers.
 */
export function apiClient(base, password, { shedRetries = 0 } = {}) {
  async function api(p, { token, method = 'GET', body, headers = {}, raw = false } = {}) {
    const res = await fetch(raw ? base + p : base + '/api/v1' + p, {
      method,
      headers: {
        Accept: 'application/json',
        ...(token ? { Authorization: 'Bearer ' + token } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    let json = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = text
    }
    return { status: res.status, json }
  }
  async function logIn(username, pw) {
    for (let i = 0; ; i++) {
      const r = await api('/auth/login', { method: 'POST', body: { username, password: pw } })
      if (r.status !== 503 || i >= shedRetries) return r
      await new Promise((ok) => setTimeout(ok, 1000))
    }
  }
  const tokens = {}
  async function tokenOf(user) {
    if (!tokens[user]) {
      const r = await logIn(user, password)
      if (r.status !== 200) throw new Error(`${user} cannot log in through the API: ${r.status}`)
      tokens[user] = r.json.token
    }
    return tokens[user]
  }
  async function call(user, p, method = 'GET', body, headers) {
    const r = await api(p, { token: await tokenOf(user), method, body, headers })
    assert.ok(r.status >= 200 && r.status < 300, `${user} ${method} ${p}: ${r.status} ${JSON.stringify(r.json)}`)
    return r.json
  }
  return { api, logIn, tokenOf, call }
}

/**
 * A point inside the grid `code` as `user` reads it (a phone's "current location", a report's
 * place): the middle of the grid's box or, where that falls outside it, one of four other
 * points of the box that /locate places in the grid. Answers {latitude, longitude} or null.
 */
export async function pointInGrid({ api, tokenOf }, user, code) {
  const grid = await api('/regions/' + code, { token: await tokenOf(user) })
  assert.equal(grid.status, 200, 'the grid ' + code)
  const g = grid.json.geometry
  const ring = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0]
  const xs = ring.map((p) => p[0])
  const ys = ring.map((p) => p[1])
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  for (const [fx, fy] of [[0.5, 0.5], [0.4, 0.4], [0.6, 0.6], [0.3, 0.7], [0.7, 0.3]]) {
    const lat = +(y0 + (y1 - y0) * fy).toFixed(6)
    const lng = +(x0 + (x1 - x0) * fx).toFixed(6)
    const r = await api(`/locate?lat=${lat}&lng=${lng}`, { token: await tokenOf(user) })
    if (r.status === 200 && r.json.grid.code === code) return { latitude: lat, longitude: lng }
  }
  return null
}

/** "YYYY-MM-DD HH:mm" (with `seconds`, ":ss") of an instant in Beijing time (the browsers run in it). */
export function beijing(ms, seconds = false) {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, seconds ? 19 : 16).replace('T', ' ')
}

/* ---------- the browser ---------- */

/** WANGGE_URL without its trailing slashes, or '' (the test then needs the mock or is skipped). */
export function serverUrl() {
  const url = process.env.WANGGE_URL
  return url ? url.replace(/\/+$/, '') : ''
}

/** out/ made, and the failure screenshot `failureShot` of an earlier run removed. */
export function prepareOut(failureShot) {
  fs.mkdirSync(OUT, { recursive: true })
  if (failureShot) fs.rmSync(path.join(OUT, failureShot), { force: true })
}

/** Context options of the phone (PHONE, touch) or, without `phone`, of a screen of `desk` size. */
export const screen = (phone, desk) =>
  phone ? { viewport: PHONE, isMobile: true, hasTouch: true } : { viewport: desk }

/** An `ignore` of collectProblems: the console error of a status (in the Set `statuses`) a step provokes. */
export const statusIn = (statuses) => (text) => {
  const s = /status of (\d+)/.exec(text)
  return Boolean(s && statuses.has(Number(s[1])))
}

/**
 * Collects the page's uncaught errors and (unless `console` is false) its console errors into
 * `problems`, which every test asserts empty at its end. Not problems: "status of 401" (the
 * session check before login) and "status of 503" (a read the server sheds under load, which the
 * client asks again, web/src/api/request.ts; the service worker's script likewise,
 * web/src/offline/session.ts), and texts for which `ignore(text)` is true (what a
 * step provokes on purpose). Entries read "`who`: error" and "`who` console: text", or without
 * `who` the bare error and "console: text".
 */
export function collectProblems(page, problems, { who = '', ignore = () => false, console: watchConsole = true } = {}) {
  page.on('pageerror', (e) => {
    const error = `${e && e.stack ? e.stack : e} (on ${page.url()})`
    problems.push(who ? `${who}: ${error}` : error)
  })
  if (!watchConsole) return
  page.on('console', (m) => {
    if (m.type() !== 'error') return
    const text = m.text()
    if (/status of (401|503)|response code \(503\) was received when fetching the script/.test(text) || ignore(text)) return
    problems.push(who ? `${who} console: ${text}` : 'console: ' + text)
  })
}

/**
 * Logs `username` in through the page's login form and waits until the app leaves /login (and,
 * given `landing`, until it lands there). With `retryShed` a login the server sheds under load
 * (503: the page says so) is submitted again, up to ten times a second apart.
 */
export async function logInThroughForm(page, base, username, password, { landing, retryShed = false } = {}) {
  await page.goto(base + '/login')
  await page.locator(inp('login-username')).fill(username)
  await page.locator(inp('login-password')).fill(password)
  for (let i = 0; ; i++) {
    const answer = retryShed ? page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')) : null
    await page.locator(tid('login-submit')).click()
    if (!answer || (await answer).status() !== 503 || i >= 10) break
    await page.waitForTimeout(1000)
  }
  await page.waitForURL((u) => !/\/login/.test(u.pathname))
  if (landing) await page.waitForURL(landing)
}

/**
 * A new browser context with `options` (Playwright's; locale zh-CN unless given) and default
 * timeout `timeout`, and its page, watched by collectProblems (`problems`, `who`, `ignore`,
 * `console`). Answers {context, page}.
 */
export async function watchedPage(browser, opts = {}) {
  const { options = {}, timeout = 15_000, problems, who, ignore, console: watchConsole } = opts
  const context = await browser.newContext({ locale: 'zh-CN', ...options })
  context.setDefaultTimeout(timeout)
  const page = await context.newPage()
  collectProblems(page, problems, { who, ignore, console: watchConsole })
  return { context, page }
}

/**
 * watchedPage (`who` the username unless given) logged in as `username` (logInThroughForm with
 * `landing`, `retryShed`). Answers {context, page}.
 */
export async function signedIn(browser, base, username, password, opts = {}) {
  const { context, page } = await watchedPage(browser, { ...opts, who: opts.who ?? username })
  await logInThroughForm(page, base, username, password, { landing: opts.landing, retryShed: opts.retryShed })
  return { context, page }
}

/**
 * Opens the menu entry `testid`: on a phone the drawer of the last tap closed first (it slides
 * out), then opened by the menu button; on a wide screen the entry is clicked where it stands.
 */
export async function openMenu(page, testid) {
  await page.locator('.menu-drawer').waitFor({ state: 'hidden' }).catch(() => {})
  const item = page.locator(tid(testid))
  if (!(await item.isVisible().catch(() => false))) {
    const burger = page.locator(tid('mobile-menu-button'))
    if (await burger.isVisible().catch(() => false)) await burger.click()
  }
  await item.click()
}

/** Asserts that nothing of the page is wider than its screen (no horizontal scroll). */
export async function fitsTheScreen(page, what) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth)
  const width = page.viewportSize().width
  assert.ok(w <= width, `${what}: the page is ${w} px wide on a ${width} px screen`)
}

/** A screenshot `name` into out/ (the whole page with `fullPage`). */
export const shot = (page, name, fullPage = false) => page.screenshot({ path: path.join(OUT, name), fullPage })
/** Lets transitions end (before screenshots). */
export const settle = (page, ms = 350) => page.waitForTimeout(ms)
/** The element `id` that is visible (a page may hold hidden copies: a phone's and a desk's). */
export const visible = (page, id) => page.locator(`${tid(id)}:visible`)
/** A locator's text, trimmed ('' for none). */
export const text = async (loc) => ((await loc.textContent()) || '').trim()

/** Confirms the open ElMessageBox with its primary button and waits for it to close. */
export async function confirmBox(page) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.locator('.el-button--primary').click()
  await box.waitFor({ state: 'hidden' })
}

/** An el-input-number in `scope`: types the value and leaves the field (it commits on change). */
export async function setNumber(scope, id, value) {
  const input = scope.locator(inp(id))
  await input.fill(String(value))
  await input.press('Tab')
}

/**
 * A step's ActionDialog (`${kind}-action-dialog` of `action`, already opening): filled by
 * `fill(dialog)`, submitted, closed.
 */
export async function actionDialog(page, kind, action, fill) {
  const dlg = page.locator(`.el-dialog${tid(kind + '-action-dialog')}[data-action="${action}"]`)
  await dlg.waitFor()
  if (fill) await fill(dlg)
  await dlg.locator(tid(kind + '-action-submit')).click()
  await dlg.waitFor({ state: 'hidden' })
}

/**
 * Steps that depend on each other, as subtests of `t` (`step(name, fn)`, fn given the subtest):
 * after a failure the rest are skipped, not timed out; `onFailure()` runs first (a screenshot of
 * the failing page; its errors are ignored).
 */
export function dependentSteps(t, onFailure) {
  let broken = null
  return (name, fn) =>
    broken
      ? t.test(name, { skip: `after the failure of "${broken}"` }, () => {})
      : t.test(name, async (sub) => {
          try {
            await fn(sub)
          } catch (e) {
            broken = name
            if (onFailure) await Promise.resolve().then(onFailure).catch(() => {})
            throw e
          }
        })
}
