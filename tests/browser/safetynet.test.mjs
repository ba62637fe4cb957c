// The safety net in Chromium: a resident asks for help through the public
// form without an account; a community worker finds the order a
// department's event opened, reads why, accepts it and reports what was
// done on a phone-sized screen; the pages read in English too.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, field, shot, waitUrl, idNumber, ymd, apiClient } from './lib.mjs'
const makeId = (code6, y, m, d, seq) => idNumber(code6, ymd(y, m, d), seq)

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('a resident asks for help through the public form, without an account', { skip: skip || false, timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${BASE_URL}/help`)
    await waitUrl(page, /\/help$/)
    // A wrong community code is named at its field, from the server.
    await page.locator(field('sn-req-community')).fill('440105999999')
    await page.locator(field('sn-req-need', 'textarea')).fill('家里老人摔倒后行动不便，需要有人上门看看')
    await page.locator(field('sn-req-name')).fill('陈女士')
    await page.locator(field('sn-req-phone')).fill('13900001234')
    await page.locator('[data-test="sn-req-submit"]').click()
    await page.locator('.el-form-item.is-error').filter({ hasText: '社区' }).waitFor()
    await page.locator(field('sn-req-community')).fill('440105001001')
    await page.locator('[data-test="sn-req-submit"]').click()
    const receipt = page.locator('[data-test="sn-receipt"]')
    await receipt.waitFor()
    assert.match(await receipt.innerText(), /回执号 \d+/)
    await shot(page, 'safetynet-public-request')
    assert.deepEqual(problems, [])
  } finally { await context.close() }
})

test('a community worker reads why an order came, accepts it and reports what was done', { skip: skip || false, timeout: 120000 }, async () => {
  const run = `${Date.now() % 100000}`
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const dept = await admin.post('/safetynet/departments', { code: `browser-${run}`, name: '浏览器测试卫健', scope_code: '440100', rate_per_min: 100, reason: '浏览器测试' })
  const year = new Date().getFullYear()
  let id_number
  for (let i = 0; i < 20 && !id_number; i++) {
    const n = makeId('440105', year - 58, 6, 7, (Number(run) + i * 37) % 900 + 50)
    const r = await admin.request('POST', '/persons', { id_number: n, name: '黄大明', division_code: '440105001001', reason: '浏览器测试登记' })
    if (r.status === 201) id_number = n
  }
  assert.ok(id_number)
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const sent = await fetch(`${BASE_URL}/api/v1/safetynet/inbound/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${dept.token}` },
    body: JSON.stringify({ event_id: `b-${run}`, id_number, type: 'hospital_bill', occurred_on: today, amount_fen: 720000 }) })
  const ev = await sent.json()
  assert.equal(sent.status, 201, JSON.stringify(ev))
  const orderId = ev.orders[0]

  const { context, page, problems } = await openPage(browser)
  try {
    await page.setViewportSize({ width: 390, height: 844 })
    await login(page, { login: 't_community', password: ADMIN.password })
    await page.goto(`${BASE_URL}/safetynet/orders?state=open`)
    const row = page.locator('[data-test="sn-orders"] .el-table__row').filter({ hasText: '黄大明' })
    await row.first().waitFor()
    await row.first().click()
    await waitUrl(page, new RegExp(`/safetynet/orders/${orderId}$`))
    await page.locator('[data-test="sn-why"]').getByText('7200.00 元').waitFor()
    await page.locator('[data-test="sn-act-accept"]').click()
    await page.locator('[data-test="sn-order-state"]').getByText('已接单').waitFor()
    await page.locator('[data-test="sn-act-done"]').click()
    // Without feedback the form says so at the field; nothing is sent.
    await page.locator('[data-test="sn-submit"]').click()
    await page.locator('.el-form-item.is-error').first().waitFor()
    await page.locator(field('sn-feedback', 'textarea')).fill('已上门核实住院支出，指导申请临时救助')
    await page.getByText('临时救助', { exact: true }).click()
    await page.locator('[data-test="sn-submit"]').click()
    await page.locator('[data-test="sn-order-state"]').getByText('已处置').waitFor()
    await shot(page, 'safetynet-order-done')

    // English.
    await page.evaluate(() => localStorage.setItem('mz.locale', 'en'))
    await page.goto(`${BASE_URL}/safetynet/orders/${orderId}`)
    await page.locator('[data-test="sn-order-state"]').waitFor()
    const text = await page.locator('[data-test="sn-why"]').innerText()
    assert.match(text, /Why this alert/)
    assert.match(text, /amount 7200\.00 yuan/)
    assert.deepEqual(problems, [])
  } finally { await context.close() }
})
