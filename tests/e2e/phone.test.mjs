// What a first look at every role's pages on a phone found (issue 17), in Debian's Chromium at
// 390 px: no page wider than the screen; the dispatcher's queue, the handler's workbench and
// the persons list are cards with their filters in a bottom sheet; the territory page puts
// its detail under the tree instead of squeezing it into a strip; places are named (the
// grid's name, not its code; the region filter picks by name); the timeline names people,
// not usernames; only the actions the caller may take are shown (提级办理 for the
// dispatcher, not for the grid worker).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, PHONE, tid, newIdNumber, launchChromium, apiClient, serverUrl, prepareOut, screen, signedIn,
  fitsTheScreen, shot } from './lib.mjs'

const WORKER_GRID = process.env.WANGGE_E2E_GRID || '440404104001001'

test('phone: every role’s first pages at 390 px', { timeout: 240_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.skip('needs WANGGE_URL (a real server with the demo)')
    return
  }
  prepareOut()
  const run = Date.now().toString(36)
  const { api, tokenOf } = apiClient(base, DEMO_PASSWORD)

  // a report in the grid worker's grid, accepted by the dispatcher (a timeline with a name)
  const reported = await api('/events', {
    token: await tokenOf('resident'),
    method: 'POST',
    body: { category: '0301', description: `楼道堆放杂物 phone-${run}`, grid_code: WORKER_GRID, address: `e2e 手机 ${run} 号` },
  })
  assert.equal(reported.status, 201, 'a report')
  const eventId = reported.json.id
  const accepted = await api(`/events/${eventId}/accept`, {
    token: await tokenOf('dispatcher'),
    method: 'POST',
    headers: { 'If-Match': `"${reported.json.version}"` },
    body: { comment: 'phone e2e' },
  })
  assert.equal(accepted.status, 200, 'accepted: ' + JSON.stringify(accepted.json))
  const grid = await api('/regions/' + WORKER_GRID, { token: await tokenOf('dispatcher') })
  const gridName = grid.json.name
  // a person in the grid worker's grid
  const person = await api('/persons', {
    token: await tokenOf('gridworker'),
    method: 'POST',
    body: { name: `e2e手机${run}`, id_number: newIdNumber(40), region_code: WORKER_GRID, residence_type: 'registered' },
  })
  assert.equal(person.status, 201, 'a person: ' + JSON.stringify(person.json))

  const browser = await launchChromium(chromium)
  t.after(() => browser.close())
  const problems = []
  const phoneAs = async (username) =>
    (await signedIn(browser, base, username, DEMO_PASSWORD, { problems, console: false, options: screen(true) })).page

  await t.test('the dispatcher’s queue: cards, the grid named, filters in a sheet', async () => {
    const page = await phoneAs('dispatcher')
    await page.waitForURL(/\/events\/dispatch/)
    await page.locator(tid('queue-accepted')).click()
    const card = page.locator(tid('event-card-' + eventId))
    await card.waitFor()
    assert.equal(await page.locator('.el-table').count(), 0, 'no table on a phone')
    assert.match(await card.locator(tid('event-card-place')).textContent(), new RegExp(gridName))
    await fitsTheScreen(page, 'dispatch queue')
    // the filters: a button counting them, a sheet with the region picked by name
    await page.locator(tid('filter-filters')).click()
    const sheet = page.locator(tid('filter-filter-sheet'))
    await sheet.waitFor()
    await sheet.locator(tid('filter-region')).click()
    await page.locator(`${tid('picker-node-440404104')}:visible`).click()
    await page.keyboard.press('Escape').catch(() => {})
    await shot(page, 'phone-dispatch-filters-zh.png')
    await sheet.locator(tid('filter-search-submit')).click()
    await sheet.waitFor({ state: 'hidden' })
    await page.waitForFunction((sel) => (document.querySelector(sel)?.textContent || '').trim() === '1', `${tid('filter-filters')} ~ sup`)
    await card.waitFor()
    await shot(page, 'phone-dispatch-zh.png')
    // the detail: the grid's name, names in the timeline, escalation offered to the dispatcher
    await card.click()
    const drawer = page.locator(tid('event-drawer'))
    await drawer.locator(tid('event-grid')).waitFor()
    assert.match(await drawer.locator(tid('event-grid')).textContent(), new RegExp(gridName))
    const actors = await drawer.locator(tid('timeline-actor')).allTextContents()
    assert.ok(actors.some((a) => a.includes('平沙镇调度员')), 'the dispatcher by name: ' + actors.join(', '))
    assert.ok(!actors.some((a) => a.trim() === 'dispatcher'), 'no username: ' + actors.join(', '))
    await drawer.locator(tid('action-escalate')).waitFor()
    await fitsTheScreen(page, 'event drawer')
    await page.context().close()
  })

  await t.test('the grid worker: no 提级办理, persons as cards with filters in a sheet', async () => {
    const page = await phoneAs('gridworker')
    await page.goto(base + '/events/detail/' + eventId)
    await page.locator(tid('event-actions')).waitFor()
    await page.locator(tid('event-reload')).waitFor()
    assert.equal(await page.locator(tid('action-escalate')).count(), 0, 'the grid worker may not escalate')
    await fitsTheScreen(page, 'event detail')

    await page.goto(base + '/registry/person')
    await page.locator(tid('person-card-' + person.json.id)).waitFor()
    assert.equal(await page.locator('.el-table').count(), 0, 'no table on a phone')
    await fitsTheScreen(page, 'persons')
    await page.locator(tid('person-filters')).click()
    const sheet = page.locator(tid('person-filter-sheet'))
    await sheet.waitFor()
    await sheet.locator(tid('person-filter-residence')).click()
    await page.locator(`${tid('person-filter-residence-floating')}:visible`).click()
    await sheet.locator(tid('person-search-submit')).click()
    await sheet.waitFor({ state: 'hidden' })
    await page.waitForURL(/residence_type=floating/)
    await page.locator(tid('person-card-' + person.json.id)).waitFor({ state: 'detached' })
    await shot(page, 'phone-persons-zh.png')
    await page.context().close()
  })

  await t.test('the handler’s workbench and the territory page fit the screen', async () => {
    const page = await phoneAs('handler')
    await page.waitForURL(/\/events\/task/)
    await page.locator(tid('event-table')).waitFor()
    assert.equal(await page.locator('.el-table').count(), 0, 'no table on a phone')
    await fitsTheScreen(page, 'workbench')
    await page.context().close()

    const admin = await phoneAs('leader')
    await admin.goto(base + '/territory/region')
    await admin.locator(tid('region-detail')).waitFor()
    const box = await admin.locator(tid('region-detail')).boundingBox()
    assert.ok(box && box.width >= PHONE.width - 60, `the detail takes the screen's width, not a strip: ${box && box.width} px`)
    await fitsTheScreen(admin, 'territory')
    await shot(admin, 'phone-territory-zh.png')
    await admin.context().close()
  })

  assert.deepEqual(problems, [], 'no page errors')
})
