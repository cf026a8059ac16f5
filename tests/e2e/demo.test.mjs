// End-to-end test of what a newcomer finds in the demo (`serve --demo`, its registry loaded
// by default): the demo grid worker logs in and sees, without creating anything, the
// households, persons (ID numbers masked), visits (done ones and the coverage of the grid)
// and disputes of their own grid; the mediator's ledger has disputes settled and still in
// course, and a settled one opens with its parties and its agreement.
//
//   WANGGE_URL=http://127.0.0.1:18080 node --test demo.test.mjs
//
// The mock server has no demo registry: without WANGGE_URL this test is skipped. It only
// reads, so it passes whatever the other tests added. Screenshots go to tests/e2e/out/demo-*.png.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, launchChromium, serverUrl, prepareOut, signedIn, shot, dependentSteps } from './lib.mjs'

const WORKER_GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
const DESKTOP = { width: 1440, height: 900 }

test('demo: a newcomer finds a registry, visits and disputes', { timeout: 240_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.diagnostic('WANGGE_URL not set: the demo test needs the real server (the mock has no demo registry); skipped')
    t.skip('needs WANGGE_URL')
    return
  }
  prepareOut('demo-failure.png')

  const browser = await launchChromium(chromium)
  const problems = [] // uncaught errors and console errors
  const openAs = (username) =>
    signedIn(browser, base, username, DEMO_PASSWORD, { problems, options: { viewport: DESKTOP } })
  // In-app navigation through the menu: a page.goto() would abort the landing page's
  // requests still in flight, which the service worker answers 503 (offline).
  const go = async (page, menu, url) => {
    await page.locator(tid(menu)).click()
    await page.waitForURL(url)
  }
  let current = null // the page of the step running, for the failure screenshot
  const attrs = (page, selector, attr) => page.locator(selector).evaluateAll((els, a) => els.map((e) => e.getAttribute(a)), attr)

  const step = dependentSteps(t, () => current && shot(current, 'demo-failure.png'))

  let worker = null
  let mediator = null
  try {
    await step("the grid worker's household list has their grid's households, with their members", async () => {
      worker = await openAs('gridworker')
      current = worker.page
      const page = worker.page
      await go(page, 'menu-registry-household', /\/registry\/household$/)
      await page.locator('[data-testid^="household-row-"]').first().waitFor()
      const regions = await attrs(page, '[data-testid^="household-row-"]', 'data-region')
      assert.ok(regions.length >= 10, `households listed: ${regions.length}`)
      assert.ok(regions.every((r) => r && r.startsWith(WORKER_GRID)), 'only the own grid: ' + regions.join(','))
      const members = await page.locator('[data-testid^="household-members-"]').allTextContents()
      assert.ok(members.some((m) => Number(m) >= 2), 'some households have several members: ' + members.join(','))
      await shot(page, 'demo-households-zh.png')
    })

    await step('the persons page lists residents, ID numbers masked', async () => {
      const page = worker.page
      await go(page, 'menu-registry-person', /\/registry\/person$/)
      await page.locator('[data-testid^="person-row-"]').first().waitFor()
      assert.ok((await page.locator('[data-testid^="person-row-"]').count()) >= 10)
      const ids = (await page.locator('[data-testid^="person-id-"]').allTextContents()).map((s) => s.trim())
      assert.ok(ids.length > 0 && ids.every((s) => /^\d{6}\*{8}[\dX]{4}$/.test(s)), 'masked: ' + ids.slice(0, 3).join(','))
      await shot(page, 'demo-persons-zh.png')
    })

    await step('the visits page: visits the grid worker made, and the coverage of the grid', async () => {
      const page = worker.page
      await go(page, 'menu-registry-visit', /\/registry\/visit$/)
      await page.locator(tid('visit-tabs')).waitFor()
      await page.locator('.el-tabs__item', { hasText: '走访记录' }).first().click()
      const rows = `${tid('done-table')} [data-testid^="visit-row-"]`
      await page.locator(rows).first().waitFor()
      const statuses = await attrs(page, rows, 'data-status')
      assert.ok(statuses.length > 0 && statuses.every((s) => s === 'done'), statuses.join(','))
      await page.locator(`${tid('done-table')} [data-testid^="visit-findings-"]`).first().waitFor()
      await shot(page, 'demo-visits-zh.png')
      await page.locator('.el-tabs__item', { hasText: '走访覆盖率' }).first().click()
      const row = page.locator(tid('coverage-row-' + WORKER_GRID))
      await row.waitFor()
      assert.ok(Number(await row.getAttribute('data-households')) >= 10)
      assert.ok(Number(await row.getAttribute('data-visited')) > 0, 'households visited in the period')
    })

    await step("the dispute ledger has the grid's disputes", async () => {
      const page = worker.page
      await go(page, 'menu-disputes-dispute', /\/disputes\/dispute$/)
      await page.locator('[data-testid^="dispute-row-"]').first().waitFor()
      await shot(page, 'demo-disputes-zh.png')
    })

    await step("the mediator's ledger: disputes settled and in course; a settled one with its parties and agreement", async () => {
      mediator = await openAs('mediator')
      current = mediator.page
      const page = mediator.page
      await go(page, 'menu-disputes-dispute', /\/disputes\/dispute$/)
      await page.locator('[data-testid^="dispute-row-"]').first().waitFor()
      const statuses = new Set(await attrs(page, '[data-testid^="dispute-row-"]', 'data-status'))
      assert.ok(statuses.has('settled'), [...statuses].join(','))
      assert.ok(statuses.has('open') || statuses.has('mediating'), [...statuses].join(','))
      await page.locator('[data-testid^="dispute-row-"][data-status="settled"]').first().click()
      await page.waitForURL(/\/disputes\/dispute\/\d+$/)
      await page.locator(tid('dispute-parties')).waitFor()
      assert.ok((await page.locator(`${tid('dispute-parties')} .el-table__body tr`).count()) >= 2, 'two parties or more')
      assert.match((await page.locator('.app-container').first().textContent()) || '', /达成协议/)
      await shot(page, 'demo-dispute-detail-zh.png')
    })

    await step('no uncaught errors or console errors in the pages', async () => {
      assert.deepEqual(problems, [])
    })
  } finally {
    for (const s of [worker, mediator]) if (s) await s.context.close().catch(() => {})
    await browser.close()
  }
})
