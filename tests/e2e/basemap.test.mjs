// End-to-end test of the maps without a tile server (issue 17): on a 390 px phone the
// resident's report page draws the neighbourhood of the resident's grid (GET /map/nearby)
// with the names of the community and the grids written on it, the buildings there by name
// when zoomed in; a tap puts the pin, the grid holding it is highlighted and named under
// the map; a tap in the neighbouring grid moves both. No uncaught errors or console errors.
//
//   WANGGE_URL=http://127.0.0.1:18080 node --test basemap.test.mjs
//
// Needs the real server (the mock has no /map/nearby): skipped without WANGGE_URL. As
// `gridworker` it adds a building (a fresh name each run) about 90 m north of the middle of
// WANGGE_E2E_GRID. Screenshots: out/basemap-*.png.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, launchChromium, apiClient, serverUrl, prepareOut, screen, logInThroughForm, watchedPage,
  shot, dependentSteps } from './lib.mjs'

const GRID = process.env.WANGGE_E2E_GRID || '440404104001001'

/** The mean of a polygon's outer ring's corners (the demo's grids are convex quads). */
function middle(geometry) {
  const ring = (geometry.type === 'MultiPolygon' ? geometry.coordinates[0][0] : geometry.coordinates[0]).slice(0, -1)
  const lng = ring.reduce((a, p) => a + p[0], 0) / ring.length
  const lat = ring.reduce((a, p) => a + p[1], 0) / ring.length
  return { lat, lng }
}

test('maps: the neighbourhood with its names, on the resident\'s phone', { timeout: 180_000 }, async (t) => {
  const base = serverUrl()
  if (!base) {
    t.skip('needs WANGGE_URL (the mock has no /map/nearby)')
    return
  }
  prepareOut()
  const run = Date.now().toString(36)
  const { api, tokenOf } = apiClient(base, DEMO_PASSWORD)

  /* ---------- through the API: the grid's middle, its names, a building there ---------- */
  const token = await tokenOf('resident')
  const regions = await api(`/regions/${GRID}`, { token })
  assert.equal(regions.status, 200, 'the resident reads their own grid')
  const mid = middle(regions.json.geometry)
  const around = await api(`/map/nearby?lat=${mid.lat}&lng=${mid.lng}&radius=800`, { token })
  assert.equal(around.status, 200)
  const features = around.json.features
  const grid = features.find((f) => f.id === GRID)
  assert.ok(grid && grid.properties.here, 'the grid is in its neighbourhood, holding its middle')
  const community = features.find((f) => f.properties.kind === 'community' && f.properties.here)
  assert.ok(community, 'its community is there')
  const communityShort = community.properties.name.replace(/(居民委员会|村民委员会)$/, '')
  const gridShort = grid.properties.name.startsWith(communityShort)
    ? grid.properties.name.slice(communityShort.length)
    : grid.properties.name
  const buildingName = `${run}栋`
  const b = await api('/buildings', {
    token: await tokenOf('gridworker'),
    method: 'POST',
    body: { region_code: GRID, name: buildingName, lat: Number((mid.lat + 0.0008).toFixed(6)), lng: Number(mid.lng.toFixed(6)) },
  })
  assert.equal(b.status, 201, JSON.stringify(b.json))

  /* ---------- the browser ---------- */
  const browser = await launchChromium(chromium)
  const problems = []
  const { page } = await watchedPage(browser, { problems, options: screen(true) })
  const shown = (text) => page.locator('.wg-label-anchor:not(.wg-label-hidden) .wg-label', { hasText: text })
  const map = page.locator(tid('point-map'))
  const step = dependentSteps(t, () => shot(page, 'basemap-failure.png'))

  try {
    await step('the report page draws the neighbourhood with the community and grid names', async () => {
      await logInThroughForm(page, base, 'resident', DEMO_PASSWORD, { landing: /\/events\/report/ })
      await page.locator(tid('report-next')).click() // no photo
      await page.locator(tid('report-step-2')).waitFor()
      await map.waitFor()
      await shown(communityShort).first().waitFor()
      await shown(gridShort).first().waitFor()
      // the grids and communities around as outlines: more than the resident's own grid
      const outlines = await map.locator('.leaflet-overlay-pane path').count()
      assert.ok(outlines >= 4, `outlines drawn: ${outlines}`)
      // every name written fits the phone's map and none overlaps another
      const boxes = await map
        .locator('.wg-label-anchor:not(.wg-label-hidden) .wg-label')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))
      assert.ok(boxes.length >= 3, `names written: ${boxes.length}`)
      const frame = await map.boundingBox()
      for (const [i, a] of boxes.entries()) {
        assert.ok(a.left >= frame.x - 1 && a.right <= frame.x + frame.width + 1, 'a name inside the map')
        for (const c of boxes.slice(i + 1)) {
          const apart = a.right <= c.left || c.right <= a.left || a.bottom <= c.top || c.bottom <= a.top
          assert.ok(apart, 'two names overlap')
        }
      }
      await page.waitForTimeout(300)
      await shot(page, 'basemap-report-zh.png')
    })

    await step('a tap puts the pin: its grid is highlighted and named under the map', async () => {
      await map.click()
      await page.locator(`${tid('point-map')}[data-has-point="1"]`).waitFor()
      const located = page.locator(`${tid('report-located')}[data-grid="${GRID}"]`)
      await located.waitFor()
      assert.match(await located.textContent(), new RegExp(grid.properties.name))
      await page.locator(`${tid('point-map')}[data-highlight="${GRID}"]`).waitFor()
      await shown(gridShort).and(page.locator('.here')).waitFor()
    })

    await step('a tap in the neighbouring grid moves the highlight and the name', async () => {
      const box = await map.boundingBox()
      await page.mouse.click(box.x + box.width - 12, box.y + box.height / 2)
      const located = page.locator(`${tid('report-located')}[data-grid]:not([data-grid=""]):not([data-grid="${GRID}"])`)
      await located.waitFor()
      const code = await located.getAttribute('data-grid')
      const other = features.find((f) => f.id === code)
      assert.ok(other, `the tapped grid ${code} was drawn around the resident's`)
      assert.match(await located.textContent(), new RegExp(other.properties.name))
      await page.locator(`${tid('point-map')}[data-highlight="${code}"]`).waitFor()
      await page.waitForTimeout(300)
      await shot(page, 'basemap-neighbour-zh.png')
    })

    await step('zoomed in, the buildings are drawn with their names', async () => {
      // back to the resident's grid, then closer
      await map.click()
      await page.locator(`${tid('report-located')}[data-grid="${GRID}"]`).waitFor()
      for (let i = 0; i < 3; i++) {
        await map.locator('.leaflet-control-zoom-in').click()
        await page.waitForTimeout(400)
      }
      await shown(buildingName).waitFor()
      await shot(page, 'basemap-buildings-zh.png')
    })
  } finally {
    await browser.close()
  }
  assert.deepEqual(problems, [], 'no uncaught errors or console errors')
})
