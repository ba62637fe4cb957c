// Tables a caseworker can live in (issue 14 item 3): a click on a column
// header sorts on the server and the rows follow; a column the user hides
// stays hidden after a reload and in another browser (the choice is kept on
// the server for the account); the export downloads a workbook a
// spreadsheet reader opens, in the order shown.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, shot, waitUrl, apiClient } from './lib.mjs'
import { readXlsx } from '../api/xlsx_read.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

const rowsOf = (page, table) => page.locator(`[data-test="${table}"] .el-table__body-wrapper .el-table__row`)
const headTexts = async (page, table) => (await page.locator(`[data-test="${table}"] .el-table__header-wrapper th`).allInnerTexts()).map((s) => s.trim())
// The texts of the column whose header is `head`, as shown.
async function columnTexts(page, table, head) {
  const heads = await headTexts(page, table)
  const i = heads.indexOf(head)
  assert.ok(i >= 0, `column ${head} among ${heads.join(',')}`)
  return (await rowsOf(page, table).locator(`td:nth-child(${i + 1})`).allInnerTexts()).map((s) => s.trim())
}
const byCode = (a, b) => (a < b ? -1 : a > b ? 1 : 0)

test('audit log: a header click sorts on the server, a hidden column stays hidden, the export opens', { skip: skip || false, timeout: 180000 }, async () => {
  const me = await apiClient(ADMIN.login, ADMIN.password)
  await me.request('DELETE', '/me/table-settings/audit') // start from the defaults
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/audit`)
    await rowsOf(page, 'audit-table').first().waitFor()

    // Sort by account: the address and the request say so, the rows follow.
    const loginHead = page.locator('[data-test="audit-table"] .el-table__header-wrapper th').filter({ hasText: '用户' })
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('sort=login') && r.status() === 200),
      loginHead.click(),
    ])
    await waitUrl(page, /sort=login/)
    await page.waitForTimeout(100)
    // An entry without an account shows '—' and sorts as the empty text.
    const asc = (await columnTexts(page, 'audit-table', '用户')).map((s) => (s === '—' ? '' : s))
    assert.deepEqual(asc, [...asc].sort(byCode))
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=-login') && r.status() === 200),
      loginHead.click(),
    ])
    await waitUrl(page, /sort=-login/)
    await page.waitForTimeout(100)
    const desc = (await columnTexts(page, 'audit-table', '用户')).map((s) => (s === '—' ? '' : s))
    assert.deepEqual(desc, [...desc].sort(byCode).reverse())
    assert.notDeepEqual(asc, desc, 'the order changed (the log has more than one account)')
    await shot(page, 'audit-sorted')

    // Hide the reason column: saved for the account at once.
    assert.ok((await headTexts(page, 'audit-table')).includes('原因'))
    await page.locator('[data-test="column-settings"]').click()
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/me/table-settings/audit') && r.request().method() === 'PUT' && r.status() === 200),
      page.locator('[data-test="column-reason"]').click(),
    ])
    assert.ok(!(await headTexts(page, 'audit-table')).includes('原因'), 'hidden now')
    await shot(page, 'audit-column-hidden')

    // After a reload: still hidden, the other columns still there.
    await page.reload()
    await rowsOf(page, 'audit-table').first().waitFor()
    await page.waitForResponse((r) => r.url().includes('/api/v1/me/table-settings/audit'), { timeout: 5000 }).catch(() => {})
    await page.waitForTimeout(200)
    let heads = await headTexts(page, 'audit-table')
    assert.ok(!heads.includes('原因'), `hidden after reload: ${heads.join(',')}`)
    assert.ok(heads.includes('用户') && heads.includes('操作'))

    // Another browser (a new context: no shared storage), the same account.
    const other = await openPage(browser)
    try {
      await login(other.page, ADMIN)
      await other.page.goto(`${BASE_URL}/audit`)
      await rowsOf(other.page, 'audit-table').first().waitFor()
      await other.page.waitForTimeout(300)
      heads = await headTexts(other.page, 'audit-table')
      assert.ok(!heads.includes('原因'), `hidden in another browser: ${heads.join(',')}`)
    } finally {
      await other.context.close()
    }

    // The export: the workbook opens, in the order shown, sort named.
    // A record is its chain and its number there ("全市·12", "440105·7").
    const shownSeq = await columnTexts(page, 'audit-table', '链·序号')
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export-xlsx"]').first().click()])
    assert.match(dl.suggestedFilename(), /^audit\.xlsx$/)
    const wb = readXlsx(readFileSync(await dl.path()))
    assert.equal(wb.rows[0][0].v, '审计日志')
    assert.match(wb.rows[1][0].v, /排序：账号（降序）/)
    const seqs = wb.rows.slice(3).filter(Boolean).map((r) => `${r[1].v === 'city' ? '全市' : r[1].v}·${r[0].v}`)
    assert.ok(seqs.length >= shownSeq.length)
    // The log grows while the test reads it (every read is audited): the
    // rows shown are still in the workbook, in the same relative order.
    const at = shownSeq.map((s) => seqs.indexOf(s))
    assert.ok(at.every((i) => i >= 0), 'the rows shown are exported')
    assert.deepEqual(at, [...at].sort((a, b) => a - b))

    // Restore the defaults from the chooser: the column is back.
    await page.locator('[data-test="column-settings"]').click()
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/me/table-settings/audit') && r.request().method() === 'DELETE'),
      page.locator('[data-test="column-reset"]').click(),
    ])
    // The table redraws after the answer: wait for the column (fails after the timeout).
    await page.locator('[data-test="audit-table"] .el-table__header-wrapper th').filter({ hasText: '原因' }).first().waitFor()
    assert.ok((await headTexts(page, 'audit-table')).includes('原因'))
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('visits due: sorted by the last visit on the server, paged with the total', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/eldercare/visits`)
    await page.locator('[data-test="visit-due-pager"]').waitFor()
    // The pager states the list's total, as the API counts it.
    const pagerText = await page.locator('[data-test="visit-due-pager"] .el-pagination__total').innerText()
    assert.match(pagerText, /\d+/)
    const head = page.locator('[data-test="visit-due"] .el-table__header-wrapper th').filter({ hasText: '出生日期' })
    if (!(await head.count())) {
      // Hidden by default: show it from the chooser.
      await page.locator('[data-test="column-settings"]').click()
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/api/v1/me/table-settings/eldercare.visits-due') && r.request().method() === 'PUT'),
        page.locator('[data-test="column-birth_date"]').click(),
      ])
      await page.keyboard.press('Escape')
    }
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/eldercare/visits/due?') && r.url().includes('sort=birth_date') && r.status() === 200),
      page.locator('[data-test="visit-due"] .el-table__header-wrapper th').filter({ hasText: '出生日期' }).click(),
    ])
    await page.waitForTimeout(100)
    const asc = await columnTexts(page, 'visit-due', '出生日期')
    assert.ok(asc.length >= 2)
    assert.deepEqual(asc, [...asc].sort(byCode))
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=-birth_date') && r.status() === 200),
      page.locator('[data-test="visit-due"] .el-table__header-wrapper th').filter({ hasText: '出生日期' }).click(),
    ])
    await page.waitForTimeout(100)
    const desc = await columnTexts(page, 'visit-due', '出生日期')
    assert.deepEqual(desc, [...desc].sort(byCode).reverse())
    assert.notDeepEqual(asc, desc)
    await shot(page, 'visits-due-sorted')
    const me = await apiClient(ADMIN.login, ADMIN.password)
    await me.request('DELETE', '/me/table-settings/eldercare.visits-due')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
