// The integrity register page (诚信档案): a street caseworker finds a
// finding about a resident of her street and resolves it, refused at the
// field without a resolution.
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

test('integrity register: find a record by ID number and resolve it', { skip: skip || false, timeout: 90000 }, async () => {
  const admin = await client(ADMIN.login)
  const community = (await admin.get('/divisions?parent=440105001')).json.items[0].code
  let person, idNo
  for (let seq = Date.now() % 800; !person; seq++) {
    idNo = idNumber('440105', '19790303', (seq % 900) + 50)
    const r = await admin.post('/persons', { id_number: idNo, name: '诚信页面', division_code: community, reason: '浏览器测试登记' })
    if (r.status === 201) person = r.json
    else assert.equal(r.status, 409, JSON.stringify(r.json))
  }
  const hz = await client('t_haizhu')
  const rec = await hz.post('/integrity', { person_id: person.id, kind: 'concealed_asset', detail: '未申报名下商铺一间', amount_fen: 1250050 })
  assert.equal(rec.status, 201, JSON.stringify(rec.json))

  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, { login: 't_haizhu', password: ADMIN.password })
    await page.locator('[data-menu="as-integrity"]').click()
    await page.locator(field('integrity-id')).fill(idNo)
    await page.locator(field('integrity-id')).press('Enter')
    const row = page.locator('[data-test="integrity-table"] .el-table__row').filter({ hasText: '未申报名下商铺一间' })
    await row.waitFor()
    assert.match(await row.innerText(), /12500\.50/)
    assert.match(await row.innerText(), /隐瞒财产/)
    await page.locator(`[data-test="integrity-resolve-${rec.json.id}"]`).click()
    await page.locator('[data-test="integrity-resolve-ok"]').click()
    await page.locator('[data-test="integrity-resolve-dialog"] .el-form-item__error').waitFor()
    await page.locator(field('integrity-resolution', 'textarea')).fill('商铺已补充申报，相应期间救助金已退回')
    await page.locator('[data-test="integrity-resolve-ok"]').click()
    await page.locator('[data-test="integrity-status"] label').filter({ hasText: '已处理' }).click()
    const done = page.locator(`[data-test="integrity-resolved-${rec.json.id}"]`)
    await done.waitFor()
    assert.match(await done.innerText(), /t_haizhu/)
    await shot(page, 'integrity-resolved')
    assert.deepEqual(problems, [])
  } finally { await context.close() }
})
