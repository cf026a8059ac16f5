// 网格小组 (teams) against the real server, with the demo accounts: the resident and the grid
// worker on 390 px phones, the grid chief on a wide screen (each page must show what the server
// has; no phone page wider than the screen; no page errors):
//
//  The resident opens 我的网格团队: 立新社区第一网格 and its demo team by post (网格长 陈志强 …),
//  phones masked unless published (the published ones whole), the community's team below; the
//  call button reveals a masked number as a tel: link; 在线呼叫 sends a call, shown waiting.
//  The grid worker (on duty) finds it in 呼叫响应 and answers it: the response time shows, the
//  same the server keeps, and the resident's card shows it answered. The grid chief reads the
//  roster (the on-duty worker, the printable board with masked phones), adds a 楼栋长 with a
//  photo and ends the entry, and gives a household
//  of the grid (in the party member's care) into the grid worker's care from 包户管理. The grid
//  worker opens 我的包户 on the phone, taps the household and records a visit with the 六提六知
//  checklist; the server keeps all six items. The grid chief's 包户走访覆盖 counts the visit for
//  the grid worker and in the totals, and the month's coverage downloads as .xlsx.
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test teams.test.mjs
//
// The mock server has no teams: without WANGGE_URL (or the admin's password) this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { OUT, DEMO_PASSWORD, tid, inp, makePng, launchChromium, apiClient, serverUrl, prepareOut, screen, signedIn,
  openMenu, fitsTheScreen, shot, settle, dependentSteps } from './lib.mjs'

const GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
const COMMUNITY = GRID.slice(0, 12)
const ADMIN_PASSWORD = process.env.WANGGE_ADMIN_PASSWORD
const DESK = { width: 1366, height: 900 }
const TZ = 'Asia/Shanghai'
const CHECKLIST = [
  'ask_residence_know_building',
  'ask_building_know_household',
  'ask_household_know_person',
  'ask_person_know_matter',
  'ask_matter_know_situation',
  'ask_situation_know_policy',
]

test('teams: my grid team, an online call answered, a household given into care, visited and counted', { timeout: 300_000 }, async (t) => {
  const base = serverUrl()
  if (!base || !ADMIN_PASSWORD) {
    t.skip('needs WANGGE_URL (the mock has no teams) and WANGGE_ADMIN_PASSWORD')
    return
  }
  prepareOut('tm-failure.png')
  const run = Date.now().toString(36)
  const { logIn, call } = apiClient(base, DEMO_PASSWORD)
  const admin = await logIn('admin', ADMIN_PASSWORD)
  assert.equal(admin.status, 200, 'the administrator logs in')

  // what the server has: the resident's card, the grid worker's entry
  const card = await call('resident', '/me/grid-team')
  assert.equal(card.grid_code, GRID, "the resident's grid")
  assert.ok(card.members.length >= 7, 'the demo team of the grid')
  const masked = card.members.filter((m) => m.has_phone && !m.phone_public)
  const published = card.members.filter((m) => m.has_phone && m.phone_public)
  assert.ok(masked.length && published.length, 'masked and published phones in the demo')
  const chief = card.members.find((m) => m.post === 'grid_chief')
  assert.ok(chief && /\*{4}/.test(chief.phone), "the grid chief's phone is masked")
  const worklist0 = await call('gridworker', '/care/worklist')
  const worker = worklist0.members.find((m) => m.region_code === GRID)
  assert.ok(worker, "the grid worker's entry in the grid team")

  /* ---------- the browser ---------- */
  const browser = await launchChromium(chromium)
  t.after(() => browser.close())
  const problems = []
  const login = async (username, phone) =>
    (await signedIn(browser, base, username, DEMO_PASSWORD, {
      problems,
      options: { timezoneId: TZ, acceptDownloads: true, ...screen(phone, DESK) },
    })).page
  let current = null
  const step = dependentSteps(t, () => current && shot(current, 'tm-failure.png'))

  let res = null
  let gw = null
  let gc = null
  let theCall = null
  let assignment = null
  const message = `e2e 3 栋 2 单元楼道灯坏了，老人晚上出门不方便 ${run}`

  await step('the resident opens 我的网格团队 on a phone: the demo team, phones masked, a number revealed', async () => {
    res = await login('resident', true)
    current = res
    await openMenu(res, 'menu-teams-my')
    await res.waitForURL(/\/teams\/my$/)
    await res.locator(`${tid('team-my-head')}[data-grid="${GRID}"]`).waitFor()
    assert.equal((await res.locator(tid('team-grid-name')).textContent()).trim(), card.grid_name)
    for (const m of card.members) {
      const row = res.locator(tid('team-member-' + m.id))
      await row.waitFor()
      assert.equal(await row.getAttribute('data-post'), m.post)
      assert.equal(await row.getAttribute('data-phone'), m.phone, `${m.name}'s phone as the server shows it`)
      assert.match(await row.textContent(), new RegExp(m.name))
    }
    for (const m of masked) {
      assert.match(await res.locator(tid('team-phone-' + m.id)).textContent(), /\*{4}/, `${m.name}'s phone is masked`)
      await res.locator(tid('team-reveal-' + m.id)).waitFor()
    }
    for (const m of published) {
      assert.equal(await res.locator(tid('team-tel-' + m.id)).getAttribute('href'), 'tel:' + m.phone, 'a published phone is called at once')
    }
    assert.equal(await res.locator(`${tid('team-member-' + worker.id)}[data-on-duty="true"]`).count(), 1, 'the grid worker is on duty')
    if (card.community_members.length) await res.locator(tid('team-section-community')).waitFor()
    await settle(res)
    await fitsTheScreen(res, 'my grid team')
    await shot(res, 'tm-my-team-phone-zh.png', true)
    // the call button reveals the grid chief's number (audited) as a tel: link
    await res.locator(tid('team-reveal-' + chief.id)).click()
    const tel = res.locator(tid('team-tel-' + chief.id))
    await tel.waitFor()
    const href = await tel.getAttribute('href')
    assert.match(href, /^tel:\d{11}$/, 'the whole number')
    assert.equal(href.slice(4, 7), chief.phone.slice(0, 3))
    assert.equal(href.slice(-4), chief.phone.slice(-4))
    assert.doesNotMatch(await res.locator(tid('team-phone-' + chief.id)).textContent(), /\*/)
  })

  await step('the resident sends an 在线呼叫: it waits for an answer', async () => {
    current = res
    await res.locator(tid('team-call-button')).click()
    const dlg = res.locator(`.el-dialog${tid('call-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(tid('call-kind-report')).click()
    await dlg.locator(inp('call-message')).fill(message)
    await fitsTheScreen(res, 'the call dialog')
    await dlg.locator(tid('call-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const mine = (await call('resident', '/grid-team/calls')).items.filter((c) => c.message === message)
    assert.equal(mine.length, 1, 'one call')
    theCall = mine[0]
    assert.equal(theCall.status, 'open')
    assert.equal(theCall.kind, 'report')
    assert.ok(theCall.recipients >= 1, 'it reached the member on duty')
    await res.locator(`${tid('my-call-' + theCall.id)}[data-status="open"]`).waitFor()
    assert.equal((await res.locator(tid('my-call-status-' + theCall.id)).textContent()).trim(), '待响应')
    await settle(res)
    await fitsTheScreen(res, 'my grid team with the call')
    await shot(res, 'tm-call-sent-phone-zh.png', true)
  })

  await step('the grid worker sees the call in 呼叫响应 and answers it: the response time shows', async () => {
    gw = await login('gridworker', true)
    current = gw
    await openMenu(gw, 'menu-teams-calls')
    await gw.waitForURL(/\/teams\/calls$/)
    const row = gw.locator(`${tid('call-' + theCall.id)}[data-status="open"]`)
    await row.waitFor()
    assert.match(await row.textContent(), new RegExp(run))
    await gw.locator(tid('call-wait-' + theCall.id)).waitFor()
    await fitsTheScreen(gw, 'the calls')
    await shot(gw, 'tm-calls-phone-zh.png', true)
    await gw.locator(tid('call-answer-' + theCall.id)).click()
    const dlg = gw.locator(`.el-dialog${tid('answer-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(inp('answer-note')).fill('收到，马上安排物业更换')
    await dlg.locator(tid('answer-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const answered = gw.locator(`${tid('call-' + theCall.id)}[data-status="answered"]`)
    await answered.waitFor()
    const x = (await call('gridworker', '/grid-team/calls')).items.find((c) => c.id === theCall.id)
    assert.equal(x.status, 'answered')
    assert.ok(Number.isInteger(x.response_ms) && x.response_ms >= 0, 'the response time is kept')
    assert.equal(Number(await answered.getAttribute('data-response-ms')), x.response_ms)
    const shown = (await gw.locator(tid('call-response-' + theCall.id)).textContent()).trim()
    assert.match(shown, /响应用时\s*(\d+ 小时 \d+ 分|\d+ 分 \d+ 秒|\d+ 秒)/, 'the response time shows')
    const secs = Math.round(x.response_ms / 1000)
    const expect = secs >= 3600 ? `${Math.floor(secs / 3600)} 小时` : secs >= 60 ? `${Math.floor(secs / 60)} 分 ${secs % 60} 秒` : `${secs} 秒`
    assert.ok(shown.includes(expect), `shown "${shown}", kept ${x.response_ms} ms`)
    assert.match(shown, /收到，马上安排物业更换/)
    await settle(gw)
    await fitsTheScreen(gw, 'the answered call')
    await shot(gw, 'tm-call-answered-phone-zh.png', true)
    // the resident's card shows it answered (read again while it waited)
    current = res
    await res.locator(`${tid('my-call-' + theCall.id)}[data-status="answered"]`).waitFor({ timeout: 20_000 })
    assert.match(await res.locator(tid('my-call-answer-' + theCall.id)).textContent(), /已响应，用时/)
    await shot(res, 'tm-call-answered-resident-phone-zh.png', true)
  })

  await step('the grid chief reads the roster and its printable board', async () => {
    gc = await login('gridchief', false)
    current = gc
    await gc.locator(tid('menu-teams-roster')).click()
    await gc.waitForURL(/\/teams\/roster/)
    await gc.locator(tid('roster-node-' + GRID)).waitFor()
    await gc.locator(`${tid('roster-member-' + worker.id)}[data-on-duty="true"][data-status="active"]`).waitFor()
    await gc.locator(`${tid('roster-member-' + chief.id)}[data-post="grid_chief"]`).waitFor()
    assert.match(await gc.locator(tid('roster-phone-' + chief.id)).textContent(), /\*{4}/, 'masked in the roster too')
    await settle(gc)
    await shot(gc, 'tm-roster-desk-zh.png', true)
    await gc.locator(tid('roster-board-' + GRID)).click()
    await gc.waitForURL(new RegExp(`/teams/board/${GRID}$`))
    const board = await call('gridchief', `/regions/${GRID}/team-board`)
    await gc.locator(`${tid('team-board')}[data-region="${GRID}"]`).waitFor()
    assert.equal((await gc.locator(tid('board-title')).textContent()).trim(), board.title_zh)
    assert.equal(await gc.locator(tid('board-member-' + chief.id)).getAttribute('data-phone'), chief.phone, 'the board masks the unpublished phone')
    assert.match(await gc.locator(tid('board-date')).textContent(), new RegExp(board.date))
    await gc.emulateMedia({ media: 'print' })
    assert.equal(await gc.locator('.el-aside').isVisible(), false, 'printed without the menu')
    await gc.locator(tid('team-board')).screenshot({ path: path.join(OUT, 'tm-board-print-zh.png') })
    await gc.emulateMedia({ media: 'screen' })
  })

  await step('the grid chief adds a 楼栋长 with a photo to the grid, then ends the entry with a reason', async () => {
    current = gc
    await gc.goto(`${base}/teams/roster?region=${GRID}`)
    await gc.locator(tid('roster-add-' + GRID)).click()
    const dlg = gc.locator(`.el-dialog${tid('member-dialog')}`)
    await dlg.waitFor()
    assert.equal(await dlg.locator(tid('member-region')).getAttribute('data-code'), GRID, 'the team’s grid by default')
    await dlg.locator(tid('member-post')).click()
    await gc.locator(`${tid('member-post-building_head')}:visible`).click()
    const name = `e2e 楼栋长 ${run}`
    await dlg.locator(inp('member-name')).fill(name)
    await dlg.locator(inp('member-phone')).fill('13912345678')
    await dlg.locator(inp('member-responsibility')).fill('7 栋')
    await dlg.locator(tid('photo-input')).setInputFiles([{ name: 'photo.png', mimeType: 'image/png', buffer: makePng(9, 64) }])
    await gc.waitForFunction(() => document.querySelectorAll('[data-testid="photo-thumb"][data-state="done"]').length === 1)
    await dlg.locator(tid('member-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const added = (await call('gridchief', `/team-members?region=${GRID}&post=building_head`)).items.find((m) => m.name === name)
    assert.ok(added, 'the entry is kept')
    assert.equal(added.region_code, GRID)
    assert.equal(added.phone, '139****5678', 'sealed and shown masked')
    assert.match(added.photo || '', /^[0-9a-f]{64}$/, 'with its photo')
    const row = gc.locator(`${tid('roster-member-' + added.id)}[data-status="active"]`)
    await row.waitFor()
    await row.locator(`${tid('member-photo')} img`).waitFor()
    await gc.locator(tid('roster-end-' + added.id)).click()
    const end = gc.locator(`.el-dialog${tid('end-dialog')}`)
    await end.waitFor()
    await end.locator(inp('end-reason')).fill('工作调动')
    await end.locator(tid('end-submit')).click()
    await end.waitFor({ state: 'hidden' })
    await row.waitFor({ state: 'detached' })
    const ended = await call('gridchief', '/team-members/' + added.id)
    assert.equal(ended.status, 'ended')
    assert.equal(ended.end_reason, '工作调动')
    await gc.locator(tid('roster-show-ended')).click()
    await gc.locator(`${tid('roster-member-' + added.id)}[data-status="ended"]`).waitFor()
  })

  await step('the grid chief gives a household of the grid into the grid worker’s care', async () => {
    current = gc
    const cares = (await call('gridchief', `/care-assignments?region=${GRID}&limit=200`)).items
    const workers = new Set(cares.filter((a) => a.member_id === worker.id).map((a) => a.household_id))
    const other = cares.find((a) => a.member_id !== worker.id && !workers.has(a.household_id))
    assert.ok(other, 'a household of the grid in another carer’s care (the demo gives twelve)')
    await gc.locator(tid('menu-teams-care')).click()
    await gc.waitForURL(/\/teams\/care/)
    await gc.locator(tid('care-table')).waitFor()
    await gc.locator(tid('care-assign')).click()
    const dlg = gc.locator(`.el-dialog${tid('assign-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(tid('assign-member')).click()
    await gc.locator(`${tid('assign-member-' + worker.id)}:visible`).click()
    await dlg.locator(tid('household-picker')).click()
    await gc.locator(`${tid('household-option-' + other.household_id)}:visible`).click()
    await dlg.locator(tid('assign-class-auto')).waitFor()
    await shot(gc, 'tm-assign-desk-zh.png', true)
    await dlg.locator(tid('assign-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const now = (await call('gridchief', `/care-assignments?member_id=${worker.id}&limit=200`)).items.filter((a) => a.household_id === other.household_id)
    assert.equal(now.length, 1, 'one active care of the household by the grid worker')
    assignment = now[0]
    assert.equal(assignment.status, 'active')
    assert.equal(assignment.member_id, worker.id)
    assert.equal(assignment.last_visited_at, null)
    await gc.locator(`${tid('care-row-' + assignment.id)}[data-member="${worker.id}"]`).waitFor()
    await settle(gc)
    await shot(gc, 'tm-care-desk-zh.png', true)
  })

  await step('the grid worker records a visit with the 六提六知 checklist from 我的包户 on the phone', async () => {
    current = gw
    const before = (await call('gridchief', `/care/coverage?region=${COMMUNITY}`)).items.find((r) => r.member_id === worker.id)
    await openMenu(gw, 'menu-teams-worklist')
    await gw.waitForURL(/\/teams\/worklist$/)
    const item = gw.locator(`${tid('work-' + assignment.id)}[data-household="${assignment.household_id}"]`)
    await item.waitFor()
    const list = (await call('gridworker', '/care/worklist')).items.map((a) => a.id)
    const shown = await gw.locator('[data-testid^="work-"]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-testid').slice(5))))
    assert.deepEqual(shown, list, 'the worklist in the server’s order (by due date)')
    await fitsTheScreen(gw, 'the worklist')
    await shot(gw, 'tm-worklist-phone-zh.png', true)
    await item.click()
    await gw.waitForURL(new RegExp(`/teams/visit/${assignment.id}$`))
    await gw.locator(`${tid('visit-household')}[data-assignment="${assignment.id}"]`).waitFor()
    await gw.locator(inp('visit-findings')).fill(`e2e 入户走访：两位老人在家，身体尚好，反映楼道灯不亮 ${run}`)
    await gw.locator(tid('visit-checklist')).waitFor()
    await gw.locator(tid('visit-check-all')).click()
    await gw.locator(inp('check-ask_person_know_matter-note')).fill('老人腿脚不便，需要关注')
    await gw.locator(`${tid('check-ask_situation_know_policy-done')}`).click() // not done after all
    await fitsTheScreen(gw, 'the visit form')
    await settle(gw)
    await shot(gw, 'tm-visit-form-phone-zh.png', true)
    await gw.locator(tid('visit-submit')).click()
    await gw.locator(tid('visit-done')).waitFor()
    const visits = (await call('gridworker', `/care-assignments/${assignment.id}/visits`)).items
    assert.equal(visits.length, 1, 'one visit')
    const v = visits[0]
    assert.match(v.findings, new RegExp(run))
    assert.deepEqual(Object.keys(v.checklist).sort(), [...CHECKLIST].sort(), 'all six items answered')
    for (const k of CHECKLIST) assert.equal(v.checklist[k].done, k !== 'ask_situation_know_policy', k)
    assert.equal(v.checklist.ask_person_know_matter.note, '老人腿脚不便，需要关注')
    assert.equal(await gw.locator(tid('visit-done')).getAttribute('data-visit'), String(v.id))
    const a = (await call('gridworker', '/care/worklist')).items.find((x) => x.id === assignment.id)
    assert.ok(a.last_visited_at, 'the household’s last visit moved')
    await fitsTheScreen(gw, 'the visit recorded')
    await shot(gw, 'tm-visit-done-phone-zh.png', true)
    await gw.locator(tid('visit-to-worklist')).click()
    await gw.waitForURL(/\/teams\/worklist$/)
    await gw.locator(tid('work-' + assignment.id)).waitFor()
    assert.match(await gw.locator(tid('work-' + assignment.id)).textContent(), /上次走访/)
    assignment.visitsBefore = before ? before.visits : 0
  })

  await step('the grid chief’s 包户走访覆盖 counts the visit, and the month downloads as .xlsx', async () => {
    current = gc
    const cov = await call('gridchief', `/care/coverage?region=${COMMUNITY}`)
    const mine = cov.items.find((r) => r.member_id === worker.id)
    assert.equal(mine.visits, assignment.visitsBefore + 1, 'one more visit for the grid worker')
    assert.ok(mine.households_visited >= 1 && mine.persons >= 0)
    await gc.locator(tid('menu-teams-coverage')).click()
    await gc.waitForURL(/\/teams\/coverage/)
    const row = gc.locator(tid('coverage-row-' + worker.id))
    await row.waitFor()
    assert.equal(Number(await row.getAttribute('data-visits')), mine.visits)
    assert.equal(Number(await row.getAttribute('data-visited')), mine.households_visited)
    assert.equal(Number(await row.getAttribute('data-persons')), mine.persons)
    assert.equal(Number(await row.getAttribute('data-in-care')), mine.households_in_care)
    const kpi = gc.locator(tid('coverage-kpi-visits'))
    assert.equal(Number(await kpi.getAttribute('data-value')), cov.totals.visits)
    assert.ok(cov.totals.visits >= 1)
    assert.equal(Number(await gc.locator(tid('coverage-kpi-rate')).getAttribute('data-value')), cov.totals.coverage)
    const [download] = await Promise.all([gc.waitForEvent('download'), gc.locator(tid('coverage-export')).click()])
    assert.match(download.suggestedFilename(), /\.xlsx$/)
    await settle(gc)
    await shot(gc, 'tm-coverage-desk-zh.png', true)
    // the team figures count the answered call
    await gc.locator(tid('menu-teams-stats')).click()
    await gc.waitForURL(/\/teams\/stats$/)
    const s = await call('gridchief', '/team-stats')
    await gc.locator(tid('tstats-kpi-calls')).waitFor()
    assert.equal(Number(await gc.locator(tid('tstats-kpi-calls')).getAttribute('data-value')), s.calls.calls)
    assert.ok(s.calls.answered >= 1)
    assert.equal(Number(await gc.locator(tid('tstats-kpi-entries')).getAttribute('data-value')), s.roster.entries)
    await gc.locator(`${tid('tstats-grid-' + GRID)}[data-complete="true"]`).waitFor()
    await settle(gc)
    await shot(gc, 'tm-stats-desk-zh.png', true)
  })

  await step('no page errors', async () => {
    assert.deepEqual(problems, [])
  })
})
