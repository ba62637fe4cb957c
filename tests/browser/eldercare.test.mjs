// The browser test: at the canteen counter page an elder is checked
// in with fewer than three actions (type or scan the number, press Enter),
// and the page shows who it was and what they pay. A second lunch shows the
// refusal and the one-click full-price alternative.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, field, shot, waitUrl, idNumber, ymd, apiClient } from './lib.mjs'
const makeId = (code6, y, m, d, seq) => idNumber(code6, ymd(y, m, d), seq)

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('canteen counter: an elder checked in with fewer than three actions', { skip: skip || false, timeout: 120000 }, async () => {
  const run = `${Date.now() % 100000}`
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const community = (await admin.get('/divisions?parent=440105001')).items[0].code
  const provider = await admin.post('/eldercare/providers', { name: `浏览器测试助餐中心${run}`, kind: 'canteen', division_code: '440105001', reason: '浏览器测试' })
  const canteen = await admin.post('/eldercare/canteens', {
    provider_id: provider.id, name: `浏览器测试饭堂${run}`, address: '海珠区测试路8号', division_code: community,
    lat: 23.09, lon: 113.27, hours: '00:00-24:00', capacity: 60, reason: '浏览器测试',
  })
  const counterLogin = `counter_${run}`
  await admin.post('/users', { login: counterLogin, name: '前台收银员', role: 'service_provider', scope_code: '440105001', password: ADMIN.password })
  await admin.post(`/eldercare/providers/${provider.id}/users`, { login: counterLogin, reason: '饭堂前台账号' })
  const year = new Date().getFullYear()
  const idNumber = makeId('440105', year - 83, 4, 9, (Number(run) % 800) + 100)
  await admin.post('/persons', { id_number: idNumber, name: '刘福寿', division_code: community, reason: '浏览器测试登记' })

  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, { login: counterLogin, password: ADMIN.password })
    await page.goto(`${BASE_URL}/eldercare/counter`)
    await waitUrl(page, /\/eldercare\/counter$/)
    // The provider's only canteen is chosen already; the input has the focus.
    const input = page.locator(field('counter-input'))
    await input.waitFor()
    await page.locator('[data-test="counter-canteen"]').getByText(canteen.name).waitFor()
    await page.waitForFunction(() => document.activeElement && document.activeElement.closest('[data-test="counter-input"]'))
    await shot(page, 'counter-ready')

    // The check-in itself: type (or scan) the number, press Enter. Two actions.
    let actions = 0
    await page.keyboard.type(idNumber); actions++
    await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/canteens/${canteen.id}/checkins`) && r.status() === 201),
      page.keyboard.press('Enter'),
    ]); actions++
    const result = page.locator('[data-test="counter-result"]')
    await result.waitFor()
    assert.ok(actions < 3, `checked in with ${actions} actions`)
    assert.match(await result.innerText(), /刘福寿/)
    assert.equal((await page.locator('[data-test="counter-pays"]').innerText()).trim(), '¥3.00') // 80+: pays 3 of 12
    assert.match(await page.locator('[data-test="counter-tier"]').innerText(), /高龄/)
    assert.match(await result.innerText(), /\*{4}/, 'the ID number is masked')
    // Ready for the next elder: the input is empty and focused, the day's list counts the meal.
    assert.equal(await input.inputValue(), '')
    await page.locator('[data-test="counter-count"]').getByText(/1$/).waitFor()
    await shot(page, 'counter-checked-in')

    // Same elder, same meal: refused with the reason; full price is one click away.
    await page.keyboard.type(idNumber)
    await page.keyboard.press('Enter')
    const err = page.locator('[data-test="counter-error"]')
    await err.waitFor()
    assert.match(await err.innerText(), /已享受过补贴/)
    await shot(page, 'counter-double-subsidy')
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/checkins') && r.status() === 201),
      page.locator('[data-test="counter-full-price"]').click(),
    ])
    await result.waitFor()
    assert.equal((await page.locator('[data-test="counter-pays"]').innerText()).trim(), '¥12.00')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('providers: register one, link its counter account from the page', { skip: skip || false, timeout: 90000 }, async () => {
  const run = `${Date.now() % 100000}`
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const acct = `linkme_${run}`
  await admin.post('/users', { login: acct, name: '待关联前台', role: 'service_provider', scope_code: '440105001', password: ADMIN.password })
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.locator('[data-menu="ec-providers"]').click()
    await page.locator('[data-test="provider-add"]').click()
    await page.locator(field('provider-name')).fill(`页面登记机构${run}`)
    // The division: down the tree (city, district) to the street, chosen by its radio.
    await page.locator('.el-dialog .el-cascader').first().click()
    for (const name of ['广州市', '海珠区']) {
      const node = page.locator('.el-cascader-node').filter({ hasText: name }).first()
      await node.waitFor()
      await node.locator('.el-cascader-node__label').click()
    }
    await page.locator('.el-cascader-node').filter({ hasText: '赤岗街道' }).first().locator('.el-radio').click()
    await page.keyboard.press('Escape')
    await page.locator(field('provider-reason')).fill('新增助餐服务机构')
    await page.locator('[data-test="provider-save"]').click()
    const row = page.locator('[data-test="providers-table"] .el-table__row').filter({ hasText: `页面登记机构${run}` })
    await row.waitFor()
    await row.locator('[data-test^="provider-link-"]').click()
    await page.locator(field('provider-link-login')).fill(acct)
    await page.locator(field('provider-link-reason')).fill('饭堂前台账号')
    await page.locator('[data-test="provider-link-ok"]').click()
    await row.locator('[data-test^="provider-accounts-"]').getByText('1').waitFor()
    await shot(page, 'providers-linked')
    assert.deepEqual(problems, [])
  } finally { await context.close() }
})
