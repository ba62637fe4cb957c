// The field pages at a phone's 390×844 and a tablet's 768×1024: the home page,
// the canteen counter, the monthly visits (recording one), a provider's
// home-bed visit log and the 平安通 call board. At both sizes the menu is a
// drawer, nothing scrolls sideways (the page, nor its main area), and every
// control a worker needs is on the screen and large enough to tap.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, PHONE, skipReason, launch, openPage, login, field, shot, apiClient, idNumber, ymd } from './lib.mjs'

const skip = skipReason()
const TABLET = { width: 768, height: 1024 }
let browser
const made = {}

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

// Ability assessment items summing to a total (full marks, then points off), as the world fixture does.
function items(total) {
  const o = { eating: 4, grooming: 4, bathing: 4, dressing_upper: 4, dressing_lower: 4, urinary: 4, bowel: 4, toileting: 4,
    bed_mobility: 4, transfer: 4, walking: 4, stairs: 3, orient_time: 4, orient_place: 4, orient_person: 4, memory: 4,
    comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2, vision: 2, hearing: 2, daily_affairs: 4,
    going_out: 3, social: 4 }
  let sum = Object.values(o).reduce((a, b) => a + b, 0)
  for (const k of Object.keys(o)) {
    if (k === 'consciousness') continue
    while (o[k] > 0 && sum > total) { o[k]--; sum-- }
  }
  return o
}

// One set of records for every page: a canteen with its counter account, an
// elder living alone (due a visit) with a home bed whose provider has an
// account, and an open 平安通 call. One set per screen size: recording the
// visit on one size takes the elder off the other's overdue list.
async function fixtures(tag) {
  if (made[tag]) return made[tag]
  const run = `${Date.now() % 100000}${tag[0]}`
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const community = (await admin.get('/divisions?parent=440105001')).items[0].code
  const year = Number(new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 4))
  let elder
  for (let s = 0; s < 30 && !elder; s++) {
    const r = await admin.request('POST', '/persons', { id_number: idNumber('440105', ymd(year - 79, 6, 7), (parseInt(run, 10) + s * 13 + (tag === 'phone' ? 0 : 450)) % 900 + 50), name: `屏幕测试${run}`, division_code: community, flags: 'living_alone', reason: '屏幕适配测试' })
    if (r.status === 201) elder = r.json
    else if (r.status !== 409) throw new Error(JSON.stringify(r.json))
  }
  const canteenProvider = await admin.post('/eldercare/providers', { name: `屏幕助餐${run}`, kind: 'canteen', division_code: '440105001', reason: '屏幕适配测试' })
  await admin.post('/eldercare/canteens', { provider_id: canteenProvider.id, name: `屏幕饭堂${run}`, address: '海珠区屏幕路1号', division_code: community, lat: 23.09, lon: 113.27, hours: '00:00-24:00', capacity: 40, reason: '屏幕适配测试' })
  const counter = `scr_c_${run}`
  await admin.post('/users', { login: counter, name: '屏幕前台', role: 'service_provider', scope_code: '440105001', password: ADMIN.password })
  await admin.post(`/eldercare/providers/${canteenProvider.id}/users`, { login: counter, reason: '饭堂前台账号' })

  await admin.post(`/eldercare/persons/${elder.id}/assessments`, { assessed_on: new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 10), assessor: '张评估', location: '家中', purpose: 'initial', items: items(40) })
  const care = await admin.post('/eldercare/providers', { name: `屏幕居家照护${run}`, kind: 'home_care', division_code: '440105001', reason: '屏幕适配测试' })
  const nurse = `scr_n_${run}`
  await admin.post('/users', { login: nurse, name: '屏幕护理员', role: 'service_provider', scope_code: '440105001', password: ADMIN.password })
  await admin.post(`/eldercare/providers/${care.id}/users`, { login: nurse, reason: '居家照护账号' })
  await admin.post('/eldercare/home-beds', { person_id: elder.id, provider_id: care.id, contract_no: `SCR-${run}`, services: ['助浴'], visits_per_week: 2, start_on: '2026-01-01', reason: '签约家庭养老床位' })

  const sub = await admin.post('/eldercare/call-subscribers', { person_id: elder.id, device_code: `SCR-${run}`, device_kind: 'pendant', fee_fen: 3000, daily_checkin: false, started_on: '2026-01-01', contacts: [{ name: '王女儿', phone: '13800138000', relation: '女儿' }], reason: '开通平安通服务' })
  await admin.post('/eldercare/calls', { subscriber_id: sub.id, kind: 'emergency', summary: '屏幕测试呼叫' })
  made[tag] = { elder, counter, nurse, community }
  return made[tag]
}

async function fits(page, what) {
  const m = await page.evaluate(() => {
    const main = document.querySelector('.el-main')
    return { scroll: document.documentElement.scrollWidth, width: window.innerWidth, mainScroll: main ? main.scrollWidth : 0, mainWidth: main ? main.clientWidth : 0 }
  })
  assert.ok(m.scroll <= m.width + 1, `${what}: the page is ${m.scroll}px wide on a ${m.width}px screen`)
  assert.ok(m.mainScroll <= m.mainWidth + 1, `${what}: the main area scrolls sideways (${m.mainScroll} > ${m.mainWidth})`)
  assert.equal(await page.locator('.aside').count(), 0, `${what}: the menu is a drawer, not a side bar`)
  assert.ok(await page.locator('[data-test="menu-button"]').isVisible(), `${what}: the menu button is shown`)
}

// A control fully on the screen (across; down, after scrolling to it) and big enough for a thumb.
async function onScreen(page, locator, what, size) {
  const el = locator.first()
  await el.waitFor()
  await el.scrollIntoViewIfNeeded()
  const b = await el.boundingBox()
  assert.ok(b, `${what} is shown`)
  assert.ok(b.x >= 0 && b.x + b.width <= size.width + 0.5, `${what} is cut off at the side (x ${b.x}, width ${b.width})`)
  assert.ok(b.y >= 0 && b.y + b.height <= size.height + 0.5, `${what} is off the screen (y ${b.y})`)
  assert.ok(b.height >= 24 && b.width >= 24, `${what} is too small to tap (${b.width}×${b.height})`)
}

for (const [name, size] of [['phone', PHONE], ['tablet', TABLET]]) {
  test(`${name} ${size.width}×${size.height}: home, visits and the call board for a caseworker`, { skip: skip || false, timeout: 150000 }, async () => {
    const f = await fixtures(name)
    const { context, page, problems } = await openPage(browser, { viewport: size })
    try {
      await login(page, { login: 't_haizhu', password: ADMIN.password })
      await page.locator('[data-test="workbench"]').waitFor()
      await fits(page, 'home')
      await onScreen(page, page.locator('[data-test^="tile-"]'), 'a workbench tile', size)
      await onScreen(page, page.locator('[data-test="logout"]'), 'the logout button', size)
      await shot(page, `people-${name}-home`)

      const dueAnswer = () => page.waitForResponse((r) => r.url().includes('/api/v1/eldercare/visits/due'))
      let answered = dueAnswer()
      await page.goto(`${BASE_URL}/eldercare/visits?division=${f.community}`)
      const due = page.locator('[data-test="visit-due"]')
      let row = null
      for (let p = 0; p < 30; p++) {
        await answered
        await due.waitFor()
        await page.waitForTimeout(100) // the table renders the answer
        const r = due.locator('tr', { hasText: f.elder.name })
        if (await r.count()) { row = r; break }
        const next = page.locator('.pager button').last()
        if (await next.isDisabled()) break
        answered = dueAnswer()
        await next.click()
      }
      assert.ok(row, 'the elder living alone is due')
      await fits(page, 'visits')
      // The fixed column shows the record button of the elder's row.
      const rowIndex = await row.first().evaluate((tr) => [...tr.parentElement.children].indexOf(tr))
      const btn = page.locator(`[data-test="visit-due"] .el-table__fixed-right, [data-test="visit-due"] .el-table-fixed-column--right`).locator('button[data-test="visit-record"]').nth(rowIndex)
      const anyBtn = (await btn.count()) ? btn : page.locator('[data-test="visit-due"] button[data-test="visit-record"]').nth(rowIndex)
      await onScreen(page, anyBtn, 'the record-a-visit button', size)
      await anyBtn.click()
      const dlg = page.locator('.el-dialog').filter({ hasText: f.elder.name })
      await dlg.waitFor()
      await dlg.locator('.el-input__inner').nth(1).fill('社区工作人员李')
      await shot(page, `people-${name}-visit-dialog`)
      await onScreen(page, dlg.locator('.el-dialog__footer .el-button--primary'), 'the save button of the visit', size)
      await dlg.locator('.el-dialog__footer .el-button--primary').click()
      await dlg.waitFor({ state: 'hidden' })

      await page.goto(`${BASE_URL}/eldercare/calls`)
      const board = page.locator('[data-test="call-board"]')
      await board.waitFor()
      await board.locator('tr', { hasText: f.elder.name }).first().waitFor()
      await fits(page, 'call board')
      const dispatch = page.locator('[data-test="call-board"] .el-table-fixed-column--right button').filter({ hasText: /派单|Dispatch/ })
      await onScreen(page, dispatch, 'the dispatch button', size)
      await shot(page, `people-${name}-calls`)
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })

  test(`${name} ${size.width}×${size.height}: the canteen counter and a provider's home-bed visit`, { skip: skip || false, timeout: 150000 }, async () => {
    const f = await fixtures(name)
    const { context, page, problems } = await openPage(browser, { viewport: size })
    try {
      await login(page, { login: f.counter, password: ADMIN.password })
      await page.goto(`${BASE_URL}/eldercare/counter`)
      await page.locator(field('counter-input')).waitFor()
      await fits(page, 'counter')
      await onScreen(page, page.locator(field('counter-input')), 'the number box', size)
      await onScreen(page, page.locator('[data-test="counter-submit"]'), 'the check-in button', size)
      const box = await page.locator(field('counter-input')).boundingBox()
      assert.ok(box.width >= Math.min(200, size.width * 0.5), `the number box is ${box.width}px wide`)
      await shot(page, `people-${name}-counter`)
      await context.clearCookies()

      await login(page, { login: f.nurse, password: ADMIN.password })
      await page.goto(`${BASE_URL}/eldercare/home-beds`)
      const log = page.locator('[data-test="bed-log"]')
      await log.first().waitFor()
      await fits(page, 'home beds (provider)')
      await onScreen(page, log, 'the log-a-visit button', size)
      await log.first().click()
      await page.locator('[data-test="bed-visit"]').waitFor()
      await page.waitForTimeout(400) // the drawer slides up; measure it where it stops
      await shot(page, `people-${name}-bed-visit`)
      await onScreen(page, page.locator('[data-test="bed-visit-submit"]'), 'the save button of the home visit', size)
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })
}
