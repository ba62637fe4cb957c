// 政策找人 in the browser: the district officer starts the city run and sees
// it finish; the street caseworker dismisses an item with a reason (refused
// without one, at the field) and finds it under 已处理 with her name.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, shot, field, idNumber } from './lib.mjs'

const skip = skipReason()
let browser

async function client(loginName) {
  const r = await fetch(`${BASE_URL}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: loginName, password: ADMIN.password, bearer: true }) })
  const { token } = await r.json()
  const call = async (method, path, body) => {
    const res = await fetch(`${BASE_URL}/api/v1${path}`, { method, headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined })
    return { status: res.status, json: await res.json() }
  }
  return { get: (p) => call('GET', p), post: (p, b) => call('POST', p, b) }
}

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('screening loop: start the city run, dismiss an item with a reason', { skip: skip || false, timeout: 150000 }, async () => {
  // A household with nothing: the run lists it as eligible, not enrolled.
  const admin = await client(ADMIN.login)
  const community = (await admin.get('/divisions?parent=440105001')).json.items[0].code
  let person
  for (let seq = Date.now() % 700; !person; seq++) {
    const r = await admin.post('/persons', { id_number: idNumber('440105', '19680808', (seq % 900) + 50), name: '浏览器找人', division_code: community, reason: '浏览器测试登记' })
    if (r.status === 201) person = r.json
    else assert.equal(r.status, 409, JSON.stringify(r.json))
  }
  const hh = await admin.post('/households', { division_code: community, address: '浏览器找人路1号', reason: '浏览器测试登记', members: [{ person_id: person.id, relation: 'head' }] })
  assert.equal(hh.status, 201, JSON.stringify(hh.json))

  const officerApi = await client('t_haizhu_officer')
  const lastBefore = (await officerApi.get('/screen/runs')).json.runs[0]?.id ?? 0
  const officer = await openPage(browser)
  try {
    await login(officer.page, { login: 't_haizhu_officer', password: ADMIN.password })
    await officer.page.goto(`${BASE_URL}/policy/worklist`)
    await officer.page.locator('[data-test="screen-start"]').click()
    await officer.page.locator('.el-message-box__btns .el-button--primary').click()
    // The run finishes: the latest run line shows the next run's number.
    await officer.page.locator('[data-test="screen-last-run"]').getByText(new RegExp(`第 ${lastBefore + 1} 次`)).waitFor({ timeout: 90000 })
    await officer.page.locator('[data-test="screen-start"]:not(.is-loading)').waitFor({ timeout: 30000 })
    await shot(officer.page, 'screen-run-finished')
    assert.deepEqual(officer.problems, [])
  } finally { await officer.context.close() }

  const worker = await openPage(browser)
  try {
    await login(worker.page, { login: 't_haizhu', password: ADMIN.password })
    const page = worker.page
    // The household's item, found through the API's own list to know its id.
    const hz = await client('t_haizhu')
    let item
    for (let p = 1; !item; p++) {
      const r = await hz.get(`/screen/items?program=dibao&kind=eligible_not_enrolled&page_size=200&page=${p}`)
      assert.equal(r.status, 200)
      item = r.json.items.find((i) => i.household_id === hh.json.id)
      if (!item && p * 200 >= r.json.total) break
    }
    assert.ok(item, 'the new household is on the worklist')
    await page.goto(`${BASE_URL}/policy/worklist`)
    await page.locator('[data-test="screen-items"] .el-table__row').first().waitFor()
    // Page to the item: narrow by program and kind is enough in a test city.
    while (await page.locator(`[data-test="screen-dismiss-${item.id}"]`).count() === 0) {
      const next = page.locator('.el-pagination .btn-next:not([disabled])')
      assert.ok(await next.count(), 'the item is on some page')
      await next.click()
      await page.waitForTimeout(300)
    }
    await page.locator(`[data-test="screen-dismiss-${item.id}"]`).click()
    await page.locator('[data-test="screen-dialog-ok"]').click()
    await page.locator('[data-test="screen-dialog"] .el-form-item__error').getByText('请填写不予跟进的理由').waitFor()
    await page.locator(field('screen-note', 'textarea')).fill('已入户核实，子女每月稳定供养')
    await page.locator('[data-test="screen-dialog-ok"]').click()
    await page.locator('.el-message--success').first().waitFor()
    await page.locator('[data-test="screen-status"] label').filter({ hasText: '已处理' }).click()
    const done = page.locator(`[data-test="screen-done-${item.id}"]`)
    await done.waitFor()
    const text = await done.innerText()
    assert.match(text, /不予跟进/)
    assert.match(text, /t_haizhu/)
    assert.match(text, /子女每月稳定供养/)
    await shot(page, 'screen-item-dismissed')
    assert.deepEqual(worker.problems, [])
  } finally { await worker.context.close() }
})
