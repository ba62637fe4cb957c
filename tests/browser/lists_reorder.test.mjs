// The staff tables, continued (issue 14 items 2, 3 and 10): the lists that
// had no server sort sort on the server with the order in the address; a
// user reorders a table's columns (buttons or the keyboard), the order
// stays after a reload and the export follows it; the safety net's work
// orders export through the list export, opened and read; an empty list
// says what to do next. Screenshots in Chinese and at a phone's width.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { BASE_URL, ADMIN, PHONE, skipReason, launch, openPage, login, shot, waitUrl, apiClient } from './lib.mjs'
import { readXlsx } from '../api/xlsx_read.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

const rowsOf = (page, table) => page.locator(`[data-test="${table}"] .el-table__body-wrapper .el-table__row`)
const headTexts = async (page, table) => (await page.locator(`[data-test="${table}"] .el-table__header-wrapper th`).allInnerTexts()).map((s) => s.trim()).filter(Boolean)
async function columnTexts(page, table, head) {
  const heads = (await page.locator(`[data-test="${table}"] .el-table__header-wrapper th`).allInnerTexts()).map((s) => s.trim())
  const i = heads.indexOf(head)
  assert.ok(i >= 0, `column ${head} among ${heads.join(',')}`)
  return (await rowsOf(page, table).locator(`td:nth-child(${i + 1})`).allInnerTexts()).map((s) => s.trim())
}
const byCode = (a, b) => (a < b ? -1 : a > b ? 1 : 0)

test('users and payroll runs: a header click sorts on the server, the order in the address', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/users`)
    await rowsOf(page, 'user-table').first().waitFor()
    const head = page.locator('[data-test="user-table"] .el-table__header-wrapper th').filter({ hasText: '姓名' })
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/users?') && r.url().includes('sort=name') && r.status() === 200),
      head.click(),
    ])
    await waitUrl(page, /sort=name/)
    await page.waitForTimeout(100)
    const asc = await columnTexts(page, 'user-table', '姓名')
    assert.deepEqual(asc, [...asc].sort(byCode))
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=-name') && r.status() === 200),
      head.click(),
    ])
    await waitUrl(page, /sort=-name/)
    await page.waitForTimeout(100)
    const desc = await columnTexts(page, 'user-table', '姓名')
    assert.deepEqual(desc, [...desc].sort(byCode).reverse())
    assert.notDeepEqual(asc, desc, 'the order changed')
    // A reload keeps the order: it is in the address.
    await page.reload()
    await rowsOf(page, 'user-table').first().waitFor()
    await page.waitForTimeout(200)
    assert.deepEqual(await columnTexts(page, 'user-table', '姓名'), desc)
    await shot(page, 'users-sorted')

    await page.goto(`${BASE_URL}/assistance/payroll`)
    await rowsOf(page, 'payroll-table').first().waitFor()
    const month = page.locator('[data-test="payroll-table"] .el-table__header-wrapper th').filter({ hasText: '发放月份' })
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/payroll/runs?') && r.url().includes('sort=month') && r.status() === 200),
      month.click(),
    ])
    await waitUrl(page, /sort=month/)
    await page.waitForTimeout(100)
    const months = await columnTexts(page, 'payroll-table', '发放月份')
    assert.ok(months.length >= 1)
    assert.deepEqual(months, [...months].sort(byCode))
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('work orders: columns reordered by button and keyboard, kept after a reload, the export follows and opens', { skip: skip || false, timeout: 180000 }, async () => {
  const me = await apiClient(ADMIN.login, ADMIN.password)
  await me.request('DELETE', '/me/table-settings/safetynet.orders') // start from the defaults
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/safetynet/orders?sort=id`)
    await rowsOf(page, 'sn-orders').first().waitFor()
    await page.waitForTimeout(200)
    const before = await headTexts(page, 'sn-orders')
    assert.ok(before.indexOf('事项') < before.indexOf('状态'), `default order: ${before.join(',')}`)

    // The state column one place up with its button: before the person.
    await page.locator('[data-test="column-settings"]').click()
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/me/table-settings/safetynet.orders') && r.request().method() === 'PUT' && r.status() === 200),
      page.locator('[data-test="column-up-state"]').click(),
    ])
    // And once more from the keyboard (Alt+↑ on the column's row).
    await page.locator('[data-test="column-up-state"]').focus()
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/me/table-settings/safetynet.orders') && r.request().method() === 'PUT' && r.status() === 200),
      page.keyboard.press('Alt+ArrowUp'),
    ])
    await shot(page, 'sn-orders-columns')
    await page.keyboard.press('Escape')
    await page.waitForTimeout(300)
    let heads = await headTexts(page, 'sn-orders')
    assert.ok(heads.indexOf('状态') < heads.indexOf('事项'), `state before the matter now: ${heads.join(',')}`)
    assert.ok(heads.indexOf('状态') > heads.indexOf('级别'))

    // After a reload: the same order (kept on the server for the account).
    await page.reload()
    await rowsOf(page, 'sn-orders').first().waitFor()
    await page.waitForResponse((r) => r.url().includes('/api/v1/me/table-settings/safetynet.orders'), { timeout: 5000 }).catch(() => {})
    await page.waitForTimeout(300)
    heads = await headTexts(page, 'sn-orders')
    assert.ok(heads.indexOf('状态') < heads.indexOf('事项'), `kept after reload: ${heads.join(',')}`)
    await shot(page, 'sn-orders-reordered')

    // The export: opened and read; its columns in the order shown, the
    // rows those of the list in its order, with its progress on the button.
    const shownIds = (await columnTexts(page, 'sn-orders', '工单号')).map(Number)
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test="export-xlsx"]').first().click()])
    assert.match(dl.suggestedFilename(), /^safetynet-orders\.xlsx$/)
    const wb = readXlsx(readFileSync(await dl.path()))
    assert.equal(wb.rows[0][0].v, '安全网工单')
    assert.match(wb.rows[1][0].v, /排序：工单号（升序）/)
    const xh = wb.rows[2].map((c) => c && c.v)
    assert.ok(xh.indexOf('状态') < xh.indexOf('事项'), `the export follows: ${xh.join(',')}`)
    assert.ok(xh.includes('所在社区'), 'a column the table hides is still exported')
    const id = xh.indexOf('工单号')
    assert.deepEqual(wb.rows.slice(3, 3 + shownIds.length).map((r) => r[id].v), shownIds)

    // Back to the defaults.
    await page.locator('[data-test="column-settings"]').click()
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/me/table-settings/safetynet.orders') && r.request().method() === 'DELETE'),
      page.locator('[data-test="column-reset"]').click(),
    ])
    await page.keyboard.press('Escape')
    await page.waitForTimeout(300)
    heads = await headTexts(page, 'sn-orders')
    assert.ok(heads.indexOf('事项') < heads.indexOf('状态'), `defaults again: ${heads.join(',')}`)
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('an empty list says what to do next; a rule tip names the article; phone width', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/volunteer/volunteers?q=${encodeURIComponent('无此姓名者')}`)
    const empty = page.locator('[data-test="vol-empty"]')
    await empty.waitFor()
    assert.match(await empty.innerText(), /没有符合条件的志愿者/)
    assert.match(await empty.innerText(), /注册志愿者/)
    await shot(page, 'volunteers-empty')
    // The next action opens the registration form.
    await empty.locator('button').click()
    await page.locator('[data-test="reg-id"]').waitFor()
    await page.keyboard.press('Escape')

    // A field's rule, shown on keyboard focus: the service of an order.
    await page.goto(`${BASE_URL}/volunteer/orders`)
    await page.locator('[data-test="order-create"]').click()
    const tip = page.locator('.el-dialog [data-test="rule-tip"]').nth(1)
    await tip.waitFor()
    await tip.focus()
    const pop = page.locator('.rule-tip-popper').filter({ hasText: '群众点单' })
    await pop.first().waitFor({ state: 'visible' })
    await shot(page, 'volunteer-order-tip')
    await page.keyboard.press('Escape')

    // At a phone's width the empty state still shows its words and action.
    const phone = await openPage(browser, { viewport: PHONE })
    try {
      await login(phone.page, ADMIN)
      await phone.page.goto(`${BASE_URL}/volunteer/volunteers?q=${encodeURIComponent('无此姓名者')}`)
      await phone.page.locator('[data-test="vol-empty"]').waitFor()
      await shot(phone.page, 'volunteers-empty-phone')
      assert.deepEqual(phone.problems, [])
    } finally {
      await phone.context.close()
    }
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
