// 党组织与党员 (party) against the real server, with the demo accounts: the community secretary
// on a wide screen, the party member and the grid worker on 390 px phones (each page must show
// what the server has; no phone page wider than the screen; no page errors):
//
//  The secretary (社区书记 of 立新社区) opens 党组织: the demo tree (立新社区党委 → 第一网格党支部 →
//  its 楼栋党小组). Under the demo branch they set up a new 楼栋党小组 (新建下级: the level and the
//  grid come from the branch), open its page and add a regular member linked to a registry
//  person of the grid (found by name), as its 组长: the roster shows them, the server has them
//  with that person. The 党建统计 page counts the members as the server does and the members'
//  ledger downloads as .xlsx.
//  The party member (the demo account linked to a member) opens 我的承诺 on a phone: adds a
//  亮责任 pledge, sees it active, fulfils it (践诺) saying how; the server has it fulfilled with
//  that note; the page in English.
//  The grid worker (organisations: read) opens 党组织 on a phone: the branch and the new group are
//  there, with no button to create, change or dissolve; the group's page has none either, nor a
//  roster (members are not theirs to read).
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test party.test.mjs
//
// The mock server has no party module: without WANGGE_URL (or the admin's password) this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, launchChromium, apiClient, serverUrl, prepareOut, screen, signedIn, openMenu,
  fitsTheScreen, shot, settle, dependentSteps } from './lib.mjs'

const GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
const COMMUNITY = GRID.slice(0, 12)
const ADMIN_PASSWORD = process.env.WANGGE_ADMIN_PASSWORD
const DESK = { width: 1366, height: 900 }
const TZ = 'Asia/Shanghai'

test('party: a building group set up with a member, a pledge made and fulfilled on a phone, read-only for a grid worker', { timeout: 300_000 }, async (t) => {
  const base = serverUrl()
  if (!base || !ADMIN_PASSWORD) {
    t.skip('needs WANGGE_URL (the mock has no party module) and WANGGE_ADMIN_PASSWORD')
    return
  }
  prepareOut('pt-failure.png')
  const run = Date.now().toString(36)
  // a login the server sheds under a moment's load (503, password hashing) is asked again
  const { logIn, call } = apiClient(base, DEMO_PASSWORD, { shedRetries: 10 })
  const admin = await logIn('admin', ADMIN_PASSWORD)
  assert.equal(admin.status, 200, 'the administrator logs in')

  /* ---------- what the demo holds ---------- */
  const tree = await call('secretary', '/party-tree')
  assert.equal(tree.region_code, COMMUNITY, 'the secretary’s tree is of 立新社区')
  const branch = tree.items.find((o) => o.level === 'branch' && o.region_code === GRID && o.status === 'active')
  assert.ok(branch, 'the demo has a grid branch (立新社区第一网格党支部)')
  // a registry adult living in the grid, with a household, not a current regular member, whose name is unique
  const persons = (await call('secretary', `/persons?region=${GRID}&limit=200`)).items
  const regulars = new Set(
    (await call('secretary', '/party-members?kind=regular&active=true&limit=200')).items.map((m) => m.person_id).filter(Boolean),
  )
  const named = (n) => persons.filter((p) => p.name === n).length
  const person = persons.find((p) => p.household_id && p.age >= 25 && !regulars.has(p.id) && named(p.name) === 1)
  assert.ok(person, 'the demo registry holds an adult of the grid who is not a member yet')
  const mine = await call('partymember', '/my/party')
  assert.ok(mine.items.length >= 1, 'the demo party member’s account is linked to a member')
  const stay = mine.items[0]

  /* ---------- the browser ---------- */
  const browser = await launchChromium(chromium)
  t.after(() => browser.close())
  const problems = []
  const login = async (username, phone) =>
    (await signedIn(browser, base, username, DEMO_PASSWORD, {
      problems,
      retryShed: true,
      options: { timezoneId: TZ, ...screen(phone, DESK) },
    })).page
  let current = null
  const step = dependentSteps(t, () => current && shot(current, 'pt-failure.png'))

  let sec = null
  let group = null
  let member = null
  let pledge = null
  const groupName = `e2e 湖畔新城${run}栋党小组`
  const pledgeText = `亮责任：联系本楼栋 8 户居民，每月走访一次（${run}）`
  const how = `已走访 8 户，收集意见 3 条（${run}）`

  await step('the secretary sees the demo tree and sets up a 楼栋党小组 under the demo branch', async () => {
    sec = await login('secretary', false)
    current = sec
    await sec.locator(tid('menu-party-orgs')).click()
    await sec.waitForURL(/\/party\/orgs$/)
    await sec.locator(`${tid('party-tree-place')}[data-code="${COMMUNITY}"]`).waitFor()
    for (const o of tree.items) await sec.locator(`${tid('party-org-' + o.id)}[data-level="${o.level}"]`).waitFor()
    await sec.locator(tid('party-org-new')).waitFor()
    await sec.locator(tid('party-org-add-child-' + branch.id)).click()
    const dlg = sec.locator(`.el-dialog${tid('party-org-dialog')}`)
    await dlg.waitFor()
    assert.match(await dlg.locator(tid('party-org-parent-fixed')).innerText(), new RegExp(branch.name))
    // a branch holds groups only: the level is chosen, the grid comes from the branch
    await dlg.locator(`${tid('party-org-level-group')}.is-active`).waitFor()
    await dlg.locator(`${tid('party-org-region')}[data-code="${GRID}"]`).waitFor()
    await dlg.locator(inp('party-org-name')).fill(groupName)
    await dlg.locator(inp('party-org-secretary')).fill('梁志华')
    await shot(sec, 'pt-org-dialog-desk-zh.png', true)
    await dlg.locator(tid('party-org-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const now = await call('secretary', '/party-tree')
    group = now.items.find((o) => o.name === groupName)
    assert.ok(group, 'the server has the new group')
    assert.equal(group.level, 'group')
    assert.equal(group.parent_id, branch.id, 'under the demo branch')
    assert.equal(group.region_code, GRID, 'on the branch’s grid')
    assert.equal(group.secretary_name, '梁志华')
    assert.equal(group.depth, branch.depth + 1)
    await sec.locator(`${tid('party-org-' + group.id)}[data-level="group"][data-members="0"]`).waitFor()
    await settle(sec)
    await shot(sec, 'pt-tree-desk-zh.png', true)
  })

  await step('the secretary adds a member linked to a registry person of the grid: the roster shows them', async () => {
    current = sec
    await sec.locator(tid('party-org-name-' + group.id)).click()
    await sec.waitForURL(new RegExp(`/party/orgs/${group.id}$`))
    await sec.locator(`${tid('party-org-detail')}[data-writes="true"][data-manages="true"]`).waitFor()
    await sec.locator(tid('party-roster-empty')).waitFor()
    await sec.locator(tid('party-member-add')).click()
    const dlg = sec.locator(`.el-dialog${tid('party-member-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(tid('party-member-kind-regular')).click()
    await dlg.locator(`${tid('party-member-person')} input`).fill(person.name)
    const option = sec.locator(`${tid('person-option-' + person.id)}:visible`)
    await option.waitFor()
    await option.click()
    await dlg.locator(tid('party-member-post-group_leader')).click()
    // a group has no secretary: its posts are 组长 and 党员
    assert.equal(await dlg.locator(tid('party-member-post-secretary')).count(), 0)
    const partyOn = dlg.locator(`${tid('party-member-party-on')} input, input${tid('party-member-party-on')}`).first()
    await partyOn.fill('2015-07-01')
    await partyOn.press('Enter')
    await settle(sec)
    await shot(sec, 'pt-member-dialog-desk-zh.png', true)
    await dlg.locator(tid('party-member-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const roster = (await call('secretary', `/party-members?org_id=${group.id}`)).items
    assert.equal(roster.length, 1, 'one member in the group')
    member = roster[0]
    assert.equal(member.person_id, person.id, 'linked to the registry person')
    assert.equal(member.name, person.name)
    assert.equal(member.kind, 'regular')
    assert.equal(member.post, 'group_leader')
    assert.equal(member.joined_party_on, '2015-07-01')
    assert.equal(member.active, true)
    const row = sec.locator(`${tid('party-roster-' + member.id)}[data-person="${person.id}"][data-active="true"]`)
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(`${person.name}[\\s\\S]*组长[\\s\\S]*组织关系在此`))
    await sec.locator(`${tid('party-org-members')}[data-count="1"]`).waitFor()
    await shot(sec, 'pt-roster-desk-zh.png', true)
    // the member's page: their history (this one stay) and no pledges yet
    await sec.locator(tid('party-roster-name-' + member.id)).click()
    await sec.waitForURL(new RegExp(`/party/members/${member.id}$`))
    await sec.locator(`${tid('party-member-detail')}[data-active="true"][data-writes="true"]`).waitFor()
    await sec.locator(tid('party-member-stay-' + member.id)).waitFor()
    await sec.locator(tid('party-member-pledges-empty')).waitFor()
    await sec.locator(tid('party-member-transfer')).waitFor()
    // the members' list finds them by name, under their organisation
    await sec.locator(tid('menu-party-members')).click()
    await sec.waitForURL(/\/party\/members/)
    await sec.locator(inp('party-member-filter-q')).fill(person.name)
    await sec.locator(tid('party-member-filter-search-submit')).click()
    await sec.locator(`${tid('party-member-row-' + member.id)}[data-active="true"]`).waitFor()
  })

  await step('the figures count the members as the server does; the members’ ledger downloads', async () => {
    current = sec
    await sec.locator(tid('menu-party-stats')).click()
    await sec.waitForURL(/\/party\/stats$/)
    const kpi = sec.locator(tid('pstats-kpi-members'))
    await kpi.waitFor()
    const region = await sec.locator(tid('pstats-region')).getAttribute('data-code')
    const stats = await call('secretary', '/party-stats?region=' + region)
    assert.ok(stats.members >= 1)
    assert.equal(Number(await kpi.getAttribute('data-value')), stats.members)
    assert.equal(Number(await sec.locator(tid('pstats-kpi-orgs')).getAttribute('data-value')), stats.orgs)
    assert.ok(stats.members_by_org.some((o) => o.org_id === group.id && o.regular === 1), 'the group counts its member')
    await sec.locator(`${tid('pstats-by-org')} canvas`).waitFor()
    await settle(sec)
    await shot(sec, 'pt-stats-desk-zh.png', true)
    const [download] = await Promise.all([sec.waitForEvent('download'), sec.locator(tid('pstats-export')).click()])
    assert.match(download.suggestedFilename(), /\.xlsx$/)
  })

  await step('the party member adds a 亮责任 pledge on a phone and fulfils it', async () => {
    const pm = await login('partymember', true)
    current = pm
    await openMenu(pm, 'menu-party-my')
    await pm.waitForURL(/\/party\/my$/)
    await pm.locator(tid('party-my-stay-' + stay.id)).waitFor()
    await fitsTheScreen(pm, 'my pledges')
    await pm.locator(tid(`party-my-pledges-${stay.id}-add`)).click()
    const dlg = pm.locator(`.el-dialog${tid('party-pledge-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(tid('party-pledge-kind-responsibility')).click()
    await dlg.locator(inp('party-pledge-content')).fill(pledgeText)
    await settle(pm)
    await fitsTheScreen(pm, 'the pledge dialog')
    await shot(pm, 'pt-pledge-dialog-phone-zh.png', true)
    await dlg.locator(tid('party-pledge-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const after = (await call('partymember', '/my/party')).items.find((m) => m.id === stay.id)
    pledge = after.pledges_list.find((p) => p.content === pledgeText)
    assert.ok(pledge, 'the server has the pledge')
    assert.equal(pledge.kind, 'responsibility')
    assert.equal(pledge.status, 'active')
    assert.equal(pledge.mine, true)
    await pm.locator(`${tid('party-pledge-' + pledge.id)}[data-status="active"][data-kind="responsibility"]`).waitFor()
    assert.equal(await pm.locator(tid('party-pledge-content-' + pledge.id)).innerText(), pledgeText)
    await fitsTheScreen(pm, 'my pledges with the new one')
    // 践诺, saying how
    await pm.locator(tid('party-pledge-fulfil-' + pledge.id)).click()
    const close = pm.locator(`.el-dialog${tid('party-pledge-close-dialog')}`)
    await close.waitFor()
    await close.locator(inp('party-pledge-note')).fill(how)
    await fitsTheScreen(pm, 'the fulfil dialog')
    await close.locator(tid('party-pledge-close-submit')).click()
    await close.waitFor({ state: 'hidden' })
    await pm.locator(`${tid('party-pledge-' + pledge.id)}[data-status="fulfilled"]`).waitFor()
    assert.match(await pm.locator(tid('party-pledge-closed-' + pledge.id)).innerText(), new RegExp(how.replace(/[()（）]/g, '.')))
    assert.equal(await pm.locator(tid('party-pledge-fulfil-' + pledge.id)).count(), 0, 'no 践诺 button once fulfilled')
    const done = (await call('partymember', '/my/party')).items.find((m) => m.id === stay.id).pledges_list.find((p) => p.id === pledge.id)
    assert.equal(done.status, 'fulfilled')
    assert.equal(done.note, how)
    assert.ok(done.closed_at)
    await fitsTheScreen(pm, 'my pledges, fulfilled')
    await settle(pm)
    await shot(pm, 'pt-my-phone-zh.png', true)
    // in English
    await pm.evaluate(() => localStorage.setItem('wangge.locale', 'en'))
    await pm.reload()
    await pm.locator(`${tid('party-pledge-status-' + pledge.id)}`).waitFor()
    assert.equal((await pm.locator(tid('party-pledge-status-' + pledge.id)).innerText()).trim(), 'Fulfilled')
    assert.match(await pm.locator(tid('party-my-slogan')).innerText(), /Identity · Responsibility · Service/)
    await fitsTheScreen(pm, 'my pledges in English')
    await shot(pm, 'pt-my-phone-en.png', true)
    await pm.evaluate(() => localStorage.setItem('wangge.locale', 'zh-CN'))
  })

  await step('the grid worker sees the tree on a phone, with no button to write', async () => {
    const gw = await login('gridworker', true)
    current = gw
    await openMenu(gw, 'menu-party-orgs')
    await gw.waitForURL(/\/party\/orgs$/)
    await gw.locator(`${tid('party-tree-place')}[data-code="${GRID}"]`).waitFor()
    await gw.locator(`${tid('party-org-' + branch.id)}[data-level="branch"]`).waitFor()
    await gw.locator(`${tid('party-org-' + group.id)}[data-level="group"][data-members="1"]`).waitFor()
    for (const sel of ['[data-testid="party-org-new"]', '[data-testid^="party-org-add-child-"]', '[data-testid^="party-org-edit-"]', '[data-testid^="party-org-dissolve-"]'])
      assert.equal(await gw.locator(sel).count(), 0, `no ${sel} for a grid worker`)
    await fitsTheScreen(gw, 'the tree')
    await settle(gw)
    await shot(gw, 'pt-tree-phone-zh.png', true)
    await gw.locator(tid('party-org-name-' + group.id)).click()
    await gw.waitForURL(new RegExp(`/party/orgs/${group.id}$`))
    await gw.locator(`${tid('party-org-detail')}[data-writes="false"][data-manages="false"]`).waitFor()
    assert.equal((await gw.locator(tid('party-org-title')).innerText()).trim(), groupName)
    for (const id of ['party-member-add', 'party-org-edit', 'party-org-dissolve', 'party-roster'])
      assert.equal(await gw.locator(tid(id)).count(), 0, `no ${id} for a grid worker`)
    await fitsTheScreen(gw, 'the group’s page')
    await shot(gw, 'pt-org-phone-zh.png', true)
    // and the menu offers no roster
    await gw.locator(tid('mobile-menu-button')).click()
    await gw.locator(tid('menu-party-orgs')).waitFor()
    assert.equal(await gw.locator(tid('menu-party-members')).count(), 0)
  })

  await step('no page errors', async () => {
    assert.deepEqual(problems, [])
  })
})
