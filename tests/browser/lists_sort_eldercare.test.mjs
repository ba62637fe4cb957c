// The service providers' table sorts on the server (issue 14 item 3): a
// click on the canteens header puts ?sort=canteens in the address and asks
// the API for that order, a second click turns it round, and a reload of
// the address shows the same order. The call centre's subscribers table
// sorts by the monthly fee the same way.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, shot, waitUrl, apiClient, idNumber, ymd } from './lib.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

const TABLE = 'providers-table'
const rowsOf = (page) => page.locator(`[data-test="${TABLE}"] .el-table__body-wrapper .el-table__row`)
async function columnNumbers(page, head) {
  const heads = (await page.locator(`[data-test="${TABLE}"] .el-table__header-wrapper th`).allInnerTexts()).map((s) => s.trim())
  const i = heads.indexOf(head)
  assert.ok(i >= 0, `column ${head} among ${heads.join(',')}`)
  return (await rowsOf(page).locator(`td:nth-child(${i + 1})`).allInnerTexts()).map((s) => Number(s.trim()))
}

test('providers: a header click sorts by canteens on the server, both ways, and the address keeps it', { skip: skip || false, timeout: 120000 }, async () => {
  // A provider without a canteen, so the counts differ whatever the demo made.
  const me = await apiClient(ADMIN.login, ADMIN.password)
  await me.request('POST', '/eldercare/providers', { name: `排序测试居家照护${Date.now() % 100000}`, kind: 'home_care', division_code: '440105001', reason: '排序测试登记' })
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/eldercare/providers`)
    await rowsOf(page).first().waitFor()
    const head = page.locator(`[data-test="${TABLE}"] .el-table__header-wrapper th`).filter({ hasText: '饭堂' })
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/eldercare/providers?') && /sort=canteens(&|$)/.test(r.url()) && r.status() === 200),
      head.click(),
    ])
    await waitUrl(page, /sort=canteens/)
    await page.waitForTimeout(100)
    const asc = await columnNumbers(page, '饭堂')
    assert.ok(asc.length >= 2, 'rows to sort')
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b), 'fewest canteens first')
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=-canteens') && r.status() === 200),
      head.click(),
    ])
    await waitUrl(page, /sort=-canteens/)
    await page.waitForTimeout(100)
    const desc = await columnNumbers(page, '饭堂')
    assert.deepEqual(desc, [...desc].sort((a, b) => b - a), 'most canteens first')
    assert.ok(desc[0] > asc[0], 'the order turned round')
    // The address is the page: a reload asks for the same order and marks the header.
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=-canteens') && r.status() === 200),
      page.reload(),
    ])
    await rowsOf(page).first().waitFor()
    await page.waitForTimeout(100)
    assert.deepEqual(await columnNumbers(page, '饭堂'), desc)
    assert.match(await head.getAttribute('class'), /descending/)
    await shot(page, 'providers-sorted')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('call centre: the subscribers table sorts by the monthly fee on the server, both ways', { skip: skip || false, timeout: 120000 }, async () => {
  // Two subscribers with different fees (the demo city has none).
  const me = await apiClient(ADMIN.login, ADMIN.password)
  const community = (await me.get('/divisions?parent=440105001')).items.at(-1).code
  const run = Date.now() % 100000
  for (const [i, fee] of [[0, 2500], [1, 6800]]) {
    let person
    for (let seq = (run + i * 37) % 800 + 100; !person; seq++) {
      const r = await me.request('POST', '/persons', { id_number: idNumber('440105', ymd(1941, 8, 8), seq), name: `排序平安通${i}`, division_code: community, reason: '排序测试登记' })
      if (r.status === 201) person = r.json
      else assert.equal(r.status, 409, JSON.stringify(r.json))
    }
    await me.post('/eldercare/call-subscribers', { person_id: person.id, device_code: `SORT-${run}-${i}`, device_kind: 'pendant', fee_fen: fee,
      started_on: '2026-03-01', contacts: [{ name: '王女儿', phone: '13800138000', relation: '女儿' }], reason: '开通平安通服务' })
  }
  const { context, page, problems } = await openPage(browser)
  const table = '[data-test="call-subscribers"]'
  const fees = async () => {
    const heads = (await page.locator(`${table} .el-table__header-wrapper th`).allInnerTexts()).map((x) => x.trim())
    const i = heads.indexOf('月服务费（元）')
    assert.ok(i >= 0, `fee column among ${heads.join(',')}`)
    return (await page.locator(`${table} .el-table__body-wrapper .el-table__row td:nth-child(${i + 1})`).allInnerTexts()).map((x) => Number(x.trim()))
  }
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/eldercare/calls`)
    await page.locator(`${table} .el-table__body-wrapper .el-table__row`).first().waitFor()
    const head = page.locator(`${table} .el-table__header-wrapper th`).filter({ hasText: '月服务费' })
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/eldercare/call-subscribers?') && /sort=fee_fen(&|$)/.test(r.url()) && r.status() === 200),
      head.click(),
    ])
    await waitUrl(page, /sort=fee_fen/)
    await page.waitForTimeout(100)
    const asc = await fees()
    assert.ok(asc.length >= 2, 'rows to sort')
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b), 'lowest fee first')
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('sort=-fee_fen') && r.status() === 200),
      head.click(),
    ])
    await waitUrl(page, /sort=-fee_fen/)
    await page.waitForTimeout(100)
    const desc = await fees()
    assert.deepEqual(desc, [...desc].sort((a, b) => b - a), 'highest fee first')
    assert.ok(desc[0] >= 68 && desc[0] > asc[0], 'the order turned round')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
