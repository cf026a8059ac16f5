// End-to-end test of the administrator's pages of the events module and Open311 against
// the real server: event categories (a deadline edited, after a stale-version conflict),
// departments (created on a community, a handler set, renamed and deactivated) and the
// API keys of Open311 clients (issued and shown once, copied, revoked). Each step checks
// what the server then answers.
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test admin.test.mjs
//
// The mock server has none of these APIs: without WANGGE_URL this test is skipped.
// CHROMIUM overrides /usr/bin/chromium. Screenshots go to tests/e2e/out/admin-*.png.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, launchChromium, apiClient, serverUrl, prepareOut, collectProblems, logInThroughForm,
  shot, settle, visible, confirmBox, setNumber, dependentSteps } from './lib.mjs'

// a category the events test does not use (it reports in 0502, 0303 and 0301)
const CATEGORY = process.env.WANGGE_E2E_ADMIN_CATEGORY || '0902'
// a community that does not contain the events test's grid: the new department must not
// become one of the departments serving it
const DEPT_REGION = process.env.WANGGE_E2E_ADMIN_COMMUNITY || '440404104002'
const HANDLER = 'handler'
const DESKTOP = { width: 1440, height: 900 }

test('administration: categories, departments, Open311 API keys', { timeout: 300_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.diagnostic('WANGGE_URL not set: the admin test needs the real server (the mock has no categories, departments or API keys); skipped')
    t.skip('needs WANGGE_URL')
    return
  }
  const adminPassword = process.env.WANGGE_ADMIN_PASSWORD
  assert.ok(adminPassword, 'WANGGE_ADMIN_PASSWORD must be set')
  prepareOut('admin-failure.png')
  const run = Date.now().toString(36)

  /* ---------- the API, for setup and for checking what the pages did ---------- */
  const { api, logIn } = apiClient(base)
  async function login(username, password) {
    const r = await logIn(username, password)
    assert.equal(r.status, 200, `${username} logs in through the API`)
    return r.json
  }
  const admin = (await login('admin', adminPassword)).token
  const handlerId = Number((await login(HANDLER, DEMO_PASSWORD)).user.id)
  const category = async () => {
    const r = await api('/event-categories', { token: admin })
    assert.equal(r.status, 200, 'GET /event-categories')
    const c = r.json.items.find((x) => x.code === CATEGORY)
    assert.ok(c, 'the category ' + CATEGORY)
    return c
  }
  const region = await api('/regions/' + DEPT_REGION, { token: admin })
  assert.equal(region.status, 200, 'the community ' + DEPT_REGION)
  const original = await category()
  assert.ok(original.parent_code, CATEGORY + ' is a subcategory')

  /* ---------- the browser ---------- */
  const browser = await launchChromium(chromium)
  const context = await browser.newContext({ locale: 'zh-CN', viewport: DESKTOP })
  // the copy button of the new API key writes to the clipboard; the test reads it back
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const problems = [] // uncaught errors and unexpected console errors
  let conflictExpected = false
  collectProblems(page, problems, { ignore: (text) => conflictExpected && /status of 409/.test(text) })

  const step = dependentSteps(t, () => shot(page, 'admin-failure.png'))

  try {
    await step('admin sees the three pages in the menu', async () => {
      await logInThroughForm(page, base, 'admin', adminPassword)
      assert.match(await page.locator(tid('menu-event-category')).textContent(), /事件类别/)
      assert.match(await page.locator(tid('menu-event-department')).textContent(), /职能部门/)
      assert.match(await page.locator(tid('menu-api-keys')).textContent(), /开放接口密钥/)
    })

    await step('edits a category deadline: a stale version is refused, reloaded and said; then saved', async () => {
      await page.locator(tid('menu-event-category')).click()
      await page.waitForURL(/\/events\/category/)
      const row = page.locator(tid('category-row-' + CATEGORY))
      await row.waitFor()
      assert.equal(Number(await row.getAttribute('data-version')), original.version)
      assert.equal((await page.locator(tid('category-handle-normal-' + CATEGORY)).textContent()).trim(), String(original.handle_days.normal))
      await settle(page)
      await shot(page, 'admin-categories-zh.png')

      const newNormal = original.handle_days.normal === 7 ? 8 : 7
      const newAccept = original.accept_hours === 6 ? 5 : 6
      const dlg = page.locator(`.el-dialog${tid('category-dialog')}`)

      // someone else saves the category while the dialog is open: 409, reload, message
      await page.locator(tid('category-edit-' + CATEGORY)).click()
      await dlg.waitFor()
      assert.equal(await dlg.locator(inp('category-form-code')).inputValue(), CATEGORY)
      const meanwhile = await api('/event-categories/' + CATEGORY, {
        token: admin,
        method: 'PUT',
        body: {
          name_zh: original.name_zh,
          name_en: original.name_en,
          parent_code: original.parent_code,
          verify_days: original.verify_days === 2 ? 3 : 2,
          version: original.version,
        },
      })
      assert.equal(meanwhile.status, 200, 'another edit meanwhile')
      const v2 = meanwhile.json.version
      assert.equal(v2, original.version + 1)
      await setNumber(dlg, 'category-form-handle-normal', newNormal)
      conflictExpected = true
      await dlg.locator(tid('category-form-submit')).click()
      await page.locator('.el-message--warning').filter({ hasText: /已重新加载/ }).waitFor()
      await dlg.waitFor({ state: 'hidden' })
      await page.locator(`${tid('category-row-' + CATEGORY)}[data-version="${v2}"]`).waitFor()
      conflictExpected = false
      assert.equal((await page.locator(tid('category-verify-' + CATEGORY)).textContent()).trim(), String(meanwhile.json.verify_days))
      assert.equal((await category()).handle_days.normal, original.handle_days.normal, 'the stale edit changed nothing')
      await settle(page)
      await shot(page, 'admin-category-stale-zh.png')

      // again, on the fresh version: the form refuses what the server would refuse first
      await page.locator(tid('category-edit-' + CATEGORY)).click()
      await dlg.waitFor()
      await dlg.locator(inp('category-form-name-zh')).fill('')
      await dlg.locator(tid('category-form-submit')).click()
      await dlg.locator('.el-form-item.is-error').first().waitFor()
      await dlg.locator(inp('category-form-name-zh')).fill(original.name_zh)
      await setNumber(dlg, 'category-form-handle-normal', newNormal)
      await setNumber(dlg, 'category-form-accept-hours', newAccept)
      await settle(page)
      await shot(page, 'admin-category-edit-zh.png')
      await dlg.locator(tid('category-form-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      await page.locator(`${tid('category-row-' + CATEGORY)}[data-version="${v2 + 1}"]`).waitFor()
      assert.equal((await page.locator(tid('category-handle-normal-' + CATEGORY)).textContent()).trim(), String(newNormal))
      assert.equal((await page.locator(tid('category-accept-' + CATEGORY)).textContent()).trim(), String(newAccept))

      const c = await category()
      assert.equal(c.version, v2 + 1)
      assert.equal(c.handle_days.normal, newNormal)
      assert.equal(c.accept_hours, newAccept)
      assert.equal(c.handle_days.urgent, original.handle_days.urgent, 'the other deadlines unchanged')
      assert.equal(c.verify_days, meanwhile.json.verify_days, 'the other edit kept')
      assert.equal(c.parent_code, original.parent_code, 'still a subcategory')
      assert.equal(c.name_zh, original.name_zh)
      assert.equal(c.department_kind, original.department_kind)
      assert.equal(c.active, true)
    })

    let deptId = 0
    const deptName = `e2e 市场监管所 ${run}`
    await step('creates a department on a community and sets its handler', async () => {
      await page.locator(tid('menu-event-department')).click()
      await page.waitForURL(/\/events\/department/)
      await page.locator(tid('department-table')).waitFor()
      await page.locator(tid('department-create')).click()
      const dlg = page.locator(`.el-dialog${tid('department-create-dialog')}`)
      await dlg.waitFor()
      await dlg.locator(inp('department-form-region')).fill(DEPT_REGION)
      await dlg.locator(tid('department-form-kind')).click()
      await visible(page, 'kind-option-market').click()
      await dlg.locator(inp('department-form-name')).fill(deptName)
      await dlg.locator(tid('department-form-submit')).click()
      await dlg.waitFor({ state: 'hidden' })

      const listed = await api('/departments?region=' + DEPT_REGION, { token: admin })
      assert.equal(listed.status, 200)
      const d = listed.json.items.find((x) => x.name === deptName)
      assert.ok(d, 'the server has the new department')
      deptId = d.id
      assert.equal(d.region_code, DEPT_REGION)
      assert.equal(d.kind, 'market')
      assert.equal(d.active, true)
      assert.deepEqual(d.members, [])
      await page.locator(`${tid('department-row-' + deptId)}[data-active="1"]`).waitFor()

      // the filter by territory node: departments serving the community, then only its own
      await page.locator(inp('department-filter-region')).fill(DEPT_REGION)
      await page.locator(tid('department-search')).click()
      await page.locator(tid('department-filter-exact')).waitFor()
      await page.waitForFunction(
        ({ n }) => document.querySelectorAll('[data-testid^="department-row-"]').length === n,
        { n: listed.json.items.length },
      )
      await page.locator(tid('department-filter-exact')).click()
      await page.waitForFunction(
        ({ n }) => document.querySelectorAll('[data-testid^="department-row-"]').length === n,
        { n: listed.json.items.filter((x) => x.region_code === DEPT_REGION).length },
      )
      await page.locator(tid('department-row-' + deptId)).waitFor()

      // the handler accounts: search, pick, save
      await page.locator(tid('department-members-edit-' + deptId)).click()
      const mdlg = page.locator(`.el-dialog${tid('department-members-dialog')}`)
      await mdlg.waitFor()
      await mdlg.locator(tid('department-member-select')).click()
      await mdlg.locator(`${tid('department-member-select')} input`).fill(HANDLER)
      await visible(page, 'member-option-' + HANDLER).click()
      await mdlg.locator('.members-intro').click() // closes the select's dropdown
      await mdlg.locator(tid('member-remove-' + handlerId)).waitFor()
      await settle(page)
      await shot(page, 'admin-department-members-zh.png')
      await mdlg.locator(tid('department-members-submit')).click()
      await mdlg.waitFor({ state: 'hidden' })
      await page.locator(tid(`department-member-${deptId}-${handlerId}`)).waitFor()
      assert.match(await page.locator(tid(`department-member-${deptId}-${handlerId}`)).textContent(), new RegExp(HANDLER))

      const after = (await api('/departments?region=' + DEPT_REGION, { token: admin })).json.items.find((x) => x.id === deptId)
      assert.deepEqual(after.members, [handlerId], 'the server has the handler as the only member')
      await settle(page)
      await shot(page, 'admin-departments-zh.png')
    })

    await step('renames and deactivates the department', async () => {
      const before = (await api('/departments?region=' + DEPT_REGION, { token: admin })).json.items.find((x) => x.id === deptId)
      await page.locator(tid('department-edit-' + deptId)).click()
      const dlg = page.locator(`.el-dialog${tid('department-edit-dialog')}`)
      await dlg.waitFor()
      await dlg.locator(inp('department-edit-name')).fill(deptName + ' 已撤并')
      await dlg.locator(`${tid('department-edit-active')} .el-switch__core`).click()
      await dlg.locator(tid('department-edit-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      await page.locator(`${tid('department-row-' + deptId)}[data-active="0"]`).waitFor()
      const d = (await api('/departments?region=' + DEPT_REGION, { token: admin })).json.items.find((x) => x.id === deptId)
      assert.equal(d.name, deptName + ' 已撤并')
      assert.equal(d.active, false)
      assert.equal(d.version, before.version + 1)
      assert.deepEqual(d.members, [handlerId], 'members kept')
    })

    await step('issues an API key, shown once with a copy button, and revokes it', async () => {
      await page.locator(tid('menu-api-keys')).click()
      await page.waitForURL(/\/open311\/apikey/)
      await page.locator(tid('apikey-table')).waitFor()
      const name = `e2e 12345 热线 ${run}`
      await page.locator(tid('apikey-create')).click()
      const dlg = page.locator(`.el-dialog${tid('apikey-create-dialog')}`)
      await dlg.waitFor()
      await dlg.locator(inp('apikey-form-name')).fill(name)
      await dlg.locator(tid('apikey-form-submit')).click()
      await dlg.waitFor({ state: 'hidden' })

      const issued = page.locator(`.el-dialog${tid('apikey-issued-dialog')}`)
      await issued.waitFor()
      const key = await issued.locator(inp('apikey-issued-key')).inputValue()
      assert.ok(key.length >= 20, 'the new key is shown')
      assert.match(await issued.textContent(), /只显示这一次/)
      await issued.locator(tid('apikey-copy')).click()
      await issued.locator(tid('apikey-copy')).filter({ hasText: '已复制' }).waitFor()
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key, 'the key is on the clipboard')
      await settle(page)
      await shot(page, 'admin-apikey-issued-zh.png')

      const keys = await api('/api-keys', { token: admin })
      assert.equal(keys.status, 200)
      const k = keys.json.items.find((x) => x.name === name)
      assert.ok(k, 'the server lists the new key')
      assert.equal(k.revoked_at, null)
      assert.ok(!JSON.stringify(keys.json).includes(key), 'the list never holds the key itself')
      const ok = await api('/open311/v2/requests.json?api_key=' + encodeURIComponent(key), { raw: true })
      assert.equal(ok.status, 200, 'an Open311 client may use the key')

      await issued.locator(tid('apikey-issued-close')).click()
      await issued.waitFor({ state: 'hidden' })
      await page.locator(`${tid('apikey-row-' + k.id)}[data-revoked="0"]`).waitFor()
      assert.ok(!(await page.content()).includes(key), 'the key is not shown again')

      await page.locator(tid('apikey-revoke-' + k.id)).click()
      await confirmBox(page)
      await page.locator(`${tid('apikey-row-' + k.id)}[data-revoked="1"]`).waitFor()
      assert.equal(await page.locator(tid('apikey-revoke-' + k.id)).count(), 0, 'no revoke button on a revoked key')
      await settle(page)
      await shot(page, 'admin-apikeys-zh.png')

      const after = (await api('/api-keys', { token: admin })).json.items.find((x) => x.id === k.id)
      assert.ok(after.revoked_at, 'the server has it revoked')
      const refused = await api('/open311/v2/requests.json?api_key=' + encodeURIComponent(key), { raw: true })
      assert.equal(refused.status, 403, 'the revoked key is refused')
    })

    await step('the pages in English', async () => {
      await page.locator(tid('locale-switch-trigger')).click()
      await page.locator(tid('locale-en')).click()
      await page.locator(tid('menu-api-keys')).filter({ hasText: 'Open311 API keys' }).waitFor()
      assert.match(await page.locator(tid('apikey-create')).textContent(), /New key/)
      await settle(page)
      await shot(page, 'admin-apikeys-en.png')
      await page.locator(tid('menu-event-category')).click()
      await page.locator(tid('category-row-' + CATEGORY)).filter({ hasText: original.name_en }).waitFor()
      assert.match(await page.locator(tid('category-table')).textContent(), /Working days/)
      await settle(page)
      await shot(page, 'admin-categories-en.png')
      await page.locator(tid('menu-event-department')).click()
      await page.locator(tid('department-row-' + deptId)).waitFor()
      assert.match(await page.locator(tid('department-create')).textContent(), /New department/)
      await settle(page)
      await shot(page, 'admin-departments-en.png')
    })

    await step('no uncaught errors or console errors in the pages', async () => {
      assert.deepEqual(problems, [])
    })
  } finally {
    // the category back as it was (the demo's deadlines), whatever happened above
    const now = await category().catch(() => null)
    if (now) {
      const { code, version, ...rest } = original
      void code
      await api('/event-categories/' + CATEGORY, {
        token: admin,
        method: 'PUT',
        body: { ...rest, version: now.version },
      }).catch(() => {})
    }
    await context.close().catch(() => {})
    await browser.close()
  }
})
