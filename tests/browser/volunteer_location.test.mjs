// Check-in by location on a phone: the paired volunteer's visit is at the
// elder's home (located by the worker); the page sends the browser's
// geolocation when no code is typed. A kilometre away the check-in is
// refused with the distance; at the door it is accepted and the check-out
// follows.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, skipReason, launch, login, shot, idNumber, ymd, apiClient } from './lib.mjs'
const makeId = (y, m, d, seq) => idNumber('440105', ymd(y, m, d), seq)

const skip = skipReason()
const PASSWORD = process.env.MZ_TEST_PASSWORD
let browser

let seq = 100 + (Date.now() % 700)

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

test('a volunteer checks in by the phone\'s position: refused from afar, accepted at the door', { skip: skip || false, timeout: 120000 }, async () => {
  const run = Date.now() % 100000
  const admin = await apiClient('t_admin')
  const haizhu = await apiClient('t_haizhu')
  const community = (await admin.get('/divisions?parent=440105001')).items[4].code
  const vp = await resident(admin, community, '1987-07-07', '定位手机志愿者')
  const v = await haizhu.post('/volunteer/volunteers', { id_number: vp.id_number, skills: 'companionship', reason: '志愿者注册' })
  const loginName = `bl_${run}`
  await admin.post('/users', { login: loginName, name: '定位手机志愿者', role: 'service_provider', scope_code: '440105001', password: PASSWORD })
  await haizhu.post(`/volunteer/volunteers/${v.id}/login`, { login: loginName, reason: '开通志愿者账号' })
  const elder = await resident(admin, community, '1936-06-16', '定位探访长者')
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const p = await haizhu.post('/volunteer/pairings', { volunteer_id: v.id, person_id: elder.id, visits_per_month: 2, started_on: today, reason: '老伙伴结对' })
  const home = { latitude: 23.0968, longitude: 113.2712 }
  const visit = await haizhu.post(`/volunteer/pairings/${p.id}/visits`, { wanted_on: today, lat_e6: Math.round(home.latitude * 1e6), lon_e6: Math.round(home.longitude * 1e6) })

  // The phone is a kilometre north of the elder's home.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true,
    geolocation: { latitude: home.latitude + 0.009, longitude: home.longitude }, permissions: ['geolocation'] })
  const page = await context.newPage()
  page.setDefaultTimeout(15000)
  const problems = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  try {
    await login(page, { login: loginName, password: PASSWORD })
    await page.goto(`${BASE_URL}/volunteer/mine`)
    const held = page.locator('[data-test="held-card"]').filter({ hasText: '定位探访长者' })
    await held.waitFor()
    await held.getByText('不输入签到码时，将使用手机定位签到').waitFor()
    await held.locator('[data-test="checkin"]').click()
    await page.locator('.el-message--error').getByText(/您距离服务地点约 1\d{3} 米，须在 \d+ 米范围内/).waitFor()
    assert.equal(await held.locator('[data-test="checkout"]').count(), 0)

    // At the door (about 30 m away): accepted, then checked out from there.
    await context.setGeolocation({ latitude: home.latitude + 0.0003, longitude: home.longitude })
    await held.locator('[data-test="checkin"]').click()
    await held.locator('[data-test="checkout"]').waitFor()
    await shot(page, 'volunteer-phone-checkin-by-location')
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/service-orders/${visit.id}/checkout`) && r.status() === 200),
      held.locator('[data-test="checkout"]').click(),
    ])
    assert.equal((await haizhu.get(`/volunteer/service-orders/${visit.id}`)).state, 'served')
    assert.deepEqual(problems, [])
  } finally { await context.close() }
})
