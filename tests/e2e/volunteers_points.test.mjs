// Volunteering and points against the real server, with the demo accounts, on 390 px phones
// (each page must show what the server has; no page wider than the screen; no page errors):
//
//  Through the API: the leader adds a line to 立新社区's list of deeds (volunteer hours of party
//  members); the grid chief opens a volunteer station and registers the party member's
//  registry person (a household and a person made here) as a volunteer linked to the
//  `partymember` account.
//  In the browser: the grid chief publishes an activity at the station (the place tapped on the
//  map) starting in one to two minutes and lasting one; the party member signs up from the
//  calendar; the grid chief opens the check-in screen (its six digits); the party member follows
//  its link (?code=) and is refused 2 km away (the server's distance shown), then checks in at
//  the place; after the end the party member checks out with the code then shown, and the grid
//  chief certifies the minutes (a figure of their own with a reason only if check-in and
//  check-out made none). The party member's points show on 我的积分 with the entry; the grid
//  chief adds (API) a reward that costs what was earned; the party member redeems it in the
//  shop and reads the code; the shop clerk (landing on 兑换核销) verifies it: the reward to
//  hand over; the same code again is refused (已核销).
//
// Why it takes about three minutes: the server takes sign-ups only before the start and
// certifies only after the end, so the activity must start after the sign-up and the test must
// wait for its end; its page takes times to the minute, so it starts one to two minutes ahead and
// lasts one minute (the shortest). With one minute certified, the line pays 600 points an hour
// (10 a minute): at 10 an hour a one-minute activity would earn 0 points (the server pays
// minutes pro rata, rounded down) and there would be nothing to redeem.
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test volunteers_points.test.mjs
//
// The mock server has neither module: without WANGGE_URL (or the admin's password) this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, newIdNumber, launchChromium, apiClient, beijing, serverUrl, prepareOut, screen,
  statusIn, signedIn, openMenu, fitsTheScreen, shot, settle, dependentSteps } from './lib.mjs'

const GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
const COMMUNITY = GRID.slice(0, 12)
const ADMIN_PASSWORD = process.env.WANGGE_ADMIN_PASSWORD
const TZ = 'Asia/Shanghai'
/** points an hour of volunteering earns here: 10 a minute (see above) */
const PER_HOUR = 600

test('volunteers and points: an activity from sign-up to certified hours, points redeemed and verified', { timeout: 600_000 }, async (t) => {
  const base = serverUrl()
  if (!base || !ADMIN_PASSWORD) {
    t.skip('needs WANGGE_URL (the mock has no volunteers or points) and WANGGE_ADMIN_PASSWORD')
    return
  }
  prepareOut('vp-failure.png')
  const run = Date.now().toString(36)
  const { logIn, call } = apiClient(base, DEMO_PASSWORD)
  const admin = await logIn('admin', ADMIN_PASSWORD)
  assert.equal(admin.status, 200, 'the administrator logs in')

  /* ---------- set-up through the API ---------- */
  // the line of the list that pays the party member's minutes (the newest line of the place wins)
  const rule = await call('leader', '/point-rules', 'POST', {
    region_code: COMMUNITY,
    earner_type: 'party_member',
    deed: 'volunteer_hour',
    name: `e2e 志愿服务时长 ${run}`,
    points: PER_HOUR,
  })
  assert.equal(rule.in_force, true, 'the line is in force today')
  // a point of the grid for the station (the middle of its outline's box)
  const grid = await call('gridchief', '/regions/' + GRID)
  const ring = grid.geometry.type === 'Polygon' ? grid.geometry.coordinates[0] : grid.geometry.coordinates[0][0]
  const xs = ring.map((p) => p[0])
  const ys = ring.map((p) => p[1])
  const spot = { lat: +((Math.min(...ys) + Math.max(...ys)) / 2).toFixed(6), lng: +((Math.min(...xs) + Math.max(...xs)) / 2).toFixed(6) }
  const stationName = `e2e 志愿服务站 ${run}`
  const station = await call('gridchief', '/volunteer-stations', 'POST', {
    region_code: COMMUNITY,
    name: stationName,
    address: `e2e 志愿路 ${run} 号`,
    lat: spot.lat,
    lng: spot.lng,
    contact: '0756-1234567',
  })
  // the party member's registry person, registered as a volunteer with the account
  const household = await call('gridchief', '/households', 'POST', { region_code: GRID, address: `e2e 党员路 ${run} 号`, housing_type: 'owned' })
  const person = await call('gridchief', '/persons', 'POST', {
    name: `e2e党员${run}`,
    id_number: newIdNumber(40),
    household_id: household.id,
    relation: 'head',
    residence_type: 'registered',
  })
  const before = await call('partymember', '/volunteers/me')
  if (before.volunteer) {
    // an earlier run's record holds the account: unlink it (its hours stay with it)
    await call('gridchief', '/volunteers/' + before.volunteer.id, 'PATCH', { username: null, version: before.volunteer.version })
  }
  const volunteer = await call('gridchief', '/volunteers', 'POST', { person_id: person.id, skills: ['助老服务'], username: 'partymember' })
  assert.equal(volunteer.linked, true, 'the account is linked')
  assert.equal((await call('partymember', '/volunteers/me')).volunteer.id, volunteer.id)
  const pointsBefore = await call('partymember', '/points/me')

  /* ---------- the browser ---------- */
  const browser = await launchChromium(chromium)
  t.after(() => browser.close())
  const problems = []
  const expected = new Set() // HTTP statuses a step provokes on purpose
  const phone = async (username, extra = {}) =>
    (await signedIn(browser, base, username, DEMO_PASSWORD, {
      problems,
      ignore: statusIn(expected),
      options: { timezoneId: TZ, ...screen(true), ...extra },
    })).page
  let current = null
  const step = dependentSteps(t, () => current && shot(current, 'vp-failure.png'))

  const title = `e2e 关爱空巢老人 ${run}`
  let chief = null
  let member = null
  let activity = null
  let codeUrl = ''
  await step('the grid chief publishes an activity starting in a minute or two, the place tapped on the map', async () => {
    chief = await phone('gridchief')
    current = chief
    await openMenu(chief, 'menu-volunteer-activity')
    await chief.waitForURL(/\/volunteers\/activity$/)
    await chief.locator(tid('activity-new')).click()
    const dlg = chief.locator(`.el-dialog${tid('activity-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(tid('activity-station')).click()
    await chief.locator(tid('activity-station-' + station.id)).click()
    await dlg.locator(inp('activity-title')).fill(title)
    await dlg.locator(inp('activity-detail')).fill('陪伴聊天、打扫卫生')
    // the next whole minute at least a minute ahead; one minute long
    const starts = Math.ceil((Date.now() + 60_000) / 60_000) * 60_000
    const ends = starts + 60_000
    await dlg.locator(inp('activity-starts')).fill(beijing(starts))
    await dlg.locator(inp('activity-starts')).press('Enter')
    await dlg.locator(inp('activity-ends')).fill(beijing(ends))
    await dlg.locator(inp('activity-ends')).press('Enter')
    await dlg.locator(inp('activity-place')).fill(`e2e 志愿路 ${run} 号活动室`)
    // the station's place comes first; a tap on the map moves it
    await dlg.locator(tid('activity-point')).waitFor()
    const map = dlg.locator(tid('point-map'))
    await map.scrollIntoViewIfNeeded()
    const box = await map.boundingBox()
    await chief.mouse.click(box.x + box.width / 2 + 20, box.y + box.height / 2 + 10)
    await chief.waitForFunction(
      ([sel, lat, lng]) => {
        const el = document.querySelector(sel)
        return el && (Number(el.getAttribute('data-lat')) !== lat || Number(el.getAttribute('data-lng')) !== lng)
      },
      [tid('activity-point'), spot.lat, spot.lng],
    )
    await dlg.locator(inp('activity-capacity')).fill('5')
    await fitsTheScreen(chief, 'the activity form')
    await settle(chief)
    await shot(chief, 'vp-activity-form-phone-zh.png')
    await dlg.locator(tid('activity-submit')).dblclick() // one activity for two taps
    await chief.waitForURL(/\/volunteers\/activity\/\d+$/)
    const id = Number(/\/(\d+)$/.exec(new URL(chief.url()).pathname)[1])
    const detail = chief.locator(`${tid('activity-detail')}[data-activity-id="${id}"]`)
    await detail.waitFor()
    assert.equal(await detail.getAttribute('data-runs'), 'true', 'the organiser')
    assert.equal(await detail.getAttribute('data-phase'), 'upcoming')
    activity = await call('gridchief', '/volunteer-activities/' + id)
    assert.equal(activity.title, title)
    assert.equal(activity.station_id, station.id)
    assert.equal(new Date(activity.starts_at).getTime(), starts, 'the start as typed')
    assert.equal(new Date(activity.ends_at).getTime(), ends, 'the end as typed')
    assert.equal(activity.capacity, 5)
    assert.ok(activity.lat !== spot.lat || activity.lng !== spot.lng, 'the tapped place, not the station’s')
    const mine = (await call('gridchief', '/volunteer-activities?view=organised')).items.filter((a) => a.title === title)
    assert.equal(mine.length, 1, 'one activity for a double tap')
    await fitsTheScreen(chief, 'the activity page')
    await shot(chief, 'vp-activity-detail-phone-zh.png')
  })

  await step('the party member signs up from the calendar', async () => {
    member = await phone('partymember', { geolocation: { latitude: activity.lat + 0.02, longitude: activity.lng }, permissions: ['geolocation'] })
    current = member
    await openMenu(member, 'menu-volunteer-activity')
    await member.waitForURL(/\/volunteers\/activity/)
    const card = member.locator(tid('activity-card-' + activity.id))
    await card.waitFor()
    assert.equal(await card.getAttribute('data-phase'), 'upcoming')
    await member.locator(tid('activity-signup-' + activity.id)).click()
    await member.locator(`${tid('activity-card-' + activity.id)}[data-mine="signed"]`).waitFor()
    assert.match(await member.locator(tid('activity-mine-' + activity.id)).textContent(), /已报名/)
    const a = await call('partymember', '/volunteer-activities/' + activity.id)
    assert.equal(a.mine.status, 'signed')
    assert.equal(a.signed, 1)
    await fitsTheScreen(member, 'the calendar')
    await settle(member)
    await shot(member, 'vp-calendar-phone-zh.png')
  })

  const readCode = async () => {
    const el = chief.locator(`${tid('code-value')}[data-code]`)
    await el.waitFor()
    return el.getAttribute('data-code')
  }
  await step("the grid chief opens the check-in screen: six digits and the QR code's link", async () => {
    current = chief
    await chief.locator(tid('activity-open-code')).click()
    await chief.waitForURL(new RegExp(`/volunteers/activity/${activity.id}/code$`))
    const code = await readCode()
    assert.match(code, /^\d{6}$/)
    codeUrl = (await chief.locator(tid('code-url')).textContent()).trim()
    assert.equal(codeUrl, `${base}/volunteers/activity/${activity.id}?code=${code}`)
    assert.match(await chief.locator(tid('code-title')).textContent(), new RegExp(title))
    await fitsTheScreen(chief, 'the check-in screen')
    await shot(chief, 'vp-code-screen-phone-zh.png')
  })

  await step('the party member follows the link: refused 2 km away, then checks in at the place', async () => {
    current = member
    await member.goto(codeUrl)
    const card = member.locator(`${tid('activity-mine-card')}[data-status="signed"]`)
    await card.waitFor()
    // the code came with the link (it may have changed since: then the current one)
    const input = member.locator(inp('activity-code-input'))
    assert.equal(await input.inputValue(), new URL(codeUrl).searchParams.get('code'), 'the code from the link')
    expected.add(409)
    await input.fill(await readCode())
    await member.locator(tid('activity-check-in')).click()
    const refusal = member.locator(tid('activity-check-error'))
    await refusal.waitFor()
    assert.match(await refusal.textContent(), /距活动地点 \d+ 米/, "the server's distance")
    assert.equal(await card.getAttribute('data-in'), 'false')
    await fitsTheScreen(member, 'the refused check-in')
    await shot(member, 'vp-checkin-refused-phone-zh.png')
    await member.context().setGeolocation({ latitude: activity.lat, longitude: activity.lng })
    await input.fill(await readCode())
    await member.locator(tid('activity-check-in')).click()
    await member.locator(`${tid('activity-mine-card')}[data-in="true"]`).waitFor()
    expected.delete(409)
    assert.match(await member.locator(tid('activity-checked-in')).textContent(), /签到/)
    const a = await call('partymember', '/volunteer-activities/' + activity.id)
    assert.ok(a.mine.checked_in_at, 'checked in')
    await shot(member, 'vp-checked-in-phone-zh.png')
  })

  await step('after the end the party member checks out, and the grid chief certifies the minutes', async () => {
    const wait = new Date(activity.ends_at).getTime() + 2_000 - Date.now()
    t.diagnostic(`waiting ${Math.round(wait / 1000)} s for the activity to end`)
    if (wait > 0) await member.waitForTimeout(wait)
    current = member
    await member.reload()
    await member.locator(`${tid('activity-mine-card')}[data-in="true"]`).waitFor()
    await member.locator(inp('activity-code-input')).fill(await readCode()) // the screen renewed it meanwhile
    await member.locator(tid('activity-check-out')).click()
    await member.locator(`${tid('activity-mine-card')}[data-out="true"]`).waitFor()
    assert.match(await member.locator(tid('activity-my-hint')).textContent(), /认定/)
    await fitsTheScreen(member, 'checked out')

    current = chief
    await chief.locator(tid('code-close')).click()
    await chief.waitForURL(new RegExp(`/volunteers/activity/${activity.id}$`))
    await chief.reload()
    await chief.locator(`${tid('activity-detail')}[data-phase="over"]`).waitFor()
    await chief.locator(`${tid('activity-signups')} [data-testid^="signup-row-"][data-status="signed"]`).waitFor()
    await chief.locator(tid('activity-certify')).click()
    const dlg = chief.locator(`.el-dialog${tid('certify-dialog')}`)
    await dlg.waitFor()
    const signup = (await call('gridchief', `/volunteer-activities/${activity.id}/signups`)).items.find((s) => s.volunteer_id === volunteer.id)
    const row = dlg.locator(tid('certify-row-' + signup.id))
    await row.waitFor()
    const computed = Number(await row.getAttribute('data-computed'))
    t.diagnostic(`check-in and check-out make ${computed} min`)
    if (computed === 0) {
      // no minutes by the check-ins (a slow machine): the organiser's own figure, with the reason
      await row.locator(inp('certify-minutes-' + signup.id)).fill('1')
      await row.locator(inp('certify-minutes-' + signup.id)).press('Tab')
      await row.locator(inp('certify-reason-' + signup.id)).fill('签退稍晚，实际服务 1 分钟')
    }
    await settle(chief)
    await fitsTheScreen(chief, 'the certify dialog')
    await shot(chief, 'vp-certify-phone-zh.png')
    await dlg.locator(tid('certify-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    await chief.locator(`${tid('activity-detail')}[data-status="certified"]`).waitFor()
    await chief.locator(`${tid('signup-row-' + signup.id)}[data-minutes="1"]`).waitFor()
    assert.match(await chief.locator(tid('activity-served')).textContent(), /1 人参与/)
    const a = await call('gridchief', '/volunteer-activities/' + activity.id)
    assert.equal(a.status, 'certified')
    assert.equal(a.minutes, 1)
    assert.equal(a.participants, 1)
    await fitsTheScreen(chief, 'the certified activity')
    await shot(chief, 'vp-certified-phone-zh.png')
  })

  let earned = 0
  await step('the party member sees the points on 我的积分 and the hours on 我的志愿服务', async () => {
    current = member
    const after = await call('partymember', '/points/me')
    earned = after.earned - pointsBefore.earned
    assert.equal(earned, PER_HOUR / 60, 'one minute at 600 an hour')
    await openMenu(member, 'menu-point-mine')
    await member.waitForURL(/\/points\/mine$/)
    const card = member.locator(`${tid('point-balance')}[data-balance="${after.balance}"]`)
    await card.waitFor()
    const entry = member.locator(`${tid('point-ledger')} [data-testid^="point-ledger-entry-"][data-cause="deed"][data-points="${earned}"]`).first()
    await entry.waitFor()
    assert.match(await entry.textContent(), new RegExp(`e2e 志愿服务时长 ${run}`), 'the line that paid it')
    await fitsTheScreen(member, 'my points')
    await settle(member)
    await shot(member, 'vp-points-mine-phone-zh.png')
    await openMenu(member, 'menu-volunteer-mine')
    const hours = member.locator(tid('volunteer-mine-hours'))
    await hours.waitFor()
    assert.equal(await hours.getAttribute('data-minutes'), '1')
    await member.locator(tid('activity-card-' + activity.id)).waitFor()
    await fitsTheScreen(member, 'my volunteering')
    await shot(member, 'vp-volunteer-mine-phone-zh.png')
  })

  let code = ''
  let rewardName = ''
  await step('the party member redeems a reward that costs what was earned, and reads the code', async () => {
    rewardName = `e2e 环保袋 ${run}`
    const reward = await call('gridchief', '/point-rewards', 'POST', {
      region_code: COMMUNITY,
      name: rewardName,
      detail: '可重复使用购物袋',
      price: earned,
      stock: 3,
      supplier_kind: 'unit',
      supplier_name: 'e2e 共建单位',
    })
    current = member
    await openMenu(member, 'menu-point-shop')
    await member.waitForURL(/\/points\/shop$/)
    const card = member.locator(`${tid('shop-reward-' + reward.id)}[data-stock="3"]`)
    await card.waitFor()
    await fitsTheScreen(member, 'the shop')
    await member.locator(tid('shop-redeem-' + reward.id)).click()
    const box = member.locator('.el-message-box')
    await box.waitFor()
    assert.match(await box.textContent(), new RegExp(rewardName))
    await box.locator('.el-message-box__btns .el-button--primary').click()
    const dlg = member.locator(`.el-dialog${tid('redeemed-dialog')}`)
    await dlg.waitFor()
    code = await dlg.locator(tid('redemption-code')).getAttribute('data-code')
    assert.match(code, /^\d{10}$/)
    await fitsTheScreen(member, 'the code')
    await settle(member)
    await shot(member, 'vp-redeemed-phone-zh.png')
    const mine = (await call('partymember', '/point-redemptions?view=mine&status=issued')).items.find((r) => r.reward_id === reward.id)
    assert.equal(mine.code, code, 'the code the server keeps')
    assert.equal(mine.points, earned)
    const now = await call('partymember', '/points/me')
    assert.equal(now.balance, now.earned - now.spent, 'the balance is what was earned less what was spent')
    await dlg.locator(tid('redeemed-close')).click()
    await member.locator(`${tid('shop-reward-' + reward.id)}[data-stock="2"]`).waitFor()
  })

  await step('the shop clerk verifies the code once; the same code again is refused', async () => {
    const clerk = await phone('shopclerk')
    current = clerk
    await clerk.waitForURL(/\/points\/verify$/) // a shop clerk lands on 兑换核销
    await clerk.locator(inp('verify-code')).fill(code)
    await clerk.locator(tid('verify-submit')).click()
    const ok = clerk.locator(`${tid('verify-result')}[data-status="ok"]`)
    await ok.waitFor()
    assert.equal((await ok.locator(tid('verify-reward')).textContent()).trim(), rewardName, 'what to hand over')
    await clerk.locator(`${tid('verify-recent')} [data-testid^="verify-row-"]`).first().waitFor()
    await fitsTheScreen(clerk, 'the verification')
    await settle(clerk)
    await shot(clerk, 'vp-verified-phone-zh.png')
    expected.add(409)
    await clerk.locator(inp('verify-code')).fill(code.slice(0, 4) + ' ' + code.slice(4)) // spaces as read aloud
    await clerk.locator(tid('verify-submit')).click()
    const refused = clerk.locator(`${tid('verify-result')}[data-status="error"]`)
    await refused.waitFor()
    assert.match(await refused.textContent(), /已核销/)
    expected.delete(409)
    await shot(clerk, 'vp-verified-again-phone-zh.png')
    const mine = (await call('partymember', '/point-redemptions?view=mine&status=verified')).items.find((r) => r.code === code)
    assert.ok(mine, 'verified')
    current = member
    await openMenu(member, 'menu-point-redemptions')
    await member.locator(tid('redemption-tabs')).getByText('已核销').click()
    await member.locator(`${tid('redemption-card-' + mine.id)}[data-status="verified"]`).waitFor()
    await fitsTheScreen(member, 'my redemptions')
    await clerk.context().close()
  })

  await t.test('no page errors', () => {
    assert.deepEqual(problems, [], 'no uncaught errors or console errors')
  })
})
