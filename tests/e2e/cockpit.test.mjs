// 领导驾驶舱 (issue 22) against the real server, with the demo accounts:
//
//  1. The leader opens the cockpit on a 1920×1080 screen: the figures are the server's
//     (GET /cockpit), each with its definition in a tooltip and the previous period beside
//     it; a report filed meanwhile reaches it through the live stream (at most every 30 s,
//     with the new time of the data); full screen covers the whole window without the menu. 办结率 opens the events list
//     filtered (status, region, period in its URL), and back returns to the cockpit with
//     its node and period; 上报事件 lists the reports filed here; the list's 导出 Excel
//     downloads an .xlsx (its content type, a zip's "PK"); a department's row (a report of
//     the run dispatched to it) opens the events list with `department` and the period,
//     the filter shown with its name, only that department's rows. On a 390 px phone the same
//     figures stack (no page wider than the screen) and a category opens its events.
//  2. When the server suggests categories (POST /events/suggest), a resident's report shows
//     the suggested category after the description is typed, and pre-selects it; the
//     dispatcher's event page shows the suggested departments, one click opens the dispatch
//     step with that department chosen, and the event goes to it.
//  3. When the server has spike warnings (POST /events/spikes/scan): eight reports of one
//     category in one grid (API), a scan as admin, and the cockpit shows the warning; it
//     opens that day's events of the category in the grid; the leader acknowledges it.
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test cockpit.test.mjs
//
// The mock server has no cockpit: without WANGGE_URL this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, launchChromium, apiClient, pointInGrid, serverUrl, prepareOut, screen,
  logInThroughForm, watchedPage, openMenu, fitsTheScreen, shot, settle, dependentSteps } from './lib.mjs'

const GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
const ADMIN_PASSWORD = process.env.WANGGE_ADMIN_PASSWORD || ''
const BIG = { width: 1920, height: 1080 }

test('cockpit: figures, drill-down and back, export, phone; suggestions; spike warnings', { timeout: 420_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.skip('needs WANGGE_URL (the mock has no cockpit)')
    return
  }
  prepareOut('ck-failure.png')
  const run = Date.now().toString(36)

  /* ---------- the API, for setting up and checking what the pages did ---------- */
  const client = apiClient(base, DEMO_PASSWORD)
  const { api, tokenOf, call } = client
  const cockpit = await call('leader', '/cockpit')
  const town = cockpit.region.code
  const routes = new Set(Object.keys((await api('/api/openapi.json', { raw: true })).json?.paths || {}))
  const hasSuggest = routes.has('/api/v1/events/suggest')
  const hasSpikes = routes.has('/api/v1/events/spikes/scan')

  // a point inside the resident's grid (the reports' place)
  const spot = await pointInGrid(client, 'resident', GRID)
  assert.ok(spot, 'a point inside ' + GRID)
  const report = async (category, text, key) => {
    const r = await api('/events', {
      token: await tokenOf('resident'),
      method: 'POST',
      headers: { 'Idempotency-Key': `ck-${run}-${key}` },
      body: { category, description: text, lat: spot.latitude, lng: spot.longitude },
    })
    assert.equal(r.status, 201, `report ${key}: ${r.status} ${JSON.stringify(r.json)}`)
    return r.json
  }
  // one report filed now: the cockpit's 上报事件 lists it
  const filed = await report('0303', `夜间广场音响扰民 驾驶舱 ck-${run}`, 'first')

  /* ---------- the browser ---------- */
  const browser = await launchChromium(chromium)
  t.after(() => browser.close())
  const problems = []
  let page = null
  let context = null
  async function session(user, { viewport = BIG, phone = false, password = DEMO_PASSWORD } = {}) {
    if (context) await context.close()
    const where = phone ? { geolocation: spot, permissions: ['geolocation'] } : {}
    const options = { timezoneId: 'Asia/Shanghai', acceptDownloads: true, ...screen(phone, viewport), ...where }
    const opened = await watchedPage(browser, { problems, who: user, options })
    context = opened.context
    page = opened.page
    await logInThroughForm(page, base, user, password)
    return page
  }
  const figure = (name) => page.locator(tid('cockpit-figure-' + name))
  const cockpitLoaded = () => page.locator(`${tid('page-cockpit')}:not([data-region=""])`).waitFor()
  const query = () => Object.fromEntries(new URL(page.url()).searchParams)

  const step = dependentSteps(t, () => page && shot(page, 'ck-failure.png'))

  let cockpitUrl = ''
  await step('the leader opens the cockpit on a big screen: the server\'s figures with their definitions', async () => {
    await session('leader')
    await openMenu(page, 'menu-cockpit')
    await page.waitForURL(/\/cockpit\?/)
    await cockpitLoaded()
    const q = query()
    assert.equal(q.region, town, 'the node in the URL')
    const now = await call('leader', `/cockpit?region=${q.region}&from=${q.from}&to=${q.to}`)
    const c = now.figures.current
    for (const [name, value] of [
      ['reported', c.reported],
      ['closureRate', c.closure_rate],
      ['onTimeRate', c.on_time_rate],
      ['sameDayRate', c.same_day_rate],
      ['satisfactionRate', c.satisfaction_rate],
      ['communityShare', c.solved_at_community_share],
      ['overdueOpen', c.overdue_open],
    ]) {
      // the page may have read a moment earlier or later: counts within a few reports
      const shown = Number(await figure(name).getAttribute('data-value'))
      if (name === 'reported') assert.ok(Math.abs(shown - value) <= 20 && shown >= 1, `${name}: ${shown} against ${value}`)
      else assert.ok(Math.abs(shown - value) < 0.05, `${name}: ${shown} against ${value}`)
    }
    assert.equal(Number(await page.locator(tid('cockpit-compare-reported')).getAttribute('data-previous')), now.figures.previous.reported)
    assert.match(await page.locator(tid('cockpit-data-time')).textContent(), /数据时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    // each figure's definition in a tooltip
    await page.locator(tid('cockpit-def-closureRate')).hover()
    await page.locator('.el-popper:visible', { hasText: '办结数 ÷ 上报数' }).waitFor()
    await page.mouse.move(5, 5)
    // the panels are there: trend, map, categories, departments, visits, disputes, warnings
    for (const p of ['trend', 'map', 'categories', 'departments', 'visits', 'disputes', 'spikes'])
      await page.locator(tid('cockpit-panel-' + p)).waitFor()
    assert.equal(Number(await page.locator(tid('cockpit-disputes-mediation')).getAttribute('data-value')).toFixed(4), now.disputes.mediation_rate.toFixed(4))
    assert.equal(Number(await page.locator(tid('cockpit-visits-visits')).getAttribute('data-value')), now.visits.visits)
    await settle(page, 800)
    await shot(page, 'ck-cockpit-1920.png')
    cockpitUrl = page.url()
  })

  await step('a report filed meanwhile reaches the open cockpit (live stream, at most every 30 s)', async () => {
    const shown = Number(await figure('reported').getAttribute('data-value'))
    const stamp = await page.locator(tid('cockpit-data-time')).getAttribute('data-ms')
    await report('0303', `楼下烧烤店油烟很大 驾驶舱 ck-${run}`, 'live')
    await page.waitForFunction(
      ([sel, n, ms]) => {
        const el = document.querySelector(sel)
        const time = document.querySelector('[data-testid="cockpit-data-time"]')
        return el && Number(el.getAttribute('data-value')) > n && time && time.getAttribute('data-ms') !== ms
      },
      [tid('cockpit-figure-reported'), shown, stamp],
      { timeout: 50_000 },
    )
  })

  await step('full screen covers the window without the menu', async () => {
    await page.locator(tid('cockpit-fullscreen')).click()
    await page.locator(`${tid('page-cockpit')}.full`).waitFor()
    const box = await page.locator(tid('page-cockpit')).boundingBox()
    assert.ok(box.x === 0 && box.y === 0 && box.width >= BIG.width - 20, `full screen: ${JSON.stringify(box)}`)
    const menuCovered = await page.evaluate(() => {
      const menu = document.querySelector('[data-testid="menu-cockpit"]')
      if (!menu) return true
      const r = menu.getBoundingClientRect()
      const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)
      return !menu.contains(top)
    })
    assert.ok(menuCovered, 'the side menu is hidden under the cockpit')
    await settle(page, 600)
    await shot(page, 'ck-cockpit-fullscreen.png')
    await page.locator(tid('cockpit-fullscreen')).click()
    await page.locator(`${tid('page-cockpit')}.full`).waitFor({ state: 'detached' })
  })

  await step('办结率 opens the closed events of the node and period; back returns to the cockpit', async () => {
    const before = query()
    await figure('closureRate').click()
    await page.waitForURL(/\/events\/list\?/)
    const q = query()
    assert.equal(q.status, 'closed')
    assert.equal(q.region, before.region)
    assert.equal(q.from, before.from)
    assert.equal(q.to, before.to)
    await page.locator(`${tid('filter-drill')}[data-status="closed"]`).waitFor()
    await page.locator(`${tid('event-table')}[data-loading="false"], ${tid('event-table')}:not(.event-cards)`).first().waitFor()
    // what the list shows is what the API lists with the same filters
    const listed = await call('leader', `/events?status=closed&region=${q.region}&from=${q.from}&to=${q.to}&limit=5`)
    for (const e of listed.items) await page.locator(tid('event-row-' + e.id)).waitFor()
    await page.goBack()
    await page.waitForURL(/\/cockpit\?/)
    assert.equal(page.url(), cockpitUrl, 'the cockpit with its node and period')
    await cockpitLoaded()
  })

  await step('上报事件 lists the reports filed here; 导出 Excel downloads the same list as .xlsx', async () => {
    await figure('reported').click()
    await page.waitForURL(/\/events\/list\?/)
    assert.equal(query().status, undefined, 'every report, whatever its state')
    await page.locator(tid('event-row-' + filed.id)).waitFor()
    await settle(page, 400)
    await shot(page, 'ck-drill-events.png')
    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/exports/events')),
      page.waitForEvent('download'),
      page.locator(tid('events-export')).click(),
    ])
    assert.equal(response.status(), 200)
    assert.match(response.headers()['content-type'], /spreadsheetml/)
    assert.match(download.suggestedFilename(), /\.xlsx$/)
    const body = fs.readFileSync(await download.path())
    assert.equal(body.subarray(0, 2).toString('latin1'), 'PK', 'an .xlsx is a zip')
    const u = new URL(response.url())
    assert.equal(u.searchParams.get('region'), query().region, 'the export has the list\'s filters')
    assert.equal(u.searchParams.get('from'), query().from)
    await page.goBack()
    await page.waitForURL(/\/cockpit\?/)
    await cockpitLoaded()
  })

  await step('a department\'s row opens the events assigned to it in the period, only those; back returns', async () => {
    // a report of this run dispatched to a department serving the grid: that department has an event now
    const mine = await report('0303', `夜市摊点占道经营 驾驶舱部门 ck-${run}`, 'department')
    const served = (await call('dispatcher', '/departments?region=' + GRID)).items.filter((d) => d.active)
    const dept = served.find((d) => d.kind === 'urban_management') || served[0]
    assert.ok(dept, 'a department serves ' + GRID)
    let e = await call('dispatcher', '/events/' + mine.id)
    if (e.status === 'reported') e = await call('dispatcher', `/events/${mine.id}/accept`, 'POST', { version: e.version })
    e = await call('dispatcher', '/events/' + mine.id)
    await call('dispatcher', `/events/${mine.id}/dispatch`, 'POST', { version: e.version, department_id: dept.id })
    // the cockpit read again: the department's row
    await page.locator(tid('cockpit-refresh')).click()
    const row = page.locator(tid('cockpit-department-' + dept.id))
    await row.waitFor()
    const before = query()
    await row.scrollIntoViewIfNeeded()
    await row.click()
    await page.waitForURL(/\/events\/list\?/)
    const q = query()
    assert.equal(q.department, String(dept.id))
    assert.equal(q.from, before.from)
    assert.equal(q.to, before.to)
    // the filter shown apart (with the department's name) and removable
    await page.locator(`${tid('filter-drill')}[data-department="${dept.id}"]`).waitFor()
    await page.locator(tid('filter-drill-tag'), { hasText: dept.name }).waitFor()
    await page.locator(tid('event-row-' + mine.id)).waitFor()
    // the rows are what the API lists with the same filter, all of that department; a report of
    // the period not dispatched is not among them
    const listed = await call('leader', `/events?department=${dept.id}&from=${q.from}&to=${q.to}&limit=50`)
    assert.ok(listed.items.every((x) => x.department_id === dept.id), 'the API lists only the department\'s events')
    const shown = await page
      .locator('[data-testid^="event-row-"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid').replace('event-row-', '')))
      .then((ids) => ids.filter((x) => /^\d+$/.test(x)).map(Number)) // not event-row-place
    assert.deepEqual([...shown].sort((a, b) => a - b), listed.items.map((x) => x.id).sort((a, b) => a - b))
    assert.equal(await page.locator(tid('event-row-' + filed.id)).count(), 0, 'an event of no department is not listed')
    await settle(page, 400)
    await shot(page, 'ck-drill-department.png')
    await page.goBack()
    await page.waitForURL(/\/cockpit\?/)
    assert.equal(page.url(), cockpitUrl, 'the cockpit with its node and period')
    await cockpitLoaded()
  })

  await step('on a 390 px phone the figures stack; a category opens its events', async () => {
    await session('leader', { phone: true })
    await page.goto(cockpitUrl)
    await cockpitLoaded()
    await figure('closureRate').waitFor()
    await fitsTheScreen(page, 'the cockpit')
    const a = await figure('reported').boundingBox()
    const b = await figure('onTimeRate').boundingBox()
    assert.ok(b.y > a.y + a.height - 2, 'the figures are stacked in rows')
    await settle(page, 600)
    await shot(page, 'ck-cockpit-phone.png', true)
    const cat = page.locator(tid('cockpit-categories')).locator('[data-testid^="cockpit-category-"]').first()
    await cat.waitFor()
    const code = (await cat.getAttribute('data-testid')).replace('cockpit-category-', '')
    await cat.scrollIntoViewIfNeeded()
    await cat.click()
    await page.waitForURL(/\/events\/list\?/)
    assert.equal(query().category, code)
    await page.locator('[data-testid^="event-card-"], [data-testid^="event-row-"]').first().waitFor()
    await fitsTheScreen(page, 'the events list')
    await page.goBack()
    await page.waitForURL(/\/cockpit\?/)
  })

  await step('a report suggests its category after the description is typed', async (s) => {
    if (!hasSuggest) {
      s.todo('the server has no POST /events/suggest yet')
      return
    }
    await session('resident', { phone: true })
    if (!/\/events\/report/.test(page.url())) await openMenu(page, 'menu-event-report')
    await page.waitForURL(/\/events\/report/)
    await page.locator(tid('report-next')).click() // no photo
    await page.locator(tid('report-locate')).click()
    await page.locator(`${tid('report-located')}[data-grid="${GRID}"]`).waitFor()
    await page.locator(tid('report-next')).click()
    await page.locator(inp('report-description')).fill('小区门口的路灯坏了好几天，晚上一片漆黑')
    const chip = page.locator('[data-testid^="report-suggest-"]').first()
    await chip.waitFor()
    const suggested = (await chip.getAttribute('data-testid')).replace('report-suggest-', '')
    // pre-selected: the category the form will send
    await page.locator(`${tid('category-cascader')}[data-value="${suggested}"]`).waitFor()
    await fitsTheScreen(page, 'the report form with suggestions')
    await settle(page, 400)
    await shot(page, 'ck-suggest-phone.png', true)
  })

  await step('the dispatcher sees the suggested departments and dispatches to one in one click', async (s) => {
    if (!hasSuggest) {
      s.todo('the server has no GET /events/{id}/suggest yet')
      return
    }
    const e = await call('dispatcher', '/events/' + filed.id)
    if (e.status === 'reported') await call('dispatcher', `/events/${filed.id}/accept`, 'POST', { version: e.version })
    const sug = await call('dispatcher', `/events/${filed.id}/suggest`)
    assert.ok(sug.departments && sug.departments.length, 'departments suggested to a dispatcher')
    await session('dispatcher')
    await page.goto(base + '/events/detail/' + filed.id)
    const card = page.locator(tid('dispatch-suggest'))
    await card.waitFor()
    await card.locator(tid('suggest-category-' + sug.categories[0].code)).waitFor()
    // the first suggested department that serves the place (the dialog lists those)
    const served = new Set((await call('dispatcher', `/departments?region=${e.grid_code}&limit=200`)).items.filter((d) => d.active).map((d) => d.id))
    const dept = sug.departments.find((d) => served.has(d.id))
    assert.ok(dept, 'a suggested department serves the place')
    await card.locator(tid('suggest-dispatch-' + dept.id)).click()
    const dlg = page.locator(`.el-dialog${tid('action-dialog')}[data-action="dispatch"]`)
    await dlg.waitFor()
    await dlg.locator(tid('action-department'), { hasText: dept.name }).waitFor()
    await settle(page, 400)
    await shot(page, 'ck-dispatch-suggest.png')
    await dlg.locator(tid('action-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const after = await call('dispatcher', '/events/' + filed.id)
    assert.equal(after.status, 'dispatched')
    assert.equal(after.department_id, dept.id, 'dispatched to the suggested department')
  })

  await step('eight reports of one category in one grid raise a spike warning on the cockpit', async (s) => {
    if (!hasSpikes || !ADMIN_PASSWORD) {
      s.todo(!hasSpikes ? 'the server has no spike warnings yet' : 'needs WANGGE_ADMIN_PASSWORD')
      return
    }
    // a top-level category without a warning in the grid today (a rerun picks another)
    const cats = await call('resident', '/event-categories')
    const list = Array.isArray(cats) ? cats : cats.items
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    const seen = new Set((await call('leader', `/events/spikes?region=${GRID}&from=${today}&limit=200`)).items.map((x) => x.category.code))
    const tops = list.filter((c) => !c.parent_code && c.active !== false && !seen.has(c.code))
    const top = tops[Math.floor(Math.random() * tops.length)]
    const sub = list.find((c) => c.parent_code === top.code && c.active !== false)
    assert.ok(sub, 'a subcategory of ' + top.code)
    for (let i = 0; i < 8; i++) await report(sub.code, `同一问题反复出现 第${i + 1}次 ck-${run}`, 'spike-' + i)
    const admin = apiClient(base, ADMIN_PASSWORD)
    const scan = await admin.api('/events/spikes/scan', { token: await admin.tokenOf('admin'), method: 'POST', body: {} })
    assert.equal(scan.status, 200, `scan: ${scan.status} ${JSON.stringify(scan.json)}`)
    const spikes = (await call('leader', `/events/spikes?region=${GRID}&status=open&from=${today}`)).items
    const spike = spikes.find((x) => x.category.code === top.code && x.grid_code === GRID)
    assert.ok(spike, `a warning for ${top.code} in ${GRID}: ${JSON.stringify(spikes)}`)

    await session('leader')
    await page.goto(base + '/cockpit')
    await cockpitLoaded()
    const row = page.locator(tid('cockpit-spike-' + spike.id))
    await row.waitFor()
    assert.equal(await row.getAttribute('data-grid'), GRID)
    assert.equal(await row.getAttribute('data-category'), top.code)
    await settle(page, 600)
    await shot(page, 'ck-spike.png')
    await row.click()
    await page.waitForURL(/\/events\/list\?/)
    const q = query()
    assert.equal(q.region, GRID)
    assert.equal(q.category, top.code)
    assert.equal(q.from, spike.day)
    await page.locator('[data-testid^="event-row-"]').nth(7).waitFor()
    await page.goBack()
    await page.waitForURL(/\/cockpit\?/)
    await cockpitLoaded()
    // the leader acknowledges it: gone from the open warnings
    await page.locator(tid('cockpit-spike-ack-' + spike.id)).click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    await box.locator('input').fill('已安排网格员核实 e2e')
    await box.locator('.el-button--primary').click()
    await page.locator(tid('cockpit-spike-' + spike.id)).waitFor({ state: 'detached' })
    const after = (await call('leader', `/events/spikes?region=${GRID}&status=acknowledged&from=${today}`)).items.find((x) => x.id === spike.id)
    assert.ok(after && after.note.includes('核实'), 'acknowledged with the note')
  })

  await step('no page errors', async () => {
    assert.deepEqual(problems, [])
  })
})
