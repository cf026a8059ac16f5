// The 工作台 (home page, GET /api/v1/my/work) on a phone against the real server: through the
// API an event in the grid worker's grid is driven to "handled" (reported, accepted,
// dispatched, signed, result reported); the demo grid worker logs in at 390 px and lands on
// the 工作台, whose "to verify" card shows the count the server answers, in a two-column grid
// of cards without horizontal scroll and without the chart or map libraries; a second event
// handled meanwhile raises the count without a reload (the live stream); a tap on the card
// lands on the patrol page's "to verify" tab listing both events.
//
//   WANGGE_URL=http://127.0.0.1:18080 node --test home.test.mjs
//
// The mock server has no events: without WANGGE_URL this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, PHONE, tid, launchChromium, apiClient, serverUrl, prepareOut, screen, logInThroughForm,
  watchedPage, shot } from './lib.mjs'

const WORKER_GRID = process.env.WANGGE_E2E_GRID || '440404104001001'

test('home: the grid worker sees what waits on a phone and taps through to it', { timeout: 180_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.skip('needs WANGGE_URL (the mock has no events)')
    return
  }
  prepareOut()
  const { api, tokenOf } = apiClient(base, DEMO_PASSWORD)

  // An event of the grid worker's grid, driven to "handled": it waits for their verification.
  const deps = await api('/departments?region=' + WORKER_GRID.slice(0, 12), { token: await tokenOf('dispatcher') })
  assert.equal(deps.status, 200)
  const handlerId = (await api('/auth/me', { token: await tokenOf('handler') })).json.id
  const dept = deps.json.items.find((d) => d.members.includes(handlerId))
  assert.ok(dept, "a department of the handler's serves the grid")
  async function step(who, id, action, body = {}) {
    const e = (await api('/events/' + id, { token: await tokenOf('dispatcher') })).json
    const r = await api(`/events/${id}/${action}`, { token: await tokenOf(who), method: 'POST', body: { version: e.version, ...body } })
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.json)}`)
  }
  async function handledEvent(text) {
    const r = await api('/events', {
      token: await tokenOf('dispatcher'),
      method: 'POST',
      body: { source: 'hotline', category: '0301', description: text, grid_code: WORKER_GRID, address: 'e2e 工作台路 1 号' },
    })
    assert.equal(r.status, 201, JSON.stringify(r.json))
    const id = r.json.id
    await step('dispatcher', id, 'accept')
    await step('dispatcher', id, 'dispatch', { department_id: dept.id })
    await step('handler', id, 'sign')
    await step('handler', id, 'report-result', { comment: '已清理' })
    return id
  }
  const first = await handledEvent('e2e 工作台：待核查一')
  const work = await api('/my/work', { token: await tokenOf('gridworker') })
  assert.equal(work.status, 200)
  const verify = work.json.items.find((i) => i.key === 'patrol.verify')
  assert.ok(verify && verify.count >= 1, 'the server counts the handled event')
  const shownCount = (n) => (n > 99 ? 99 : n)

  const browser = await launchChromium(chromium)
  const problems = []
  const scripts = []
  try {
    const { page } = await watchedPage(browser, { problems, options: screen(true) })
    page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()))

    await logInThroughForm(page, base, 'gridworker', DEMO_PASSWORD, { landing: /\/home$/ })
    await page.locator(`${tid('page-home')}[data-loaded="true"]`).waitFor()

    // the card shows the server's count, with its label
    const card = page.locator(tid('home-card-patrol.verify'))
    await page.locator(`${tid('home-card-patrol.verify')}[data-count="${shownCount(verify.count)}"]`).waitFor()
    assert.match(await card.textContent(), /待核查/)
    assert.match(await card.textContent(), new RegExp(verify.count > 99 ? '99\\+' : String(verify.count)))
    for (const key of ['visits.worklist', 'visits.planned', 'mine.progress', 'unread'])
      await page.locator(tid('home-card-' + key)).waitFor()
    assert.equal(await page.locator(tid('home-card-dispatch.reported')).count(), 0, 'no dispatcher queue for a grid worker')

    // phone first: two cards a row, nothing wider than the screen, no charts or map
    const layout = await page.evaluate(() => {
      const cards = [...document.querySelectorAll('[data-testid^="home-card-"]')].map((el) => el.getBoundingClientRect())
      return {
        scroll: document.documentElement.scrollWidth,
        width: document.documentElement.clientWidth,
        lefts: [...new Set(cards.map((r) => Math.round(r.left)))].length,
        rightmost: Math.max(...cards.map((r) => r.right)),
      }
    })
    assert.ok(layout.scroll <= layout.width, `no horizontal scroll (${layout.scroll} > ${layout.width})`)
    assert.equal(layout.lefts, 2, 'two columns of cards')
    assert.ok(layout.rightmost <= PHONE.width, 'the cards fit the screen')
    assert.deepEqual(scripts.filter((u) => /\/assets\/(echarts|leaflet)-/.test(u)), [], 'no chart or map library')
    await shot(page, 'home-gridworker-phone-zh.png')

    // another event handled meanwhile: the count rises without a reload (the live stream)
    const second = await handledEvent('e2e 工作台：待核查二')
    const after = (await api('/my/work', { token: await tokenOf('gridworker') })).json.items.find((i) => i.key === 'patrol.verify')
    await page.locator(`${tid('home-card-patrol.verify')}[data-count="${shownCount(after.count)}"]`).waitFor()

    // a tap on the card: the patrol page's "to verify" tab, listing both events
    await card.tap()
    await page.waitForURL(/\/events\/patrol\?tab=verify/)
    await page.locator(`${tid('patrol-tabs')} .el-segmented__item.is-selected`, { hasText: '待核查' }).waitFor()
    await page.locator(tid('event-card-' + first)).waitFor()
    await page.locator(tid('event-card-' + second)).waitFor()
    await shot(page, 'home-patrol-verify-phone-zh.png')

    // the menu's first entry brings the 工作台 back
    await page.locator(tid('mobile-menu-button')).click()
    const items = page.locator(`${tid('side-menu')} .el-menu-item`)
    assert.equal(await items.first().getAttribute('data-testid'), 'menu-home')
    await items.first().click()
    await page.waitForURL(/\/home$/)
    await page.locator(`${tid('page-home')}[data-loaded="true"]`).waitFor()

    assert.deepEqual(problems, [], 'no uncaught errors or console errors')
  } finally {
    await browser.close()
  }
})
