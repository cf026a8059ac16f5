// 议事协商 (deliberation) against the real server, with the demo accounts: a topic through the
// six steps (收集议题 → 确定议题 → 议前调研 → 协商议事 → 公开公示 → 研究落实), the secretary on a
// wide screen, the resident on a 390 px phone (each page must show what the server has; no
// phone page wider than the screen; no page errors):
//
//  The secretary (社区书记 of 立新社区) sets up a council and adds the demo `resident` as a
//  residents' representative with the account `resident`; the resident proposes a topic from the
//  phone; the secretary accepts it (确定议题: 进入协商 is then blocked, the page says why), records
//  a research note with a photo, starts the deliberation, schedules a meeting of all members and
//  records it held, and opens an open ballot of the council (同意/不同意); the resident votes 同意
//  on the phone; the secretary closes and counts it (通过), publishes the decision until a few
//  seconds ahead, waits for the period's end, starts the implementation, sets a task and reports
//  it done (on time), and completes the topic with the feedback; the resident sees 已办结, the
//  ballot's result and the feedback. Every step button the secretary takes is the page's.
//
// It takes under a minute (the publicity period is 8 s).
//
//   WANGGE_URL=http://127.0.0.1:18080 WANGGE_ADMIN_PASSWORD=... node --test deliberation.test.mjs
//
// The mock server has no deliberation: without WANGGE_URL (or the admin's password) this test is skipped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { chromium } from 'playwright-core'
import { DEMO_PASSWORD, tid, inp, makePng, launchChromium, apiClient, beijing, serverUrl, prepareOut, screen,
  signedIn, openMenu, fitsTheScreen, shot, settle, dependentSteps } from './lib.mjs'

const COMMUNITY = (process.env.WANGGE_E2E_GRID || '440404104001001').slice(0, 12)
const ADMIN_PASSWORD = process.env.WANGGE_ADMIN_PASSWORD
const DESK = { width: 1366, height: 900 }
const TZ = 'Asia/Shanghai'
/** how long the decision is published (the API takes an end time, `until`) */
const PUBLICITY_MS = 8_000

test('deliberation: a topic from a resident’s proposal through the six steps to its feedback', { timeout: 300_000 }, async (t) => {
  const base = serverUrl()
  if (!base || !ADMIN_PASSWORD) {
    t.skip('needs WANGGE_URL (the mock has no deliberation) and WANGGE_ADMIN_PASSWORD')
    return
  }
  prepareOut('dl-failure.png')
  const run = Date.now().toString(36)
  const { logIn, call } = apiClient(base, DEMO_PASSWORD)
  const admin = await logIn('admin', ADMIN_PASSWORD)
  assert.equal(admin.status, 200, 'the administrator logs in')

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
  const step = dependentSteps(t, () => current && shot(current, 'dl-failure.png'))

  let sec = null
  let res = null
  let council = null
  let topic = null
  let ballotId = 0
  const councilName = `e2e 议事会 ${run}`
  const title = `e2e 小区加装电梯 ${run}`
  const feedback = `e2e 电梯已加装完成并通过验收 ${run}`

  // the topic's page in the secretary's browser, waiting for a state
  const topicIn = async (page, status) => {
    const head = page.locator(`${tid('topic-detail')}[data-status="${status}"]`)
    await head.waitFor()
    return head
  }
  // a step the page offers: its button (not blocked), its dialog, the comment, submitted
  async function takeStep(action, fill = async () => {}) {
    const button = sec.locator(`${tid('topic-step-' + action)}[data-blocked="false"]`)
    await button.click()
    const dlg = sec.locator(`.el-dialog${tid('step-dialog')}[data-action="${action}"]`)
    await dlg.waitFor()
    await fill(dlg)
    await dlg.locator(tid('step-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
  }

  await step('the secretary sets up a council and adds the resident as a member with the account', async () => {
    sec = await login('secretary', false)
    current = sec
    await sec.waitForURL(/\/deliberation\/topics$/) // a secretary lands on 议事协商
    await sec.locator(tid('menu-deliberation-councils')).click()
    await sec.waitForURL(/\/deliberation\/councils$/)
    await sec.locator(tid('council-new')).click()
    const dlg = sec.locator(`.el-dialog${tid('council-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(tid('council-region')).click()
    await sec.locator(`${tid('picker-node-' + COMMUNITY)}:visible`).click()
    await dlg.locator(inp('council-name')).fill(councilName)
    await dlg.locator(inp('council-description')).fill('社区党组织领导下的协商议事平台')
    await dlg.locator(tid('council-submit')).click()
    await sec.waitForURL(/\/deliberation\/councils\/\d+$/)
    const id = Number(/(\d+)$/.exec(new URL(sec.url()).pathname)[1])
    await sec.locator(`${tid('council-detail')}[data-council-id="${id}"][data-manages="true"]`).waitFor()
    await sec.locator(tid('council-add-member')).click()
    const m = sec.locator(`.el-dialog${tid('member-dialog')}`)
    await m.waitFor()
    await m.locator(tid('member-group')).click()
    await sec.locator(`${tid('member-group-residents_rep')}:visible`).click()
    await m.locator(tid('member-post-member')).click()
    await m.locator(inp('member-name')).fill(`e2e居民代表${run}`)
    await m.locator(inp('member-unit')).fill('第一网格')
    await m.locator(inp('member-username')).fill('resident')
    await m.locator(tid('member-submit')).click()
    await m.waitFor({ state: 'hidden' })
    const row = sec.locator(`${tid('council-group-residents_rep')} [data-testid^="council-member-"][data-linked="true"]`)
    await row.waitFor()
    assert.match(await row.textContent(), new RegExp(`e2e居民代表${run}`))
    council = await call('secretary', '/councils/' + id)
    assert.equal(council.name, councilName)
    assert.equal(council.region_code, COMMUNITY)
    assert.equal(council.members_list.length, 1)
    assert.equal(council.members_list[0].linked, true, 'the member votes online with the account')
    await settle(sec)
    await shot(sec, 'dl-council-desk-zh.png', true)
  })

  await step('the resident proposes a topic on the phone', async () => {
    res = await login('resident', true)
    current = res
    await openMenu(res, 'menu-deliberation-topics')
    await res.waitForURL(/\/deliberation\/topics/)
    await res.locator(tid('topic-new')).click()
    const dlg = res.locator(`.el-dialog${tid('propose-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(tid('propose-council')).click()
    await res.locator(`${tid('propose-council-' + council.id)}:visible`).click()
    await dlg.locator(inp('propose-title')).fill(title)
    await dlg.locator(inp('propose-description')).fill('老旧小区 6 层无电梯，老人上下楼困难，建议加装电梯')
    await fitsTheScreen(res, 'the proposal form')
    await settle(res)
    await shot(res, 'dl-propose-phone-zh.png', true)
    await dlg.locator(tid('propose-submit')).dblclick() // one topic for two taps
    await res.waitForURL(/\/deliberation\/topics\/\d+$/)
    const id = Number(/(\d+)$/.exec(new URL(res.url()).pathname)[1])
    await res.locator(`${tid('topic-detail')}[data-topic-id="${id}"][data-status="proposed"]`).waitFor()
    assert.equal(await res.locator(tid('topic-stepper')).getAttribute('data-stage'), '1')
    assert.equal((await res.locator(tid('topic-status')).textContent()).trim(), '征集中')
    topic = await call('resident', '/topics/' + id)
    assert.equal(topic.title, title)
    assert.equal(topic.council_id, council.id)
    assert.equal(topic.source, 'resident')
    assert.equal(topic.mine, true)
    const mine = (await call('resident', '/topics?view=mine')).items.filter((x) => x.title === title)
    assert.equal(mine.length, 1, 'one topic for a double tap')
    await fitsTheScreen(res, 'the topic page')
    await shot(res, 'dl-topic-proposed-phone-zh.png', true)
    // 我提出的: the topic's card
    await openMenu(res, 'menu-deliberation-topics')
    await res.locator(tid('topic-views')).getByText('我提出的').click()
    await res.locator(`${tid('topic-card-' + id)}[data-status="proposed"]`).waitFor()
    await fitsTheScreen(res, 'my topics')
    await shot(res, 'dl-topics-mine-phone-zh.png', true)
  })

  await step('the secretary accepts it (确定议题); 进入协商 waits for research', async () => {
    current = sec
    await sec.goto(`${base}/deliberation/topics/${topic.id}`)
    await topicIn(sec, 'proposed')
    await takeStep('accept')
    await topicIn(sec, 'researching')
    assert.equal(await sec.locator(tid('topic-stepper')).getAttribute('data-stage'), '3')
    await sec.locator(`${tid('topic-step-deliberate')}[data-blocked="true"]`).waitFor()
    assert.ok(await sec.locator(tid('topic-step-deliberate')).isDisabled(), 'blocked: disabled')
    assert.match(await sec.locator(tid('topic-blocked-deliberate')).textContent(), /请先开展议前调研/)
    await shot(sec, 'dl-accepted-desk-zh.png', true)
  })

  await step('the secretary records a research note with a photo, then starts the deliberation', async () => {
    current = sec
    await sec.locator(tid('note-new')).click()
    const dlg = sec.locator(`.el-dialog${tid('note-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(tid('note-kind-visit')).click()
    await dlg.locator(inp('note-body')).fill('走访 3 号楼 12 户，11 户同意加装电梯，1 户担心采光')
    await dlg.locator(tid('photo-input')).setInputFiles({ name: 'visit.png', mimeType: 'image/png', buffer: makePng(7, 32) })
    await dlg.locator(`${tid('photo-thumb')}[data-state="done"]`).waitFor()
    await dlg.locator(tid('note-submit')).click()
    const refused = sec.locator('.el-message--error')
    await Promise.race([
      dlg.waitFor({ state: 'hidden' }),
      refused.waitFor().then(async () => assert.fail(`the note with its photo was refused: ${await refused.textContent()}`)),
    ])
    const note = sec.locator(`${tid('topic-notes')} [data-testid^="note-"][data-kind="visit"]`)
    await note.waitFor()
    await note.locator(tid('photo-image')).waitFor()
    await takeStep('deliberate')
    await topicIn(sec, 'deliberating')
    assert.equal(await sec.locator(tid('topic-stepper')).getAttribute('data-stage'), '4')
    // 公开公示 waits for a meeting held
    assert.match(await sec.locator(tid('topic-blocked-publicize')).textContent(), /尚未召开协商会议/)
  })

  await step('the secretary schedules a meeting of all members and records it held', async () => {
    current = sec
    await sec.locator(tid('meeting-new')).click()
    const dlg = sec.locator(`.el-dialog${tid('meeting-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(tid('meeting-kind')).click()
    await sec.locator(`${tid('meeting-kind-residents_representatives')}:visible`).click()
    await dlg.locator(inp('meeting-place')).fill('社区党群服务中心二楼会议室')
    await dlg.locator(tid('meeting-option-add')).click()
    await dlg.locator(inp('meeting-option-0')).fill('方案一：加装电梯，费用按楼层分摊')
    await dlg.locator(tid('meeting-all')).click()
    await dlg.locator(tid('meeting-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const meeting = (await call('secretary', '/topics/' + topic.id)).meetings[0]
    assert.equal(meeting.kind, 'residents_representatives')
    assert.equal(meeting.invited, 1, 'the one member')
    assert.deepEqual(meeting.options, ['方案一：加装电梯，费用按楼层分摊'])
    await sec.locator(`${tid('meeting-' + meeting.id)}[data-status="scheduled"]`).waitFor()
    // the meeting began when it was scheduled (the form's time is now): it can be recorded
    const record = sec.locator(tid('meeting-record-btn-' + meeting.id))
    await sec.waitForFunction((sel) => !document.querySelector(sel)?.disabled, tid('meeting-record-btn-' + meeting.id))
    await record.click()
    const rec = sec.locator(`.el-dialog${tid('record-dialog')}`)
    await rec.waitFor()
    assert.ok(await rec.locator(`${tid('record-present-' + meeting.participants[0].id)} input`).isChecked(), 'everyone ticked at first')
    await rec.locator(inp('record-minutes')).fill('与会代表一致同意方案一，采光问题由设计单位优化')
    await rec.locator(tid('record-submit')).click()
    await rec.waitFor({ state: 'hidden' })
    await sec.locator(`${tid('meeting-' + meeting.id)}[data-status="held"]`).waitFor()
    assert.match(await sec.locator(tid('meeting-attendance-' + meeting.id)).textContent(), /出席 1\/1 人/)
  })

  await step('the secretary opens an open ballot of the council (同意/不同意)', async () => {
    current = sec
    await sec.locator(tid('ballot-new')).click()
    const dlg = sec.locator(`.el-dialog${tid('ballot-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(inp('ballot-question')).fill('是否同意按方案一加装电梯')
    await sec.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-code'), tid('ballot-electorate-code'))
    assert.equal(await dlg.locator(tid('ballot-electorate-code')).getAttribute('data-code'), COMMUNITY, "the council's node by default")
    await settle(sec)
    await shot(sec, 'dl-ballot-form-desk-zh.png', true)
    await dlg.locator(tid('ballot-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const b = (await call('secretary', '/topics/' + topic.id)).ballots[0]
    ballotId = b.id
    assert.equal(b.kind, 'approve')
    assert.equal(b.electorate, 'council')
    assert.equal(b.secret, false)
    assert.equal(b.eligible, 1)
    assert.equal(b.meeting_id, (await call('secretary', '/topics/' + topic.id)).meetings[0].id, 'the meeting held')
    await sec.locator(`${tid('ballot-' + ballotId)}[data-status="open"][data-cast="0"]`).waitFor()
  })

  await step('the resident votes 同意 on the phone', async () => {
    current = res
    await res.goto(`${base}/deliberation/topics/${topic.id}`)
    const box = res.locator(tid('vote-box-' + ballotId))
    await box.waitFor()
    assert.deepEqual(
      (await box.locator('.el-radio').allTextContents()).map((s) => s.trim()),
      ['同意', '不同意', '弃权'],
    )
    await fitsTheScreen(res, 'the ballot')
    await settle(res)
    await shot(res, 'dl-vote-phone-zh.png', true)
    await res.locator(tid(`vote-option-${ballotId}-0`)).click()
    await res.locator(tid('vote-submit-' + ballotId)).click()
    const confirm = res.locator('.el-message-box')
    await confirm.waitFor()
    assert.match(await confirm.textContent(), /同意/)
    await confirm.locator('.el-message-box__btns .el-button--primary').click()
    const mine = res.locator(`${tid('vote-mine-' + ballotId)}[data-channel="online"]`)
    await mine.waitFor()
    assert.match(await mine.textContent(), /您已投票.*您的选择：同意/)
    const b = (await call('resident', '/topics/' + topic.id)).ballots[0]
    assert.equal(b.mine.voted, true)
    assert.equal(b.mine.choice, 0)
    assert.equal(b.cast, 1)
    await fitsTheScreen(res, 'voted')
    await shot(res, 'dl-voted-phone-zh.png', true)
  })

  await step('the secretary closes and counts the ballot: passed', async () => {
    current = sec
    await sec.reload()
    await sec.locator(`${tid('ballot-' + ballotId)}[data-cast="1"]`).waitFor()
    await sec.locator(tid('ballot-close-' + ballotId)).click()
    const confirm = sec.locator('.el-message-box')
    await confirm.waitFor()
    await confirm.locator('.el-message-box__btns .el-button--primary').click()
    const result = sec.locator(`${tid('ballot-result-' + ballotId)}[data-outcome="passed"]`)
    await result.waitFor()
    assert.equal((await sec.locator(tid('ballot-outcome-' + ballotId)).textContent()).trim(), '表决通过')
    assert.equal(await sec.locator(tid(`ballot-votes-${ballotId}-0`)).getAttribute('data-votes'), '1')
    const b = await call('secretary', '/ballots/' + ballotId)
    assert.equal(b.status, 'closed')
    assert.equal(b.outcome, 'passed')
    assert.equal(b.result.votes[0], 1)
    await shot(sec, 'dl-ballot-passed-desk-zh.png', true)
  })

  await step('the secretary publishes the decision until a few seconds ahead', async () => {
    current = sec
    const until = Math.ceil((Date.now() + PUBLICITY_MS) / 1000) * 1000
    await takeStep('publicize', async (dlg) => {
      await dlg.locator(inp('step-decision')).fill('经居民代表会议表决通过：按方案一加装电梯，费用按楼层分摊')
      await dlg.locator(tid('step-mode-until')).click()
      const input = dlg.locator(`${tid('step-until')} input`)
      await input.fill(beijing(until, true))
      await input.press('Enter')
    })
    await topicIn(sec, 'publicizing')
    const x = await call('secretary', '/topics/' + topic.id)
    assert.equal(new Date(x.publicity_until).getTime(), until, 'the end as typed')
    assert.match(x.decision, /方案一/)
    await sec.locator(tid('topic-decision')).waitFor()
    // 研究落实 waits for the period's end
    assert.match(await sec.locator(tid('topic-blocked-implement')).textContent(), /公示期尚未结束/)
    topic = x
  })

  await step('after the publicity the secretary implements it, sets a task and reports it done', async () => {
    const wait = new Date(topic.publicity_until).getTime() + 1_000 - Date.now()
    if (wait > 0) await sec.waitForTimeout(wait)
    current = sec
    await sec.reload()
    await topicIn(sec, 'publicizing')
    await takeStep('implement')
    await topicIn(sec, 'implementing')
    await sec.locator(tid('task-new')).click()
    const dlg = sec.locator(`.el-dialog${tid('task-dialog')}`)
    await dlg.waitFor()
    await dlg.locator(inp('task-title')).fill('联系设计单位出具加装方案并报建')
    await dlg.locator(inp('task-owner')).fill('立新社区书记')
    await dlg.locator(inp('task-owner-username')).fill('secretary')
    const due = dlg.locator(`${tid('task-due')} input`)
    await due.fill(beijing(Date.now()).slice(0, 10))
    await due.press('Enter')
    await dlg.locator(tid('task-submit')).click()
    await dlg.waitFor({ state: 'hidden' })
    const task = (await call('secretary', '/topics/' + topic.id)).tasks[0]
    await sec.locator(`${tid('task-' + task.id)}[data-status="open"]`).waitFor()
    assert.match(await sec.locator(tid('topic-blocked-complete')).textContent(), /还有落实任务未完成/)
    await sec.locator(tid('task-done-' + task.id)).click()
    const done = sec.locator(`.el-dialog${tid('task-done-dialog')}`)
    await done.waitFor()
    await done.locator(inp('task-result')).fill('设计方案已出具，报建手续已办结')
    await done.locator(tid('task-done-submit')).click()
    await done.waitFor({ state: 'hidden' })
    await sec.locator(`${tid('task-' + task.id)}[data-status="done"][data-on-time="true"]`).waitFor()
    assert.equal((await sec.locator(tid('task-on-time-' + task.id)).textContent()).trim(), '按期完成')
  })

  await step('the secretary completes the topic with the feedback to residents', async () => {
    current = sec
    await takeStep('complete', async (dlg) => {
      await dlg.locator(inp('step-comment')).fill(feedback)
    })
    await topicIn(sec, 'done')
    assert.equal(await sec.locator(tid('topic-stepper')).getAttribute('data-stage'), '6')
    assert.equal(await sec.locator('[data-testid^="topic-step-"]').count(), 0, 'no step buttons after the end')
    const x = await call('secretary', '/topics/' + topic.id)
    assert.equal(x.status, 'done')
    assert.equal(x.feedback, feedback)
    assert.equal(x.steps.length, 0, 'no step after the end')
    assert.deepEqual(
      x.timeline.map((e) => e.action).filter((a) => ['propose', 'accept', 'deliberate', 'publicize', 'implement', 'complete'].includes(a)),
      ['propose', 'accept', 'deliberate', 'publicize', 'implement', 'complete'],
    )
    await settle(sec)
    await shot(sec, 'dl-done-desk-zh.png', true)
    // the secretary's page on a phone too
    const phone = await login('secretary', true)
    current = phone
    await phone.goto(`${base}/deliberation/topics/${topic.id}`)
    await topicIn(phone, 'done')
    await fitsTheScreen(phone, "the council's topic page")
    await phone.context().close()
  })

  await step('the resident sees 已办结, the ballot’s result and the feedback', async () => {
    current = res
    await res.reload()
    await topicIn(res, 'done')
    assert.equal((await res.locator(tid('topic-status')).textContent()).trim(), '已办结')
    assert.match(await res.locator(tid('topic-feedback')).textContent(), new RegExp(feedback))
    assert.equal((await res.locator(tid('ballot-outcome-' + ballotId)).textContent()).trim(), '表决通过')
    assert.equal(await res.locator(tid('topic-stepper')).getAttribute('data-status'), 'done')
    await fitsTheScreen(res, 'the finished topic')
    await settle(res)
    await shot(res, 'dl-done-phone-zh.png', true)
    await openMenu(res, 'menu-deliberation-topics')
    await res.locator(`${tid('topic-card-' + topic.id)}[data-status="done"]`).waitFor()
    assert.equal((await res.locator(tid('topic-status-' + topic.id)).textContent()).trim(), '已办结')
  })

  await step('no page errors', async () => {
    assert.deepEqual(problems, [])
  })
})
