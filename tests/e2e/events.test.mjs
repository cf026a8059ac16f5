// End-to-end test of the events and appeals pages (事件/诉求) against the real server:
// one whole loop in the browser with the demo accounts, plus an escalation, a whistle with
// a report-in, a stale-version conflict, a patrol solved on the spot, the statistics and a
// category's extra questions (declared by the admin, answered on the phone, shown in the detail).
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test
//
// The mock server does not implement events: without WANGGE_URL this test is skipped.
// CHROMIUM overrides /usr/bin/chromium. Screenshots go to tests/e2e/out/events-*.png.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, makePng, launchChromium, apiClient, pointInGrid, serverUrl, prepareOut, screen,
  logInThroughForm, watchedPage, openMenu, shot, settle, dependentSteps } from './lib.mjs'

const WORKER_GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
// a subcategory no other test reports in: it gets extra questions (put back as they were at the end)
const ATTR_CATEGORY = process.env.WANGGE_E2E_ATTR_CATEGORY || '0503'
const DESKTOP = { width: 1440, height: 900 }

test('events and appeals: the closed loop in the browser', { timeout: 480_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.diagnostic('WANGGE_URL not set: the events test needs the real server (the mock has no events); skipped')
    t.skip('needs WANGGE_URL')
    return
  }
  prepareOut('events-failure.png')
  const run = Date.now().toString(36)

  /* ---------- the API, for setup and for checking what the pages did ---------- */
  const client = apiClient(base, DEMO_PASSWORD)
  const { api, tokenOf } = client
  const getEvent = async (id, user = 'dispatcher') => {
    const r = await api('/events/' + id, { token: await tokenOf(user) })
    assert.equal(r.status, 200, 'GET /events/' + id)
    return r.json
  }

  // a point inside the worker's grid (the phone's "current location")
  const spot = await pointInGrid(client, 'gridworker', WORKER_GRID)
  assert.ok(spot, 'found a point inside ' + WORKER_GRID)
  t.diagnostic(`location used: ${spot.latitude}, ${spot.longitude}`)

  // the handler's departments serving the grid
  const handlerMe = await api('/auth/me', { token: await tokenOf('handler') })
  const depts = await api('/departments?region=' + WORKER_GRID, { token: await tokenOf('dispatcher') })
  assert.equal(depts.status, 200)
  const handlerDepts = depts.json.items.filter((d) => d.active && d.members.includes(Number(handlerMe.json.id)))
  assert.ok(handlerDepts.length >= 2, 'the handler is in at least two departments serving the grid')

  /* ---------- the browser ---------- */
  const browser = await launchChromium(chromium)
  const problems = [] // uncaught errors and unexpected console errors, from every page
  let conflictExpected = false
  let page = null // the page of the current step (screenshots on failure)
  let context = null

  async function session(user, { phone = false, password = DEMO_PASSWORD, landing } = {}) {
    if (context) await context.close()
    const options = { ...screen(phone, DESKTOP), ...(phone ? { geolocation: spot, permissions: ['geolocation'] } : {}) }
    const ignore = (text) => conflictExpected && /status of 409/.test(text)
    const opened = await watchedPage(browser, { problems, who: user, ignore, options })
    context = opened.context
    page = opened.page
    await logInThroughForm(page, base, user, password, { landing })
    return page
  }
  const detail = () => page.locator(tid('event-detail'))
  // one lifecycle step through its dialog, from the detail's action buttons
  async function act(action, fill) {
    await detail().locator(tid('action-' + action)).click()
    const dlg = page.locator(`.el-dialog${tid('action-dialog')}[data-action="${action}"]`)
    await dlg.waitFor()
    if (fill) await fill(dlg)
    await dlg.locator(tid('action-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
  }
  const waitStatus = (status, extra = '') =>
    page.locator(`${tid('event-detail')}[data-status="${status}"]${extra}`).waitFor()
  async function pickCategory(top, sub) {
    await page.locator(tid('category-cascader')).click()
    await page.locator(tid('category-option-' + top)).click()
    await page.locator(tid('category-option-' + sub)).click()
  }

  const step = dependentSteps(t, () => page && shot(page, 'events-failure.png'))

  const description = `路灯不亮，晚上很黑 e2e-${run}`
  let eventId = 0
  let whistleEventId = 0

  try {
    await step('resident reports a problem in three steps on a phone (photo, location, category)', async () => {
      await session('resident', { phone: true, landing: /\/events\/report/ })
      // 1: a photo, uploaded as raw bytes as soon as it is picked
      await page.locator(tid('photo-input')).setInputFiles({ name: 'street-light.png', mimeType: 'image/png', buffer: makePng(7) })
      await page.locator(`${tid('photo-thumb')}[data-state="done"]`).waitFor()
      await settle(page)
      await shot(page, 'events-report-1-photo-zh.png')
      await page.locator(tid('report-next')).click()
      // 2: the phone's location, located to the grid
      await page.locator(tid('report-step-2')).waitFor()
      // a tap on the map of the resident's grid puts the point there...
      await page.locator(tid('point-map')).waitFor()
      await settle(page, 500) // fitBounds
      await page.locator(tid('point-map')).click()
      await page.locator(`${tid('point-map')}[data-has-point="1"]`).waitFor()
      await page.locator(`${tid('report-located')}[data-grid="${WORKER_GRID}"]`).waitFor()
      // ...and the phone's location replaces it
      await page.locator(tid('report-locate')).click()
      await page.locator(`${tid('report-located')}[data-grid="${WORKER_GRID}"]`).waitFor()
      await page.locator(inp('report-address')).fill('立新路 12 号门口')
      await settle(page, 500)
      await shot(page, 'events-report-2-place-zh.png')
      await page.locator(tid('report-next')).click()
      // 3: category, description, phone
      await page.locator(tid('report-step-3')).waitFor()
      await pickCategory('05', '0502')
      await page.locator(inp('report-description')).fill(description)
      await page.locator(inp('report-phone')).fill('13800138000')
      await settle(page)
      await shot(page, 'events-report-3-problem-zh.png')
      // a double click must not create two events (Idempotency-Key + disabled button)
      await page.locator(tid('report-submit')).dblclick()
      const done = page.locator(tid('report-done'))
      await done.waitFor()
      eventId = Number(await done.getAttribute('data-event-id'))
      assert.ok(eventId > 0, 'the new event id')
      const code = (await page.locator(tid('report-done-code')).textContent()).trim()
      assert.match(code, /^[0-9A-Z]{14}$/, 'a tracking code')
      await settle(page)
      await shot(page, 'events-report-done-zh.png')
      const mine = await api('/events?mine=reported&limit=200', { token: await tokenOf('resident') })
      const same = mine.json.items.filter((e) => e.description === description)
      assert.equal(same.length, 1, 'exactly one event for the double click')
      assert.equal(same[0].id, eventId)
      assert.equal(same[0].source, 'resident')
      assert.equal(same[0].grid_code, WORKER_GRID)
      assert.equal(same[0].category.code, '0502')
      assert.equal(same[0].photos.length, 1, 'the photo is attached')
      assert.match(same[0].contact, /\*{4}/, 'the phone is masked')
      t.diagnostic(`event #${eventId} (${code}) reported`)
    })

    await step('the resident follows it: progress card and detail with the photo', async () => {
      await page.locator(tid('report-view')).click()
      await page.waitForURL(new RegExp('/events/detail/' + eventId))
      await waitStatus('reported')
      // the photo comes through fetch with the session, shown as an object URL
      const img = detail().locator(`${tid('photo-image')} img`).first()
      await img.waitFor()
      assert.match(await img.getAttribute('src'), /^blob:/)
      await page.waitForFunction(() => {
        const i = document.querySelector('[data-testid="photo-image"] img')
        return i && i.complete && i.naturalWidth > 0
      })
      assert.ok((await detail().locator(tid('timeline-entry')).count()) >= 1, 'the timeline')
      assert.ok((await detail().locator(tid('action-withdraw')).count()) === 1, 'the reporter may withdraw')
      await settle(page)
      await shot(page, 'events-detail-resident-zh.png')
      await openMenu(page, 'menu-event-mine')
      await page.waitForURL(/\/events\/mine/)
      await page.locator(`${tid('event-card-' + eventId)}[data-status="reported"]`).waitFor()
      await settle(page)
      await shot(page, 'events-mine-zh.png')
    })

    await step('dispatcher accepts and dispatches it from the console', async () => {
      await session('dispatcher')
      await openMenu(page, 'menu-event-dispatch')
      await page.waitForURL(/\/events\/dispatch/)
      const row = page.locator(tid('event-row-' + eventId))
      await row.waitFor()
      assert.equal(await row.getAttribute('data-sla'), 'ok', 'a fresh event is on time')
      await settle(page)
      await shot(page, 'events-dispatch-zh.png')
      await row.click()
      await page.locator(`${tid('event-detail')}[data-event-id="${eventId}"]`).waitFor()
      // who acts next is said: the dispatcher, then (once dispatched) the department
      await detail().locator(`${tid('event-next')}[data-role="dispatcher"]`).waitFor()
      await act('accept')
      await waitStatus('accepted')
      await act('dispatch', async (dlg) => {
        await dlg.locator(tid('action-department')).click()
        await page.locator(tid('department-option-' + handlerDepts[0].id)).click()
        await dlg.locator(inp('action-comment')).fill('请尽快修复路灯')
        await settle(page)
        await shot(page, 'events-dispatch-dialog-zh.png')
      })
      await waitStatus('dispatched')
      assert.match(await detail().locator(tid('event-department')).textContent(), new RegExp(handlerDepts[0].name))
      assert.match(await detail().locator(`${tid('event-next')}[data-role="handler"]`).textContent(), new RegExp(handlerDepts[0].name))
      await settle(page)
      await shot(page, 'events-dispatched-zh.png')
      const e = await getEvent(eventId)
      assert.equal(e.status, 'dispatched')
      assert.equal(e.department_id, handlerDepts[0].id)
      assert.ok(e.handle_due_at, 'a handling deadline')
    })

    await step('handler signs for it and reports the result with a photo', async () => {
      await session('handler')
      await openMenu(page, 'menu-event-task')
      await page.waitForURL(/\/events\/task/)
      await page.locator(tid('my-department-' + handlerDepts[0].id)).waitFor()
      await page.locator(tid('task-sign-' + eventId)).click()
      await page.locator(`${tid('event-row-' + eventId)}[data-status="handling"]`).waitFor()
      await page.locator(tid('task-open-' + eventId)).click()
      await waitStatus('handling')
      await act('report-result', async (dlg) => {
        await dlg.locator(inp('action-comment')).fill('已更换路灯灯泡，恢复照明')
        await dlg.locator(tid('photo-input')).setInputFiles({ name: 'fixed.png', mimeType: 'image/png', buffer: makePng(99) })
        await dlg.locator(`${tid('photo-thumb')}[data-state="done"]`).waitFor()
        await settle(page)
        await shot(page, 'events-report-result-zh.png')
      })
      await waitStatus('handled')
      const e = await getEvent(eventId)
      assert.equal(e.status, 'handled')
      const fb = e.timeline.find((x) => x.action === 'report-result')
      assert.ok(fb && fb.photos.length === 1, 'the result carries its photo')
    })

    await step('grid worker verifies it on a phone (pass)', async () => {
      await session('gridworker', { phone: true })
      await openMenu(page, 'menu-event-patrol')
      await page.waitForURL(/\/events\/patrol/)
      await page.locator(tid('patrol-tabs') + ' .el-segmented__item', { hasText: '待核查' }).click()
      await page.locator(tid('event-card-' + eventId)).waitFor()
      await settle(page)
      await shot(page, 'events-patrol-verify-zh.png')
      await page.locator(tid('patrol-pass-' + eventId)).click()
      const dlg = page.locator(`.el-dialog${tid('action-dialog')}[data-action="pass"]`)
      await dlg.waitFor()
      await dlg.locator(inp('action-comment')).fill('现场核实，路灯已亮')
      await dlg.locator(tid('action-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      await page.locator(tid('event-card-' + eventId)).waitFor({ state: 'detached' })
      const e = await getEvent(eventId)
      assert.equal(e.status, 'closed')
      assert.equal(e.on_time, true)
    })

    await step('grid worker reports a patrol finding solved on the spot', async () => {
      await page.locator(tid('patrol-tabs') + ' .el-segmented__item', { hasText: '巡查上报' }).click()
      await page.locator(tid('report-next')).click() // no photo
      await page.locator(tid('report-locate')).click()
      await page.locator(`${tid('report-located')}[data-grid="${WORKER_GRID}"]`).waitFor()
      await page.locator(tid('report-next')).click()
      await pickCategory('03', '0301')
      await page.locator(inp('report-description')).fill(`楼道口垃圾堆放 e2e-${run}`)
      await page.locator(tid('report-self-handled')).click()
      await page.locator(inp('report-result')).fill('已联系保洁清运完毕')
      await settle(page)
      await shot(page, 'events-patrol-self-handle-zh.png')
      await page.locator(tid('report-submit')).click()
      const done = page.locator(tid('report-done'))
      await done.waitFor()
      const id = Number(await done.getAttribute('data-event-id'))
      const e = await getEvent(id)
      assert.equal(e.source, 'patrol')
      assert.equal(e.status, 'closed')
      assert.equal(e.solved_level, 'grid')
    })

    await step('the resident rates it (satisfied)', async () => {
      await session('resident', { phone: true, landing: /\/events\/report/ })
      await page.locator(tid('report-to-mine')).click()
      await page.waitForURL(/\/events\/mine/)
      const card = page.locator(`${tid('event-card-' + eventId)}[data-status="closed"]`)
      await card.waitFor()
      await card.locator(tid('mine-rate-' + eventId)).click()
      const dlg = page.locator(`.el-dialog${tid('action-dialog')}[data-action="rate"]`)
      await dlg.waitFor()
      await dlg.locator(tid('action-rating-satisfied')).click()
      await dlg.locator(inp('action-comment')).fill('修得很快，谢谢')
      await settle(page)
      await shot(page, 'events-rate-zh.png')
      await dlg.locator(tid('action-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      await card.locator(tid('mine-rate-' + eventId)).waitFor({ state: 'detached' })
      await card.click()
      await page.locator(tid('event-rating')).waitFor()
      assert.match(await page.locator(tid('event-rating')).textContent(), /满意/)
      await settle(page)
      await shot(page, 'events-detail-closed-zh.png')
      const e = await getEvent(eventId)
      assert.equal(e.rating, 'satisfied')
      const actions = e.timeline.map((x) => x.action)
      for (const a of ['report', 'accept', 'dispatch', 'sign', 'report-result', 'pass', 'rate'])
        assert.ok(actions.includes(a), 'timeline has ' + a)
    })

    await step('dispatcher merges a duplicate with one click', async () => {
      // two reports of the same noise at the same place (through the API)
      const report = async (key, text) =>
        api('/events', {
          token: await tokenOf('resident'),
          method: 'POST',
          headers: { 'Idempotency-Key': `e2e-${run}-${key}` },
          body: { category: '0303', description: text, lat: spot.latitude, lng: spot.longitude },
        })
      const r = await report('second', `广场舞噪声扰民 e2e-${run}`)
      assert.equal(r.status, 201, 'second report')
      whistleEventId = r.json.id
      const dup = await report('third', `晚上广场音响太吵 e2e-${run}`)
      assert.equal(dup.status, 201, 'third report')
      await session('dispatcher')
      await page.goto(base + '/events/detail/' + dup.json.id)
      await waitStatus('reported')
      const suggestion = detail().locator(tid('duplicate-' + whistleEventId))
      await suggestion.waitFor()
      await settle(page)
      await shot(page, 'events-duplicates-zh.png')
      await suggestion.locator(tid('merge-into-' + whistleEventId)).click()
      const box = page.locator('.el-message-box')
      await box.waitFor()
      await box.locator('.el-button--primary').click()
      await waitStatus('merged')
      const e = await getEvent(dup.json.id)
      assert.equal(e.merged_into, whistleEventId)
      const target = await getEvent(whistleEventId)
      assert.ok(target.timeline.some((x) => x.action === 'merged-in'), 'the target records the duplicate')
    })

    await step('dispatcher escalates another event after a stale-version conflict, then whistles two departments', async () => {
      // the leader supervises the event while the dispatcher looks at it
      await page.goto(base + '/events/detail/' + whistleEventId)
      await waitStatus('reported')
      const sup = await api(`/events/${whistleEventId}/supervise`, {
        token: await tokenOf('leader'),
        method: 'POST',
        body: { version: Number(await detail().getAttribute('data-version')), comment: '请调度员优先处理' },
      })
      assert.equal(sup.status, 200, 'the leader supervises')
      // the page still holds the old version: 409, reload, tell the user
      conflictExpected = true
      await act('escalate', (dlg) => dlg.locator(inp('action-comment')).fill('涉及多个社区，需街镇协调'))
      await page.locator('.el-message--warning').filter({ hasText: /已重新加载/ }).waitFor()
      await page.locator(`${tid('event-detail')}[data-supervised="1"]`).waitFor()
      conflictExpected = false
      await settle(page)
      await shot(page, 'events-stale-zh.png')
      await act('escalate', (dlg) => dlg.locator(inp('action-comment')).fill('涉及多个社区，需街镇协调'))
      await waitStatus('accepted', '[data-level="street"]')
      await act('whistle', async (dlg) => {
        await dlg.locator(tid('action-departments')).click()
        await page.locator(tid('department-option-' + handlerDepts[0].id)).click()
        await page.locator(tid('department-option-' + handlerDepts[1].id)).click()
        await dlg.locator('.intro').click() // closes the select's dropdown
        await page.locator(tid('department-option-' + handlerDepts[1].id)).waitFor({ state: 'hidden' })
        await dlg.locator(inp('action-comment')).fill('噪声扰民，请相关部门到场协调')
        await settle(page)
        await shot(page, 'events-whistle-dialog-zh.png')
      })
      await detail().locator(tid('whistle-table')).waitFor()
      await detail().locator(tid('whistle-reported-' + handlerDepts[0].id)).filter({ hasText: '未报到' }).waitFor()
      await detail().locator(tid('whistle-table')).scrollIntoViewIfNeeded()
      await settle(page)
      await shot(page, 'events-whistle-zh.png')
      const e = await getEvent(whistleEventId)
      assert.equal(e.level, 'street')
      assert.equal(e.escalation_count, 1)
      assert.equal(e.whistles.length, 2)
    })

    await step('handler reports in for the whistle from the workbench', async () => {
      await session('handler')
      await openMenu(page, 'menu-event-task')
      await page.locator(tid('task-tab-whistle')).click()
      const row = page.locator(tid('event-row-' + whistleEventId))
      await row.waitFor()
      await settle(page)
      await shot(page, 'events-task-whistle-zh.png')
      await row.click()
      await page.locator(`${tid('event-detail')}[data-event-id="${whistleEventId}"]`).waitFor()
      await act('report-in', (dlg) => dlg.locator(inp('action-comment')).fill('城管中队已到场，将约谈组织者'))
      await page.waitForFunction(
        () => [...document.querySelectorAll('[data-testid^="whistle-reported-"]')].some((el) => /\d{4}-\d\d-\d\d/.test(el.textContent)),
      )
      await detail().locator(tid('whistle-table')).scrollIntoViewIfNeeded()
      await settle(page)
      await shot(page, 'events-report-in-zh.png')
      const e = await getEvent(whistleEventId)
      assert.equal(e.whistles.filter((w) => w.reported_at).length, 1, 'one department reported in')
      assert.ok(e.timeline.some((x) => x.action === 'report-in'))
    })

    await step('statistics draw the rates and charts; the console in English', async () => {
      await session('dispatcher')
      await openMenu(page, 'menu-event-stats')
      await page.waitForURL(/\/events\/stats/)
      await page.locator(tid('stats-kpi-closureRate')).waitFor()
      assert.match(await page.locator(tid('stats-kpi-closureRate')).textContent(), /%/)
      assert.match(await page.locator(tid('stats-kpi-satisfactionRate')).textContent(), /%/)
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="echart"] canvas').length >= 4)
      await settle(page, 900) // chart animations
      await shot(page, 'events-stats-zh.png')
      const s = await api('/events/stats', { token: await tokenOf('dispatcher') })
      assert.equal(s.status, 200)
      assert.ok(s.json.closed >= 2 && s.json.rated >= 1)

      await page.locator(tid('locale-switch-trigger')).click()
      await page.locator(tid('locale-en')).click()
      await page.locator(tid('product-name')).filter({ hasText: 'Grid Governance Platform' }).waitFor()
      assert.match(await page.locator(tid('menu-event-dispatch')).textContent(), /Dispatch console/)
      assert.match(await page.locator(tid('stats-kpi-closureRate')).textContent(), /Closure rate/)
      await settle(page, 900)
      await shot(page, 'events-stats-en.png')
      await openMenu(page, 'menu-event-dispatch')
      await page.locator(tid('queue-all')).click()
      await page.locator(tid('event-row-' + eventId)).waitFor()
      assert.match(await page.locator(tid('queue-reported')).textContent(), /To accept/)
      await page.locator(tid('event-row-' + eventId)).click()
      await page.locator(`${tid('event-detail')}[data-event-id="${eventId}"]`).waitFor()
      await detail().locator(tid('event-timeline')).filter({ hasText: 'Report result' }).waitFor()
      await settle(page)
      await shot(page, 'events-detail-en.png')
    })

    await step('live updates: a report shows up in the open console without a reload; the inbox bell', async () => {
      await session('dispatcher')
      await openMenu(page, 'menu-event-dispatch')
      await page.waitForURL(/\/events\/dispatch/)
      await page.locator(tid('queue-reported')).click()
      await page.locator(tid('live-status')).waitFor() // the stream said hello
      const loads = []
      page.on('framenavigated', (f) => f === page.mainFrame() && loads.push(f.url()))
      const r = await api('/events', {
        token: await tokenOf('resident'),
        method: 'POST',
        body: { category: '0301', description: `楼道堆放杂物 live-${run}`, grid_code: WORKER_GRID, address: '平沙镇 e2e 楼道' },
      })
      assert.equal(r.status, 201, 'the resident reports through the API')
      const liveId = r.json.id
      // the stream's message refreshes the list (debounced 1 s), no polling (15 s) needed
      await page.locator(tid('event-row-' + liveId)).waitFor({ timeout: 5_000 })
      assert.deepEqual(loads, [], 'no page reload')

      // the bell counts the dispatcher's new notification
      const bell = page.locator(tid('notify-unread'))
      await page.waitForFunction(
        (sel) => Number(document.querySelector(sel)?.textContent || 0) > 0,
        tid('notify-unread'),
        { timeout: 5_000 },
      )
      await page.locator(tid('notify-bell')).click()
      await page.waitForURL(/\/notifications/)
      const item = page.locator(`${tid('notify-list')} [data-unread="true"]`).filter({ hasText: '#' + liveId })
      await item.waitFor()
      await settle(page)
      await shot(page, 'events-inbox-zh.png')
      // a click reads it and opens the event
      const before = Number(await bell.textContent())
      await item.click()
      await page.waitForURL(new RegExp('/events/detail/' + liveId))
      await page.locator(`${tid('event-detail')}[data-event-id="${liveId}"]`).waitFor()
      assert.equal(Number(await bell.textContent()), before - 1, 'one fewer unread')
      // mark all read brings the count to 0
      await page.locator(tid('notify-bell')).click()
      await page.waitForURL(/\/notifications/)
      await page.locator(tid('notify-read-all')).click()
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '0', tid('notify-unread'))
      assert.equal(await page.locator(`${tid('notify-list')} [data-unread="true"]`).count(), 0)
      const n = await api('/notifications?unread=true&limit=1', { token: await tokenOf('dispatcher') })
      assert.equal(n.status, 200)
      assert.equal(n.json.unread, 0, 'nothing unread on the server')
    })

    const adminPassword = process.env.WANGGE_ADMIN_PASSWORD
    const attrStep = 'a category asks extra questions: declared by the admin, asked on the phone, answers in the detail'
    if (!adminPassword) {
      t.diagnostic('WANGGE_ADMIN_PASSWORD not set: the extra questions step needs the administrator')
      await t.test(attrStep, { skip: 'needs WANGGE_ADMIN_PASSWORD' }, () => {})
    } else {
      await step(attrStep, async () => {
        const admin = await api('/auth/login', { method: 'POST', body: { username: 'admin', password: adminPassword } })
        assert.equal(admin.status, 200, 'admin logs in through the API')
        const adminToken = admin.json.token
        const readCategory = async () => {
          const r = await api('/event-categories', { token: adminToken })
          assert.equal(r.status, 200)
          const c = r.json.items.find((x) => x.code === ATTR_CATEGORY)
          assert.ok(c && c.parent_code && c.active, ATTR_CATEGORY + ' is an active subcategory')
          return c
        }
        const original = await readCategory()
        try {
          // the administrator declares them in the category's dialog: a notice, one required
          // choice of two, a free text; the notice is moved first
          await session('admin', { password: adminPassword })
          await openMenu(page, 'menu-event-category')
          await page.waitForURL(/\/events\/category/)
          await page.locator(tid('category-edit-' + ATTR_CATEGORY)).click()
          const dlg = page.locator(`.el-dialog${tid('category-dialog')}`)
          await dlg.waitFor()
          // a rerun against the same server: start from none
          while ((await dlg.locator(tid('attr-remove-0')).count()) > 0) await dlg.locator(tid('attr-remove-0')).click()
          const pickType = async (i, type) => {
            await dlg.locator(tid('attr-datatype-' + i)).click()
            await page.locator(`${tid('attr-datatype-option-' + type)}:visible`).click()
          }
          await dlg.locator(tid('attr-add')).click()
          await dlg.locator(inp('attr-code-0')).fill('cover_kind')
          await pickType(0, 'singlevaluelist')
          await dlg.locator(tid('attr-required-0')).click()
          await dlg.locator(inp('attr-desc-zh-0')).fill('井盖类型')
          await dlg.locator(inp('attr-desc-en-0')).fill('Kind of cover')
          await dlg.locator(inp('attr-value-key-0-0')).fill('rain')
          await dlg.locator(inp('attr-value-zh-0-0')).fill('雨水井')
          await dlg.locator(inp('attr-value-en-0-0')).fill('Rainwater')
          await dlg.locator(tid('attr-value-add-0')).click()
          await dlg.locator(inp('attr-value-key-0-1')).fill('sewage')
          await dlg.locator(inp('attr-value-zh-0-1')).fill('污水井')
          await dlg.locator(inp('attr-value-en-0-1')).fill('Sewage')
          await dlg.locator(tid('attr-add')).click()
          await dlg.locator(inp('attr-code-1')).fill('landmark')
          await pickType(1, 'text')
          await dlg.locator(inp('attr-desc-zh-1')).fill('附近的标志物')
          await dlg.locator(tid('attr-add')).click()
          await dlg.locator(inp('attr-code-2')).fill('safety')
          await dlg.locator(tid('attr-variable-2')).click()
          await dlg.locator(inp('attr-desc-zh-2')).fill('请勿靠近破损的井盖')
          await dlg.locator(inp('attr-desc-en-2')).fill('Keep away from the broken cover')
          await dlg.locator(tid('attr-up-2')).click()
          await dlg.locator(tid('attr-up-1')).click()
          const codes = () => dlg.locator('[data-testid^="attr-row-"]').evaluateAll((els) => els.map((e) => e.dataset.code))
          assert.deepEqual(await codes(), ['safety', 'cover_kind', 'landmark'], 'the notice moved first')
          // the English of the text question is missing: the form refuses before the server
          await dlg.locator(tid('category-form-submit')).click()
          await dlg.locator(`${tid('attr-row-2')} .el-form-item.is-error`).waitFor()
          await dlg.locator(inp('attr-desc-en-2')).fill('A landmark nearby')
          await settle(page)
          await shot(page, 'events-attributes-editor-zh.png')
          await dlg.locator(tid('category-form-submit')).click()
          await dlg.waitFor({ state: 'hidden' })
          await page.locator(tid('category-questions-' + ATTR_CATEGORY)).waitFor()
          const declared = (await readCategory()).attributes
          assert.deepEqual(
            declared.map((a) => [a.code, a.datatype, a.required, a.variable, a.order]),
            [
              ['safety', 'string', false, false, 1],
              ['cover_kind', 'singlevaluelist', true, true, 2],
              ['landmark', 'text', false, true, 3],
            ],
          )
          assert.deepEqual(declared[1].values.map((v) => v.key), ['rain', 'sewage'])

          // the resident, on a phone, is asked them with the category
          await session('resident', { phone: true, landing: /\/events\/report/ })
          await page.locator(tid('report-next')).click()
          await page.locator(tid('report-step-2')).waitFor()
          await page.locator(tid('report-locate')).click()
          await page.locator(`${tid('report-located')}[data-grid="${WORKER_GRID}"]`).waitFor()
          await page.locator(tid('report-next')).click()
          await page.locator(tid('report-step-3')).waitFor()
          await pickCategory(ATTR_CATEGORY.slice(0, 2), ATTR_CATEGORY)
          const fields = page.locator(tid('attr-fields'))
          await fields.waitFor()
          assert.match(await fields.locator(tid('attr-notice-safety')).textContent(), /请勿靠近破损的井盖/)
          const kind = fields.locator(tid('attr-cover_kind'))
          assert.equal(await kind.getAttribute('data-required'), '1')
          assert.match(await kind.textContent(), /井盖类型/)
          assert.ok(await kind.evaluate((e) => e.classList.contains('is-required')), 'marked required')
          const landmark = fields.locator(tid('attr-landmark'))
          assert.equal(await landmark.getAttribute('data-required'), '0')
          assert.match(await landmark.textContent(), /附近的标志物/)
          const what = `井盖破损 attr-${run}`
          await page.locator(inp('report-description')).fill(what)
          // without the required answer the form refuses, and nothing is sent
          await page.locator(tid('report-submit')).click()
          await page.locator(`${tid('attr-cover_kind')}.is-error`).waitFor()
          await settle(page)
          await shot(page, 'events-attributes-required-zh.png')
          assert.equal(await page.locator(tid('report-done')).count(), 0)
          await kind.locator('.el-select').click()
          await page.locator(`${tid('attr-option-cover_kind-sewage')}:visible`).click()
          await page.locator(`${tid('attr-cover_kind')}.is-error`).waitFor({ state: 'detached' })
          await page.locator(inp('attr-input-landmark')).fill('小学东门对面')
          await settle(page)
          await shot(page, 'events-attributes-report-zh.png')
          await page.locator(tid('report-submit')).click()
          const done = page.locator(tid('report-done'))
          await done.waitFor()
          const attrEventId = Number(await done.getAttribute('data-event-id'))
          const mine = await api('/events?mine=reported&limit=200', { token: await tokenOf('resident') })
          assert.equal(mine.json.items.filter((e) => e.description === what).length, 1, 'one event, after the refused attempt')
          const stored = await getEvent(attrEventId)
          assert.deepEqual(stored.attributes, { cover_kind: 'sewage', landmark: '小学东门对面' })

          // the dispatcher sees the answers with their questions, list keys by their names
          await session('dispatcher')
          await page.goto(base + '/events/detail/' + attrEventId)
          const answers = detail().locator(tid('event-answers'))
          await answers.waitFor()
          assert.equal((await answers.locator(tid('event-answer-label-cover_kind')).textContent()).trim(), '井盖类型')
          assert.equal((await answers.locator(tid('event-answer-cover_kind')).textContent()).trim(), '污水井')
          assert.equal((await answers.locator(tid('event-answer-label-landmark')).textContent()).trim(), '附近的标志物')
          assert.equal((await answers.locator(tid('event-answer-landmark')).textContent()).trim(), '小学东门对面')
          assert.equal(await answers.locator(tid('event-answer-safety')).count(), 0, 'a notice has no answer')
          await answers.scrollIntoViewIfNeeded()
          await settle(page)
          await shot(page, 'events-attributes-detail-zh.png')
          // in English: the English question and the value's English name
          await page.locator(tid('locale-switch-trigger')).click()
          await page.locator(tid('locale-en')).click()
          await answers.locator(tid('event-answer-label-cover_kind')).filter({ hasText: 'Kind of cover' }).waitFor()
          assert.equal((await answers.locator(tid('event-answer-cover_kind')).textContent()).trim(), 'Sewage')
          await page.locator(tid('locale-switch-trigger')).click()
          await page.locator(tid('locale-zh-CN')).click()
          await answers.locator(tid('event-answer-label-cover_kind')).filter({ hasText: '井盖类型' }).waitFor()
          t.diagnostic(`event #${attrEventId} answered the questions of ${ATTR_CATEGORY}`)
        } finally {
          // put the category's questions back as they were
          const now = await readCategory()
          const r = await api('/event-categories/' + ATTR_CATEGORY, {
            token: adminToken,
            method: 'PUT',
            body: {
              name_zh: now.name_zh,
              name_en: now.name_en,
              parent_code: now.parent_code,
              attributes: original.attributes || [],
              version: now.version,
            },
          })
          assert.equal(r.status, 200, 'the questions put back')
        }
      })
    }

    await step('no uncaught errors or console errors in the pages', async () => {
      assert.deepEqual(problems, [])
    })
  } finally {
    if (context) await context.close().catch(() => {})
    await browser.close()
  }
})
