// Field work on a phone (390 px): the menu leaves the side bar for a drawer,
// no page is wider than the screen, and the canteen counter's number box and
// button fit and work with a thumb.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, PHONE, skipReason, launch, openPage, login, field, shot, waitUrl, apiClient } from './lib.mjs'

const skip = skipReason()
let browser

// The page's content is no wider than the viewport (nothing to scroll sideways
// but the tables, which scroll inside themselves).
async function assertFits(page, what) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }))
  assert.ok(scroll <= width + 1, `${what}: the page is ${scroll}px wide on a ${width}px screen`)
}

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('phone: the menu is a drawer, pages fit the screen', { skip: skip || false, timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser, { viewport: PHONE })
  try {
    await login(page, { login: 't_haizhu', password: ADMIN.password })
    assert.equal(await page.locator('.aside').count(), 0, 'no side bar on a phone')
    await assertFits(page, 'home')
    await page.locator('[data-test="menu-button"]').click()
    await page.locator('[data-menu="as-cases"]').click()
    await waitUrl(page, /\/assistance\/cases/)
    // The drawer closes once the page is chosen.
    await page.locator('[data-test="nav-drawer"] [data-menu="as-cases"]').waitFor({ state: 'hidden' })
    await page.locator('.el-table').first().waitFor()
    await assertFits(page, 'cases')
    await shot(page, 'phone-cases')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('phone: the canteen counter takes a number with a thumb', { skip: skip || false, timeout: 90000 }, async () => {
  const run = `${Date.now() % 100000}`
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const community = (await admin.get('/divisions?parent=440105001')).items[0].code
  const provider = await admin.post('/eldercare/providers', { name: `手机测试助餐点${run}`, kind: 'canteen', division_code: '440105001', reason: '手机布局测试' })
  await admin.post('/eldercare/canteens', {
    provider_id: provider.id, name: `手机测试饭堂${run}`, address: '海珠区测试路9号', division_code: community,
    lat: 23.09, lon: 113.27, hours: '00:00-24:00', capacity: 40, reason: '手机布局测试',
  })
  const counterLogin = `phone_${run}`
  await admin.post('/users', { login: counterLogin, name: '手机前台', role: 'service_provider', scope_code: '440105001', password: ADMIN.password })
  await admin.post(`/eldercare/providers/${provider.id}/users`, { login: counterLogin, reason: '饭堂前台账号' })

  const { context, page, problems } = await openPage(browser, { viewport: PHONE })
  try {
    await login(page, { login: counterLogin, password: ADMIN.password })
    await page.goto(`${BASE_URL}/eldercare/counter`)
    const input = page.locator(field('counter-input'))
    await input.waitFor()
    const box = await input.boundingBox()
    assert.ok(box.width >= 200, `the number box is ${box.width}px wide`)
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, 'the number box is on the screen')
    const btn = await page.locator('[data-test="counter-submit"]').boundingBox()
    assert.ok(btn, 'the check-in button is shown')
    assert.ok(btn.x >= 0 && btn.x + btn.width <= PHONE.width, `the button is cut off (x ${btn.x}, width ${btn.width})`)
    assert.ok(btn.height >= 32, 'the button is big enough for a thumb')
    await assertFits(page, 'counter')
    await shot(page, 'phone-counter')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('counter: a wrong check-in is cancelled from the day list with a reason', { skip: skip || false, timeout: 90000 }, async () => {
  const run = `${Date.now() % 100000}`
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const community = (await admin.get('/divisions?parent=440105001')).items[0].code
  const provider = await admin.post('/eldercare/providers', { name: `撤销测试助餐点${run}`, kind: 'canteen', division_code: '440105001', reason: '撤销测试' })
  await admin.post('/eldercare/canteens', {
    provider_id: provider.id, name: `撤销测试饭堂${run}`, address: '海珠区测试路10号', division_code: community,
    lat: 23.09, lon: 113.27, hours: '00:00-24:00', capacity: 40, reason: '撤销测试',
  })
  const counterLogin = `undo_${run}`
  await admin.post('/users', { login: counterLogin, name: '撤销前台', role: 'service_provider', scope_code: '440105001', password: ADMIN.password })
  await admin.post(`/eldercare/providers/${provider.id}/users`, { login: counterLogin, reason: '饭堂前台账号' })
  const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let idNumber
  for (let seq = Number(run) % 800; ; seq++) {
    const body = `44010519420202${String((seq % 900) + 50).padStart(3, '0')}`
    let s = 0
    for (let i = 0; i < 17; i++) s += Number(body[i]) * W[i]
    idNumber = body + '10X98765432'[s % 11]
    try { await admin.post('/persons', { id_number: idNumber, name: '撤销长者', division_code: community, reason: '撤销测试' }); break } catch (e) { if (!/409/.test(e.message)) throw e }
  }

  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, { login: counterLogin, password: ADMIN.password })
    await page.goto(`${BASE_URL}/eldercare/counter`)
    await page.locator(field('counter-input')).waitFor()
    await page.locator(field('counter-input')).fill(idNumber)
    await page.keyboard.press('Enter')
    await page.locator('[data-test="counter-result"]').waitFor()
    const cancel = page.locator('[data-test^="meal-cancel-"]').first()
    await cancel.waitFor()
    await cancel.click()
    await page.locator('.el-message-box__input input').fill('刷错了人')
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message--success').filter({ hasText: '已撤销' }).waitFor()
    await page.locator('[data-test="counter-meals"] .el-table__empty-text').waitFor()
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
