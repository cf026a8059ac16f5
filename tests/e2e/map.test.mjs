// End-to-end test of the grid map (网格地图, /registry/map) against the real server: a grid
// worker "knows every household" by drilling from the map of their grid to a building, its
// households and a household's file with its members. Set up through the API: a building
// with coordinates inside the grid worker's grid, a household in it with two members, a
// household of the grid without a building; a building the grid chief adds in the
// neighbouring grid. Then in the browser: the grid worker lands on their grid (its units on
// the map, the building as a marker with its household count), picks the building on the
// map, sees its household with the right member count, drills into a unit (empty states)
// and back up with the path, opens the household file (the members reach the person
// drawer) and comes back to the same building; lists the grid's households without a
// building; never sees the neighbouring grid's building; the same on a 390 px phone (the
// lists below the map) and in English. The grid chief lands on the community and drills
// into both grids. No uncaught errors or console errors.
//
//   WANGGE_URL=http://127.0.0.1:18080 node --test map.test.mjs
//
// The mock server has no registry: without WANGGE_URL this test is skipped. Each run makes
// fresh names and places the building at a random point of a unit, so reruns pass.
// CHROMIUM overrides /usr/bin/chromium. Screenshots go to tests/e2e/out/map-*.png.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, PHONE, tid, launchChromium, apiClient, serverUrl, prepareOut, screen, signedIn, openMenu,
  shot, settle, text, dependentSteps } from './lib.mjs'

const WORKER_GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
const OTHER_GRID = process.env.WANGGE_E2E_OTHER_GRID || '440404104001002'
const COMMUNITY = process.env.WANGGE_E2E_COMMUNITY || '440404104001'
const DESKTOP = { width: 1440, height: 900 }

/** A random point inside a convex polygon (a demo unit): a convex combination of its vertices. */
function pointIn(geometry) {
  const ring = (geometry.type === 'MultiPolygon' ? geometry.coordinates[0][0] : geometry.coordinates[0]).slice(0, -1)
  const w = ring.map(() => 0.3 + Math.random() * 1.4)
  const sum = w.reduce((a, b) => a + b, 0)
  const lng = ring.reduce((a, p, i) => a + p[0] * w[i], 0) / sum
  const lat = ring.reduce((a, p, i) => a + p[1] * w[i], 0) / sum
  return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 }
}

test('registry: the grid map, building → household → person', { timeout: 300_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.diagnostic('WANGGE_URL not set: the map test needs the real server (the mock has no registry); skipped')
    t.skip('needs WANGGE_URL')
    return
  }
  prepareOut('map-failure.png')
  const run = Date.now().toString(36)

  /* ---------- the API, for setup and for checking ---------- */
  const { api, tokenOf } = apiClient(base, DEMO_PASSWORD)
  async function created(p, body, user) {
    const r = await api(p, { token: await tokenOf(user), method: 'POST', body })
    assert.equal(r.status, 201, `POST ${p} as ${user}: ${JSON.stringify(r.json)}`)
    return r.json
  }
  /** The units of a grid (its children on the map), from its GeoJSON. */
  async function unitsOf(grid, user) {
    const r = await api(`/regions/${grid}/geojson`, { token: await tokenOf(user) })
    assert.equal(r.status, 200, `GET /regions/${grid}/geojson`)
    assert.ok(r.json.features.length >= 2, `${grid} has units with boundaries`)
    return r.json.features
  }

  /* ---------- the browser ---------- */
  const browser = await launchChromium(chromium)
  const problems = [] // uncaught errors and console errors
  const openAs = (username, { phone = false } = {}) =>
    signedIn(browser, base, username, DEMO_PASSWORD, { problems, options: screen(phone, DESKTOP) })
  let current = null // the page of the step running, for the failure screenshot
  /** The map page shows `code` as the current node (and has drawn its map). */
  async function at(page, code) {
    await page.locator(`${tid('map-current')}[data-code="${code}"]`).waitFor()
    await page.locator(`${tid('map-buildings')}[data-code="${code}"] .el-loading-mask`).waitFor({ state: 'hidden' }).catch(() => {})
  }

  const step = dependentSteps(t, () => current && shot(current, 'map-failure.png'))

  const buildingName = `e2e 地图楼 ${run}`
  const address = `e2e 地图路 ${run} 号`
  let building = null
  let otherBuilding = null
  let householdId = 0
  let looseId = 0 // a household of the grid without a building
  let members = []
  let pointUnit = ''
  let emptyUnit = ''
  let worker = null
  let phone = null
  let chief = null
  try {
    await step('setup through the API: a building in the grid, a household with two members, one without a building', async () => {
      const units = await unitsOf(WORKER_GRID, 'gridworker')
      pointUnit = units[0].properties.code
      emptyUnit = units[units.length - 1].properties.code
      const spot = pointIn(units[0].geometry)
      const located = await api(`/locate?lat=${spot.lat}&lng=${spot.lng}`, { token: await tokenOf('gridworker') })
      assert.equal(located.status, 200)
      assert.equal(located.json.grid.code, WORKER_GRID, 'the point is inside the grid')
      const b = await created(
        '/buildings',
        { region_code: WORKER_GRID, name: buildingName, address: `e2e 地图路 ${run}`, floors: 6, lat: spot.lat, lng: spot.lng },
        'gridworker',
      )
      building = { ...b, ...spot }
      const h = await created('/households', { building_id: b.id, address, room: '2-301', housing_type: 'owned' }, 'gridworker')
      householdId = h.id
      assert.equal(h.region_code, WORKER_GRID, "the household takes the building's grid")
      for (const [name, relation, gender, birth] of [
        [`e2e 户主 ${run}`, 'head', 'male', '1971-03-04'],
        [`e2e 配偶 ${run}`, 'spouse', 'female', '1973-08-09'],
      ]) {
        const p = await created('/persons', { name, gender, birth_date: birth, household_id: householdId, relation }, 'gridworker')
        members.push(p.id)
      }
      looseId = (await created('/households', { region_code: WORKER_GRID, address: `e2e 无楼栋 ${run} 号`, housing_type: 'rented' }, 'gridworker')).id

      // the server's count, which the page shows
      const listed = await api('/buildings?region=' + WORKER_GRID, { token: await tokenOf('gridworker') })
      assert.equal(listed.status, 200)
      const row = listed.json.items.find((x) => x.id === b.id)
      assert.ok(row, 'the grid worker lists the building')
      assert.equal(row.households, 1, 'GET /buildings counts its household')

      // the grid chief's building in the neighbouring grid, which the grid worker must not see
      const otherUnits = await unitsOf(OTHER_GRID, 'gridchief')
      const spot2 = pointIn(otherUnits[0].geometry)
      const ob = await created(
        '/buildings',
        { region_code: OTHER_GRID, name: `e2e 邻格楼 ${run}`, floors: 3, lat: spot2.lat, lng: spot2.lng },
        'gridchief',
      )
      otherBuilding = ob
      const refused = await api('/buildings?region=' + OTHER_GRID, { token: await tokenOf('gridworker') })
      assert.equal(refused.status, 403, 'the API refuses the neighbouring grid to the grid worker')
      const mine = await api('/buildings', { token: await tokenOf('gridworker') })
      assert.ok(!mine.json.items.some((x) => x.id === ob.id), "not in the grid worker's buildings")
    })

    await step('the grid worker lands on their grid: its units, the building as a marker with its household count', async () => {
      worker = await openAs('gridworker')
      current = worker.page
      const page = worker.page
      assert.match(await text(page.locator(tid('menu-registry-map'))), /网格地图/)
      await openMenu(page, 'menu-registry-map')
      await page.waitForURL(/\/registry\/map/)
      await at(page, WORKER_GRID)
      // the grid is the top of the path: nothing above the worker's scope
      assert.equal(await page.locator(`${tid('map-path')} a`).count(), 0)
      assert.match(await text(page.locator(tid('map-current'))), /网格/)
      await page.locator(`${tid('region-map')}[data-feature-count="4"]`).waitFor()
      await page.locator(tid('map-region-' + pointUnit)).waitFor()
      const row = page.locator(tid('map-building-' + building.id))
      await row.waitFor()
      assert.equal(await row.getAttribute('data-households'), '1')
      assert.equal(await text(page.locator(tid('map-building-households-' + building.id))), '1')
      await page.locator(tid('map-point-' + building.id)).waitFor()
      // nothing of the neighbouring grid
      assert.equal(await page.locator(tid('map-building-' + otherBuilding.id)).count(), 0, 'no building of the other grid listed')
      assert.equal(await page.locator(tid('map-point-' + otherBuilding.id)).count(), 0, 'no marker of it either')
      assert.ok(!(await page.content()).includes(`e2e 邻格楼 ${run}`))
      // buildings exist: the households panel asks to pick one
      await page.locator(tid('map-households-hint')).waitFor()
      await settle(page, 400)
      await shot(page, 'map-grid-zh.png')
    })

    await step('picks the building on the map: its household with the right member count', async () => {
      const page = worker.page
      await page.locator(tid('map-point-' + building.id)).click()
      await page.locator(`${tid('map-households')}[data-choice="${building.id}"]`).waitFor()
      const hh = page.locator(tid('map-household-' + householdId))
      await hh.waitFor()
      assert.equal(await hh.getAttribute('data-members'), '2')
      assert.equal(await text(page.locator(tid('map-household-members-' + householdId))), '2')
      assert.match(await text(hh), /2-301/)
      assert.equal(await page.locator(tid('map-household-' + looseId)).count(), 0, 'only the households of the building')
      await page.waitForURL(new RegExp(`building=${building.id}`))
      assert.match(await page.locator(tid('map-point-' + building.id)).getAttribute('class'), /point-chosen/)
      await settle(page, 400)
      await shot(page, 'map-building-zh.png')
    })

    await step('drills into a unit (empty states), then back up with the path', async () => {
      const page = worker.page
      const bs = await api('/buildings?region=' + emptyUnit, { token: await tokenOf('gridworker') })
      const hs = await api('/households?region=' + emptyUnit, { token: await tokenOf('gridworker') })
      await page.locator(tid('map-region-' + emptyUnit)).click()
      await at(page, emptyUnit)
      await page.locator(`${tid('map-path')} ${tid('map-crumb-' + WORKER_GRID)}`).waitFor()
      assert.equal(await page.locator(tid('map-building-' + building.id)).count(), 0, 'the building is in the grid, not in this unit')
      if (bs.json.items.length === 0) {
        await page.locator(tid('map-buildings-empty')).waitFor()
        assert.match(await text(page.locator(tid('map-buildings-empty'))), /暂无楼栋/)
        // no buildings: the unit's households are listed at once
        await page.locator(`${tid('map-households')}[data-choice="all"]`).waitFor()
        if (hs.json.items.length === 0) {
          await page.locator(tid('map-households-empty')).waitFor()
          assert.match(await text(page.locator(tid('map-households-empty'))), /暂无住户/)
        }
      }
      await settle(page, 400)
      await shot(page, 'map-unit-zh.png')
      await page.locator(tid('map-crumb-' + WORKER_GRID)).click()
      await at(page, WORKER_GRID)
      await page.locator(tid('map-building-' + building.id)).waitFor()
    })

    await step('opens the household file from the list, reaches a member, comes back to the same building', async () => {
      const page = worker.page
      await page.locator(tid('map-building-' + building.id)).click() // the row
      await page.locator(`${tid('map-households')}[data-choice="${building.id}"]`).waitFor()
      await page.locator(tid('map-household-' + householdId)).click()
      await page.waitForURL(new RegExp(`/registry/household/${householdId}$`))
      await page.locator(`${tid('household-file')}[data-household-id="${householdId}"]`).waitFor()
      for (const id of members) await page.locator(tid('member-' + id)).waitFor()
      assert.match(await text(page.locator(tid('household-building'))), new RegExp(buildingName))
      // a member's person record
      await page.locator(tid('member-' + members[0])).click()
      await page.locator(`${tid('person-detail')}[data-person-id="${members[0]}"]`).waitFor()
      await page.keyboard.press('Escape')
      await page.locator(`${tid('person-drawer')} .el-drawer`).waitFor({ state: 'hidden' })
      // back: the map page again, on the same grid and building
      await page.locator(tid('household-back')).click()
      await page.waitForURL(/\/registry\/map/)
      await at(page, WORKER_GRID)
      await page.locator(`${tid('map-households')}[data-choice="${building.id}"]`).waitFor()
      await page.locator(tid('map-household-' + householdId)).waitFor()
    })

    await step("the grid's households without a building filter", async () => {
      const page = worker.page
      await page.locator(tid('map-all-households')).click()
      await page.locator(`${tid('map-households')}[data-choice="all"]`).waitFor()
      await page.locator(tid('map-household-' + looseId)).waitFor()
      await page.waitForURL(/all=1/)
      // newest first: both of this run's households are on the first page
      await page.locator(tid('map-household-' + householdId)).waitFor()
      assert.equal(await page.locator(tid('map-household-' + householdId)).getAttribute('data-building'), String(building.id))
      assert.equal(await page.locator(tid('map-household-' + looseId)).getAttribute('data-building'), '')
    })

    await step('in English', async () => {
      const page = worker.page
      await page.locator(tid('locale-switch-trigger')).click()
      await page.locator(tid('locale-en')).click()
      await page.locator(tid('menu-registry-map')).filter({ hasText: 'Grid map' }).waitFor()
      assert.match(await text(page.locator(tid('map-all-households'))), /All households here/)
      assert.match(await text(page.locator(tid('map-buildings'))), /buildings/)
      assert.match(await text(page.locator(tid('map-households'))), /all households/)
      await page.locator(tid('map-region-' + emptyUnit)).click()
      await at(page, emptyUnit)
      const bs = await api('/buildings?region=' + emptyUnit, { token: await tokenOf('gridworker') })
      if (bs.json.items.length === 0) assert.match(await text(page.locator(tid('map-buildings-empty'))), /No buildings here/)
      await page.locator(tid('map-crumb-' + WORKER_GRID)).click()
      await at(page, WORKER_GRID)
      await page.locator(tid('map-point-' + building.id)).click()
      await page.locator(tid('map-household-' + householdId)).waitFor()
      assert.match(await text(page.locator(tid('map-households'))), new RegExp(`${buildingName} · households`))
      await settle(page, 400)
      await shot(page, 'map-building-en.png')
    })

    await step('on a 390 px phone: the lists below the map, pick the building, open the household', async () => {
      phone = await openAs('gridworker', { phone: true })
      current = phone.page
      const page = phone.page
      await openMenu(page, 'menu-registry-map')
      await page.waitForURL(/\/registry\/map/)
      await at(page, WORKER_GRID)
      const mapBox = await page.locator(tid('region-map')).boundingBox()
      const list = await page.locator(tid('map-buildings')).boundingBox()
      assert.ok(mapBox && list, 'map and list are shown')
      assert.ok(list.y >= mapBox.y + mapBox.height - 1, 'the buildings are below the map')
      assert.ok(mapBox.width <= PHONE.width && list.width <= PHONE.width, 'nothing wider than the phone')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 1, 'no horizontal scrolling: ' + overflow)
      await settle(page, 400)
      await shot(page, 'map-phone-zh.png')
      await page.locator(tid('map-building-' + building.id)).click()
      const hh = page.locator(tid('map-household-' + householdId))
      await hh.waitFor()
      assert.equal(await text(page.locator(tid('map-household-members-' + householdId))), '2')
      await settle(page, 700)
      await shot(page, 'map-phone-households-zh.png')
      await hh.click()
      await page.waitForURL(new RegExp(`/registry/household/${householdId}$`))
      await page.locator(`${tid('household-file')}[data-household-id="${householdId}"]`).waitFor()
    })

    await step('the grid chief lands on the community and drills into both grids', async () => {
      chief = await openAs('gridchief')
      current = chief.page
      const page = chief.page
      await openMenu(page, 'menu-registry-map')
      await page.waitForURL(/\/registry\/map/)
      await at(page, COMMUNITY)
      await page.locator(tid('map-region-' + WORKER_GRID)).click()
      await at(page, WORKER_GRID)
      await page.locator(`${tid('map-path')} ${tid('map-crumb-' + COMMUNITY)}`).waitFor()
      await page.locator(tid('map-building-' + building.id)).waitFor()
      assert.equal(await page.locator(tid('map-building-' + otherBuilding.id)).count(), 0)
      await page.locator(tid('map-crumb-' + COMMUNITY)).click()
      await at(page, COMMUNITY)
      await page.locator(tid('map-child-' + OTHER_GRID)).click()
      await at(page, OTHER_GRID)
      await page.locator(tid('map-building-' + otherBuilding.id)).waitFor()
      await page.locator(tid('map-point-' + otherBuilding.id)).waitFor()
      assert.equal(await page.locator(tid('map-building-' + building.id)).count(), 0)
      await settle(page, 400)
      await shot(page, 'map-chief-zh.png')
    })

    await step('no uncaught errors or console errors in the pages', async () => {
      assert.deepEqual(problems, [])
    })
  } finally {
    for (const s of [worker, phone, chief]) if (s) await s.context.close().catch(() => {})
    await browser.close()
  }
})
