// 通知公告、政策法规 (notices) against the real server, with the demo accounts: the secretary on a
// wide screen, the grid worker and the resident on 390 px phones (each page must show what the
// server has; no phone page wider than the screen; no page errors):
//
//  The secretary (社区书记 of 立新社区) publishes a must-read notice to 立新社区 from 通知管理 with
//  a PNG photo and a PDF (and an MP3 when the server takes audio), two lines of text and an end
//  of validity. The grid worker's 工作台 counts it under 必读通知未读 and the inbox's entry
//  (notice:N) links to it; the feed shows it with 必读 and the unread dot; opening it records the
//  receipt (the text's line break kept, the photo shown, the PDF a download link, the audio a
//  player); the resident opens it too and finds it by a word of its text. The secretary's
//  receipts page shows a read rate above 0, 立新社区第一网格 with its one reader, the grid worker
//  under 已读 and the others under 未读; the figures count it and the ledger downloads. A policy
//  (医保) is saved as a draft, edited, published from its page and listed under the resident's
//  政策法规. The
//  secretary withdraws it with a reason: the resident's feed no longer shows it and its page
//  says it is not there.
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test notices.test.mjs
//
// The mock server has no notices: without WANGGE_URL (or the admin's password) this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, makePng, launchChromium, apiClient, beijing, serverUrl, prepareOut, screen,
  signedIn, openMenu, fitsTheScreen, shot, settle, dependentSteps } from './lib.mjs'

const GRID = process.env.WANGGE_E2E_GRID || '440404104001001'
const COMMUNITY = GRID.slice(0, 12)
const ADMIN_PASSWORD = process.env.WANGGE_ADMIN_PASSWORD
const DESK = { width: 1366, height: 900 }
const TZ = 'Asia/Shanghai'
/** A small well-formed PDF (the server checks its header and trailer). */
function makePdf() {
  return Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\nstartxref\n0\n%%EOF\n', 'latin1')
}
/** Four MPEG-1 layer III frames (128 kbit/s, 44.1 kHz, 417 bytes each) of silence-ish bytes. */
function makeMp3() {
  const frame = Buffer.alloc(417)
  frame.set([0xff, 0xfb, 0x90, 0x00])
  return Buffer.concat([frame, frame, frame, frame])
}

test('notices: a must-read notice published, read on phones, its receipts, searched and withdrawn', { timeout: 300_000 }, async (t) => {
  const base = serverUrl()
  if (!base || !ADMIN_PASSWORD) {
    t.skip('needs WANGGE_URL (the mock has no notices) and WANGGE_ADMIN_PASSWORD')
    return
  }
  prepareOut('nt-failure.png')
  const run = Date.now().toString(36)
  const { logIn, tokenOf, call } = apiClient(base, DEMO_PASSWORD)
  const admin = await logIn('admin', ADMIN_PASSWORD)
  assert.equal(admin.status, 200, 'the administrator logs in')
  // whether the server takes audio yet (MP3, M4A): the notice carries an MP3 then
  const probe = await fetch(base + '/api/v1/attachments', {
    method: 'POST',
    headers: { Authorization: 'Bearer ' + (await tokenOf('secretary')), 'Content-Type': 'audio/mpeg' },
    body: makeMp3(),
  })
  const audio = probe.status === 201
  const gridworkerId = (await call('gridworker', '/auth/me')).id

  /* ---------- the browser ---------- */
  const browser = await launchChromium(chromium)
  t.after(() => browser.close())
  const problems = []
  let notFoundExpected = false
  const login = async (username, phone) =>
    (await signedIn(browser, base, username, DEMO_PASSWORD, {
      problems,
      ignore: (text) => notFoundExpected && /status of 404/.test(text),
      options: { timezoneId: TZ, ...screen(phone, DESK) },
    })).page
  let current = null
  const step = dependentSteps(t, () => current && shot(current, 'nt-failure.png'))

  let sec = null
  let gw = null
  let res = null
  let notice = null
  const title = `e2e 关于开展消防安全检查的通知 ${run}`
  const word = `灭火器${run}`
  const body = `各网格：\n请于本周内完成辖区${word}检查并报送台账。`
  const until = Math.ceil((Date.now() + 30 * 86_400_000) / 60_000) * 60_000

  // a notice's page on a phone: opened from its card, the receipt kept
  async function openAndRead(page, who) {
    await page.locator(`${tid('notice-card-' + notice.id)}`).click()
    await page.waitForURL(new RegExp(`/notices/${notice.id}$`))
    await page.locator(`${tid('notice-detail')}[data-notice-id="${notice.id}"][data-read="true"]`).waitFor()
    await page.locator(tid('notice-read-at')).waitFor()
    const x = await call(who, '/notices/' + notice.id)
    assert.ok(x.read_at, `${who}'s receipt is kept`)
    assert.equal(await page.locator(tid('notice-body')).innerText(), body, 'the text with its line break')
    await page.locator(`${tid('notice-attachments')} ${tid('attachment-image')} img`).waitFor()
    const pdf = page.locator(tid('attachment-file'))
    assert.match(await pdf.getAttribute('download'), /^附件\d+\.pdf$/)
    if (audio) await page.locator(`audio${tid('attachment-audio')}`).waitFor()
    await fitsTheScreen(page, `${who}'s notice page`)
  }

  await step('the secretary publishes a must-read notice with a photo and a PDF to 立新社区', async () => {
    sec = await login('secretary', false)
    current = sec
    await sec.locator(tid('menu-notices-manage')).click()
    await sec.waitForURL(/\/notices\/manage$/)
    await sec.locator(tid('notice-new')).click()
    const dlg = sec.locator(`.el-dialog${tid('notice-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(tid('notice-region')).click()
    await sec.locator(`${tid('picker-node-' + COMMUNITY)}:visible`).click()
    await dlg.locator(tid('notice-kind-notice')).click()
    await dlg.locator(inp('notice-title-input')).fill(title)
    await dlg.locator(inp('notice-body-input')).fill(body)
    const files = [
      { name: 'scene.png', mimeType: 'image/png', buffer: makePng(11, 32) },
      { name: '检查表.pdf', mimeType: 'application/pdf', buffer: makePdf() },
      ...(audio ? [{ name: '广播.mp3', mimeType: 'audio/mpeg', buffer: makeMp3() }] : []),
    ]
    await dlg.locator(tid('photo-input')).setInputFiles(files)
    await sec.waitForFunction((n) => document.querySelectorAll('[data-testid="photo-thumb"][data-state="done"]').length === n, files.length)
    await dlg.locator(tid('notice-must-read-input')).click()
    const untilInput = dlg.locator(`${tid('notice-valid-until')} input`)
    await untilInput.fill(beijing(until))
    await untilInput.press('Enter')
    await settle(sec)
    await shot(sec, 'nt-editor-desk-zh.png', true)
    await dlg.locator(tid('notice-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const mine = (await call('secretary', '/notices?view=manage&q=' + encodeURIComponent(run))).items.filter((x) => x.title === title)
    assert.equal(mine.length, 1, 'one notice')
    notice = mine[0]
    assert.equal(notice.status, 'published')
    assert.equal(notice.region_code, COMMUNITY)
    assert.equal(notice.kind, 'notice')
    assert.equal(notice.must_read, true)
    assert.equal(notice.attachments.length, files.length)
    assert.equal(new Date(notice.valid_until).getTime(), until, 'the end as typed')
    assert.ok(notice.recipients > 1, 'the staff of 立新社区 are its recipients')
    await sec.locator(`${tid('notice-row-' + notice.id)}[data-status="published"]`).waitFor()
    await shot(sec, 'nt-manage-desk-zh.png', true)
  })

  await step('the grid worker’s 工作台 counts it, the inbox links it, the feed marks it 必读 and unread', async () => {
    gw = await login('gridworker', true)
    current = gw
    await gw.waitForURL(/\/home$/)
    const banner = gw.locator(tid('home-must-read'))
    await banner.waitFor()
    assert.ok(Number(await banner.getAttribute('data-count')) >= 1, '必读通知未读 counts it')
    const entry = (await call('gridworker', '/notifications?unread=true&limit=50')).items.find((n) => n.record === 'notice:' + notice.id)
    assert.ok(entry, 'a must-read notice goes to the inbox')
    await fitsTheScreen(gw, 'the 工作台')
    await shot(gw, 'nt-home-phone-zh.png', true)
    const link = gw.locator(tid('home-unread-' + entry.id))
    if (await link.count()) assert.match(await link.getAttribute('href'), new RegExp(`/notices/${notice.id}$`))
    await banner.click()
    await gw.waitForURL(/\/notices\?/)
    await gw.locator(`${tid('notice-card-' + notice.id)}[data-read="false"]`).waitFor()
    await openMenu(gw, 'menu-notices-feed')
    await gw.waitForURL(/\/notices$/)
    const card = gw.locator(`${tid('notice-card-' + notice.id)}[data-must-read="true"][data-read="false"]`)
    await card.waitFor()
    assert.equal((await gw.locator(tid('notice-must-read-' + notice.id)).textContent()).trim(), '必读')
    await gw.locator(tid('notice-unread-' + notice.id)).waitFor()
    await fitsTheScreen(gw, 'the feed')
    await settle(gw)
    await shot(gw, 'nt-feed-phone-zh.png', true)
  })

  await step('the grid worker opens it: the receipt, the text, the photo, the PDF', async () => {
    current = gw
    await openAndRead(gw, 'gridworker')
    await settle(gw)
    await shot(gw, 'nt-notice-phone-zh.png', true)
    // its inbox entry is read with it
    const entry = async () => (await call('gridworker', '/notifications?unread=true&limit=100')).items.find((n) => n.record === 'notice:' + notice.id)
    for (let i = 0; i < 20 && (await entry()); i++) await gw.waitForTimeout(250)
    assert.equal(await entry(), undefined, 'the inbox entry of the notice is read')
    await gw.goBack()
    await gw.locator(`${tid('notice-card-' + notice.id)}[data-read="true"]`).waitFor()
    assert.equal(await gw.locator(tid('notice-unread-' + notice.id)).count(), 0, 'no unread dot once read')
    // in English
    await gw.evaluate(() => localStorage.setItem('wangge.locale', 'en'))
    await gw.goto(`${base}/notices/${notice.id}`)
    await gw.locator(`${tid('notice-detail')}[data-read="true"]`).waitFor()
    assert.equal((await gw.locator(tid('notice-must-read')).textContent()).trim(), 'Must read')
    assert.match(await gw.locator(tid('notice-read-at')).textContent(), /You read it on/)
    await shot(gw, 'nt-notice-phone-en.png', true)
    await gw.evaluate(() => localStorage.setItem('wangge.locale', 'zh-CN'))
  })

  await step('the resident opens it on the phone and finds it by a word of its text', async () => {
    res = await login('resident', true)
    current = res
    await openMenu(res, 'menu-notices-feed')
    await res.waitForURL(/\/notices$/)
    await res.locator(inp('notice-search')).fill(word)
    await res.locator(inp('notice-search')).press('Enter')
    await res.waitForURL(new RegExp('q=' + encodeURIComponent(word)))
    // the list read again with the words: this notice only (the unfiltered list had others)
    await res.waitForFunction(() => document.querySelectorAll('[data-testid^="notice-card-"]').length === 1)
    await res.locator(`${tid('notice-card-' + notice.id)}[data-read="false"]`).waitFor()
    await fitsTheScreen(res, 'the search')
    await shot(res, 'nt-search-phone-zh.png', true)
    await openAndRead(res, 'resident')
    // the policies' tab: this notice is not a policy
    await openMenu(res, 'menu-notices-policies')
    await res.waitForURL(/\/notices\/policies$/)
    await res.locator(`${tid('page-notices-feed')}[data-kind="policy"]`).waitFor()
    await settle(res)
    assert.equal(await res.locator(tid('notice-card-' + notice.id)).count(), 0)
  })

  await step('the secretary’s receipts: a read rate above 0, the grid worker read, the others not', async () => {
    current = sec
    await sec.reload()
    await sec.locator(tid('notice-row-receipts-' + notice.id)).click()
    await sec.waitForURL(new RegExp(`/notices/${notice.id}/receipts$`))
    const r = await call('secretary', `/notices/${notice.id}/receipts`)
    assert.equal(r.recipients_read, 2, 'the grid worker and the secretary, who published it (read as published)')
    assert.ok(r.readers >= 2, 'the resident counts as a reader')
    const rate = sec.locator(tid('receipt-kpi-rate'))
    await rate.waitFor()
    assert.ok(Number(await rate.getAttribute('data-value')) > 0, 'a read rate above 0')
    assert.equal(Number(await rate.getAttribute('data-value')), r.read_rate)
    assert.equal(await sec.locator(tid('receipt-kpi-read')).getAttribute('data-value'), '2')
    const grid = sec.locator(tid('receipt-node-' + GRID))
    await grid.waitFor()
    assert.equal(await grid.getAttribute('data-read'), '1')
    await sec.locator(`${tid('receipt-by-node')} ${tid('echart')} canvas`).waitFor()
    // 未读 first: the others, never the grid worker
    await sec.locator(`${tid('receipt-list')}[data-tab="unread"] [data-testid^="receipt-row-"]`).first().waitFor()
    const unread = sec.locator('[data-testid^="receipt-row-"]')
    assert.equal(await unread.count(), r.recipients - 2)
    assert.equal(await sec.locator(`${tid('receipt-row-' + gridworkerId)}`).count(), 0)
    assert.equal(await sec.locator('[data-testid^="receipt-row-"][data-read="true"]').count(), 0)
    await settle(sec)
    await shot(sec, 'nt-receipts-desk-zh.png', true)
    await sec.locator(tid('receipt-tabs')).getByText('已读').click()
    await sec.locator(`${tid('receipt-list')}[data-tab="read"] ${tid('receipt-row-' + gridworkerId)}[data-read="true"]`).waitFor()
    assert.equal(await sec.locator('[data-testid^="receipt-row-"]').count(), 2)
    // the publisher's pages on a phone
    const phone = await login('secretary', true)
    current = phone
    await phone.goto(`${base}/notices/${notice.id}/receipts`)
    await phone.locator(tid('receipt-kpi-rate')).waitFor()
    await fitsTheScreen(phone, 'the receipts')
    await openMenu(phone, 'menu-notices-manage')
    await phone.locator(`${tid('notice-card-' + notice.id)}[data-status="published"]`).waitFor()
    await fitsTheScreen(phone, 'the publishers’ list')
    await shot(phone, 'nt-manage-phone-zh.png', true)
    await phone.context().close()
  })

  await step('the figures count it and the ledger downloads', async () => {
    current = sec
    await sec.locator(tid('menu-notices-stats')).click()
    await sec.waitForURL(/\/notices\/stats$/)
    const kpi = sec.locator(tid('nstats-kpi-mustRead'))
    await kpi.waitFor()
    const s = await call('secretary', '/notice-stats')
    assert.ok(s.notices >= 1 && s.must_read >= 1)
    assert.equal(Number(await kpi.getAttribute('data-value')), s.must_read)
    assert.equal(Number(await sec.locator(tid('nstats-kpi-readers')).getAttribute('data-value')), s.readers)
    const [download] = await Promise.all([sec.waitForEvent('download'), sec.locator(tid('nstats-export')).click()])
    assert.match(download.suggestedFilename(), /\.xlsx$/)
    await settle(sec)
    await shot(sec, 'nt-stats-desk-zh.png', true)
  })

  await step('the secretary drafts a policy, edits the draft and publishes it from its page; the resident’s 政策法规 lists it', async () => {
    current = sec
    const policy = `e2e 城乡居民医保参保缴费政策 ${run}`
    await sec.locator(tid('menu-notices-manage')).click()
    await sec.waitForURL(/\/notices\/manage$/)
    await sec.locator(tid('notice-new')).click()
    const dlg = sec.locator(`.el-dialog${tid('notice-dialog')}`)
    await dlg.waitFor()
    await sec.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-code'), tid('notice-region'))
    assert.equal(await dlg.locator(tid('notice-region')).getAttribute('data-code'), COMMUNITY, "the secretary's community by default")
    await dlg.locator(tid('notice-kind-policy')).click()
    await dlg.locator(tid('notice-topic-input')).click()
    await sec.locator('.el-select-dropdown__item:visible').getByText('医保', { exact: true }).click()
    await dlg.locator(inp('notice-title-input')).fill(policy + ' 草稿')
    await dlg.locator(inp('notice-body-input')).fill('参保人员请于年底前缴纳下一年度医保费用。')
    await dlg.locator(tid('notice-save-draft')).click()
    await dlg.waitFor({ state: 'hidden' })
    let draft = (await call('secretary', '/notices?view=manage&kind=policy&q=' + encodeURIComponent(run))).items.find((x) => x.title.startsWith(policy))
    assert.equal(draft.status, 'draft')
    assert.equal(draft.topic, '医保')
    assert.equal(draft.recipients, 0, 'a draft reaches no one')
    await sec.locator(`${tid('notice-row-' + draft.id)}[data-status="draft"]`).waitFor()
    await sec.locator(tid('notice-row-edit-' + draft.id)).click()
    await dlg.waitFor()
    assert.equal(await dlg.locator(inp('notice-title-input')).inputValue(), policy + ' 草稿')
    await dlg.locator(inp('notice-title-input')).fill(policy)
    await dlg.locator(tid('notice-save-draft')).click()
    await dlg.waitFor({ state: 'hidden' })
    await sec.locator(tid('notice-row-' + draft.id)).getByText(policy, { exact: true }).waitFor()
    await sec.locator(tid('notice-row-' + draft.id)).click()
    await sec.waitForURL(new RegExp(`/notices/${draft.id}$`))
    await sec.locator(`${tid('notice-detail')}[data-status="draft"][data-manages="true"]`).waitFor()
    assert.equal((await sec.locator(tid('notice-status')).textContent()).trim(), '草稿')
    await sec.locator(tid('notice-publish')).click()
    const box = sec.locator('.el-message-box')
    await box.waitFor()
    await box.getByRole('button', { name: '发布' }).click()
    await sec.locator(`${tid('notice-detail')}[data-status="published"]`).waitFor()
    draft = await call('secretary', '/notices/' + draft.id)
    assert.equal(draft.status, 'published')
    assert.equal(draft.title, policy)
    current = res
    await openMenu(res, 'menu-notices-policies') // the page it was on: read again with its button
    await res.waitForURL(/\/notices\/policies$/)
    await res.locator(tid('notice-refresh')).click()
    const card = res.locator(`${tid('notice-card-' + draft.id)}[data-must-read="false"]`)
    await card.waitFor()
    assert.match(await card.textContent(), /医保/)
    await fitsTheScreen(res, 'the policies')
    await settle(res)
    await shot(res, 'nt-policies-phone-zh.png', true)
  })

  await step('the secretary withdraws it; the resident’s feed no longer shows it', async () => {
    current = sec
    await sec.locator(tid('menu-notices-manage')).click()
    await sec.locator(tid('notice-row-withdraw-' + notice.id)).click()
    const box = sec.locator('.el-message-box')
    await box.waitFor()
    await box.locator('input').fill('检查时间调整，另行通知')
    await box.getByRole('button', { name: '撤回' }).click()
    await sec.locator(`${tid('notice-row-' + notice.id)}[data-status="withdrawn"]`).waitFor()
    const x = await call('secretary', '/notices/' + notice.id)
    assert.equal(x.status, 'withdrawn')
    assert.equal(x.withdrawn_reason, '检查时间调整，另行通知')
    current = res
    await openMenu(res, 'menu-notices-feed')
    await res.waitForURL(/\/notices$/)
    await res.locator(tid('notice-list')).waitFor()
    await res.locator(inp('notice-search')).fill(word)
    await res.locator(inp('notice-search')).press('Enter')
    await res.locator(tid('notice-empty')).waitFor()
    assert.equal(await res.locator(tid('notice-card-' + notice.id)).count(), 0)
    const feed = (await call('resident', '/notices?q=' + encodeURIComponent(word))).items
    assert.equal(feed.length, 0, 'not in the feed')
    notFoundExpected = true
    await res.goto(`${base}/notices/${notice.id}`)
    await res.locator(`${tid('notice-error')}[data-status="404"]`).waitFor()
    await fitsTheScreen(res, 'the withdrawn notice')
    await shot(res, 'nt-withdrawn-phone-zh.png', true)
  })

  await step('no page errors', async () => {
    assert.deepEqual(problems, [])
  })
})
