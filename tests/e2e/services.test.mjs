// The service desk's "three orders" on phones against the real server (居民点单 → 社区派单 →
// 党员接单 → 完成 → 评价): through the API the administrator adds an orderable town-level item
// (no admission needed) with a name of this run; at 390 px the resident orders it from the
// catalogue, the grid chief gives it to 立新社区党员 in the community's console, the party
// member (who lands on 我的接单) accepts it and reports it done with a comment and a photo,
// and the resident confirms it with 5 stars. Each page shows the state the server has; no
// page is wider than the screen; no page errors.
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test services.test.mjs
//
// The mock server has no services: without WANGGE_URL (or the admin's password) this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, makePng, launchChromium, apiClient, serverUrl, prepareOut, screen, signedIn,
  openMenu, fitsTheScreen, shot, settle, actionDialog } from './lib.mjs'

const TOWN = process.env.WANGGE_E2E_TOWN || '440404104'
const RESIDENT_GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
const ADMIN_PASSWORD = process.env.WANGGE_ADMIN_PASSWORD

test('services: order, dispatch, take, complete and rate on phones', { timeout: 240_000 }, async (t) => {
  const base = serverUrl()
  if (!base || !ADMIN_PASSWORD) {
    t.skip('needs WANGGE_URL (the mock has no services) and WANGGE_ADMIN_PASSWORD')
    return
  }
  prepareOut()
  const run = Date.now().toString(36)
  const { api, logIn, tokenOf } = apiClient(base, DEMO_PASSWORD)
  const admin = await logIn('admin', ADMIN_PASSWORD)
  assert.equal(admin.status, 200, 'the administrator logs in')

  // an orderable item of the town: a town-level item needs no community admission
  const itemName = `e2e 上门理发 ${run}`
  const created = await api('/service-items', {
    token: admin.json.token,
    method: 'POST',
    body: {
      region_code: TOWN,
      level: 'town',
      kind: 'convenience',
      name: itemName,
      time_limit_days: 3,
      door_to_door: true,
      orderable: true,
      materials: [{ name: '身份证' }],
    },
  })
  assert.equal(created.status, 201, 'the item: ' + JSON.stringify(created.json))
  const itemId = created.json.id
  const partyMember = (await api('/auth/me', { token: await tokenOf('partymember') })).json
  const orderOf = async (id) => (await api('/service-orders/' + id, { token: await tokenOf('gridchief') })).json

  const browser = await launchChromium(chromium)
  t.after(() => browser.close())
  const problems = []
  const phoneAs = async (username) => (await signedIn(browser, base, username, DEMO_PASSWORD, {
      problems,
      options: screen(true),
    })).page

  let orderId
  let resident
  await t.test('the resident orders the item on a phone', async () => {
    resident = await phoneAs('resident')
    await resident.waitForURL(/\/events\/report/) // a resident still lands on the report page
    await openMenu(resident, 'menu-service-order')
    await resident.waitForURL(/\/services\/order$/)
    await resident.locator(`${tid('order-region')}[data-code="${RESIDENT_GRID}"]`).waitFor()
    await resident.locator(tid('order-item')).click()
    await resident.locator(tid('order-item-' + itemId)).click()
    await resident.locator(tid('order-item-note')).waitFor()
    await resident.locator(inp('order-detail')).fill(`老人行动不便，想请人上门理发 ${run}`)
    await resident.locator(inp('order-phone')).fill('13800138000')
    await resident.locator(inp('order-address')).fill('立新路 8 号 3 栋 201')
    await fitsTheScreen(resident, 'the order form')
    await shot(resident, 'services-order-phone-zh.png')
    await resident.locator(tid('order-submit')).dblclick() // one order for two taps
    const done = resident.locator(tid('order-done'))
    await done.waitFor()
    orderId = Number(await done.getAttribute('data-order-id'))
    assert.ok(orderId > 0, 'the order has a number')
    const mine = await api('/service-orders?view=mine', { token: await tokenOf('resident') })
    assert.equal(mine.json.items.filter((o) => o.detail.includes(run)).length, 1, 'one order filed')
    const o = await orderOf(orderId)
    assert.equal(o.status, 'ordered')
    assert.equal(o.item_id, itemId)
    assert.equal(o.region_code, RESIDENT_GRID, "the resident's grid")
    assert.equal(o.phone, '138****8000', 'the phone masked')
    await shot(resident, 'services-ordered-phone-zh.png')

    // the order page: 待派单, the resident may cancel or remind, not dispatch
    await resident.locator(tid('order-view')).click()
    await resident.locator(`${tid('order-detail')}[data-status="ordered"]`).waitFor()
    assert.match(await resident.locator(tid('order-status')).textContent(), /待派单/)
    await resident.locator(tid('order-action-cancel')).waitFor()
    assert.equal(await resident.locator(tid('order-action-dispatch')).count(), 0, 'no dispatch for the resident')
    await fitsTheScreen(resident, 'the order page')

    // 我的点单: a card, 待派单
    await openMenu(resident, 'menu-service-mine')
    await resident.waitForURL(/\/services\/order\/mine/)
    const card = resident.locator(`${tid('order-card-' + orderId)}[data-status="ordered"]`)
    await card.waitFor()
    assert.match(await card.textContent(), /待派单/)
    await fitsTheScreen(resident, 'my orders')
  })

  await t.test('the grid chief gives it to the party member in the console', async () => {
    const page = await phoneAs('gridchief')
    await openMenu(page, 'menu-service-console')
    await page.waitForURL(/\/services\/order\/console/)
    const card = page.locator(`${tid('order-card-' + orderId)}[data-status="ordered"]`)
    await card.waitFor()
    assert.equal(await page.locator('.el-table').count(), 0, 'cards, not a table, on a phone')
    assert.match(await card.textContent(), /待派单/)
    await page.locator(tid('service-filter-filters')).waitFor() // the filters behind a button
    await fitsTheScreen(page, 'the console')
    await shot(page, 'services-console-phone-zh.png')
    await page.locator(tid('service-dispatch-' + orderId)).click()
    await actionDialog(page, 'order', 'dispatch', async (dlg) => {
      await dlg.locator(tid('order-taker')).click()
      const option = page.locator(tid('order-taker-' + partyMember.id))
      assert.match(await option.textContent(), /立新社区党员/)
      await option.click()
      await settle(page)
      await shot(page, 'services-dispatch-phone-zh.png')
    })
    await card.waitFor({ state: 'detached' }) // no longer waiting for the community
    await page.locator(tid('service-queue-assigned')).click()
    const assigned = page.locator(`${tid('order-card-' + orderId)}[data-status="assigned"]`)
    await assigned.waitFor()
    assert.match(await assigned.textContent(), /已派单/)
    assert.match(await assigned.locator(tid('order-card-taker')).textContent(), /立新社区党员/)
    const o = await orderOf(orderId)
    assert.equal(o.status, 'assigned')
    assert.equal(o.taker_id, partyMember.id)
    await fitsTheScreen(page, 'the console, assigned')
  })

  await t.test('the party member accepts it and reports it done with a photo', async () => {
    const page = await phoneAs('partymember')
    await page.waitForURL(/\/services\/order\/taker/) // a party member lands on 我的接单
    const card = page.locator(`${tid('order-card-' + orderId)}[data-status="assigned"]`)
    await card.waitFor()
    assert.match(await card.textContent(), /已派单/)
    await fitsTheScreen(page, "the taker's page")
    await shot(page, 'services-taker-phone-zh.png')
    await page.locator(tid('service-taker-accept-' + orderId)).click()
    await actionDialog(page, 'order', 'accept')
    await page.locator(`${tid('order-card-' + orderId)}[data-status="taken"]`).waitFor()
    assert.equal((await orderOf(orderId)).status, 'taken')

    // the order page: 服务中, 完成服务 offered
    await page.locator(tid('order-card-' + orderId)).click()
    await page.waitForURL(new RegExp('/services/order/' + orderId + '$'))
    await page.locator(`${tid('order-detail')}[data-status="taken"]`).waitFor()
    assert.match(await page.locator(tid('order-status')).textContent(), /服务中/)
    await page.locator(tid('order-action-complete')).click()
    await actionDialog(page, 'order', 'complete', async (dlg) => {
      await dlg.locator(inp('order-comment')).fill('已上门理发，老人很满意')
      await dlg.locator(tid('photo-input')).setInputFiles({ name: 'haircut.png', mimeType: 'image/png', buffer: makePng(42) })
      await dlg.locator(`${tid('photo-thumb')}[data-state="done"]`).waitFor()
      await settle(page)
      await shot(page, 'services-complete-phone-zh.png')
    })
    await page.locator(`${tid('order-detail')}[data-status="done"]`).waitFor()
    assert.match(await page.locator(tid('order-status')).textContent(), /待确认/)
    await page.locator(tid('order-timeline-comment'), { hasText: '已上门理发' }).waitFor()
    await fitsTheScreen(page, 'the order page, done')
    const o = await orderOf(orderId)
    assert.equal(o.status, 'done')
    const completed = o.timeline.find((e) => e.action === 'complete')
    assert.ok(completed && completed.comment.includes('已上门理发') && completed.photos.length === 1, 'the comment and the photo')
  })

  await t.test('the resident confirms it with 5 stars', async () => {
    const page = resident
    await page.reload()
    const card = page.locator(`${tid('order-card-' + orderId)}[data-status="done"]`)
    await card.waitFor()
    assert.match(await card.textContent(), /待确认/)
    await card.locator(tid('order-card-hint')).waitFor()
    await page.locator(tid('service-mine-confirm-' + orderId)).click()
    await actionDialog(page, 'order', 'confirm', async (dlg) => {
      await dlg.locator(`${tid('order-rating')} .el-rate__item`).nth(4).click()
      await settle(page)
      await shot(page, 'services-confirm-phone-zh.png')
    })
    const rated = page.locator(`${tid('order-card-' + orderId)}[data-status="confirmed"]`)
    await rated.waitFor()
    assert.match(await rated.textContent(), /已评价/)
    await rated.locator(`${tid('order-card-rating')}[data-rating="5"]`).waitFor()
    await fitsTheScreen(page, 'my orders, rated')

    // the order page: 已评价, 5 stars, the whole timeline, no step left
    await rated.click()
    await page.locator(`${tid('order-detail')}[data-status="confirmed"]`).waitFor()
    await page.locator(`${tid('order-rating')}[data-rating="5"]`).waitFor()
    const steps = await page.locator(tid('order-timeline-entry')).evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    assert.deepEqual(steps, ['confirm', 'complete', 'accept', 'dispatch', 'create'], 'the timeline, newest first')
    assert.equal(await page.locator(`${tid('order-actions')} [data-testid^="order-action-"]`).count(), 0, 'no step left')
    await page.locator(`${tid('photo-image')}`).first().waitFor() // the taker's photo, through a Blob URL
    await fitsTheScreen(page, 'the order page, confirmed')
    await shot(page, 'services-confirmed-phone-zh.png')
    const o = await orderOf(orderId)
    assert.equal(o.status, 'confirmed')
    assert.equal(o.rating, 5)
  })

  await t.test('no page errors', () => {
    assert.deepEqual(problems, [], 'no uncaught errors or console errors')
  })
})
