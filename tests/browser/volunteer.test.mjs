// The volunteer pages in Chromium: a street caseworker registers a volunteer
// from the list page (Chinese, then the page in English); on a phone, a
// volunteer accepts the order offered to them, sees whom to serve and
// checks in with the resident's code.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { BASE_URL, skipReason, launch, openPage, login, field, shot, waitUrl, idNumber, ymd, apiClient } from './lib.mjs'
const makeId = (y, m, d, seq) => idNumber('440105', ymd(y, m, d), seq)

const skip = skipReason() || (!process.env.MZ_DB ? 'MZ_DB is not set (the test script sets it)' : '')
const PASSWORD = process.env.MZ_TEST_PASSWORD
let browser

let seq = 100 + Math.floor(Math.random() * 700)

function sql(statement) {
  const db = process.env.MZ_DB
  if (db.startsWith('postgres')) return execFileSync('psql', [db, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', statement], { encoding: 'utf8' })
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', db.replace(/^sqlite:/, ''), statement], { encoding: 'utf8' })
}

async function resident(admin, community, birth, name) {
  const [y, m, d] = birth.split('-').map(Number)
  for (let i = 0; i < 20; i++) {
    const id_number = makeId(y, m, d, (seq++ % 900) + 50)
    try {
      const p = await admin.post('/persons', { id_number, name, division_code: community, reason: '浏览器测试登记' })
      return { ...p, id_number }
    } catch (e) { if (!/409/.test(e.message)) throw e }
  }
  throw new Error('no free ID number')
}

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('volunteer list: register a volunteer from the dialog, in Chinese and in English', { skip: skip || false, timeout: 120000 }, async () => {
  const admin = await apiClient('t_admin')
  const community = (await admin.get('/divisions?parent=440105001')).items[1].code
  const p = await resident(admin, community, '1992-02-02', '浏览器志愿者')
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, { login: 't_haizhu', password: PASSWORD })
    await page.goto(`${BASE_URL}/volunteer/volunteers`)
    await waitUrl(page, /\/volunteer\/volunteers/)
    await page.locator('[data-test="vol-register"]').click()
    await page.locator(field('reg-id')).fill(p.id_number)
    // Without a skill the form names the field and sends nothing.
    await page.locator(field('reg-reason')).fill('社区志愿者注册')
    await page.locator('[data-test="reg-submit"]').click()
    await page.locator('.el-form-item.is-error').filter({ hasText: '技能' }).waitFor()
    await page.locator('.el-dialog .el-checkbox').filter({ hasText: '陪伴' }).first().click()
    await page.locator('[data-test="reg-submit"]').click()
    await page.locator('[data-test="vol-table"]').getByText('浏览器志愿者').first().waitFor()
    await shot(page, 'volunteer-list-zh')
    // The same page in English.
    const { context: c2, page: en } = await openPage(browser, { locale: 'en' })
    try {
      await login(en, { login: 't_haizhu', password: PASSWORD })
      await en.evaluate(() => localStorage.setItem('mz.locale', 'en'))
      await en.goto(`${BASE_URL}/volunteer/volunteers`)
      await en.locator('[data-test="vol-register"]').getByText('Register a volunteer').waitFor()
      await en.locator('[data-test="vol-table"]').getByText('浏览器志愿者').first().waitFor()
      await shot(en, 'volunteer-list-en')
    } finally { await c2.close() }
    assert.deepEqual(problems, [])
  } finally { await context.close() }
})

test('on a phone: a volunteer accepts the offered order, sees the resident, checks in with the code', { skip: skip || false, timeout: 120000 }, async () => {
  const run = `${Date.now() % 100000}`
  const admin = await apiClient('t_admin')
  const haizhu = await apiClient('t_haizhu')
  const community = (await admin.get('/divisions?parent=440105001')).items[3].code
  sql("UPDATE vol_volunteers SET status = 'suspended' WHERE skills LIKE '%,repair,%'")
  const vp = await resident(admin, community, '1988-08-08', '手机志愿者')
  const v = await haizhu.post('/volunteer/volunteers', { id_number: vp.id_number, skills: 'repair', reason: '志愿者注册' })
  const loginName = `bv_${run}`
  await admin.post('/users', { login: loginName, name: '手机志愿者', role: 'service_provider', scope_code: '440105001', password: PASSWORD })
  await haizhu.post(`/volunteer/volunteers/${v.id}/login`, { login: loginName, reason: '开通志愿者账号' })
  const r = await resident(admin, community, '1942-02-02', '报修长者')
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const order = await haizhu.post('/volunteer/service-orders', { person_id: r.id, service_code: 'repair', wanted_on: today, note: '水龙头漏水' })
  assert.equal(order.offers[0].volunteer_id, v.id)

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true })
  const page = await context.newPage()
  page.setDefaultTimeout(15000)
  const problems = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  try {
    await login(page, { login: loginName, password: PASSWORD })
    await page.goto(`${BASE_URL}/volunteer/mine`)
    const card = page.locator('[data-test="offer-card"]').first()
    await card.waitFor()
    // Offered: the service and the place, not who lives there.
    assert.ok(!(await page.locator('body').innerText()).includes('报修长者'))
    await shot(page, 'volunteer-phone-offer')
    await card.locator('[data-test="accept"]').click()
    const held = page.locator('[data-test="held-card"]').first()
    await held.getByText('报修长者').waitFor()
    await held.getByText('水龙头漏水').waitFor()
    await page.locator(field('code')).fill(order.checkin_code)
    await page.locator('[data-test="checkin"]').click()
    await page.locator('[data-test="checkout"]').waitFor()
    await shot(page, 'volunteer-phone-in-service')
    const now = await haizhu.get(`/volunteer/service-orders/${order.id}`)
    assert.equal(now.state, 'in_service')
    assert.deepEqual(problems, [])
  } finally { await context.close() }
})
