// End-to-end test of the Wangge web console (web/dist served by the server).
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test
//
// Without WANGGE_URL the test starts tests/e2e/mock-server.mjs itself on a free
// port (web/dist must be built). CHROMIUM overrides /usr/bin/chromium.
// Screenshots go to tests/e2e/out/.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, launchChromium, prepareOut, collectProblems, shot, dependentSteps } from './lib.mjs'

const TOWN = process.env.WANGGE_E2E_TOWN || '440404104'
const COMMUNITY = process.env.WANGGE_E2E_COMMUNITY || '440404104001'
const WORKER_GRID = process.env.WANGGE_E2E_GRID || '440404104001001'

test('wangge web console', { timeout: 240_000 }, async (t) => {
  let base = process.env.WANGGE_URL
  let adminPassword = process.env.WANGGE_ADMIN_PASSWORD
  let mock = null
  if (!base) {
    const { startMock } = await import('./mock-server.mjs')
    adminPassword = adminPassword || 'Admin@2026!'
    mock = await startMock(0, { adminPassword })
    base = `http://127.0.0.1:${mock.address().port}`
    t.diagnostic(`WANGGE_URL not set: using the mock server at ${base}`)
  }
  assert.ok(adminPassword, 'WANGGE_ADMIN_PASSWORD must be set')
  base = base.replace(/\/+$/, '')
  prepareOut()

  const browser = await launchChromium(chromium)
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const pageErrors = []
  collectProblems(page, pageErrors, { console: false })
  page.on('console', (m) => {
    // 401 from /auth/me before login is expected
    if (m.type() === 'error' && !/status of (401|503)/.test(m.text())) t.diagnostic('browser console: ' + m.text())
  })
  const overlayPaths = () => page.locator('.leaflet-overlay-pane path').count()

  // Each role lands on its own work; the administrator on the territory tree.
  async function login(username, password, landing = /\/territory\/region/) {
    await page.goto(base + '/')
    await page.waitForURL(/\/login/)
    await page.locator(inp('login-username')).fill(username)
    await page.locator(inp('login-password')).fill(password)
    await page.locator(tid('login-submit')).click()
    await page.waitForURL(landing)
    if (landing.test('/territory/region')) await page.locator(tid('region-tree')).waitFor()
  }

  const newUser = 'e2e' + Date.now().toString(36)
  const NEW_USER_PASSWORD = 'E2e-Test#2026'

  // Steps depend on each other: after a failure the rest are skipped, not timed out.
  const step = dependentSteps(t, () => shot(page, 'failure.png'))

  try {
    await step('admin logs in (zh-CN)', async () => {
      await login('admin', adminPassword)
      assert.equal((await page.locator(tid('product-name')).textContent()).trim(), '网格化基层治理平台')
      assert.ok((await page.locator(tid('user-display-name')).textContent()).trim().length > 0)
      assert.match(await page.locator(tid('menu-territory')).textContent(), /区域与网格/)
      assert.match(await page.locator(tid('menu-users')).textContent(), /用户与授权/)
      assert.match(await page.locator(tid('menu-audit')).textContent(), /审计日志/)
    })

    await step('the tree lands on the town, then expands to a community and the map draws grids', async () => {
      // The administrator's root is either the town itself or the province above it; a
      // chain of single-child nodes (province → city → county → town) is expanded on load
      // and its deepest node, the town, is selected with its communities on the map.
      const town = page.locator(tid('tree-node-' + TOWN))
      await town.waitFor()
      await page.locator(tid('detail-code')).filter({ hasText: new RegExp('^' + TOWN + '$') }).waitFor()
      assert.match(await page.locator(tid('detail-level')).textContent(), /镇|街道/)
      assert.equal(await page.locator(tid('region-tree') + ' > .el-tree-node').count(), 1, 'one root')
      await page.waitForFunction(
        () => Number(document.querySelector('[data-testid="region-map"]')?.getAttribute('data-feature-count')) > 0,
      )
      const communities = Number(await page.locator(tid('region-map')).getAttribute('data-feature-count'))
      t.diagnostic(`landed on town ${TOWN}: ${communities} features on the map`)
      await page.waitForTimeout(400) // fitBounds, tag transitions
      await shot(page, 'territory-town-zh.png')
      // the town itself (several children) stays collapsed until clicked
      const townItem = page.locator('.el-tree-node', { has: page.locator(':scope > .el-tree-node__content ' + tid('tree-node-' + TOWN)) })
      assert.notEqual(await townItem.getAttribute('aria-expanded'), 'true', 'town collapsed on load')
      await town.click()
      await page.locator(tid('detail-code')).filter({ hasText: new RegExp('^' + TOWN + '$') }).waitFor()
      const community = page.locator(tid('tree-node-' + COMMUNITY))
      await community.waitFor()
      await community.click()
      await page.locator(tid('detail-code')).filter({ hasText: new RegExp('^' + COMMUNITY + '$') }).waitFor()
      assert.match(await page.locator(tid('detail-level')).textContent(), /社区/)
      // children of the community: its grids appear in the tree and on the map
      await page.locator(`${tid('region-tree')} [data-testid^="tree-node-${COMMUNITY}"]:not(${tid('tree-node-' + COMMUNITY)})`).first().waitFor()
      await page.waitForFunction(
        () => Number(document.querySelector('[data-testid="region-map"]')?.getAttribute('data-feature-count')) > 0,
      )
      await page.waitForFunction(() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0)
      const n = await overlayPaths()
      assert.ok(n > 0, 'grid polygons drawn: ' + n)
      t.diagnostic(`community ${COMMUNITY}: ${n} SVG paths on the map`)
      await page.waitForTimeout(400) // let fitBounds settle for the screenshot
      await shot(page, 'territory-zh.png')
    })

    await step('coverage check shows a summary', async () => {
      const before = await overlayPaths()
      await page.locator(tid('coverage-button')).click()
      const summary = page.locator(tid('coverage-summary'))
      await summary.waitFor()
      const complete = (await page.locator(tid('coverage-complete')).textContent()).trim()
      assert.match(complete, /^(是|否)/)
      assert.match(await page.locator(tid('coverage-area')).textContent(), /m²/)
      assert.match(await page.locator(tid('coverage-covered')).textContent(), /m²/)
      for (const k of ['gaps', 'overlaps', 'outside']) {
        assert.match(await page.locator(tid('coverage-' + k)).textContent(), /^\d+$/)
      }
      await page.locator(tid('coverage-table')).waitFor()
      const pieces =
        Number(await page.locator(tid('coverage-gaps')).textContent()) +
        Number(await page.locator(tid('coverage-overlaps')).textContent()) +
        Number(await page.locator(tid('coverage-outside')).textContent())
      if (pieces > 0) assert.ok((await overlayPaths()) > before, 'coverage pieces drawn on the map')
      t.diagnostic(`coverage: complete=${complete}, ${pieces} piece(s)`)
      await page.waitForTimeout(300)
      await shot(page, 'territory-coverage-zh.png')
    })

    await step('switching to English changes the labels and is remembered', async () => {
      await page.locator(tid('locale-switch-trigger')).click()
      await page.locator(tid('locale-en')).click()
      await page.locator(tid('product-name')).filter({ hasText: 'Grid Governance Platform' }).waitFor()
      assert.match(await page.locator(tid('menu-territory')).textContent(), /Territory/)
      assert.match(await page.locator(tid('menu-users')).textContent(), /Users & roles/)
      assert.match(await page.locator(tid('menu-audit')).textContent(), /Audit log/)
      assert.match(await page.locator(tid('detail-level')).textContent(), /Community/)
      assert.match(await page.locator(tid('coverage-button')).textContent(), /Coverage check/)
      assert.equal(await page.evaluate(() => localStorage.getItem('wangge.locale')), 'en')
      await page.reload()
      await page.locator(tid('product-name')).filter({ hasText: 'Grid Governance Platform' }).waitFor()
      await page.locator(tid('detail-level')).filter({ hasText: /\S/ }).waitFor()
      await page.waitForTimeout(500) // tag transitions
      await shot(page, 'territory-en.png')
    })

    await step('admin creates a user, grants a role, and signs the user out everywhere', async () => {
      await page.locator(tid('menu-users')).click()
      await page.waitForURL(/\/accounts\/user/)
      await page.locator(tid('user-row-admin')).waitFor()
      await page.locator(tid('user-create')).click()
      const dlg = page.locator(tid('user-create-dialog'))
      await dlg.locator(inp('user-form-username')).fill(newUser)
      await dlg.locator(inp('user-form-display-name')).fill('E2E 测试员')
      await dlg.locator(inp('user-form-password')).fill(NEW_USER_PASSWORD)
      await dlg.locator(tid('user-form-submit')).click()
      await page.locator(tid('user-row-' + newUser)).waitFor()

      await page.locator(tid('user-grants-' + newUser)).click()
      const gd = page.locator(tid('grants-dialog'))
      await gd.locator(tid('grant-role')).click()
      await page.locator(tid('role-option-grid_worker')).click()
      await gd.locator(inp('grant-region')).fill(WORKER_GRID)
      await gd.locator(tid('grant-add')).click()
      await gd.locator(tid('grant-table')).filter({ hasText: WORKER_GRID }).waitFor()
      await page.keyboard.press('Escape')
      await gd.waitFor({ state: 'hidden' })
      await page.locator(tid('user-grants-cell-' + newUser) + ' .el-tag').first().waitFor()

      // the new user signs in elsewhere (a phone, say): a bearer token of its own
      const api = (p, init = {}) =>
        fetch(base + '/api/v1' + p, { ...init, headers: { Accept: 'application/json', ...(init.headers || {}) } })
      const loginRes = await api('/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: newUser, password: NEW_USER_PASSWORD }),
      })
      assert.equal(loginRes.status, 200, 'the new user can log in')
      const { token } = await loginRes.json()
      assert.ok(token, 'a bearer token')
      const meWith = (tok) => api('/auth/me', { headers: { Authorization: 'Bearer ' + tok } })
      assert.equal((await meWith(token)).status, 200, 'the token works before')

      // the administrator signs that user out everywhere
      await page.locator(tid('user-more-' + newUser)).click()
      const signout = page.locator(tid('user-signout-' + newUser))
      await signout.waitFor()
      await page.waitForTimeout(300) // dropdown transition
      await shot(page, 'users-more-en.png')
      await signout.click()
      const box = page.locator('.el-message-box')
      await box.waitFor()
      assert.match(await box.textContent(), /E2E 测试员/, 'the dialog names the user')
      await page.waitForTimeout(300) // dialog transition
      await shot(page, 'users-signout-en.png')
      await box.locator('.el-button--primary').click()
      await page.locator('.el-message--success').filter({ hasText: /Ended 1 session\b/ }).waitFor()
      await box.waitFor({ state: 'hidden' })
      assert.equal((await meWith(token)).status, 401, 'the token is dead after')

      // from the server again: search for the new user
      await page.reload()
      await page.locator(inp('user-search')).fill(newUser)
      await page.locator(tid('user-search-submit')).click()
      await page.locator(tid('user-row-' + newUser)).waitFor()
      await page.locator(tid('user-grants-cell-' + newUser) + ' .el-tag').first().waitFor()
      assert.equal(await page.locator(tid('user-table') + ' .el-table__body tr').count(), 1)
      await shot(page, 'users-en.png')
    })

    await step('the audit log shows the login and the user creation', async () => {
      await page.locator(tid('menu-audit')).click()
      await page.waitForURL(/\/audit\/log/)
      const rows = page.locator(tid('audit-table') + ' .el-table__body tr')
      await rows.first().waitFor()
      const texts = await rows.allTextContents()
      assert.ok(texts.some((r) => /login/i.test(r)), 'a login entry')
      assert.ok(
        texts.some((r) => r.includes(newUser) || (/user/i.test(r) && /creat/i.test(r))),
        'a user-creation entry',
      )
      // actions in words, the code beside them (filtered by the action: the demo's registry
      // reads can push the creation off the first page)
      await page.locator(inp('audit-filter-action')).fill('accounts:user:create')
      await page.locator(tid('audit-search')).click()
      await page.locator(tid('audit-action') + '[data-code="accounts:user:create"]').first().waitFor()
      const created = await rows.allTextContents()
      assert.ok(created.length >= 1 && created.every((r) => r.includes('user: create') && r.includes('accounts:user:create')), 'actions in words: ' + created.slice(0, 3))
      await page.waitForTimeout(300) // tag transitions
      await shot(page, 'audit-en.png')
    })

    await step('logout', async () => {
      await page.locator(tid('user-menu-trigger')).click()
      await page.locator(tid('menu-logout')).click()
      await page.waitForURL(/\/login/)
      // the session is gone: protected pages send us back to the login page
      await page.goto(base + '/accounts/user')
      await page.waitForURL(/\/login/)
    })

    await step('gridworker sees only its scope and no admin menus', async () => {
      // the grid worker starts on the 工作台 (home), which counts what waits for them
      await login('gridworker', DEMO_PASSWORD, /\/home/)
      await page.locator(`${tid('page-home')}[data-loaded="true"]`).waitFor()
      await page.goto(base + '/territory/region')
      await page.locator(tid('menu-territory')).waitFor()
      assert.equal(await page.locator(tid('menu-users')).count(), 0)
      assert.equal(await page.locator(tid('menu-audit')).count(), 0)
      await page.locator(tid('tree-node-' + WORKER_GRID)).waitFor()
      assert.equal(await page.locator(tid('region-tree') + ' > .el-tree-node').count(), 1)
      assert.equal(await page.locator(tid('tree-node-' + TOWN)).count(), 0)
      assert.equal(await page.locator(tid('tree-node-' + COMMUNITY)).count(), 0)
      assert.equal(await page.locator(tid('region-create')).count(), 0)
      await page.locator(tid('detail-code')).filter({ hasText: WORKER_GRID }).waitFor()
      await page.goto(base + '/accounts/user')
      await page.locator(tid('page-403')).waitFor()
    })

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page')
  } finally {
    await browser.close()
    if (mock) await new Promise((ok) => mock.close(ok))
  }
})
