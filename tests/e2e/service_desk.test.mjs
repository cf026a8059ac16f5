// The service desk's window, its 办不成事 desk and the micro-wishes against the real server,
// with the demo accounts (each page must show what the server has; no page wider than a
// 390 px phone; no page errors):
//
//  (a) 微心愿: the grid worker records a wish collected by phone on a 390 px phone (a double
//      tap files one); the grid chief finds it on the 工作台 and publishes it; the party
//      member sees it on the wish wall with the wisher masked (张**), claims it, is refused
//      fulfilling it without a photo, then fulfils it with one; the grid worker finds it on
//      the 工作台, confirms it, and its page shows the whole timeline with the photo.
//  (b) 办不成事: the window clerk records an appeal naming the town's dispatcher as its
//      coordinator (picked from the window's coordinators) and gets its receipt; the dispatcher
//      finds it on the 工作台 (协调中, 我协调的), whistles two of the handler's departments
//      (the first whistle files an event of source window in the grid's category), the
//      handler reports in from the event's page, the case shows the report-in, and the
//      dispatcher closes it with the solution (the event is closed too).
//  (c) 窗口办件 on a phone: the clerk picks an item with required materials; a case
//      missing one of them is refused (nothing filed), then filed with all of them; the
//      receipt names the window, the item, the applicant with the ID number masked, the
//      materials and the due date, and prints alone; the clerk completes it from its card
//      and records the applicant's 5 stars.
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test service_desk.test.mjs
//
// The mock server has no services: without WANGGE_URL (or the admin's password) this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, newIdNumber, makePng, launchChromium, apiClient, serverUrl, prepareOut, screen,
  signedIn, openMenu, fitsTheScreen, shot, settle, actionDialog, dependentSteps } from './lib.mjs'

const TOWN = process.env.WANGGE_E2E_TOWN || '440404104'
const GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
const COMMUNITY = GRID.slice(0, 12)
const CATEGORY = ['05', '0502'] // the demo's categories (as events.test.mjs)
const ADMIN_PASSWORD = process.env.WANGGE_ADMIN_PASSWORD
const DESKTOP = { width: 1360, height: 900 }

test('service desk: wishes, 办不成事 and window cases', { timeout: 480_000 }, async (t) => {
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

  // an item of the town's catalogue with two required materials and an optional one
  const itemName = `e2e 老年人优待证 ${run}`
  const item = await api('/service-items', {
    token: admin.json.token,
    method: 'POST',
    body: {
      region_code: TOWN,
      level: 'town',
      kind: 'convenience',
      name: itemName,
      time_limit_days: 5,
      on_behalf: true,
      materials: [{ name: '身份证', required: true }, { name: '户口簿', required: true }, { name: '一寸照片', required: false }],
    },
  })
  assert.equal(item.status, 201, 'the item: ' + JSON.stringify(item.json))
  const itemId = item.json.id
  const me = async (user) => (await api('/auth/me', { token: await tokenOf(user) })).json
  const dispatcher = await me('dispatcher')
  const handler = await me('handler')
  // two of the handler's departments serving the grid (the events test assumes them too)
  const depts = await api('/departments?region=' + GRID, { token: await tokenOf('dispatcher') })
  assert.equal(depts.status, 200)
  const handlerDepts = depts.json.items.filter((d) => d.active && d.members.includes(Number(handler.id))).slice(0, 2)
  assert.equal(handlerDepts.length, 2, 'the handler is in two departments serving the grid')
  const read = async (user, p) => {
    const r = await api(p, { token: await tokenOf(user) })
    assert.equal(r.status, 200, `${user} reads ${p}: ${JSON.stringify(r.json)}`)
    return r.json
  }

  const browser = await launchChromium(chromium)
  t.after(() => browser.close())
  const problems = []
  const session = async (username, phone) =>
    (await signedIn(browser, base, username, DEMO_PASSWORD, { problems, options: screen(phone, DESKTOP) })).page
  // a 工作台 card: its count as the server has it, then a tap to its list
  async function fromHome(page, key) {
    if (!/\/home$/.test(new URL(page.url()).pathname)) await page.goto(base + '/home')
    const card = page.locator(tid('home-card-' + key))
    await card.waitFor()
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-count')) > 0, `[data-testid="home-card-${key}"]`)
    await card.click()
  }

  const step = dependentSteps(t)

  /* ---------- (a) a micro-wish, from collection to confirmation ---------- */
  const wishTitle = `想要一台助听器 ${run}`
  let wishId = 0
  let worker
  await step('the grid worker records a wish collected by phone, on a phone', async () => {
    worker = await session('gridworker', true)
    await openMenu(worker, 'menu-wish-mine')
    await worker.waitForURL(/\/services\/wish\/mine/)
    await worker.locator(tid('wish-collect')).click()
    const dlg = worker.locator(`.el-dialog${tid('wish-dialog')}[data-collect="true"]`)
    await dlg.waitFor()
    await dlg.locator(`${tid('wish-region')}[data-code="${GRID}"]`).waitFor() // the worker's grid
    await dlg.locator(tid('wish-channel-phone')).click()
    await dlg.locator(inp('wish-wisher-name')).fill('张桂兰')
    await dlg.locator(inp('wish-title')).fill(wishTitle)
    await dlg.locator(inp('wish-detail')).fill('老人听力下降，子女在外地')
    await dlg.locator(inp('wish-phone')).fill('13912345678')
    await fitsTheScreen(worker, 'the wish form')
    await settle(worker)
    await shot(worker, 'desk-wish-collect-phone-zh.png')
    await dlg.locator(tid('wish-submit')).dblclick() // one wish for two taps
    await dlg.waitFor({ state: 'hidden' })
    const mine = (await read('gridworker', '/wishes?view=mine')).items.filter((w) => w.title === wishTitle)
    assert.equal(mine.length, 1, 'one wish filed')
    wishId = mine[0].id
    const card = worker.locator(`${tid('wish-card-' + wishId)}[data-status="submitted"]`)
    await card.waitFor()
    assert.match(await card.textContent(), /待审核/)
    assert.match(await card.locator(tid('wish-card-channel')).textContent(), /电话征集/)
    assert.equal((await card.locator(tid('wish-card-wisher')).textContent()).trim(), '张桂兰', 'the collector sees the wisher whole')
    const w = await read('gridchief', '/wishes/' + wishId)
    assert.equal(w.status, 'submitted')
    assert.equal(w.channel, 'phone')
    assert.equal(w.region_code, GRID)
    assert.equal(w.phone, '139****5678', 'the phone masked')
    await fitsTheScreen(worker, 'my wishes')
  })

  await step('the grid chief finds it on the 工作台 and publishes it', async () => {
    const page = await session('gridchief', false)
    await fromHome(page, 'wishes.submitted')
    await page.waitForURL(/\/services\/wish\/review\?tab=submitted/)
    const card = page.locator(`${tid('wish-card-' + wishId)}[data-status="submitted"]`)
    await card.waitFor()
    await page.locator(tid('wish-community-publish-' + wishId)).click()
    await actionDialog(page, 'wish', 'publish', async (dlg) => {
      assert.match(await dlg.textContent(), new RegExp(wishTitle))
      await settle(page)
      await shot(page, 'desk-wish-publish-zh.png')
    })
    await card.waitFor({ state: 'detached' }) // no longer waiting for review
    await page.locator(tid('wish-community-tabs')).getByText('待认领').click()
    await page.locator(`${tid('wish-card-' + wishId)}[data-status="published"]`).waitFor()
    assert.equal((await read('gridchief', '/wishes/' + wishId)).status, 'published')
    await page.context().close()
  })

  await step('the party member claims it on the wish wall and fulfils it with a photo, on a phone', async () => {
    const page = await session('partymember', true)
    await page.waitForURL(/\/services\/order\/taker/) // a party member still lands on 我的接单
    await openMenu(page, 'menu-wish-wall')
    await page.waitForURL(/\/services\/wish$/)
    const card = page.locator(`${tid('wish-card-' + wishId)}[data-status="published"]`)
    await card.waitFor()
    const wisher = card.locator(tid('wish-card-wisher'))
    assert.equal(await wisher.getAttribute('data-whole'), 'false', 'seen on a wall')
    assert.match((await wisher.textContent()).trim(), /^张\*+$/, 'the wisher masked')
    assert.doesNotMatch(await card.textContent(), /桂兰|5678/, 'neither the name nor the phone on the wall')
    const wall = (await read('partymember', '/wishes?view=wall')).items.find((w) => w.id === wishId)
    assert.ok(wall && !wall.whole && wall.phone === '' && /^张\*+$/.test(wall.wisher_name), 'the wall answers it masked')
    await fitsTheScreen(page, 'the wish wall')
    await shot(page, 'desk-wish-wall-phone-zh.png')

    await page.locator(tid('wish-wall-claim-' + wishId)).click()
    await actionDialog(page, 'wish', 'claim')
    await page.waitForURL(/\/services\/wish\/claimed/)
    await page.locator(`${tid('wish-card-' + wishId)}[data-status="claimed"]`).waitFor()
    assert.equal((await read('partymember', '/wishes/' + wishId)).claimer_name, '立新社区党员')
    await fitsTheScreen(page, 'my claims')

    await page.locator(tid('wish-claimed-fulfil-' + wishId)).click()
    const dlg = page.locator(`.el-dialog${tid('wish-action-dialog')}[data-action="fulfil"]`)
    await dlg.waitFor()
    await dlg.locator(inp('wish-comment')).fill('已为老人配好助听器并调试')
    await dlg.locator(tid('wish-action-submit')).click()
    await dlg.locator('.el-form-item__error').filter({ hasText: '请至少上传一张照片' }).waitFor() // no photo: refused here
    assert.equal((await read('partymember', '/wishes/' + wishId)).status, 'claimed', 'nothing sent')
    await actionDialog(page, 'wish', 'fulfil', async (d) => {
      await d.locator(tid('photo-input')).setInputFiles({ name: 'hearing-aid.png', mimeType: 'image/png', buffer: makePng(23) })
      await d.locator(`${tid('photo-thumb')}[data-state="done"]`).waitFor()
      await settle(page)
      await shot(page, 'desk-wish-fulfil-phone-zh.png')
    })
    await page.locator(`${tid('wish-card-' + wishId)}[data-status="fulfilled"]`).waitFor() // the 待确认 tab
    const w = await read('partymember', '/wishes/' + wishId)
    assert.equal(w.status, 'fulfilled')
    const fulfilled = w.timeline.find((e) => e.action === 'fulfil')
    assert.ok(fulfilled && fulfilled.photos.length === 1 && fulfilled.comment.includes('助听器'), 'the comment and the photo')
    await fitsTheScreen(page, 'my claims, fulfilled')
    await page.context().close()
  })

  await step('the grid worker confirms it from the 工作台, and its page shows the whole story', async () => {
    const page = worker
    await fromHome(page, 'wishes.fulfilled')
    await page.waitForURL(/\/services\/wish\/mine\?tab=fulfilled/)
    const card = page.locator(`${tid('wish-card-' + wishId)}[data-status="fulfilled"]`)
    await card.waitFor()
    assert.match(await card.locator(tid('wish-card-hint')).textContent(), /请确认/)
    await page.locator(tid('wish-mine-confirm-' + wishId)).click()
    await actionDialog(page, 'wish', 'confirm')
    await card.waitFor({ state: 'detached' })
    await page.goto(base + '/services/wish/' + wishId)
    await page.locator(`${tid('wish-detail')}[data-status="confirmed"]`).waitFor()
    assert.match(await page.locator(tid('wish-status')).textContent(), /已实现/)
    const steps = await page.locator(tid('wish-timeline-entry')).evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    assert.deepEqual(steps, ['confirm', 'fulfil', 'claim', 'publish', 'create'], 'the timeline, newest first')
    assert.equal(await page.locator(`${tid('wish-actions')} [data-testid^="wish-action-"]`).count(), 0, 'no step left')
    await page.locator(tid('photo-image')).first().waitFor() // the claimer's photo, through a Blob URL
    await fitsTheScreen(page, 'the wish page')
    await shot(page, 'desk-wish-confirmed-phone-zh.png')
    assert.equal((await read('gridworker', '/wishes/' + wishId)).status, 'confirmed')
    await page.context().close()
  })

  /* ---------- (b) a 办不成事 appeal, whistled and solved ---------- */
  const summary = `小区门口排水沟堵塞，找过物业和社区都说不归其管 ${run}`
  let caseId = 0
  let eventId = 0
  await step('the window clerk records a 办不成事 appeal with the dispatcher as coordinator', async () => {
    const page = await session('windowclerk', false)
    await page.waitForURL(/\/services\/case/) // a window clerk lands on the window's cases
    await page.locator(tid('case-new-hard')).click()
    const dlg = page.locator(`.el-dialog${tid('case-dialog')}[data-desk="hard"]`)
    await dlg.waitFor()
    await dlg.locator(`${tid('case-window')}[data-code="${TOWN}"]`).waitFor()
    await dlg.locator(inp('case-applicant-name')).fill('李大爷')
    await dlg.locator(inp('case-phone')).fill('13800138001')
    await dlg.locator(inp('case-summary')).fill(summary)
    await dlg.locator(tid('case-grid')).click()
    await page.locator(tid('case-grid-' + COMMUNITY)).click()
    await page.locator(tid('case-grid-' + GRID)).click()
    await dlg.locator(`${tid('case-grid')}[data-code="${GRID}"]`).waitFor()
    await dlg.locator(inp('case-address')).fill('立新路 10 号')
    // the window's coordinators, as the server lists them
    await dlg.locator(tid('case-coordinator')).click()
    await page.locator(tid('case-coordinator-' + dispatcher.id)).click()
    await settle(page)
    await shot(page, 'desk-hard-dialog-zh.png')
    await dlg.locator(tid('case-submit')).click()
    const receipt = page.locator(tid('case-receipt'))
    await receipt.waitFor()
    caseId = Number(await receipt.getAttribute('data-case-id'))
    assert.ok(caseId > 0, 'the case has a number')
    assert.match(await receipt.locator(tid('case-receipt-coordinator')).textContent(), /平沙镇调度员/)
    await shot(page, 'desk-hard-receipt-zh.png')
    await page.keyboard.press('Escape')
    await receipt.waitFor({ state: 'hidden' })
    await page.locator(`${tid('case-row-' + caseId)}[data-status="coordinating"]`).waitFor() // the 办不成事 tab
    const c = await read('windowclerk', '/service-cases/' + caseId)
    assert.equal(c.desk, 'hard')
    assert.equal(c.status, 'coordinating')
    assert.equal(c.coordinator_id, dispatcher.id)
    assert.equal(c.grid_code, GRID)
    assert.equal(c.event_id, null, 'no event before the first whistle')
    await page.context().close()
  })

  await step('the dispatcher finds it on the 工作台 and whistles two departments', async () => {
    const page = await session('dispatcher', false)
    await fromHome(page, 'cases.coordinating')
    await page.waitForURL(/\/services\/case\?.*tab=hard/)
    assert.equal(await page.locator(`${tid('case-mine')} input`).isChecked(), true, 'only those the dispatcher coordinates')
    await page.locator(tid('case-row-' + caseId)).click()
    await page.waitForURL(new RegExp('/services/case/' + caseId + '$'))
    await page.locator(`${tid('case-detail')}[data-status="coordinating"]`).waitFor()
    await page.locator(tid('case-action-summon')).waitFor()
    assert.equal(await page.locator(tid('case-action-solve')).count(), 0, 'no solution before a whistle')
    await page.locator(tid('case-action-summon')).click()
    await actionDialog(page, 'case', 'summon', async (dlg) => {
      await dlg.locator(tid('category-cascader')).click()
      await page.locator(tid('category-option-' + CATEGORY[0])).click()
      await page.locator(tid('category-option-' + CATEGORY[1])).click()
      await dlg.locator(tid('case-departments')).click()
      await page.locator(tid('case-department-' + handlerDepts[0].id)).click()
      await page.locator(tid('case-department-' + handlerDepts[1].id)).click()
      await dlg.locator('.intro').click() // closes the select's dropdown
      await page.locator(tid('case-department-' + handlerDepts[1].id)).waitFor({ state: 'hidden' })
      await dlg.locator(inp('case-comment')).fill('请相关部门到场查看排水沟权属和疏通')
      await settle(page)
      await shot(page, 'desk-summon-dialog-zh.png')
    })
    for (const d of handlerDepts) await page.locator(`${tid('case-whistle-' + d.id)}[data-reported="false"]`).waitFor()
    const link = page.locator(tid('case-event-link'))
    await link.waitFor()
    const c = await read('dispatcher', '/service-cases/' + caseId)
    eventId = c.event_id
    assert.ok(eventId > 0, 'the first whistle filed an event')
    assert.equal(await link.getAttribute('href'), '/events/detail/' + eventId)
    assert.equal(c.whistles.length, 2)
    const e = await read('dispatcher', '/events/' + eventId)
    assert.equal(e.source, 'window')
    assert.equal(e.category.code, CATEGORY[1])
    assert.equal(e.grid_code, GRID)
    await settle(page)
    await shot(page, 'desk-hard-whistled-zh.png')
    await page.context().close()
  })

  await step("the handler reports in from the event's page", async () => {
    const page = await session('handler', false)
    await page.goto(base + '/events/detail/' + eventId)
    const detail = page.locator(`${tid('event-detail')}[data-event-id="${eventId}"]`)
    await detail.waitFor()
    await detail.locator(tid('action-report-in')).click()
    const dlg = page.locator(`.el-dialog${tid('action-dialog')}[data-action="report-in"]`)
    await dlg.waitFor()
    await dlg.locator(inp('action-comment')).fill('已到场，排水沟属市政管养，明日安排疏通')
    await dlg.locator(tid('action-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const e = await read('dispatcher', '/events/' + eventId)
    assert.equal(e.whistles.filter((w) => w.reported_at).length, 1, 'one department reported in')
    await page.context().close()
  })

  await step('the case shows the report-in, and the dispatcher closes it with the solution', async () => {
    const page = await session('dispatcher', false)
    await page.goto(base + '/services/case/' + caseId)
    await page.locator(`${tid('case-detail')}[data-status="coordinating"]`).waitFor()
    const reported = page.locator('[data-testid^="case-whistle-"][data-reported="true"]')
    await reported.waitFor()
    assert.equal(await reported.count(), 1)
    assert.match(await reported.locator(tid('case-whistle-response')).textContent(), /明日安排疏通/)
    await page.locator(tid('case-action-solve')).click()
    await actionDialog(page, 'case', 'solve', (dlg) =>
      dlg.locator(inp('case-comment')).fill('市政部门已疏通排水沟，社区跟进巡查'),
    )
    await page.locator(`${tid('case-detail')}[data-status="solved"]`).waitFor()
    assert.match(await page.locator(tid('case-status')).textContent(), /已解决/)
    const steps = await page.locator(tid('case-timeline-entry')).evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))
    assert.deepEqual(steps, ['solve', 'summon', 'create'], 'the timeline, newest first')
    const c = await read('dispatcher', '/service-cases/' + caseId)
    assert.equal(c.status, 'solved')
    assert.match(c.outcome, /已疏通/)
    assert.equal((await read('dispatcher', '/events/' + eventId)).status, 'closed', 'the event closed with it')
    await settle(page)
    await shot(page, 'desk-hard-solved-zh.png')
    await page.context().close()
  })

  /* ---------- (c) a window case: its materials, its receipt ---------- */
  const applicant = `王小明${run}`
  const idNumber = newIdNumber()
  let windowCaseId = 0
  await step('the window clerk on a phone: a case missing a required material is refused, then filed with its receipt', async () => {
    const page = await session('windowclerk', true)
    await page.waitForURL(/\/services\/case/)
    await page.locator(tid('case-new')).click()
    const dlg = page.locator(`.el-dialog${tid('case-dialog')}[data-desk="window"]`)
    await dlg.waitFor()
    await dlg.locator(tid('case-item')).click()
    await page.locator(tid('case-item-' + itemId)).click()
    const materials = dlg.locator('[data-testid^="case-material-"]')
    await materials.first().waitFor()
    assert.equal(await materials.count(), 3)
    assert.equal(await dlg.locator('[data-testid^="case-material-"][data-required="true"]').count(), 2, 'two required, marked')
    await dlg.locator(tid('case-material-0')).click() // 身份证
    await dlg.locator(tid('case-material-2')).click() // 一寸照片 (optional); 户口簿 missing
    await dlg.locator(inp('case-applicant-name')).fill(applicant)
    await dlg.locator(inp('case-phone')).fill('13800138002')
    await dlg.locator(inp('case-id-number')).fill(idNumber)
    await dlg.locator(tid('case-submit')).click()
    await dlg.locator('.el-form-item__error').filter({ hasText: '缺少必需材料：户口簿' }).waitFor()
    await fitsTheScreen(page, 'the case form')
    await settle(page)
    await shot(page, 'desk-case-missing-phone-zh.png')
    const filed = async () => (await read('windowclerk', '/service-cases?desk=window')).items.filter((c) => c.applicant_name === applicant)
    assert.equal((await filed()).length, 0, 'nothing filed without 户口簿')

    await dlg.locator(tid('case-material-1')).click() // 户口簿
    await dlg.locator(tid('case-submit')).click()
    const receipt = page.locator(tid('case-receipt'))
    await receipt.waitFor()
    windowCaseId = Number(await receipt.getAttribute('data-case-id'))
    const c = await read('windowclerk', '/service-cases/' + windowCaseId)
    assert.equal(c.status, 'accepted')
    assert.equal(c.mode, 'deadline')
    assert.deepEqual(c.materials, ['身份证', '户口簿', '一寸照片'])
    assert.deepEqual((await filed()).map((x) => x.id), [windowCaseId], 'one case filed')
    assert.match(await receipt.locator(tid('case-receipt-window')).textContent(), /平沙镇/)
    assert.equal((await receipt.locator(tid('case-receipt-item')).textContent()).trim(), itemName)
    assert.equal((await receipt.locator(tid('case-receipt-applicant')).textContent()).trim(), applicant)
    const shownId = (await receipt.locator(tid('case-receipt-id')).textContent()).trim()
    assert.equal(shownId, c.id_number, 'the ID number as the server masks it')
    assert.match(shownId, /^\d{6}\*+\d{3}[\dX]$/, 'masked')
    assert.notEqual(shownId, idNumber)
    const received = await receipt.locator(`${tid('case-receipt-materials')} li`).allTextContents()
    assert.deepEqual(received, ['身份证', '户口簿', '一寸照片'])
    assert.match(await receipt.locator(tid('case-receipt-due')).textContent(), /^\d{4}-\d\d-\d\d \d\d:\d\d/)
    assert.match(await receipt.locator(tid('case-receipt-no')).textContent(), new RegExp(String(windowCaseId).padStart(6, '0') + '$'))
    await fitsTheScreen(page, 'the receipt')
    await shot(page, 'desk-case-receipt-phone-zh.png')
    // printed alone: window.print(), and on paper nothing but the receipt
    await page.evaluate(() => {
      window.print = () => {
        window.__printed = (window.__printed || 0) + 1
      }
    })
    await page.locator(tid('case-receipt-print')).click()
    assert.equal(await page.evaluate(() => window.__printed), 1, 'the print button prints')
    await page.emulateMedia({ media: 'print' })
    await settle(page)
    const seen = await page.evaluate(() => {
      const vis = (sel) => getComputedStyle(document.querySelector(sel)).visibility
      return { receipt: vis('[data-testid="case-receipt"]'), button: vis('[data-testid="case-receipt-print"]'), menu: vis('[data-testid="mobile-title"]') }
    })
    assert.deepEqual(seen, { receipt: 'visible', button: 'hidden', menu: 'hidden' }, 'on paper: the receipt alone')
    await shot(page, 'desk-case-receipt-print-zh.png')
    await page.emulateMedia({ media: 'screen' })
    await page.keyboard.press('Escape')
    await receipt.waitFor({ state: 'hidden' })

    // 办理中: its card; done from the card, then the applicant's 5 stars on its page
    const card = page.locator(`${tid('case-card-' + windowCaseId)}[data-status="accepted"]`)
    await card.waitFor()
    assert.equal(await page.locator('.el-table').count(), 0, 'cards, not a table, on a phone')
    assert.match(await card.textContent(), /办理中/)
    await page.locator(tid('case-complete-' + windowCaseId)).click()
    await actionDialog(page, 'case', 'complete', (d) => d.locator(inp('case-comment')).fill('已核发优待证'))
    await card.waitFor({ state: 'detached' })
    await page.goto(base + '/services/case/' + windowCaseId)
    await page.locator(`${tid('case-detail')}[data-status="done"]`).waitFor()
    await page.locator(tid('case-action-rate')).click()
    await actionDialog(page, 'case', 'rate', async (d) => {
      await d.locator(`${tid('case-rating')} .el-rate__item`).nth(4).click()
    })
    await page.locator(`${tid('case-rating')}[data-rating="5"]`).waitFor()
    assert.equal(await page.locator(tid('case-action-rate')).count(), 0, 'rated once')
    await fitsTheScreen(page, 'the case page')
    await shot(page, 'desk-case-done-phone-zh.png')
    const done = await read('windowclerk', '/service-cases/' + windowCaseId)
    assert.equal(done.status, 'done')
    assert.equal(done.rating, 5)
    assert.equal(done.outcome, '已核发优待证')
    await page.context().close()
  })

  await t.test('no page errors', () => {
    assert.deepEqual(problems, [], 'no uncaught errors or console errors')
  })
})
