// 共建单位、党建联盟 and the 四项清单 (cobuild) against the real server, with the demo accounts: the
// community's secretary on a wide screen, the power station's contact (unitcontact) on a 390 px
// phone (each page must show what the server has; no phone page wider than the screen; no page
// errors):
//
//  The secretary opens 四项清单 → 需求清单, collects a need by hand at 立新社区 and matches it to
//  the demo's resource 党群活动室: the card shows 已对接 and the resource, and the server has the
//  need matched to it; its 个性清单 tab lists the party members' pledges as the party module has
//  them. On 平沙供电所's page the contact's phone is masked; the secretary reveals
//  it for a stated reason (the server answers it in full). The contact of 平沙供电所 logs in on a
//  phone: 共建单位 opens on 我的单位 with 平沙供电所 and its project 老旧小区加装路灯; they open the
//  project and report progress (ten points more, a note and a photo): the page and the server
//  show the new progress with the photo. The secretary's figures show the match rate the server
//  computes (above 0, with the new need matched), the charts, and a ledger downloads as .xlsx.
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test cobuild.test.mjs
//
// The mock server has no co-building: without WANGGE_URL (or the admin's password) this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, makePng, launchChromium, apiClient, serverUrl, prepareOut, screen, signedIn,
  openMenu, fitsTheScreen, shot, settle, dependentSteps } from './lib.mjs'

const GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
const COMMUNITY = GRID.slice(0, 12)
const ADMIN_PASSWORD = process.env.WANGGE_ADMIN_PASSWORD
const DESK = { width: 1366, height: 900 }
const TZ = 'Asia/Shanghai'

test('cobuild: a need matched to a resource, a unit contact reports progress on a phone, the match rate', { timeout: 300_000 }, async (t) => {
  const base = serverUrl()
  if (!base || !ADMIN_PASSWORD) {
    t.skip('needs WANGGE_URL (the mock has no co-building) and WANGGE_ADMIN_PASSWORD')
    return
  }
  prepareOut('cb-failure.png')
  const run = Date.now().toString(36)
  const { logIn, call } = apiClient(base, DEMO_PASSWORD)
  const admin = await logIn('admin', ADMIN_PASSWORD)
  assert.equal(admin.status, 200, 'the administrator logs in')
  // the demo's records: 党群活动室 (the community's room), 平沙供电所 and its project 老旧小区加装路灯
  const room = (await call('secretary', '/cobuild-resources?q=' + encodeURIComponent('党群活动室'))).items.find((r) => r.title === '党群活动室')
  assert.ok(room && room.available, 'the demo resource 党群活动室 is listed and available')
  const mine = (await call('unitcontact', '/cobuild-units?view=mine')).items
  const station = mine.find((u) => u.name === '平沙供电所')
  assert.ok(station, 'unitcontact is a contact of 平沙供电所')
  const stationPage = await call('unitcontact', '/cobuild-units/' + station.id)
  const lightsRef = stationPage.projects.find((p) => p.title === '老旧小区加装路灯')
  assert.ok(lightsRef && lightsRef.status === 'in_progress', 'the power station takes part in the running street-lights project')

  /* ---------- the browser ---------- */
  const browser = await launchChromium(chromium)
  t.after(() => browser.close())
  const problems = []
  const login = async (username, phone) =>
    (await signedIn(browser, base, username, DEMO_PASSWORD, {
      problems,
      options: { timezoneId: TZ, ...screen(phone, DESK) },
    })).page
  let current = null
  const step = dependentSteps(t, () => current && shot(current, 'cb-failure.png'))

  let sec = null
  let uc = null
  let need = null
  const title = `e2e 楼道堆物清理需要场地集中存放 ${run}`

  await step('the secretary collects a need at 立新社区 and matches it to the demo resource 党群活动室', async () => {
    sec = await login('secretary', false)
    current = sec
    await sec.locator(tid('menu-cobuild-lists')).click()
    await sec.waitForURL(/\/cobuild\/lists/)
    await sec.locator(tid('lists-tab-needs')).click()
    await sec.waitForURL(/tab=needs/)
    await sec.locator(tid('need-list')).waitFor()
    await sec.locator(tid('need-new')).click()
    const dlg = sec.locator(`.el-dialog${tid('need-dialog')}`)
    await dlg.waitFor()
    // the secretary's community by default
    await sec.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-code'), tid('need-region'))
    assert.equal(await dlg.locator(tid('need-region')).getAttribute('data-code'), COMMUNITY)
    await dlg.locator(inp('need-title')).fill(title)
    await dlg.locator(inp('need-description')).fill('3 栋楼道清理出的旧家具需要临时场地存放，待统一处理。')
    await settle(sec)
    await shot(sec, 'cb-need-dialog-desk-zh.png', true)
    await dlg.locator(tid('need-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    need = (await call('secretary', '/cobuild-needs?status=open&limit=100')).items.find((n) => n.title === title)
    assert.ok(need, 'the server has the need')
    assert.equal(need.source, 'manual')
    assert.equal(need.region_code, COMMUNITY)
    const card = sec.locator(`${tid('need-card-' + need.id)}[data-status="open"]`)
    await card.waitFor()
    assert.equal((await sec.locator(tid('need-status-' + need.id)).textContent()).trim(), '待对接')

    await sec.locator(tid('need-match-' + need.id)).click()
    const match = sec.locator(`.el-dialog${tid('match-dialog')}`)
    await match.waitFor()
    await match.locator(tid('match-target-resource')).waitFor()
    await match.locator(tid('match-resource')).click()
    await sec.locator(`${tid('match-resource-' + room.id)}:visible`).click()
    await match.locator(inp('match-note')).fill('周末开放党群活动室临时存放')
    await match.locator(tid('match-submit')).click()
    await match.waitFor({ state: 'hidden' })
    await sec.locator(`${tid('need-card-' + need.id)}[data-status="matched"]`).waitFor()
    assert.equal((await sec.locator(tid('need-status-' + need.id)).textContent()).trim(), '已对接')
    assert.match(await sec.locator(tid('need-match-target-' + need.id)).textContent(), /党群活动室/)
    const x = await call('secretary', '/cobuild-needs/' + need.id)
    assert.equal(x.status, 'matched')
    assert.equal(x.resource_id, room.id)
    assert.equal(x.resource_title, '党群活动室')
    assert.equal(x.match_note, '周末开放党群活动室临时存放')
    await settle(sec)
    await shot(sec, 'cb-needs-desk-zh.png', true)
  })

  await step('the secretary’s 个性清单 shows the party members’ pledges as the party module has them', async () => {
    current = sec
    await sec.locator(tid('lists-tab-pledges')).click()
    await sec.waitForURL(/tab=pledges/)
    const pledges = (await call('secretary', '/party-pledges?limit=30')).items
    if (!pledges.length) {
      await sec.locator(tid('pledge-empty')).waitFor()
      return
    }
    await sec.locator(`${tid('pledge-card-' + pledges[0].id)}[data-kind="${pledges[0].kind}"]`).waitFor()
    assert.equal(await sec.locator('[data-testid^="pledge-card-"]').count(), pledges.length)
    assert.match(await sec.locator(tid('pledge-card-' + pledges[0].id)).textContent(), new RegExp(pledges[0].member_name))
  })

  await step('the secretary opens 平沙供电所: the phone masked, revealed for a reason', async () => {
    current = sec
    await sec.locator(tid('menu-cobuild-units')).click()
    await sec.waitForURL(/\/cobuild\/units/)
    await sec.locator(tid('unit-card-' + station.id)).click()
    await sec.waitForURL(new RegExp(`/cobuild/units/${station.id}$`))
    await sec.locator(`${tid('unit-detail')}[data-writes="true"]`).waitFor()
    assert.equal((await sec.locator(tid('unit-title')).textContent()).trim(), '平沙供电所')
    const page = await call('secretary', '/cobuild-units/' + station.id)
    const contact = page.contacts_list.find((c) => c.active && c.linked)
    assert.ok(contact, 'the linked contact')
    const masked = (await sec.locator(tid('contact-phone-' + contact.id)).textContent()).trim()
    assert.equal(masked, contact.phone)
    assert.match(masked, /\*{4}/, 'masked')
    await sec.locator(tid('unit-project-' + lightsRef.id)).waitFor()
    await sec.locator(tid('contact-reveal-' + contact.id)).click()
    const dlg = sec.locator(`.el-dialog${tid('contact-unmask-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(inp('contact-unmask-reason')).fill('联系路灯项目验收')
    await dlg.locator(tid('contact-unmask-submit')).click()
    const full = (await dlg.locator(tid('contact-unmask-phone')).textContent()).trim()
    assert.match(full, /^\d{11}$/)
    assert.equal(full.slice(0, 3) + '****' + full.slice(7), masked)
    await settle(sec)
    await shot(sec, 'cb-unit-desk-zh.png', true)
    await dlg.locator(tid('contact-unmask-close')).click()
  })

  await step('the contact of 平沙供电所 sees their unit on a phone and reports progress on its project', async () => {
    uc = await login('unitcontact', true)
    current = uc
    await openMenu(uc, 'menu-cobuild-units')
    await uc.waitForURL(/\/cobuild\/units/)
    await uc.locator(`${tid('page-cobuild-units')}[data-view="mine"]`).waitFor()
    const card = uc.locator(`${tid('my-unit-' + station.id)}[data-name="平沙供电所"]`)
    await card.waitFor()
    const before = await call('unitcontact', '/cobuild-projects/' + lightsRef.id)
    await card.locator(`${tid('my-unit-project-' + lightsRef.id)}[data-progress="${before.progress}"]`).waitFor()
    await fitsTheScreen(uc, 'my unit')
    await settle(uc)
    await shot(uc, 'cb-mine-phone-zh.png', true)

    await card.locator(tid('my-unit-project-open-' + lightsRef.id)).click()
    await uc.waitForURL(new RegExp(`/cobuild/projects/${lightsRef.id}$`))
    await uc.locator(`${tid('project-detail')}[data-reports="true"][data-writes="false"]`).waitFor()
    assert.equal(await uc.locator(tid('project-start')).count(), 0, 'a contact does not run the project')
    await fitsTheScreen(uc, 'the project')
    const next = Math.min(100, before.progress + 10)
    const note = `e2e 已安装 ${run} 路段路灯`
    await uc.locator(tid('project-report')).click()
    const dlg = uc.locator(`.el-dialog${tid('update-dialog')}`)
    await dlg.waitFor()
    const pct = dlg.locator(`${tid('update-progress')} input`)
    await pct.fill(String(next))
    await pct.press('Tab')
    await dlg.locator(inp('update-note')).fill(note)
    await dlg.locator(tid('photo-input')).setInputFiles([{ name: 'lamps.png', mimeType: 'image/png', buffer: makePng(21, 32) }])
    await uc.waitForFunction(() => document.querySelectorAll('[data-testid="photo-thumb"][data-state="done"]').length === 1)
    await fitsTheScreen(uc, 'the progress form')
    await settle(uc)
    await shot(uc, 'cb-update-phone-zh.png', true)
    await dlg.locator(tid('update-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    await uc.locator(`${tid('project-detail')}[data-progress="${next}"]`).waitFor()
    const after = await call('unitcontact', '/cobuild-projects/' + lightsRef.id)
    assert.equal(after.progress, next)
    const update = after.updates[0]
    assert.equal(update.progress, next)
    assert.equal(update.note, note)
    assert.equal(update.photos.length, 1, 'the photo is linked to the update')
    await uc.locator(`${tid('project-update-' + update.id)}[data-progress="${next}"]`).waitFor()
    await uc.locator(`${tid('project-update-' + update.id)} ${tid('photo-image')}`).waitFor()
    await fitsTheScreen(uc, 'the project with its new progress')
    await settle(uc)
    await shot(uc, 'cb-project-phone-zh.png', true)
    // back on 我的单位: the new progress
    await openMenu(uc, 'menu-cobuild-units')
    await uc.locator(`${tid('my-unit-project-' + lightsRef.id)}[data-progress="${next}"]`).waitFor()
  })

  await step('the secretary’s figures show the match rate, the charts, and a ledger downloads', async () => {
    current = sec
    await sec.locator(tid('menu-cobuild-stats')).click()
    await sec.waitForURL(/\/cobuild\/stats$/)
    const kpi = sec.locator(tid('cstats-kpi-matchRate'))
    await kpi.waitFor()
    const s = await call('secretary', '/cobuild-stats')
    assert.ok(s.needs >= 1 && s.match_rate > 0, 'the period has needs, some matched')
    const matched = (s.needs_by_status.matched || 0) + (s.needs_by_status.met || 0)
    assert.equal(s.match_rate, Math.floor((matched * 10000) / s.needs) / 100, 'the match rate is (matched + met) ÷ needs')
    assert.equal(Number(await kpi.getAttribute('data-value')), s.match_rate)
    assert.match(await kpi.textContent(), new RegExp(String(s.match_rate).replace('.', '\\.') + '%'))
    assert.equal(Number(await sec.locator(tid('cstats-kpi-needs')).getAttribute('data-value')), s.needs)
    assert.equal(Number(await sec.locator(tid('cstats-kpi-units')).getAttribute('data-value')), s.units)
    await sec.locator(`${tid('cstats-needs-status')} ${tid('echart')} canvas`).waitFor()
    await sec.locator(`${tid('cstats-resources-kind')} ${tid('echart')} canvas`).waitFor()
    const [download] = await Promise.all([sec.waitForEvent('download'), sec.locator(tid('cstats-export-needs')).click()])
    assert.match(download.suggestedFilename(), /^cobuild-needs-.*\.xlsx$/)
    await settle(sec)
    await shot(sec, 'cb-stats-desk-zh.png', true)
  })

  await step('no page errors', async () => {
    assert.deepEqual(problems, [])
  })
})
