// Lists a caseworker can live in (issue 14 items 2, 3, 6, 7): the household
// search finds people and sorts on the server, every list's export opens in
// a spreadsheet reader with the rows the page shows, the household shows its
// income, the elder card is issued from its menu entry.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, field, shot, waitUrl } from './lib.mjs'
import { readXlsx } from '../api/xlsx_read.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

const rowsOf = (page, table) => page.locator(`[data-test="${table}"] .el-table__body-wrapper .el-table__row`)
const cellTexts = async (page, table, col) => (await rowsOf(page, table).locator(`td:nth-child(${col})`).allInnerTexts()).map((s) => s.trim())
const sortedBy = (xs, cmp) => [...xs].sort(cmp)
const byCode = (a, b) => (a < b ? -1 : a > b ? 1 : 0)

// Clicks the export button and reads the workbook the browser received.
async function exportShown(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export-xlsx"]').first().click()])
  assert.match(dl.suggestedFilename(), /\.xlsx$/)
  return readXlsx(readFileSync(await dl.path()))
}

test('households: find by the head, sort by address on the server, export what is shown, see the income', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/households`)
    await rowsOf(page, 'household-table').first().waitFor()
    const head = (await cellTexts(page, 'household-table', 2)).find((s) => s.length >= 2)
    assert.ok(head, 'a household with a head')
    const surname = head.slice(0, 1)

    // The head's surname: every row is headed by someone of that name.
    await page.locator(field('hh-head')).fill(surname)
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/households?') && r.url().includes('head_name=') && r.status() === 200),
      page.locator('[data-test="hh-search"]').click(),
    ])
    await rowsOf(page, 'household-table').first().waitFor()
    const heads = await cellTexts(page, 'household-table', 2)
    assert.ok(heads.length >= 1 && heads.every((h) => h.startsWith(surname)), heads.join(','))

    // Sorting asks the server: the address says so and the rows follow.
    const addressHead = page.locator('[data-test="household-table"] th').filter({ hasText: '家庭住址' })
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=address') && r.status() === 200),
      addressHead.click(),
    ])
    await waitUrl(page, /sort=address/)
    const asc = await cellTexts(page, 'household-table', 3)
    assert.deepEqual(asc, sortedBy(asc, byCode))
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=-address') && r.status() === 200),
      addressHead.click(),
    ])
    const desc = await cellTexts(page, 'household-table', 3)
    assert.deepEqual(desc, sortedBy(desc, byCode).reverse())
    if (new Set(asc).size > 1) assert.notDeepEqual(asc, desc, 'the order changed')
    await shot(page, 'households-sorted')

    // The export: the filters named, the same first rows in the same order.
    const wb = await exportShown(page)
    assert.match(wb.rows[1][0].v, new RegExp(`户主姓名：${surname}`))
    assert.match(wb.rows[1][0].v, /排序：地址（降序）/)
    const shownIds = (await cellTexts(page, 'household-table', 1)).map(Number)
    assert.deepEqual(wb.rows.slice(3, 3 + shownIds.length).map((r) => r[0].v), shownIds)
    assert.equal(wb.rows[3][4].kind, 'n', 'the size is a number')

    // The household's income, in yuan from the stored fen.
    await rowsOf(page, 'household-table').first().locator('td').first().locator('a').click()
    await waitUrl(page, /\/households\/\d+$/)
    await page.locator('[data-test="hh-income-per-capita"]').waitFor()
    assert.match(await page.locator('[data-test="hh-income-per-capita"]').innerText(), /^\d+\.\d{2}$/)
    assert.match(await page.locator('[data-test="hh-income"]').innerText(), /^\d+\.\d{2}$/)
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('exports open in a spreadsheet reader on the persons, visits and audit pages', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    for (const [path, title, ready] of [
      ['/persons?sort=-birth_date', '人员', '[data-test="person-table"] .el-table__row'],
      ['/eldercare/visits', '应探访老人', '[data-test="visit-due"]'],
      ['/audit', '审计日志', '[data-test="audit-table"] .el-table__row'],
    ]) {
      await page.goto(`${BASE_URL}${path}`)
      await page.locator(ready).first().waitFor()
      const wb = await exportShown(page)
      assert.equal(wb.rows[0][0].v, title, path)
      assert.match(wb.rows[1][0].v, /^筛选条件：/, path)
      assert.ok(wb.rows.length >= 3, path)
    }
    // The persons export keeps the page's order and masks the numbers.
    await page.goto(`${BASE_URL}/persons?sort=-birth_date`)
    await rowsOf(page, 'person-table').first().waitFor()
    const wb = await exportShown(page)
    const names = await cellTexts(page, 'person-table', 1)
    assert.deepEqual(wb.rows.slice(3, 3 + names.length).map((r) => r[0].v), names)
    assert.ok(wb.rows.slice(3, 13).every((r) => /^\d{4}\*{10}[\dX]{4}$/.test(r[1].v)))
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('the elder card: issued from its menu entry with a reason', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.locator('[data-menu="ec-cards"]').click()
    await waitUrl(page, /\/eldercare\/cards$/)
    // An elder from the visits list (60 or older, alive).
    const due = await page.evaluate(async () => (await (await fetch('/api/v1/eldercare/visits/due?overdue=0&page_size=1')).json()).items[0])
    assert.ok(due, 'an elder due a visit')
    await page.locator('[data-test="card-issue"]').click()
    await page.getByText('请选择老人').waitFor()
    await page.locator(field('card-person')).fill(due.name)
    const option = page.locator('.el-select-dropdown__item').filter({ hasText: due.id_number_masked }).first()
    await option.waitFor()
    await option.click()
    await page.locator('[data-test="card-who"]').waitFor()
    await page.locator('[data-test="card-issue"]').click()
    await page.locator('[data-test="card-code"]').waitFor()
    assert.match(await page.locator('[data-test="card-code"]').innerText(), /^\w{6,}$/)
    await shot(page, 'elder-card')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
