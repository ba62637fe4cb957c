// Help where it is needed: the help menu's API reference (rendered from
// /api/openapi.json) and process guide, and on a case page what happens next
// (who acts, by when, the steps open with the article each rests on).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, field, shot, apiClient } from './lib.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('the help menu opens the API reference: every operation, its declared inputs and responses', { skip: skip || false, timeout: 120000 }, async () => {
  const doc = await (await fetch(`${BASE_URL}/api/openapi.json`)).json()
  let ops = 0
  for (const item of Object.values(doc.paths)) ops += Object.keys(item).length
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, { login: 't_community', password: ADMIN.password })
    await page.locator('[data-menu="help-api"]').click()
    const count = page.locator('[data-test="api-count"]')
    await count.waitFor()
    await page.waitForFunction((n) => document.querySelector('[data-test="api-count"]')?.innerText.includes(String(n)), ops)
    assert.equal(await page.locator('[data-op]').count(), ops)
    await page.locator(field('api-search')).fill('division-names')
    await page.waitForFunction(() => document.querySelectorAll('[data-op]').length === 1)
    const op = page.locator('[data-op="get /api/v1/division-names"]')
    await op.locator('.el-collapse-item__header').click()
    const params = page.locator('[data-test="params-get /api/v1/division-names"]')
    await params.waitFor()
    const text = await params.innerText()
    assert.match(text, /codes/)
    assert.match(text, /query/)
    assert.match(text, /是/, 'codes is required')
    assert.match(text, /maxLength 1300/)
    assert.match(await page.locator('[data-test="responses-get /api/v1/division-names"]').innerText(), /DivisionNames/)
    await shot(page, 'people-help-api')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('the process guide and a case\'s next step cite the rule; a refusal names the remedies', { skip: skip || false, timeout: 120000 }, async () => {
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const programs = await admin.get('/assistance/programs')
  const dibao = programs.items.find((p) => p.code === 'dibao')
  const cases = (await admin.get('/cases?page_size=200')).items
  const open = cases.find((c) => c.program === 'dibao' && ['accepted', 'verifying', 'investigating', 'reviewing', 'notice'].includes(c.state))
  const refused = cases.find((c) => c.state === 'refused')
  assert.ok(open && refused, 'the demo has an open and a refused dibao case')
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/help/process`)
    const table = page.locator('[data-test="process-dibao"]')
    await table.waitFor()
    assert.equal(await table.locator('tbody tr').count(), dibao.steps.length)
    assert.match(await table.innerText(), /《最低生活保障审核确认办法》第十七条/)
    assert.match(await page.locator('[data-test="process-limits"]').first().innerText(), new RegExp(`${dibao.decision_wd} 个工作日`))

    await page.goto(`${BASE_URL}/assistance/cases/${open.id}`)
    const next = page.locator('[data-test="next-step"]')
    await next.waitFor()
    const expected = dibao.steps.filter((s) => s.from === open.state && s.action !== 'withdraw')
    await page.locator('[data-test="next-steps"] li').first().waitFor()
    assert.equal(await page.locator('[data-test="next-steps"] li').count(), expected.length)
    for (const s of expected.filter((x) => x.basis)) assert.match(await next.innerText(), new RegExp(s.basis.replace(/[()《》、]/g, '.')))
    assert.ok((await page.locator('[data-test="next-who"]').innerText()).length > 4, 'who acts is said')
    await shot(page, 'people-case-next')

    await page.goto(`${BASE_URL}/assistance/cases/${refused.id}`)
    await page.locator('[data-test="next-remedy"]').waitFor()
    assert.match(await page.locator('[data-test="next-remedy"]').innerText(), /行政复议.*第二十条.*行政诉讼/)
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
