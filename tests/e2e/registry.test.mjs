// End-to-end test of the registry pages (一户一档) against the real server: a grid worker
// creates a household in their grid, registers a member with an ID number and a phone (an
// invalid ID number first: the server's field error shows under the field), sees them
// masked in the household file, tags them and finds them by that tag, registers a second
// person at the grid, moves them in and out (former members with date and reason), meets a
// stale version editing the household, adds a building and a business (an invalid credit
// code first); the grid chief unmasks the ID number with a reason; a household of the
// neighbouring grid stays out of the grid worker's list and its file answers 403.
//
//   WANGGE_URL=http://127.0.0.1:18080 node --test registry.test.mjs
//
// The mock server has no registry: without WANGGE_URL this test is skipped. Each run uses
// fresh data (random birth dates and sequence numbers in the ID numbers, names and credit
// codes with the run's id), so reruns against the same server pass.
// CHROMIUM overrides /usr/bin/chromium. Screenshots go to tests/e2e/out/registry-*.png.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { OUT, DEMO_PASSWORD, tid, inp, rnd, pad, newIdNumber, launchChromium, apiClient, serverUrl, prepareOut,
  statusIn, signedIn, shot, settle, visible, text, dependentSteps } from './lib.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const WORKER_GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
// the grid next to the worker's, in the same community (the grid chief's)
const OTHER_GRID = process.env.WANGGE_E2E_OTHER_GRID || '440404104001002'
const DESKTOP = { width: 1440, height: 900 }


/* ---------- test data: valid identity numbers and credit codes, made here ---------- */
/** GB 32100: 17 characters and a check character (weights 3^i mod 31). */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
function newCreditCode() {
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
  let body = '91440404MA'
  while (body.length < 17) body += CREDIT_CHARS[rnd(CREDIT_CHARS.length)]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(body[i]) * w[i]
  return body + CREDIT_CHARS[(31 - (sum % 31)) % 31]
}

test('registry: the household file, persons, tags, unmask, scope', { timeout: 360_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.diagnostic('WANGGE_URL not set: the registry test needs the real server (the mock has no registry); skipped')
    t.skip('needs WANGGE_URL')
    return
  }
  prepareOut('registry-failure.png')
  const run = Date.now().toString(36)

  /* ---------- the API, for setup and for checking what the pages did ---------- */
  const { api, tokenOf } = apiClient(base, DEMO_PASSWORD)
  const household = async (id, user = 'gridworker') => {
    const r = await api('/households/' + id, { token: await tokenOf(user) })
    assert.equal(r.status, 200, 'GET /households/' + id)
    return r.json
  }

  const idNumber = newIdNumber()
  const phone = `138${pad(rnd(10000), 4)}5678`
  const badId = idNumber.slice(0, 17) + '10X98765432'.split('').find((c) => c !== idNumber[17])
  const maskedId = idNumber.slice(0, 6) + '********' + idNumber.slice(14)
  const headName = `e2e户主${run}`
  const tenantName = `e2e租客${run}`
  const address = `e2e 立新路 ${run} 号`
  t.diagnostic(`ID number ${idNumber}, phone ${phone}`)

  /* ---------- the browser: one context per account ---------- */
  const browser = await launchChromium(chromium)
  const problems = [] // uncaught errors and unexpected console errors
  const expected = new Set() // HTTP statuses a step provokes on purpose (422, 409, 403)
  const openAs = (username) =>
    signedIn(browser, base, username, DEMO_PASSWORD, {
      problems,
      ignore: statusIn(expected),
      options: { viewport: DESKTOP },
    })
  let current = null // the page of the step running, for the failure screenshot

  const step = dependentSteps(t, () => current && shot(current, 'registry-failure.png'))

  let worker = null
  let chief = null
  let householdId = 0
  let headId = 0
  let tenantId = 0
  try {
    await step('the grid worker has the registry pages in the menu', async () => {
      worker = await openAs('gridworker')
      current = worker.page
      const page = worker.page
      assert.match(await text(page.locator(tid('menu-registry-household'))), /住户档案/)
      assert.match(await text(page.locator(tid('menu-registry-person'))), /人员/)
      assert.match(await text(page.locator(tid('menu-registry-building'))), /楼栋/)
      assert.match(await text(page.locator(tid('menu-registry-business'))), /商户/)
    })

    await step('creates a household in the grid and lands on its file', async () => {
      const page = worker.page
      await page.locator(tid('menu-registry-household')).click()
      await page.waitForURL(/\/registry\/household$/)
      await page.locator(tid('household-table')).waitFor()
      await page.locator(tid('household-create')).click()
      const dlg = page.locator(`.el-dialog${tid('household-create-dialog')}`)
      await dlg.waitFor()
      // the worker's only grid is offered as the place
      assert.equal(await dlg.locator(tid('household-form-region')).getAttribute('data-code'), WORKER_GRID)
      await dlg.locator(inp('household-form-address')).fill(address)
      await dlg.locator(inp('household-form-room')).fill('3-502')
      await dlg.locator(tid('housing-option-owned')).click()
      await settle(page)
      await shot(page, 'registry-household-create-zh.png')
      await dlg.locator(tid('household-form-submit')).click()
      await page.waitForURL(/\/registry\/household\/\d+$/)
      householdId = Number(/\/(\d+)$/.exec(new URL(page.url()).pathname)[1])
      await page.locator(`${tid('household-file')}[data-household-id="${householdId}"]`).waitFor()
      assert.match(await text(page.locator(tid('household-address'))), new RegExp(address))
      const h = await household(householdId)
      assert.equal(h.region_code, WORKER_GRID)
      assert.equal(h.address, address)
      assert.equal(h.room, '3-502')
      assert.equal(h.housing_type, 'owned')
      assert.deepEqual(h.members, [])
    })

    await step('an invalid ID number shows the server field error; a valid one registers the head, masked', async () => {
      const page = worker.page
      await page.locator(tid('household-add-person')).click()
      const dlg = page.locator(`.el-dialog${tid('person-form-dialog')}`)
      await dlg.waitFor()
      await dlg.locator(inp('person-form-name')).fill(headName)
      await dlg.locator(inp('person-form-id-number')).fill(badId)
      await dlg.locator(inp('person-form-phone')).fill(phone)
      await dlg.locator(tid('person-form-relation')).click()
      await visible(page, 'relation-option-head').click()
      expected.add(422)
      await dlg.locator(tid('person-form-submit')).click()
      const err = dlg.locator('.el-form-item.is-error').filter({ has: page.locator(inp('person-form-id-number')) })
      await err.locator('.el-form-item__error').filter({ hasText: /校验位/ }).waitFor()
      expected.delete(422)
      await settle(page)
      await shot(page, 'registry-person-invalid-id-zh.png')
      assert.equal((await household(householdId)).members.length, 0, 'nobody registered with the invalid number')

      // the right number: gender and birth date follow from it
      await dlg.locator(inp('person-form-id-number')).fill(idNumber)
      const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`
      assert.equal(await dlg.locator(inp('person-form-birth-date')).inputValue(), birth)
      await dlg.locator(tid('person-form-submit')).click()
      await dlg.waitFor({ state: 'hidden' })

      const h = await household(householdId)
      assert.equal(h.members.length, 1)
      const m = h.members[0]
      headId = m.person.id
      assert.equal(m.person.name, headName)
      assert.equal(m.relation, 'head')
      assert.equal(h.head_id, headId)
      assert.equal(m.person.id_number, maskedId)
      assert.equal(m.person.phone, '138****5678')
      assert.equal(m.person.birth_date, birth)

      // the file shows the member masked, with the head's mark and the age
      await page.locator(tid('member-' + headId)).waitFor()
      assert.equal(await text(page.locator(tid('member-id-' + headId))), maskedId)
      assert.match(maskedId, /^440404\*{8}[0-9X]{4}$/)
      assert.equal(await text(page.locator(tid('member-phone-' + headId))), '138****5678')
      await page.locator(tid('member-head-' + headId)).waitFor()
      assert.match(await text(page.locator(tid('household-head'))), new RegExp(headName))
      assert.ok(!(await page.content()).includes(idNumber), 'the full number is nowhere in the page')
    })

    await step('tags the member in the drawer (no unmask button for a grid worker)', async () => {
      const page = worker.page
      await page.locator(tid('member-' + headId)).click()
      const drawer = page.locator(tid('person-drawer'))
      await drawer.locator(`${tid('person-detail')}[data-person-id="${headId}"]`).waitFor()
      assert.equal(await text(drawer.locator(tid('person-id-number'))), maskedId)
      assert.equal(await drawer.locator(tid('person-unmask')).count(), 0, 'grid workers may not unmask')
      await drawer.locator(tid('tag-form-tag')).click()
      await visible(page, 'tag-option-low_income').click()
      await drawer.locator(inp('tag-form-note')).fill('e2e ' + run)
      await drawer.locator(tid('tag-form-submit')).click()
      await drawer.locator(`${tid('person-tags')} ${tid('tag-chip-low_income')}`).waitFor()
      await drawer.locator(`${tid('tag-history')} .el-table__row`).first().waitFor()
      await settle(page)
      await shot(page, 'registry-person-drawer-zh.png')
      const p = await api('/persons/' + headId, { token: await tokenOf('gridworker') })
      assert.deepEqual(p.json.tags.map((x) => x.tag), ['low_income'])
      assert.equal(p.json.tag_history.length, 1)
      // closing the drawer: the file shows the chip and the household's tag count
      await page.keyboard.press('Escape')
      await drawer.locator('.el-drawer').waitFor({ state: 'hidden' })
      await page.locator(`${tid('member-tags-' + headId)} ${tid('tag-chip-low_income')}`).waitFor()
      assert.match(await text(page.locator(tid('household-tag-low_income'))), /× 1/)
    })

    await step('finds the person by that tag, and by the exact ID number', async () => {
      const page = worker.page
      await page.locator(tid('menu-registry-person')).click()
      await page.waitForURL(/\/registry\/person/)
      await page.locator(tid('person-table')).waitFor()
      await page.locator(tid('person-filter-tag')).click()
      await visible(page, 'person-filter-tag-low_income').click()
      await page.waitForURL(/tag=low_income/)
      await page.locator(tid('person-row-' + headId)).waitFor()
      // the household by its address and room, not its number
      await page.locator(tid('person-household-' + headId), { hasText: address }).waitFor()
      assert.match(await page.locator(tid('person-household-' + headId)).textContent(), /3-502/)
      // every row carries the tag
      const rows = await page.locator('[data-testid^="person-tags-"]').count()
      assert.ok(rows >= 1)
      assert.equal(await page.locator(`[data-testid^="person-tags-"] ${tid('tag-chip-low_income')}`).count(), rows)
      assert.equal(await text(page.locator(tid('person-id-' + headId))), maskedId)
      await settle(page)
      await shot(page, 'registry-persons-tag-zh.png')

      // an exact ID number finds exactly that person
      await page.locator(tid('person-reset')).click()
      await page.locator(inp('person-search')).fill(idNumber)
      await page.locator(tid('person-search-submit')).click()
      await page.waitForFunction(
        ({ id }) => {
          const rows = document.querySelectorAll('[data-testid^="person-row-"]')
          return rows.length === 1 && rows[0].getAttribute('data-testid') === 'person-row-' + id
        },
        { id: headId },
      )
      const listed = await api('/persons?tag=low_income&limit=200', { token: await tokenOf('gridworker') })
      assert.ok(listed.json.items.some((x) => x.id === headId), 'the server lists the person under the tag')
    })

    await step('registers a person at the grid, moves them into the household, then out', async () => {
      const page = worker.page
      await page.locator(tid('person-create')).click()
      const dlg = page.locator(`.el-dialog${tid('person-form-dialog')}`)
      await dlg.waitFor()
      await dlg.locator(inp('person-form-name')).fill(tenantName)
      await dlg.locator(tid('person-form-gender-female')).click()
      await dlg.locator(inp('person-form-birth-date')).fill('1992-05-06')
      await dlg.locator(inp('person-form-birth-date')).press('Enter')
      await dlg.locator(tid('person-form-residence')).click()
      await visible(page, 'residence-option-floating').click()
      assert.equal(await dlg.locator(tid('person-form-region')).getAttribute('data-code'), WORKER_GRID)
      await dlg.locator(tid('person-form-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      const found = await api('/persons?q=' + encodeURIComponent(tenantName), { token: await tokenOf('gridworker') })
      assert.equal(found.json.items.length, 1)
      tenantId = found.json.items[0].id
      assert.equal(found.json.items[0].residence_type, 'floating')
      assert.equal(found.json.items[0].household_id, null)
      // the new person's drawer opens
      await page.locator(`${tid('person-detail')}[data-person-id="${tenantId}"]`).waitFor()
      await page.keyboard.press('Escape')

      // move in, found by name
      await page.goto(base + '/registry/household/' + householdId)
      await page.locator(tid('member-' + headId)).waitFor()
      await page.locator(tid('household-move-in')).click()
      const mdlg = page.locator(`.el-dialog${tid('move-in-dialog')}`)
      await mdlg.waitFor()
      await mdlg.locator(tid('move-in-person')).click()
      await mdlg.locator(`${tid('move-in-person')} input`).fill(tenantName)
      await visible(page, 'person-option-' + tenantId).click()
      await mdlg.locator(tid('move-in-relation')).click()
      await visible(page, 'move-in-relation-tenant').click()
      await mdlg.locator(tid('move-in-submit')).click()
      await mdlg.waitFor({ state: 'hidden' })
      await page.locator(tid('member-' + tenantId)).waitFor()
      assert.equal(await text(page.locator(tid('member-relation-' + tenantId))), '租客')

      // move out with a reason and a date
      const outDate = (await household(householdId)).members.find((m) => m.person.id === tenantId).moved_in_on
      await page.locator(tid('member-move-out-' + tenantId)).click()
      const odlg = page.locator(`.el-dialog${tid('move-out-dialog')}`)
      await odlg.waitFor()
      await odlg.locator(inp('move-out-reason')).fill('回老家 ' + run)
      await odlg.locator(tid('move-out-submit')).click()
      await odlg.waitFor({ state: 'hidden' })
      await page.locator(tid('former-' + tenantId)).waitFor()
      assert.equal(await page.locator(tid('member-' + tenantId)).count(), 0)
      const h = await household(householdId)
      const former = h.former_members.find((m) => m.person.id === tenantId)
      assert.ok(former, 'a former member on the server')
      assert.equal(former.out_reason, '回老家 ' + run)
      assert.equal(former.moved_out_on, outDate)
      assert.equal(await text(page.locator(tid('former-reason-' + former.membership_id))), '回老家 ' + run)
      assert.equal(await text(page.locator(tid('former-out-' + former.membership_id))), outDate)
      await settle(page)
      await shot(page, 'registry-household-file-zh.png')
    })

    await step('editing the household after someone else did: 409, reloaded and said', async () => {
      const page = worker.page
      const before = await household(householdId)
      await page.locator(tid('household-edit')).click()
      const dlg = page.locator(`.el-dialog${tid('household-edit-dialog')}`)
      await dlg.waitFor()
      const meanwhile = await api('/households/' + householdId, {
        token: await tokenOf('gridworker'),
        method: 'PATCH',
        body: { address: address + ' 东', version: before.version },
      })
      assert.equal(meanwhile.status, 200, 'another edit meanwhile')
      await dlg.locator(inp('household-edit-room')).fill('3-503')
      expected.add(409)
      await dlg.locator(tid('household-edit-submit')).click()
      await page.locator('.el-message--warning').filter({ hasText: /已被他人修改/ }).waitFor()
      await dlg.waitFor({ state: 'hidden' })
      await page.locator(`${tid('household-file')}[data-version="${meanwhile.json.version}"]`).waitFor()
      expected.delete(409)
      assert.match(await text(page.locator(tid('household-address'))), new RegExp(address + ' 东'))
      assert.equal((await household(householdId)).room, '3-502', 'the stale edit changed nothing')
      // again, on the fresh version
      await page.locator(tid('household-edit')).click()
      await dlg.waitFor()
      await dlg.locator(inp('household-edit-room')).fill('3-503')
      await dlg.locator(tid('household-edit-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      await page.locator(`${tid('household-file')}[data-version="${meanwhile.json.version + 1}"]`).waitFor()
      assert.equal((await household(householdId)).room, '3-503')
    })

    await step('the household list shows it with its member count', async () => {
      const page = worker.page
      await page.locator(tid('menu-registry-household')).click()
      await page.waitForURL(/\/registry\/household/)
      const row = page.locator(tid('household-row-' + householdId))
      await row.waitFor()
      assert.equal(await row.getAttribute('data-members'), '1')
      await settle(page)
      await shot(page, 'registry-households-zh.png')
    })

    await step('adds a building, and a business (an invalid credit code shows the field error)', async () => {
      const page = worker.page
      await page.locator(tid('menu-registry-building')).click()
      await page.waitForURL(/\/registry\/building/)
      await page.locator(tid('building-table')).waitFor()
      await page.locator(tid('building-create')).click()
      const bdlg = page.locator(`.el-dialog${tid('building-create-dialog')}`)
      await bdlg.waitFor()
      assert.equal(await bdlg.locator(tid('building-form-region')).getAttribute('data-code'), WORKER_GRID)
      const buildingName = `e2e 立新花园 ${run} 栋`
      await bdlg.locator(inp('building-form-name')).fill(buildingName)
      await bdlg.locator(tid('building-form-submit')).click()
      await bdlg.waitFor({ state: 'hidden' })
      const b = (await api('/buildings?region=' + WORKER_GRID, { token: await tokenOf('gridworker') })).json.items.find((x) => x.name === buildingName)
      assert.ok(b, 'the server has the building')
      await page.locator(tid('building-row-' + b.id)).waitFor()

      await page.locator(tid('menu-registry-business')).click()
      await page.waitForURL(/\/registry\/business/)
      await page.locator(tid('business-table')).waitFor()
      await page.locator(tid('business-create')).click()
      const dlg = page.locator(`.el-dialog${tid('business-create-dialog')}`)
      await dlg.waitFor()
      const code = newCreditCode()
      const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0')
      const name = `e2e 便利店 ${run}`
      await dlg.locator(inp('business-form-name')).fill(name)
      await dlg.locator(inp('business-form-licence')).fill(wrong)
      expected.add(422)
      await dlg.locator(tid('business-form-submit')).click()
      await dlg.locator('.el-form-item__error').filter({ hasText: /统一社会信用代码无效/ }).waitFor()
      expected.delete(422)
      await settle(page)
      await shot(page, 'registry-business-invalid-zh.png')
      await dlg.locator(inp('business-form-licence')).fill(code)
      await dlg.locator(tid('business-form-submit')).click()
      await dlg.waitFor({ state: 'hidden' })
      const biz = (await api('/businesses?region=' + WORKER_GRID, { token: await tokenOf('gridworker') })).json.items.find((x) => x.name === name)
      assert.ok(biz, 'the server has the business')
      assert.equal(biz.licence_no, code)
      await page.locator(tid('business-row-' + biz.id)).waitFor()
    })

    await step('the grid chief unmasks the ID number with a reason and sees it in full', async () => {
      chief = await openAs('gridchief')
      current = chief.page
      const page = chief.page
      await page.goto(base + '/registry/household/' + householdId)
      await page.locator(tid('member-' + headId)).click()
      const drawer = page.locator(tid('person-drawer'))
      await drawer.locator(`${tid('person-detail')}[data-person-id="${headId}"]`).waitFor()
      assert.equal(await text(drawer.locator(tid('person-id-number'))), maskedId)
      await drawer.locator(tid('person-unmask')).click()
      const dlg = page.locator(`.el-dialog${tid('unmask-dialog')}`)
      await dlg.waitFor()
      assert.match(await text(dlg.locator(tid('unmask-notice'))), /审计日志/)
      // no reason: refused in the form
      await dlg.locator(tid('unmask-submit')).click()
      await dlg.locator('.el-form-item__error').waitFor()
      await dlg.locator(inp('unmask-reason')).fill('核实低保申请人身份 ' + run)
      await dlg.locator(tid('unmask-submit')).click()
      await dlg.locator(tid('unmask-id-number')).waitFor()
      assert.equal(await text(dlg.locator(tid('unmask-id-number'))), idNumber)
      assert.equal(await text(dlg.locator(tid('unmask-phone'))), phone)
      await settle(page)
      await shot(page, 'registry-unmask-zh.png')
      // shown once: closed, the values are gone from the page
      await dlg.locator(tid('unmask-close')).click()
      await dlg.waitFor({ state: 'hidden' })
      assert.ok(!(await page.content()).includes(idNumber), 'the full number is gone once the dialog is closed')
      assert.equal(await text(drawer.locator(tid('person-id-number'))), maskedId)
    })

    await step("the grid worker cannot see a household of the neighbouring grid", async () => {
      const made = await api('/households', {
        token: await tokenOf('gridchief'),
        method: 'POST',
        body: { region_code: OTHER_GRID, address: `e2e 邻格 ${run} 号`, housing_type: 'rented' },
      })
      assert.equal(made.status, 201, 'the grid chief creates it in ' + OTHER_GRID)
      const otherId = made.json.id
      const refused = await api('/households/' + otherId, { token: await tokenOf('gridworker') })
      assert.equal(refused.status, 403, 'the API refuses the grid worker')

      current = worker.page
      const page = worker.page
      await page.goto(base + '/registry/household')
      await page.locator(tid('household-row-' + householdId)).waitFor()
      assert.equal(await page.locator(tid('household-row-' + otherId)).count(), 0, 'not in the list')
      // every household listed is in the worker's grid
      const regions = await page.locator('[data-testid^="household-row-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-region')))
      assert.ok(regions.every((r) => r && r.startsWith(WORKER_GRID)), 'only the own grid: ' + regions.join(','))

      expected.add(403)
      await page.goto(base + '/registry/household/' + otherId)
      await page.locator(`${tid('household-error')}[data-status="403"]`).waitFor()
      expected.delete(403)
      assert.equal(await page.locator(tid('household-file')).count(), 0)
      assert.ok(!(await page.content()).includes(`e2e 邻格 ${run}`), 'nothing of it shown')
      await settle(page)
      await shot(page, 'registry-forbidden-zh.png')
    })

    await step('the household file in English', async () => {
      const page = worker.page
      await page.goto(base + '/registry/household/' + householdId)
      await page.locator(tid('member-' + headId)).waitFor()
      await page.locator(tid('locale-switch-trigger')).click()
      await page.locator(tid('locale-en')).click()
      await page.locator(tid('menu-registry-household')).filter({ hasText: 'Households' }).waitFor()
      assert.match(await text(page.locator(tid('household-move-in'))), /Move a person in/)
      assert.match(await text(page.locator(tid('member-table'))), /Relation to head/)
      await settle(page)
      await shot(page, 'registry-household-file-en.png')
      // back to Chinese for whoever logs in next in this browser profile (none: contexts are fresh)
    })

    await step('no uncaught errors or console errors in the pages', async () => {
      assert.deepEqual(problems, [])
    })
  } finally {
    for (const s of [worker, chief]) if (s) await s.context.close().catch(() => {})
    await browser.close()
  }
})

// The import page with Excel: the grid worker downloads the persons template (.xlsx and
// CSV), dry-runs a workbook LibreOffice made (tests/integration/fixtures), sees the rows of
// the one whose ID numbers Excel turned into numbers rejected with the reason, and imports
// the downloaded template as it is (its example row passes the checks).
test('registry: import templates and .xlsx files through the import page', { timeout: 240_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.skip('needs WANGGE_URL')
    return
  }
  prepareOut()
  const fixtures = path.join(here, '..', 'integration', 'fixtures')
  const browser = await launchChromium(chromium)
  const problems = []
  try {
    const { page } = await signedIn(browser, base, 'gridworker', DEMO_PASSWORD, {
      problems,
      who: '',
      console: false,
      timeout: 20_000,
      options: { viewport: DESKTOP, acceptDownloads: true },
    })
    await page.goto(base + '/registry/import')
    await page.locator(tid('import-history')).waitFor()
    assert.match((await page.locator(tid('import-xlsx-note')).textContent()) || '', /第一个工作表/)

    const download = async (format) => {
      await page.locator(tid('import-template-button')).click()
      const [d] = await Promise.all([page.waitForEvent('download'), page.locator(`${tid('import-template-' + format)}:visible`).click()])
      const file = path.join(OUT, d.suggestedFilename())
      await d.saveAs(file)
      return { name: d.suggestedFilename(), bytes: fs.readFileSync(file) }
    }
    const xlsx = await download('xlsx')
    assert.equal(xlsx.name, 'import-persons-template.xlsx')
    assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK')
    const csv = await download('csv')
    assert.equal(csv.name, 'import-persons-template.csv')
    assert.ok(csv.bytes.toString('utf8').startsWith('\uFEFF姓名*'), 'a BOM and the Chinese headers')

    const runFile = async (name, buffer, dry) => {
      await page.locator(tid('import-file')).setInputFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
      await page.locator(tid('import-file-label')).filter({ hasText: name }).waitFor()
      assert.ok(await page.locator(`${tid('import-encoding')} input`).isDisabled(), 'no encoding for a workbook')
      // the card shows the job before until the new one is answered
      const before = (await page.locator(tid('import-job')).count()) ? await page.locator(tid('import-job')).getAttribute('data-job-id') : ''
      await page.locator(tid(dry ? 'import-dry-run' : 'import-apply')).click()
      const job = page.locator(`${tid('import-job')}:not([data-job-id="${before}"])[data-dry-run="${dry ? 1 : 0}"]:is([data-status="checked"],[data-status="rejected"],[data-status="done"],[data-status="failed"])`)
      await job.waitFor()
      return job
    }
    // A workbook LibreOffice made with the ID column as text: checked, three rows.
    let job = await runFile('persons-text.xlsx', fs.readFileSync(path.join(fixtures, 'persons-text.xlsx')), true)
    assert.equal(await job.getAttribute('data-status'), 'checked')
    assert.equal(((await job.locator(tid('import-rows')).textContent()) || '').trim(), '3')
    // Every column General: ID numbers became numbers; the rows are rejected with the reason.
    job = await runFile('persons-general.xlsx', fs.readFileSync(path.join(fixtures, 'persons-general.xlsx')), true)
    assert.equal(await job.getAttribute('data-status'), 'rejected')
    assert.match((await job.locator(tid('import-errors')).textContent()) || '', /以数字形式存储/)
    await shot(page, 'registry-import-xlsx-damaged-zh.png')
    // The downloaded template: its dry run passes, then it is imported.
    job = await runFile(xlsx.name, xlsx.bytes, true)
    assert.equal(await job.getAttribute('data-status'), 'checked')
    await page.locator(`${tid('import-apply')}:not([disabled])`).waitFor()
    await page.locator(tid('import-apply')).click()
    await page.locator(`${tid('import-job')}[data-dry-run="0"][data-status="done"]`).waitFor()
    assert.deepEqual(problems, [])
  } finally {
    await browser.close()
  }
})
