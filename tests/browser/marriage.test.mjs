// The marriage register's pages in Chromium: at the desk a registration
// under the minimum age is refused with the article shown at the man's ID
// number field, a valid one registers and opens the record with its
// certificate number (Chinese); the divorce list shows both windows of
// Art. 1077 with exact dates and how they are counted (English).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, field, shot, waitUrl, idNumber, ymd, apiClient } from './lib.mjs'
const makeId = (code6, y, m, d, seq) => idNumber(code6, ymd(y, m, d), seq)

const skip = skipReason()
let browser

let seq = (Date.now() % 400) * 2 + 1
async function person(admin, community, sex, y) {
  seq += 2
  const s = sex === 'M' ? (seq % 998) | 1 : (seq % 998) & ~1
  const id_number = makeId('440105', y, 3, 15, s)
  await admin.post('/persons', { id_number, name: sex === 'M' ? '浏览男' : '浏览女', division_code: community, reason: '浏览器测试登记' })
  return id_number
}

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

const OFFICER = { login: 't_haizhu_officer', password: ADMIN.password }

test('the desk refuses an under-age man at his field and registers a valid couple (zh)', { skip: skip || false, timeout: 120000 }, async () => {
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const community = (await admin.get('/divisions?parent=440105001')).items[0].code
  const year = new Date().getFullYear()
  const young = await person(admin, community, 'M', year - 19)
  const man = await person(admin, community, 'M', year - 30)
  const woman = await person(admin, community, 'F', year - 28)

  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, OFFICER)
    await page.goto(`${BASE_URL}/marriage/desk`)
    await waitUrl(page, /\/marriage\/desk$/)
    await page.locator(field('mar-man')).fill(young)
    await page.locator(field('mar-woman')).fill(woman)
    await page.locator('[data-test="mar-present"]').click()
    await page.locator('[data-test="mar-man-decl"]').click()
    await page.locator('[data-test="mar-woman-decl"]').click()
    await page.locator('[data-test="mar-register"]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    const err = page.locator('.el-form-item.is-error').filter({ has: page.locator(field('mar-man')) }).locator('.el-form-item__error')
    await err.waitFor()
    assert.match(await err.innerText(), /第一千零四十七条/)
    await shot(page, 'marriage-desk-refused')

    await page.locator(field('mar-man')).fill(man)
    await page.locator('[data-test="mar-register"]').click()
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/marriage/marriages') && r.status() === 201),
      page.locator('.el-message-box__btns .el-button--primary').click(),
    ])
    await waitUrl(page, /\/marriage\/marriages\/\d+$/)
    const cert = page.locator('[data-test="mar-cert"]')
    await cert.waitFor()
    assert.match(await cert.innerText(), /^J440105-\d{4}-\d{6}$/)
    await shot(page, 'marriage-registered')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('the divorce list shows both windows with dates and the counting (en)', { skip: skip || false, timeout: 120000 }, async () => {
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const community = (await admin.get('/divisions?parent=440105001')).items[0].code
  const year = new Date().getFullYear()
  const man = await person(admin, community, 'M', year - 45)
  const woman = await person(admin, community, 'F', year - 44)
  await admin.post('/marriage/marriages', { office_code: '440105', man_id_number: man, woman_id_number: woman, both_present: true, man_declares: true, woman_declares: true })
  const d = await admin.post('/marriage/divorces', { office_code: '440105', man_id_number: man, woman_id_number: woman, both_present: true })

  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, OFFICER)
    // English, as the language switch stores it.
    await page.evaluate(() => localStorage.setItem('mz.locale', 'en'))
    await page.goto(`${BASE_URL}/marriage/divorces?status=applied`)
    await waitUrl(page, /\/marriage\/divorces/)
    const row = page.locator('[data-test="div-list"] .el-table__row').filter({ hasText: d.windows.withdraw_until }).first()
    await row.waitFor()
    const text = await row.innerText()
    assert.ok(text.includes(`${d.windows.withdraw_from} – ${d.windows.withdraw_until}`), text)
    assert.ok(text.includes(`${d.windows.appear_from} – ${d.windows.appear_until}`), text)
    assert.match(text, /In the withdrawal window/)
    assert.match(await page.locator('[data-test="div-counting"]').innerText(), /Art\. 1077/)
    await shot(page, 'marriage-divorces-en')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
