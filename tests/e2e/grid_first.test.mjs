// 网格优先 (grid first, docs/EVENTS.md "Grid first") against the real server, with the demo
// accounts: the dispatcher on a wide screen, the resident, the grid chief and the co-building
// unit's contact on 390 px phones (no phone page wider than the screen; no page errors):
//
//  1. The dispatcher turns grid first on for 立新社区 (440404104001) on the 网格优先 page. The
//     resident reports a problem on a phone: it is held at the grid (网格办理中), and the
//     dispatcher's 待受理 queue does not list it (its 网格办理中 tab does). The grid chief opens
//     网格待办 from the 工作台 and solves it on the spot with a photo from the patrol page: closed
//     at grid level; the resident sees it closed, with what was done.
//  2. The resident reports another problem blowing the whistle (吹哨). The grid chief whistles
//     the co-building unit 平沙供电所 from the event's page (网格吹哨); its contact sees it
//     under 共建单位报到 on a phone and reports in; the grid chief sees the report-in on the
//     event, then passes it up to the community from 网格待办. The figures page counts both
//     at the grid; the dispatcher turns grid first off again (other tests expect reports to
//     go straight to the dispatcher; an API call puts it back whatever happens).
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test grid_first.test.mjs
//
// The mock server has no grid first: without WANGGE_URL this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, makePng, launchChromium, apiClient, pointInGrid, serverUrl, prepareOut, screen,
  logInThroughForm, watchedPage, openMenu, fitsTheScreen, shot, settle, dependentSteps } from './lib.mjs'

const GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
const COMMUNITY = GRID.slice(0, 12)
const TOWN = GRID.slice(0, 9)
const UNIT_NAME = '平沙供电所'
const DESK = { width: 1440, height: 900 }

test('grid first: held at the grid, solved on the spot; a whistle from the grid, a unit reports in', { timeout: 420_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.skip('needs WANGGE_URL (the mock has no grid first)')
    return
  }
  prepareOut('gf-failure.png')
  const run = Date.now().toString(36)

  /* ---------- the API, for setting up and checking what the pages did ---------- */
  const client = apiClient(base, DEMO_PASSWORD)
  const { call } = client
  const getEvent = (id, user = 'dispatcher') => call(user, '/events/' + id)
  // grid first off again whatever happens (other tests expect reports at the dispatcher)
  async function turnOff() {
    const s = await call('dispatcher', '/grid-first/' + COMMUNITY)
    if (!s.enabled) return
    await call('dispatcher', '/grid-first/' + COMMUNITY, 'PUT', { enabled: false, version: s.version })
  }
  t.after(() => turnOff().catch(() => {}))

  // a point inside the resident's grid (the phone's "current location")
  const spot = await pointInGrid(client, 'resident', GRID)
  assert.ok(spot, 'a point inside ' + GRID)
  // the demo's co-building unit whose contact is the account unitcontact
  const unit = (await call('gridchief', '/cobuild-units?limit=100')).items.find((u) => u.name === UNIT_NAME)
  assert.ok(unit, UNIT_NAME + ' serves ' + COMMUNITY)

  /* ---------- the browser ---------- */
  const browser = await launchChromium(chromium)
  t.after(() => browser.close())
  const problems = []
  let page = null
  let context = null
  async function session(user, { phone = false } = {}) {
    if (context) await context.close()
    const where = phone ? { geolocation: spot, permissions: ['geolocation'] } : {}
    const options = { timezoneId: 'Asia/Shanghai', ...screen(phone, DESK), ...where }
    const opened = await watchedPage(browser, { problems, who: user, options })
    context = opened.context
    page = opened.page
    await logInThroughForm(page, base, user, DEMO_PASSWORD)
    return page
  }
  const detail = () => page.locator(tid('event-detail'))
  const dialogOf = (action) => page.locator(`.el-dialog${tid('action-dialog')}[data-action="${action}"]`)

  const step = dependentSteps(t, () => page && shot(page, 'gf-failure.png'))

  // the dispatcher's 网格优先 page, the community picked in its settings card
  async function openSetting() {
    await session('dispatcher')
    await openMenu(page, 'menu-event-grid-first')
    await page.waitForURL(/\/events\/grid-first$/)
    await page.locator(`${tid('gf-community')} .el-select__wrapper, ${tid('gf-community')} .el-select`).first().click()
    // the dispatcher's tree starts at the town: open it, pick the community
    const town = page.locator('.el-tree-node__content:visible', { has: page.locator(tid('picker-node-' + TOWN)) })
    await town.locator('.el-tree-node__expand-icon').click()
    await page.locator(`${tid('picker-node-' + COMMUNITY)}:visible`).click()
    await page.locator(`${tid('gf-setting')}[data-community="${COMMUNITY}"][data-enabled]:not([data-enabled=""])`).waitFor()
  }

  // the resident's report in three steps on a phone: no photo, the phone's place, what
  async function residentReports(description, whistle) {
    await session('resident', { phone: true })
    // the report page (a resident lands there, or on the 工作台 with more than a resident's grants)
    if (!/\/events\/report/.test(page.url())) await openMenu(page, 'menu-event-report')
    await page.waitForURL(/\/events\/report/)
    await page.locator(tid('report-next')).click() // no photo
    await page.locator(tid('report-locate')).click()
    await page.locator(`${tid('report-located')}[data-grid="${GRID}"]`).waitFor()
    await page.locator(tid('report-next')).click()
    await page.locator(tid('category-cascader')).click()
    await page.locator(tid('category-option-05')).click()
    await page.locator(tid('category-option-0502')).click()
    await page.locator(inp('report-description')).fill(description)
    if (whistle) {
      await page.locator(tid('report-whistle')).click()
      await page.locator(`${tid('report-whistle')}.is-checked`).waitFor()
    }
    await fitsTheScreen(page, 'the report form')
    await settle(page)
    await shot(page, whistle ? 'gf-report-whistle-phone-zh.png' : 'gf-report-phone-zh.png', true)
    await page.locator(tid('report-submit')).click()
    const done = page.locator(tid('report-done'))
    await done.waitFor()
    await page.locator(tid('report-done-at-grid')).waitFor()
    const id = Number(await done.getAttribute('data-event-id'))
    assert.ok(id > 0, 'the new event')
    const e = await getEvent(id)
    assert.equal(e.status, 'at_grid', 'held at the grid')
    assert.equal(e.grid_code, GRID)
    assert.equal(e.whistle_by, whistle ? 'resident' : '')
    return id
  }

  const first = `路灯不亮 网格优先 e2e-${run}`
  const second = `配电箱门被撬开 吹哨 e2e-${run}`
  let firstId = 0
  let secondId = 0

  try {
    await step('the dispatcher turns grid first on for 立新社区', async () => {
      await openSetting()
      const card = page.locator(tid('gf-setting'))
      if ((await card.getAttribute('data-enabled')) === 'true') {
        // left on by an earlier run: off first, then on again through the page
        await turnOff()
        await openSetting()
      }
      await page.locator(tid('gf-enabled')).click()
      await page.locator(inp('gf-grid-hours')).fill('4')
      await settle(page)
      await shot(page, 'gf-setting-desk-zh.png', true)
      await page.locator(tid('gf-save')).click()
      await page.locator(`${tid('gf-setting')}[data-enabled="true"]`).waitFor()
      await page.locator(tid('gf-setting-state')).filter({ hasText: '已开启' }).waitFor()
      const s = await call('dispatcher', '/grid-first/' + COMMUNITY)
      assert.equal(s.enabled, true)
      assert.equal(s.grid_hours, 4)
      assert.ok(s.version >= 1)
    })

    await step('the resident reports a problem on a phone: held at the grid', async () => {
      firstId = await residentReports(first, false)
      t.diagnostic(`event #${firstId} held at ${GRID}`)
    })

    await step('the dispatcher’s 待受理 queue does not list it; 网格办理中 does', async () => {
      await session('dispatcher')
      await page.waitForURL(/\/events\/dispatch/)
      await page.locator(tid('queue-at_grid')).click()
      const row = page.locator(tid('event-row-' + firstId))
      await row.waitFor()
      assert.equal(await row.getAttribute('data-status'), 'at_grid')
      assert.match(await page.locator('.el-table__row', { has: row }).locator(tid('event-status')).innerText(), /网格办理中/)
      await settle(page)
      await shot(page, 'gf-dispatch-at-grid-zh.png', true)
      const listed = page.waitForResponse((r) => r.url().includes('/api/v1/events?') && r.url().includes('status=reported') && r.ok())
      await page.locator(tid('queue-reported')).click()
      await listed
      await settle(page, 500)
      assert.equal(await page.locator(tid('event-row-' + firstId)).count(), 0, '待受理 does not list it')
      const reported = await call('dispatcher', '/events?status=reported&limit=200')
      assert.ok(!reported.items.some((e) => e.id === firstId), 'nor does the API')
    })

    await step('the grid chief solves it on the spot with a photo from the patrol page (phone)', async () => {
      await session('gridchief', { phone: true })
      await page.waitForURL(/\/home/)
      const card = page.locator(tid('home-card-patrol.at_grid'))
      await card.waitFor()
      assert.ok(Number(await card.getAttribute('data-count')) >= 1, '工作台 counts 网格待办')
      await card.click()
      await page.waitForURL(/\/events\/patrol\?tab=grid/)
      await page.locator(`${tid('event-card-' + firstId)}[data-status="at_grid"]`).waitFor()
      await fitsTheScreen(page, '网格待办')
      await settle(page)
      await shot(page, 'gf-patrol-grid-phone-zh.png', true)
      await page.locator(tid('patrol-solve-' + firstId)).click()
      const dlg = dialogOf('solve')
      await dlg.waitFor()
      await dlg.locator(inp('action-comment')).fill('已更换灯泡，路灯恢复照明')
      // no photo: refused in the form
      await dlg.locator(tid('action-submit')).click()
      await dlg.locator('.el-form-item__error', { hasText: '请上传处置后的现场照片' }).waitFor()
      await dlg.locator(tid('photo-input')).setInputFiles({ name: 'fixed.png', mimeType: 'image/png', buffer: makePng(42, 16) })
      await dlg.locator(`${tid('photo-thumb')}[data-state="done"]`).waitFor()
      await settle(page)
      await shot(page, 'gf-solve-dialog-phone-zh.png', true)
      await dlg.locator(tid('action-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      await page.locator(tid('event-card-' + firstId)).waitFor({ state: 'detached' })
      const e = await getEvent(firstId)
      assert.equal(e.status, 'closed')
      assert.equal(e.solved_level, 'grid')
      assert.equal(e.on_time, true)
      const solve = e.timeline.find((x) => x.action === 'solve')
      assert.ok(solve, 'the timeline has 就地解决')
      assert.equal(solve.photos.length, 1, 'with its photo')
      assert.equal(solve.comment, '已更换灯泡，路灯恢复照明')
    })

    await step('the resident sees it closed, with what was done', async () => {
      await session('resident', { phone: true })
      await openMenu(page, 'menu-event-mine')
      await page.waitForURL(/\/events\/mine/)
      const card = page.locator(`${tid('event-card-' + firstId)}[data-status="closed"]`)
      await card.waitFor()
      await card.click()
      await page.locator(`${tid('event-detail')}[data-event-id="${firstId}"][data-status="closed"]`).waitFor()
      await detail().locator(`${tid('timeline-entry')}[data-action="solve"]`).filter({ hasText: '已更换灯泡' }).waitFor()
      await fitsTheScreen(page, 'the closed event')
      await settle(page)
      await shot(page, 'gf-closed-resident-phone-zh.png', true)
    })

    await step('the resident reports another problem blowing the whistle (吹哨)', async () => {
      secondId = await residentReports(second, true)
      t.diagnostic(`event #${secondId} whistled by the resident`)
    })

    await step('the grid chief whistles 平沙供电所 from the event’s page (phone)', async () => {
      await session('gridchief', { phone: true })
      await page.goto(base + '/events/detail/' + secondId)
      await page.locator(`${tid('event-detail')}[data-status="at_grid"]`).waitFor()
      await detail().locator(`${tid('event-whistle-by')}[data-by="resident"]`).waitFor()
      await detail().locator(`${tid('event-next')}[data-role="grid"]`).waitFor()
      await detail().locator(tid('action-grid-whistle')).click()
      const dlg = dialogOf('grid-whistle')
      await dlg.waitFor()
      await dlg.locator(tid('action-units')).click()
      await page.locator(tid('unit-option-' + unit.id)).click()
      await dlg.locator('.intro').click() // closes the select's dropdown
      await page.locator(tid('unit-option-' + unit.id)).waitFor({ state: 'hidden' })
      await dlg.locator(inp('action-comment')).fill('配电箱门被撬，请供电所到场处置')
      await settle(page)
      await shot(page, 'gf-grid-whistle-dialog-phone-zh.png', true)
      await dlg.locator(tid('action-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      await detail().locator(tid('whistle-reported-unit-' + unit.id)).filter({ hasText: '未报到' }).waitFor()
      await fitsTheScreen(page, 'the whistled event')
      const e = await getEvent(secondId, 'gridchief')
      assert.equal(e.status, 'at_grid', 'a whistle does not move the event')
      assert.equal(e.whistles.length, 1)
      assert.equal(e.whistles[0].unit_id, unit.id)
      assert.equal(e.whistles[0].summoned_as, 'grid')
      assert.equal(e.whistles[0].reported_at, null)
    })

    await step('the unit’s contact sees it under 共建单位报到 on a phone and reports in', async () => {
      await session('unitcontact', { phone: true })
      await openMenu(page, 'menu-event-unit')
      await page.waitForURL(/\/events\/unit$/)
      const card = page.locator(tid('event-card-' + secondId))
      await card.waitFor()
      await fitsTheScreen(page, '共建单位报到')
      await settle(page)
      await shot(page, 'gf-unit-list-phone-zh.png', true)
      await page.locator(tid('unit-report-in-' + secondId)).click()
      const dlg = dialogOf('unit-report-in')
      await dlg.waitFor()
      await dlg.locator(tid('unit-report-event')).filter({ hasText: second }).waitFor()
      await dlg.locator(inp('action-comment')).fill('供电所抢修班已到场，门锁已更换')
      await settle(page)
      await shot(page, 'gf-unit-report-in-phone-zh.png', true)
      await dlg.locator(tid('action-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      await card.waitFor({ state: 'detached' })
      const e = await getEvent(secondId, 'gridchief')
      assert.ok(e.whistles[0].reported_at, 'the unit reported in')
      assert.equal(e.whistles[0].response, '供电所抢修班已到场，门锁已更换')
      const mine = await call('unitcontact', '/events?mine=unit')
      assert.ok(!mine.items.some((x) => x.id === secondId), 'no longer waiting for the unit')
    })

    await step('the grid chief sees the report-in on the event, then passes it up from 网格待办', async () => {
      await session('gridchief', { phone: true })
      await page.goto(base + '/events/detail/' + secondId)
      await page.locator(`${tid('event-detail')}[data-event-id="${secondId}"]`).waitFor()
      await page.waitForFunction(
        (id) => /\d{4}-\d\d-\d\d/.test(document.querySelector(`[data-testid="whistle-reported-unit-${id}"]`)?.textContent || ''),
        unit.id,
      )
      await detail().locator(`${tid('timeline-entry')}[data-action="unit-report-in"]`).filter({ hasText: '供电所抢修班已到场' }).waitFor()
      await detail().locator(tid('whistle-table')).scrollIntoViewIfNeeded()
      await fitsTheScreen(page, 'the event with the report-in')
      await settle(page)
      await shot(page, 'gf-report-in-seen-phone-zh.png', true)
      await page.goto(base + '/events/patrol?tab=grid')
      await page.locator(tid('patrol-pass-up-' + secondId)).click()
      const dlg = dialogOf('pass-up')
      await dlg.waitFor()
      await dlg.locator(inp('action-comment')).fill('需社区协调供电所更换配电箱')
      await dlg.locator(tid('action-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      await page.locator(tid('event-card-' + secondId)).waitFor({ state: 'detached' })
      const e = await getEvent(secondId)
      assert.equal(e.status, 'reported', 'now the dispatcher’s to accept')
    })

    await step('the grid chief records telling a reporter without an account (告知)', async () => {
      // a neighbour's problem the grid chief found and solved on patrol: its reporter has no account
      const e0 = await call('gridchief', '/events', 'POST', {
        source: 'patrol',
        category: '0301',
        description: `楼道杂物堆放 告知 e2e-${run}`,
        lat: spot.latitude,
        lng: spot.longitude,
        reporter_name: '张阿姨',
        self_handled: true,
        result: '已清理楼道杂物',
      })
      assert.equal(e0.status, 'closed')
      await page.goto(base + '/events/detail/' + e0.id)
      await page.locator(`${tid('event-detail')}[data-status="closed"]`).waitFor()
      await detail().locator(tid('action-inform')).click()
      const dlg = dialogOf('inform')
      await dlg.waitFor()
      await dlg.locator(tid('action-inform-method-visit')).click()
      await dlg.locator(inp('action-informer-name')).fill('李邻长')
      await dlg.locator(inp('action-comment')).fill('已上门告知张阿姨楼道已清理')
      await settle(page)
      await shot(page, 'gf-inform-dialog-phone-zh.png', true)
      await dlg.locator(tid('action-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      await detail().locator(`${tid('timeline-entry')}[data-action="inform"]`).filter({ hasText: '李邻长' }).waitFor()
      await detail().locator(tid('action-inform')).waitFor({ state: 'detached' })
      const e = await getEvent(e0.id, 'gridchief')
      const told = e.timeline.find((x) => x.action === 'inform')
      assert.equal(told.detail.method, 'visit')
      assert.equal(told.detail.informer_name, '李邻长')
    })

    await step('the figures count both at the grid; the dispatcher turns grid first off again', async () => {
      await openSetting()
      const row = page.locator(tid('gfstats-row-' + GRID))
      await row.waitFor()
      assert.ok(Number(await row.getAttribute('data-received')) >= 2, 'received at the grid')
      assert.ok(Number(await row.getAttribute('data-solved')) >= 1, 'solved on the spot')
      const stats = await call('dispatcher', `/grid-first-stats?region=${TOWN}`)
      const g = stats.grids.find((x) => x.code === GRID)
      assert.ok(g && g.received >= 2 && g.solved >= 1 && g.passed_up >= 1)
      await settle(page)
      await shot(page, 'gf-page-desk-zh.png', true)
      await page.locator(`${tid('gf-enabled')}.is-checked`).waitFor()
      await page.locator(tid('gf-enabled')).click()
      await page.locator(tid('gf-save')).click()
      await page.locator(`${tid('gf-setting')}[data-enabled="false"]`).waitFor()
      const s = await call('dispatcher', '/grid-first/' + COMMUNITY)
      assert.equal(s.enabled, false, 'grid first is off again')
    })

    await step('no uncaught errors or console errors in the pages', async () => {
      assert.deepEqual(problems, [])
    })
  } finally {
    if (context) await context.close().catch(() => {})
  }
})
