// The phone in the field without a signal (issue 17), in Debian's Chromium at 390 px:
//   - a grid worker opens the app with a signal (the service worker installs and keeps the
//     shell, the pages and the grid's data), loses the signal, reloads the visit page,
//     records a visit with a photo and a patrol report with a photo, reloads again (the
//     outbox is on the phone), gets the signal back: each is filed exactly once, one of
//     them after an attempt whose answer was lost (the same Idempotency-Key replays);
//   - the installed shell starts with no signal at all;
//   - a resident reports on a "Slow 3G" network with a large photo carrying EXIF place and
//     time: it is resized on the phone to the server's photo_max_side, keeps its EXIF
//     (orientation turned upright) and the report is filed once;
//   - logging out wipes what the phone kept.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, PHONE, tid, inp, makePng, launchChromium, apiClient, pointInGrid, serverUrl, prepareOut,
  screen, signedIn, shot } from './lib.mjs'
import { exifJpeg, jpegInfo } from './jpeg.mjs'

const WORKER_GRID = process.env.WANGGE_E2E_GRID || '440404104001001'

test('offline: the outbox, the installed shell, photos resized on the phone', { timeout: 300_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.skip('needs WANGGE_URL (the mock server has no service worker or registry)')
    return
  }
  prepareOut()
  const run = Date.now().toString(36)
  const client = apiClient(base, DEMO_PASSWORD)
  const { api, tokenOf } = client

  // a household of the grid worker's grid, and a spot inside the grid
  const made = await api('/households', {
    token: await tokenOf('gridworker'),
    method: 'POST',
    body: { region_code: WORKER_GRID, address: `e2e 离线走访 ${run} 号`, housing_type: 'owned' },
  })
  assert.equal(made.status, 201, 'a household to visit')
  const householdId = made.json.id
  const spot = await pointInGrid(client, 'gridworker', WORKER_GRID)
  assert.ok(spot, 'a point inside ' + WORKER_GRID)

  const browser = await launchChromium(chromium)
  const problems = []
  t.after(() => browser.close())
  async function phoneAs(username) {
    const { context, page } = await signedIn(browser, base, username, DEMO_PASSWORD, {
      problems,
      console: false,
      timeout: 20_000,
      options: { ...screen(true), geolocation: spot, permissions: ['geolocation'] },
    })
    // the service worker runs and controls the page
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
      if (!navigator.serviceWorker.controller)
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }))
    })
    return { context, page }
  }
  const outboxItems = (page) =>
    page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const req = indexedDB.open('wangge')
          req.onsuccess = () => {
            const all = req.result.transaction('outbox').objectStore('outbox').getAll()
            all.onsuccess = () => resolve(all.result.map((i) => ({ id: i.id, kind: i.kind, state: i.state, photos: i.photos.length })))
            all.onerror = () => reject(all.error)
          }
          req.onerror = () => reject(req.error)
        }),
    )

  let worker = null
  let current = null
  const step = (name, fn) =>
    t.test(name, async (st) => {
      try {
        await fn(st)
      } catch (e) {
        if (current) await shot(current, 'offline-failure.png').catch(() => {})
        throw e
      }
    })

  const findings = `e2e ${run} 离线走访：独居老人，门锁损坏`
  const patrolText = `e2e ${run} 离线巡查：路灯不亮`

  await step('with a signal, the grid worker opens the pages the field needs', async () => {
    worker = await phoneAs('gridworker')
    current = worker.page
    const page = worker.page
    await page.goto(base + `/registry/visit/record?household=${householdId}`)
    await page.locator(`${tid('visit-record-household')}[data-household-id="${householdId}"]`).waitFor()
    await page.goto(base + '/events/patrol')
    await page.locator(tid('report-wizard-patrol')).waitFor()
    // the category list and the map's chunks, as the warm-up fetches them
    await page.locator(tid('report-next')).click()
    await page.locator(tid('report-step-2')).waitFor()
    await page.locator('.leaflet-container').first().waitFor()
    await page.waitForTimeout(3500)  // the warm-up (3 s after the first page)
  })

  await step('without a signal: a visit with a photo, after a reload of the page', async () => {
    const page = worker.page
    await worker.context.setOffline(true)
    await page.goto(base + `/registry/visit/record?household=${householdId}`)
    await page.locator(`${tid('visit-record-household')}[data-household-id="${householdId}"]`).waitFor()
    await page.locator(inp('visit-findings')).fill(findings)
    await page.locator(tid('photo-input')).setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: makePng(41, 16) })
    await page.locator(`${tid('photo-thumb')}[data-state="waiting"]`).waitFor()
    await page.locator(tid('visit-submit')).click()
    await page.locator(tid('visit-queued')).waitFor()
    await page.locator(`${tid('outbox-indicator')}[data-online="false"]`).waitFor()
    await shot(page, 'offline-visit-queued-phone-zh.png')
  })

  await step('without a signal: a patrol report with a photo', async () => {
    const page = worker.page
    await page.goto(base + '/events/patrol')
    await page.locator(tid('report-wizard-patrol')).waitFor()
    await page.locator(tid('photo-input')).setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: makePng(77, 16) })
    await page.locator(`${tid('photo-thumb')}[data-state="waiting"]`).waitFor()
    await page.locator(tid('report-next')).click()
    await page.locator(tid('report-locate')).click()
    await page.locator(tid('report-next')).click()
    await page.locator(tid('category-cascader')).click()
    await page.locator(tid('category-option-05')).click()
    await page.locator(tid('category-option-0502')).click()
    await page.locator(inp('report-description')).fill(patrolText)
    await page.locator(tid('report-submit')).click()
    await page.locator(tid('report-queued')).waitFor()
  })

  await step('the outbox survives a reload; the installed shell starts with no signal', async () => {
    const page = worker.page
    await page.reload()
    await page.goto(base + '/outbox')
    await page.locator(tid('page-outbox')).waitFor()
    await page.locator(`${tid('outbox-waiting')}[data-n="2"]`).waitFor()
    const items = await outboxItems(page)
    assert.deepEqual(items.map((i) => [i.kind, i.state, i.photos]).sort(), [['patrol', 'waiting', 1], ['visit', 'waiting', 1]])
    await shot(page, 'offline-outbox-waiting-phone-zh.png')
    // a new window of the installed app, still offline: the shell and the user's pages
    const again = await worker.context.newPage()
    await again.goto(base + '/')
    await again.locator(`${tid('outbox-indicator')}[data-online="false"]`).waitFor()
    await again.goto(base + '/registry/visit')
    await again.locator(tid('page-visits')).waitFor()
    await again.close()
  })

  await step('the signal returns: each is filed once, one after an answer that was lost', async () => {
    const page = worker.page
    // The patrol report reaches the server, but its answer is lost on the way back: the
    // outbox sends it again under the same key and the server replays its first answer.
    let lost = 0
    await worker.context.route('**/api/v1/events', async (route) => {
      if (route.request().method() !== 'POST' || lost) return route.continue()
      lost++
      await route.fetch()
      await route.abort('connectionreset')
    })
    await worker.context.setOffline(false)
    await page.locator(`${tid('outbox-waiting')}[data-n="0"]`).waitFor({ timeout: 60_000 }).catch(async () => {
      // the retry after a lost answer waits for the next round (30 s) or a click
      await page.locator(tid('outbox-send-all')).click()
      await page.locator(`${tid('outbox-waiting')}[data-n="0"]`).waitFor({ timeout: 60_000 })
    })
    assert.equal(lost, 1, 'one answer was lost on the way')
    const items = await outboxItems(page)
    assert.deepEqual(items.map((i) => i.state).sort(), ['sent', 'sent'])
    await shot(page, 'offline-outbox-sent-phone-zh.png')

    const token = await tokenOf('gridworker')
    const visits = (await api('/visits?household_id=' + householdId, { token })).json.items
    const mine = visits.filter((v) => v.findings === findings)
    assert.equal(mine.length, 1, 'the visit is filed once')
    assert.equal(mine[0].photos.length, 1, 'with its photo')
    const events = (await api('/events?limit=200', { token })).json.items.filter((e) => e.description === patrolText)
    assert.equal(events.length, 1, 'the patrol report is filed once')
    const ev = (await api('/events/' + events[0].id, { token })).json
    assert.equal(ev.source, 'patrol')
    assert.equal(ev.photos.length, 1, 'with its photo')
  })

  await step('a resident reports on a slow network with a large photo: resized, EXIF kept', async () => {
    const resident = await phoneAs('resident')
    current = resident.page
    const page = resident.page
    const meta = (await api('/meta')).json
    const cdp = await resident.context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 })
    // a 2400 x 1800 JPEG drawn by the browser, with EXIF: taken 2026:11:30 08:15:00 at the spot, rotated (6)
    const plain = Buffer.from(
      await page.evaluate(async () => {
        const c = document.createElement('canvas')
        c.width = 2400
        c.height = 1800
        const x = c.getContext('2d')
        for (let i = 0; i < 60; i++) {
          x.fillStyle = `hsl(${i * 6}, 70%, 50%)`
          x.fillRect((i * 40) % 2400, (i * 30) % 1800, 400, 300)
        }
        const b = await new Promise((r) => c.toBlob(r, 'image/jpeg', 0.92))
        return [...new Uint8Array(await b.arrayBuffer())]
      }),
    )
    const photo = exifJpeg(plain, { orientation: 6, dateTime: '2026:11:30 08:15:00', lat: spot.latitude, lng: spot.longitude })
    const description = `e2e ${run} 慢网上报：井盖缺失`
    await page.goto(base + '/events/report')
    await page.locator(tid('photo-input')).setInputFiles({ name: 'big.jpg', mimeType: 'image/jpeg', buffer: photo })
    await page.locator(`${tid('photo-thumb')}[data-state="done"]`).waitFor({ timeout: 120_000 })
    await page.locator(tid('report-next')).click()
    await page.locator(tid('report-locate')).click()
    await page.locator(`${tid('report-located')}[data-grid="${WORKER_GRID}"]`).waitFor({ timeout: 60_000 })
    await page.locator(tid('report-next')).click()
    await page.locator(tid('category-cascader')).click({ timeout: 60_000 })
    await page.locator(tid('category-option-05')).click()
    await page.locator(tid('category-option-0502')).click()
    await page.locator(inp('report-description')).fill(description)
    await page.locator(tid('report-submit')).click()
    const done = page.locator(tid('report-done'))
    await done.waitFor({ timeout: 60_000 })
    const eventId = Number(await done.getAttribute('data-event-id'))
    const token = await tokenOf('resident')
    const ev = (await api('/events/' + eventId, { token })).json
    assert.equal(ev.description, description)
    assert.equal(ev.photos.length, 1)
    const hash = ev.photos[0].hash || ev.photos[0]
    const res = await fetch(base + '/api/v1/attachments/' + hash, { headers: { Authorization: 'Bearer ' + token } })
    assert.equal(res.status, 200)
    const stored = Buffer.from(await res.arrayBuffer())
    const info = jpegInfo(stored)
    assert.ok(stored.length < photo.length, `smaller on the wire: ${stored.length} < ${photo.length}`)
    assert.equal(Math.max(info.width, info.height), meta.photo_max_side, 'the longest side is photo_max_side')
    // drawn upright (orientation 6 turns it a quarter): portrait now, and the tag says 1
    assert.ok(info.height > info.width, 'turned upright')
    assert.equal(info.exif?.orientation, 1)
    assert.equal(info.exif?.dateTime, '2026:11:30 08:15:00', 'the time it was taken')
    assert.ok(Math.abs(info.exif.lat - spot.latitude) < 1e-4 && Math.abs(info.exif.lng - spot.longitude) < 1e-4, 'the place it was taken')
    const mine = (await api('/events?mine=reported&limit=200', { token })).json.items.filter((e) => e.description === description)
    assert.equal(mine.length, 1, 'filed once')
    await cdp.detach()
    await resident.context.close()
  })

  await step('logging out wipes what the phone kept', async () => {
    const page = worker.page
    current = page
    const before = await page.evaluate(async () => (await caches.keys()).includes('wangge-data'))
    assert.ok(before, 'the API answers were kept for offline use')
    await page.locator(tid('user-menu-trigger')).click()
    await page.locator(tid('menu-logout')).click()
    await page.waitForURL(/\/login/)
    const after = await page.evaluate(async () => (await caches.keys()).includes('wangge-data'))
    assert.equal(after, false, 'the kept answers are gone')
    assert.deepEqual(await outboxItems(page), [], 'the outbox is empty')
    await worker.context.close()
  })

  await step('on a phone, one changes one\'s own password on its page (from the user\'s menu)', async (st) => {
    const adminPassword = process.env.WANGGE_ADMIN_PASSWORD
    if (!adminPassword) return st.skip('needs WANGGE_ADMIN_PASSWORD')
    const admin = apiClient(base, adminPassword)
    const username = 'e2epw' + run
    const made = await admin.api('/users', {
      token: await admin.tokenOf('admin'), method: 'POST', body: { username, display_name: '改密测试', password: 'Old#Pass2026' },
    })
    assert.equal(made.status, 201, 'a user to change the password of')
    const grant = await admin.api(`/users/${made.json.id}/grants`, {
      token: await admin.tokenOf('admin'), method: 'POST', body: { role: 'resident', region_code: WORKER_GRID },
    })
    assert.equal(grant.status, 201, 'a resident of the grid')
    const context = await browser.newContext({ locale: 'zh-CN', viewport: PHONE, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    current = page
    await page.goto(base + '/login')
    await page.locator(inp('login-username')).fill(username)
    await page.locator(inp('login-password')).fill('Old#Pass2026')
    await page.locator(tid('login-submit')).click()
    await page.waitForURL(/\/events\/report/)
    await page.locator(tid('user-menu-trigger')).click()
    await page.locator(`${tid('menu-change-password')}:visible`).click()
    await page.waitForURL(/\/account\/password/)
    await page.locator(inp('password-old')).fill('wrong#Pass2026')
    await page.locator(inp('password-new')).fill('New#Pass2026')
    await page.locator(inp('password-confirm')).fill('New#Pass2026')
    await page.locator(tid('password-submit')).click()
    await page.locator(`${tid('page-password')} .el-form-item.is-error`).waitFor()  // the current one is wrong
    await page.locator(inp('password-old')).fill('Old#Pass2026')
    await page.locator(tid('password-submit')).click()
    await page.locator('.el-message--success').waitFor()
    await shot(page, 'account-password-phone-zh.png')
    const r = await api('/auth/login', { method: 'POST', body: { username, password: 'New#Pass2026' } })
    assert.equal(r.status, 200, 'the new password works')
    await context.close()
  })

  await step('a session ended elsewhere as the warm-up starts: the login page, no uncaught error', async (st) => {
    const adminPassword = process.env.WANGGE_ADMIN_PASSWORD
    if (!adminPassword) return st.skip('needs WANGGE_ADMIN_PASSWORD')
    const admin = apiClient(base, adminPassword)
    const adminToken = await admin.tokenOf('admin')
    const username = 'e2ewarm' + run
    const made = await admin.api('/users', {
      token: adminToken, method: 'POST', body: { username, display_name: '预热测试', password: 'Warm#Up2026' },
    })
    assert.equal(made.status, 201, 'a grid worker of the grid')
    const grant = await admin.api(`/users/${made.json.id}/grants`, {
      token: adminToken, method: 'POST', body: { role: 'grid_worker', region_code: WORKER_GRID },
    })
    assert.equal(grant.status, 201, 'granted')
    // signed in on the phone; the warm-up starts 3 s after the first page
    const { context, page } = await signedIn(browser, base, username, 'Warm#Up2026', {
      problems, console: false, timeout: 20_000, options: screen(true),
    })
    current = page
    await page.locator(`${tid('page-home')}[data-loaded="true"]`).waitFor()
    // the administrator signs the user out everywhere before it starts: every read of the
    // warm-up is answered 401 (its requests run side by side; none may go unhandled). Only
    // the warm-up reads the worklist on the home page.
    const worklist = page.waitForResponse((r) => r.url().includes('/api/v1/visits/worklist'), { timeout: 15_000 })
    const revoked = await admin.api(`/users/${made.json.id}/sessions`, { token: adminToken, method: 'DELETE' })
    assert.equal(revoked.status, 200, 'signed out everywhere')
    assert.equal((await worklist).status(), 401, 'the warm-up met the ended session')
    await page.waitForURL(/\/login/)
    await page.waitForTimeout(1000)  // the warm-up's other answers arrive
    await context.close()
  })

  await step('no uncaught errors in the pages', () => {
    assert.deepEqual(problems, [])
  })
})
