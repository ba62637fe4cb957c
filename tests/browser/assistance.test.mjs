// The browser tests for social assistance: a street caseworker drives
// the intake wizard (with its validation messages) and then the case page
// through verification, the home visit, the rules' decision, the public notice
// and approval; and the community's notice page: printable, XLSX, objections
// recorded and handled.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { BASE_URL, skipReason, launch, openPage, login, field, shot, waitUrl, idNumber, ymd, apiClient } from './lib.mjs'
const makeId = (y, m, d, seq) => idNumber('440105', ymd(y, m, d), seq)

const skip = skipReason() || (!process.env.MZ_DB ? 'MZ_DB is not set (the test script sets it)' : '')
const PASSWORD = process.env.MZ_TEST_PASSWORD
const CASEWORKER = { login: 't_haizhu', password: PASSWORD }
let browser, admin, haizhu, community, communityName

let seq = Math.floor(Math.random() * 900)
const nextSeq = () => (seq = (seq + 11) % 997)

// The test database through its engine's own client, as tests/api does.
function sql(statement) {
  const db = process.env.MZ_DB
  if (db.startsWith('postgres')) return execFileSync('psql', [db, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', statement], { encoding: 'utf8' })
  // The server's job runner writes in the background: wait for its lock.
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', db.replace(/^sqlite:/, ''), statement], { encoding: 'utf8' })
}

// The public notice runs 7 calendar days (低保审核确认办法 第十九条) and the
// server's clock is real, so approval would be refused for a week. As
// tests/api/assistance.test.mjs does (endNotice), the notice is moved into the
// past directly in the database; everything else goes through the UI.
function endNotice(caseId) {
  sql(`UPDATE cases SET notice_from = '2000-01-01', notice_until = '2000-01-07' WHERE id = ${Number(caseId)}`)
}

// A household of two with no income or assets: eligible for dibao.
async function family(head, child) {
  const a = { id_number: makeId(1981, 4, 12, nextSeq()), name: head }
  const b = { id_number: makeId(2013, 9, 3, nextSeq()), name: child }
  for (const p of [a, b]) {
    const r = await admin.post('/persons', { ...p, division_code: community, reason: '浏览器测试登记' })
    p.id = r.id
  }
  await admin.post('/households', {
    division_code: community, address: '海珠区测试路8号', reason: '浏览器测试登记',
    members: [{ person_id: a.id, relation: 'head' }, { person_id: b.id, relation: 'child' }],
  })
  return { a, b }
}

before(async () => {
  if (skip) return
  browser = await launch()
  admin = await apiClient(process.env.MZ_TEST_LOGIN)
  haizhu = await apiClient('t_haizhu')
  const d = await admin.get('/divisions?parent=440105001')
  community = d.items[0].code
  communityName = d.items[0].name
})
after(async () => { if (browser) await browser.close() })

async function confirmBox(page) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.locator('.el-button--primary, .el-button--danger').last().click()
  await box.waitFor({ state: 'hidden' })
}

async function takeAction(page, action, { note, investigators, confirm = false } = {}) {
  await page.locator(`[data-test="do-${action}"]`).click()
  const dialog = page.locator('.el-dialog[data-test="action-dialog"]')
  await dialog.waitFor()
  if (investigators) {
    for (let i = 0; i < investigators.length; i++) await dialog.locator(field(`investigator-${i}`)).fill(investigators[i])
  }
  if (note) await dialog.locator(field('action-note', 'textarea')).fill(note)
  const done = page.waitForResponse((r) => /\/api\/v1\/cases\/\d+\/actions$/.test(r.url()))
  await dialog.locator('[data-test="action-submit"]').click()
  if (confirm) await confirmBox(page)
  const res = await done
  assert.equal(res.status(), 200, `${action}: ${await res.text()}`)
  await dialog.waitFor({ state: 'hidden' })
}

async function waitState(page, label) {
  await page.locator('[data-test="case-state"]', { hasText: label }).waitFor()
}

test('intake wizard through approval', { skip: skip || false, timeout: 180000 }, async () => {
  const { a, b } = await family('向阳甲', '向阳乙')
  const { context, page, problems } = await openPage(browser)
  await page.setViewportSize({ width: 1440, height: 1600 }) // the layout scrolls inside: a tall window shows whole pages
  try {
    await login(page, CASEWORKER)
    await page.locator('[data-menu="as-intake"]').click()
    await waitUrl(page, /\/assistance\/intake$/)

    // Step 1: the applicant by citizen ID number, checked before the server is asked.
    const id = page.locator(field('intake-id'))
    const stepErr = page.locator('[data-test="step-applicant"] .el-form-item__error')
    await id.fill('44010519810412')
    await page.locator('[data-test="intake-find"]').click()
    await stepErr.filter({ hasText: '身份证号应为18位' }).waitFor()
    await id.fill('440105810412123')
    await page.locator('[data-test="intake-find"]').click()
    await stepErr.filter({ hasText: '15位身份证号已停止使用' }).waitFor()
    const wrongCheck = a.id_number.slice(0, 17) + (a.id_number[17] === '1' ? '2' : '1')
    await id.fill(wrongCheck)
    await page.locator('[data-test="intake-find"]').click()
    await stepErr.filter({ hasText: '校验位不正确' }).waitFor()
    await id.fill(a.id_number)
    await page.locator('[data-test="intake-find"]').click()
    const person = page.locator('[data-test="intake-person"]')
    await person.waitFor()
    assert.ok((await person.innerText()).includes('向阳甲'))
    await shot(page, 'as-intake-1-applicant')
    await page.locator('[data-test="intake-next"]').click()

    // Step 2: a program is required.
    await page.locator('[data-test="step-program"]').waitFor()
    await page.locator('[data-test="intake-next"]').click()
    await page.locator('[data-test="step-program"] .el-form-item__error', { hasText: '请选择救助项目' }).waitFor()
    await page.locator('[data-test="program-dibao"]').click()
    await shot(page, 'as-intake-2-program')
    await page.locator('[data-test="intake-next"]').click()

    // Step 3: both members, the relation derived from the registry.
    const rows = page.locator('[data-test="intake-members"] .el-table__body-wrapper .el-table__row')
    await rows.nth(1).waitFor()
    assert.equal(await rows.count(), 2)
    assert.ok((await rows.nth(1).innerText()).includes('子女'), 'the child is the applicant\'s child')
    await shot(page, 'as-intake-3-members')
    await page.locator('[data-test="intake-next"]').click()

    // Step 4: the signed authorisation and a bank account are required.
    await page.locator('[data-test="step-declare"]').waitFor()
    await page.locator(field('intake-bank')).fill('12ab')
    await page.locator('[data-test="intake-next"]').click()
    const declErr = page.locator('[data-test="step-declare"] .el-form-item__error')
    await declErr.filter({ hasText: '须取得申请人签署的核对授权书后方可受理' }).waitFor()
    await declErr.filter({ hasText: '银行账号应为8到32位数字' }).waitFor()
    await page.locator('[data-test="intake-authorized"]').click()
    await page.locator('[data-test="intake-truthful"]').click()
    await page.locator(field('intake-bank')).fill('6222021234567890')
    await page.locator(field('intake-note', 'textarea')).fill('材料齐全')
    await shot(page, 'as-intake-4-declare')
    await page.locator('[data-test="intake-next"]').click()

    // Step 5: check and accept; the case page opens.
    const summary = page.locator('[data-test="intake-summary"]')
    await summary.waitFor()
    assert.ok((await summary.innerText()).includes('最低生活保障'))
    await shot(page, 'as-intake-5-confirm')
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/cases') && r.request().method() === 'POST')
    await page.locator('[data-test="intake-submit"]').click()
    assert.equal((await created).status(), 201)
    await waitUrl(page, /\/assistance\/cases\/\d+$/)
    const caseId = Number(page.url().split('/').pop())
    await waitState(page, '已受理')
    const accepted = await haizhu.get(`/cases/${caseId}`)
    assert.equal(accepted.members.length, 2)
    assert.match(accepted.events[0].note, /已签署核对授权书/)

    // Overdue in red: the investigation must start within 3 working days
    // (第十五条). Time is moved in the database, as for the notice below.
    sql(`UPDATE case_tasks SET due_on = '2000-01-04' WHERE case_id = ${caseId} AND kind = 'start_investigation'`)
    await page.goto(`${BASE_URL}/assistance/cases?overdue=1&page_size=100`)
    const late = page.locator('[data-test="case-table"] .el-table__row', { has: page.locator(`a:text-is("${caseId}")`) })
    await late.waitFor()
    assert.match(await late.getAttribute('class'), /overdue-row/)
    assert.ok((await late.innerText()).includes('已逾期'))
    assert.ok((await late.innerText()).includes('启动入户调查'))
    await page.locator('[data-test="overdue-count"]').waitFor()
    await shot(page, 'as-queue-overdue')
    await late.locator(`a:text-is("${caseId}")`).click()
    await waitUrl(page, new RegExp(`/assistance/cases/${caseId}$`))
    await waitState(page, '已受理')

    // Verification (核对), then the home visit with two investigators (Art. 16).
    await takeAction(page, 'start_verification')
    await waitState(page, '家庭经济状况核对')
    await page.locator('[data-test="do-verify"]').click()
    await page.locator('[data-test="verify-disc"]').waitFor()
    await takeAction(page, 'start_investigation')
    await waitState(page, '入户调查')
    await page.locator('[data-test="do-submit_investigation"]').click()
    const dialog = page.locator('.el-dialog[data-test="action-dialog"]')
    await dialog.locator('[data-test="action-submit"]').click()
    await dialog.getByText('入户调查应由至少两名工作人员进行').waitFor()
    await dialog.getByText('请填写办理意见或理由').waitFor()
    await dialog.locator('.el-dialog__headerbtn').click()
    await dialog.waitFor({ state: 'hidden' })
    await takeAction(page, 'submit_investigation', { note: '入户调查：家中无收入来源', investigators: ['王调查', '李调查'] })
    await waitState(page, '审核')

    // The rules decide: eligible, (standard - 0) x 2, every condition shown; the
    // caseworker has no override.
    await page.locator('[data-test="do-evaluate"]').click()
    await page.locator('[data-test="trace-verdict"]', { hasText: '符合条件' }).waitFor()
    const ev = await haizhu.get(`/cases/${caseId}`)
    const std = ev.trace.program.params.find((p) => p.name === 'standard').value
    assert.equal(ev.amount_fen, std * 2)
    const amount = `${Math.floor(ev.amount_fen / 100)}.${String(ev.amount_fen % 100).padStart(2, '0')}`
    assert.equal((await page.locator('[data-test="case-amount"]').innerText()).trim(), amount)
    const conditions = page.locator('[data-test="trace-conditions"] .el-table__body-wrapper .el-table__row')
    assert.equal(await conditions.count(), ev.trace.result.conditions.length)
    assert.ok((await page.locator('[data-test="trace-conditions"]').innerText()).includes('低保标准'))
    assert.ok((await page.locator('[data-test="trace-params"]').innerText()).includes('dibao.rules'))
    assert.equal(await page.locator('[data-test="do-override"]').count(), 0, 'a caseworker cannot override the amount')
    await shot(page, 'as-case-trace')

    // Public notice: approval is not offered while it runs.
    await takeAction(page, 'post_notice')
    await waitState(page, '公示')
    await page.locator('[data-test="notice-running"]').waitFor()
    assert.equal(await page.locator('[data-test="do-approve"]').count(), 0)
    await shot(page, 'as-case-notice')

    endNotice(caseId)
    await page.getByRole('button', { name: '刷新' }).click()
    await page.locator('[data-test="do-approve"]').waitFor()
    await takeAction(page, 'approve', { note: '经审核符合条件，予以批准', confirm: true })
    await waitState(page, '发放中')
    await page.locator('[data-test="enrollment"]').waitFor()
    const timeline = page.locator('[data-test="timeline"]')
    await timeline.waitFor()
    const tl = await timeline.innerText()
    for (const s of ['受理申请', '开始入户调查', '王调查', '张榜公示', '审核确认：批准并纳入保障', '经审核符合条件，予以批准']) {
      assert.ok(tl.includes(s), `the timeline shows ${s}`)
    }
    await shot(page, 'as-case-approved')
    const done = await haizhu.get(`/cases/${caseId}`)
    assert.equal(done.state, 'paying')
    assert.equal(done.decision, 'approved')
    const en = await haizhu.get(`/enrollments/${done.enrollment_id}`)
    assert.equal(en.amount_fen, ev.amount_fen)

    // The queue lists it among the cases being paid (filtered: other tests'
    // cases share the database).
    await page.locator('[data-menu="as-cases"]').click()
    await waitUrl(page, /\/assistance\/cases(\?|$)/)
    await page.locator('[data-test="case-table"] .el-table__row').first().waitFor()
    await page.goto(`${BASE_URL}/assistance/cases?state=paying&page_size=100`)
    const queued = page.locator('[data-test="case-table"] .el-table__row', { has: page.locator(`a:text-is("${caseId}")`) })
    await queued.waitFor()
    assert.ok((await queued.innerText()).includes('发放中'))
    await shot(page, 'as-queue')
    assert.deepEqual(problems, [], 'no script errors in the page')
  } finally {
    await context.close()
  }
})

test('notice page: masked list, print, XLSX, objections recorded and handled', { skip: skip || false, timeout: 120000 }, async () => {
  const { a } = await family('公示丙', '公示丁')
  // Bring a case to the public notice through the API: the wizard is the test above.
  const c = await haizhu.post('/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222029876543210' })
  const step = async (action, extra = {}) => {
    const cur = await haizhu.get(`/cases/${c.id}`)
    return haizhu.post(`/cases/${c.id}/actions`, { action, version: cur.version, ...extra })
  }
  await step('start_verification')
  await step('start_investigation')
  await step('submit_investigation', { note: '入户调查完成', detail: { investigators: ['赵调查', '钱调查'] } })
  await haizhu.post(`/cases/${c.id}/evaluate`)
  await step('post_notice')

  const { context, page, problems } = await openPage(browser)
  await page.setViewportSize({ width: 1440, height: 1600 }) // the layout scrolls inside: a tall window shows whole pages
  try {
    await login(page, CASEWORKER)
    await page.goto(`${BASE_URL}/assistance/notices?division=${community}`)
    const sheet = page.locator('[data-test="notice-sheet"]')
    await sheet.waitFor()
    assert.ok((await page.locator('[data-test="notice-title"]').innerText()).includes(communityName))
    const row = page.locator('[data-test="notice-table"] .el-table__body-wrapper .el-table__row',
      { has: page.locator(`[data-test="notice-objections-${c.id}"]`) })
    await row.waitFor()
    const text = await row.innerText()
    assert.ok(text.includes('公*丙'), 'the name, partly hidden')
    assert.ok(!text.includes('公示丙'), 'the full name is not posted')
    assert.ok(text.includes(`${a.id_number.slice(0, 4)}**********${a.id_number.slice(14)}`), 'the ID number is masked')
    assert.ok(text.split('\t').map((s) => s.trim()).includes('2'), `a household size cell of 2 in: ${text}`)
    await shot(page, 'as-notice')

    // XLSX through the existing endpoint: a real workbook (a ZIP file).
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="notice-xlsx"]').click()])
    assert.match(dl.suggestedFilename(), /\.xlsx$/)
    const bytes = readFileSync(await dl.path())
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK')

    // Printable: the menu, header and buttons are not printed; the sheet is.
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('.el-aside').isVisible(), false)
    assert.equal(await page.locator('[data-test="notice-xlsx"]').isVisible(), false)
    assert.equal(await sheet.isVisible(), true)
    const printed = page.locator('[data-test="notice-print-table"]')
    assert.equal(await printed.isVisible(), true)
    assert.ok((await printed.innerText()).includes(`${a.id_number.slice(0, 4)}**********${a.id_number.slice(14)}`))
    assert.equal(await page.locator('[data-test="notice-table"]').isVisible(), false)
    await shot(page, 'as-notice-print')
    await page.emulateMedia({ media: 'screen' })

    // An objection is recorded (its content required) and handled.
    await page.locator(`[data-test="notice-objections-${c.id}"]`).click()
    await page.locator('[data-test="objection-add"]').click()
    const add = page.locator('.el-dialog[data-test="objection-dialog"]')
    await add.waitFor()
    await add.locator('[data-test="objection-submit"]').click()
    await add.getByText('请记录异议内容（至少4个字）').waitFor()
    await add.locator(field('objection-content', 'textarea')).fill('有居民反映其家庭有经营收入')
    await add.locator('[data-test="objection-submit"]').click()
    await add.waitFor({ state: 'hidden' })
    const objTable = page.locator('[data-test="objection-table"]')
    await objTable.getByText('待处理', { exact: true }).waitFor()
    await page.locator('[data-test="objection-handle"]').click()
    const handle = page.locator('.el-dialog[data-test="objection-handle-dialog"]')
    await handle.waitFor()
    await handle.locator('[data-test="objection-outcome"] .el-radio', { hasText: '异议不成立' }).click()
    await handle.locator(field('objection-handling', 'textarea')).fill('经入户核实无经营收入，异议不成立')
    await handle.locator('[data-test="objection-handle-submit"]').click()
    await handle.waitFor({ state: 'hidden' })
    await objTable.getByText('异议不成立', { exact: true }).waitFor()
    await shot(page, 'as-notice-objection')

    const after = await haizhu.get(`/cases/${c.id}`)
    assert.equal(after.objections.length, 1)
    assert.equal(after.objections[0].outcome, 'dismissed')
    assert.equal(after.objections[0].received_by, 't_haizhu')
    assert.deepEqual(problems, [], 'no script errors in the page')
  } finally {
    await context.close()
  }
})

test('payroll: prepare, four-eyes approval, bank file, reconciliation, totals', { skip: skip || false, timeout: 150000 }, async () => {
  // An approved dibao case (through the API; the wizard is the first test): its
  // enrollment is paid from next month.
  const { a } = await family('发放戊', '发放己')
  const c = await haizhu.post('/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222025555666677' })
  const step = async (action, extra = {}) => {
    const cur = await haizhu.get(`/cases/${c.id}`)
    return haizhu.post(`/cases/${c.id}/actions`, { action, version: cur.version, ...extra })
  }
  await step('start_verification')
  await step('start_investigation')
  await step('submit_investigation', { note: '入户调查完成', detail: { investigators: ['孙调查', '李调查'] } })
  await haizhu.post(`/cases/${c.id}/evaluate`)
  await step('post_notice')
  endNotice(c.id)
  const approved = await step('approve', { note: '批准' })
  // A month no other test pays, eight months ahead: the run holds this
  // enrollment's regular line and its back pay.
  const now = new Date(Date.now() + 8 * 3600 * 1000)
  const t = now.getUTCFullYear() * 12 + now.getUTCMonth() + 8
  const month = `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`

  const officer = await openPage(browser)
  const adm = await openPage(browser)
  try {
    await officer.page.setViewportSize({ width: 1440, height: 1400 })
    await login(officer.page, { login: 't_haizhu_officer', password: PASSWORD })
    await officer.page.locator('[data-menu="as-payroll"]').click()
    await waitUrl(officer.page, /\/assistance\/payroll$/)
    const monthInput = officer.page.locator('[data-test="payroll-month"] input')
    await monthInput.fill(month)
    await monthInput.press('Enter')
    await officer.page.locator('[data-test="payroll-run"]').click()
    await waitUrl(officer.page, /\/assistance\/payroll\/\d+$/)
    const runId = Number(officer.page.url().split('/').pop())
    await officer.page.locator('[data-test="run-status"]', { hasText: '待审批' }).waitFor()
    // Four eyes: whoever prepared the run cannot approve it.
    assert.equal(await officer.page.locator('[data-test="run-approve"]').isDisabled(), true)
    await officer.page.getByText('发放批次须由编制人以外的人员审批（双人复核）').first().waitFor()
    await shot(officer.page, 'as-payroll-draft')
    const lines = await admin.get(`/payroll/runs/${runId}/lines?page_size=200`)
    const mine = lines.items.filter((l) => l.enrollment_id === approved.enrollment_id)
    assert.ok(mine.some((l) => l.month === month && l.kind === 'regular'), 'the month\'s line of the new enrollment')

    // Another officer approves and issues the bank file.
    await adm.page.setViewportSize({ width: 1440, height: 1400 })
    await login(adm.page, { login: process.env.MZ_TEST_LOGIN, password: PASSWORD })
    await adm.page.goto(`${BASE_URL}/assistance/payroll/${runId}`)
    await adm.page.locator('[data-test="run-approve"]').click()
    await confirmBox(adm.page)
    await adm.page.locator('[data-test="run-status"]', { hasText: '已审批' }).waitFor()
    const [dl] = await Promise.all([adm.page.waitForEvent('download'), (async () => {
      await adm.page.locator('[data-test="run-bank"]').click()
      await confirmBox(adm.page)
    })()])
    const csv = readFileSync(await dl.path(), 'utf8').trim().split('\r\n')
    assert.equal(csv[0], 'payment_id,month,kind,program,division_code,name,bank_account,amount')
    const run = await admin.get(`/payroll/runs/${runId}`)
    assert.equal(run.status, 'released')
    assert.equal(csv.length - 1, run.line_count)
    const sumFen = csv.slice(1).reduce((s, l) => s + Math.round(Number(l.split(',').at(-1)) * 100), 0)
    assert.equal(sumFen, run.total_fen, 'the bank file adds up to the run, to the fen')
    await adm.page.locator('[data-test="run-status"]', { hasText: '已出银行文件' }).waitFor()

    // The bank's return file: every bad row is listed before anything is sent.
    const ids = csv.slice(1).map((l) => l.split(',')[0])
    const fileInput = adm.page.locator('input[data-test="reconcile-file"]')
    await fileInput.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`payment_id,status,bank_ref,reason\nabc,paid,R1,\n${ids[0]},failed,,\n${ids[0]},lost,R3,\n`) })
    const bad = adm.page.locator('[data-test="reconcile-bad"]')
    await bad.waitFor()
    const badText = await bad.innerText()
    for (const s of ['3 行错误', '第 2 行：payment_id 应为正整数', '第 3 行：失败的明细须写明原因', '第 4 行：status 应为 paid 或 failed']) {
      assert.ok(badText.includes(s), `${s} in ${badText}`)
    }
    assert.equal(await adm.page.locator('[data-test="reconcile-submit"]').isDisabled(), true)
    const good = [`${ids[0]},failed,,账户已冻结`, ...ids.slice(1).map((p) => `${p},paid,BANK${p}`)].join('\n')
    await fileInput.setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
    await adm.page.locator('[data-test="reconcile-submit"]').click()
    await adm.page.locator('[data-test="reconcile-ok"]', { hasText: `到账 ${ids.length - 1} 笔，失败 1 笔` }).waitFor()
    await shot(adm.page, 'as-payroll-reconciled')
    const after = await admin.get(`/payroll/runs/${runId}`)
    assert.equal(after.by_status.failed.lines, 1)
    assert.equal((after.by_status.paid || { lines: 0 }).lines, ids.length - 1)

    // Totals of the month: both charts drawn, the exact sum as the server has it.
    await adm.page.goto(`${BASE_URL}/assistance/totals?month=${month}`)
    await adm.page.locator('[data-test="chart-district"] canvas').waitFor()
    await adm.page.locator('[data-test="chart-program"] canvas').waitFor()
    const totals = await admin.get(`/payroll/totals?month=${month}`)
    const whole = String(Math.floor(totals.total_fen / 100)).replace(/\B(?=(\d{3})+$)/g, ',')
    const shown = await adm.page.locator('[data-test="totals-sum"]').innerText()
    assert.ok(shown.includes(`${totals.lines} 笔`) && shown.includes(`${whole}.${String(totals.total_fen % 100).padStart(2, '0')} 元`), shown)
    await shot(adm.page, 'as-totals')
    assert.deepEqual([...officer.problems, ...adm.problems], [], 'no script errors in the pages')
  } finally {
    await officer.context.close()
    await adm.context.close()
  }
})

test('override: a district officer only, with a justification of 10 characters, audited', { skip: skip || false, timeout: 90000 }, async () => {
  const { a } = await family('调整庚', '调整辛')
  const c = await haizhu.post('/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222021111222233' })
  const step = async (action, extra = {}) => {
    const cur = await haizhu.get(`/cases/${c.id}`)
    return haizhu.post(`/cases/${c.id}/actions`, { action, version: cur.version, ...extra })
  }
  await step('start_verification')
  await step('start_investigation')
  await step('submit_investigation', { note: '入户调查完成', detail: { investigators: ['冯调查', '陈调查'] } })
  const ev = await haizhu.post(`/cases/${c.id}/evaluate`)
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, { login: 't_haizhu_officer', password: PASSWORD })
    await page.goto(`${BASE_URL}/assistance/cases/${c.id}`)
    await page.locator('[data-test="do-override"]').click()
    const d = page.locator('.el-dialog[data-test="override-dialog"]')
    await d.waitFor()
    await d.locator(field('override-amount')).fill('850')
    await d.locator(field('override-reason', 'textarea')).fill('太短')
    await d.locator('[data-test="override-submit"]').click()
    await d.getByText('调整理由不少于10个字').waitFor()
    const reason = '经区级复核，该户有未计入的刚性医疗支出，核减后调整'
    await d.locator(field('override-reason', 'textarea')).fill(reason)
    await d.locator('[data-test="override-submit"]').click()
    await d.waitFor({ state: 'hidden' })
    await page.locator('[data-test="case-amount"]', { hasText: '850.00' }).waitFor()
    await page.getByText(`原计算 ${Math.floor(ev.amount_fen / 100)}.${String(ev.amount_fen % 100).padStart(2, '0')}`).first().waitFor()
    await shot(page, 'as-case-override')
    const after = await haizhu.get(`/cases/${c.id}`)
    assert.equal(after.amount_fen, 85000)
    assert.equal(after.eval_amount_fen, ev.amount_fen, 'the rules\' amount is kept beside the override')
    assert.equal(after.override_by, 't_haizhu_officer')
    assert.equal(after.override_reason, reason)
    const audit = await admin.get(`/audit?entity=case&entity_id=${c.id}&action=case.override`)
    assert.ok((audit.items || []).some((x) => x.reason === reason), 'the override is in the audit log with its reason')
    assert.deepEqual(problems, [], 'no script errors in the page')
  } finally {
    await context.close()
  }
})
