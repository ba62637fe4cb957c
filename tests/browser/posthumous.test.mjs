// The posthumous progress page (身后事办理进度): a worker opens it with the
// deceased's and the family agent's ID numbers and sees every matter with
// its state, on a phone-sized screen; a wrong agent sees nothing. Then the
// case page in English: a receipt recorded through its dialog moves the
// progress on.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, field, shot, waitUrl, idNumber, ymd, apiClient } from './lib.mjs'
const makeId = (code6, y, m, d, seq) => idNumber(code6, ymd(y, m, d), seq)

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('the family progress page shows every matter, only to the right two ID numbers', { skip: skip || false, timeout: 120000 }, async () => {
  const run = Date.now() % 100000
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const community = (await admin.get('/divisions?parent=440105001')).items[0].code
  const person = async (name, y, seq) => {
    const id_number = makeId('440105', y, 11, 2, seq)
    await admin.post('/persons', { id_number, name, division_code: community, reason: '浏览器测试登记' })
    return id_number
  }
  const deceased = await person('陈永年', 1937, (run % 400) + 100)
  const agent = await person('陈思远', 1966, (run % 400) + 501)
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const reg = await admin.post('/posthumous/deaths', { id_number: deceased, death_date: today, cause_category: 'disease', place_kind: 'home',
    source: 'family', reporter_name: '陈思远', reporter_id_number: agent, reporter_relation: 'child', documents: 'death_certificate,id_card' })
  await admin.post('/jobs/events.deliver/run', {})

  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/posthumous/progress`)
    await waitUrl(page, /\/posthumous\/progress$/)
    // A stranger's number as the agent: nothing about the death is shown.
    await page.locator(field('ph-deceased')).fill(deceased)
    await page.locator(field('ph-agent-id')).fill(makeId('440105', 1970, 1, 1, (run % 400) + 3))
    await page.locator('[data-test="ph-query"]').click()
    await page.locator('[data-test="ph-progress-error"]').waitFor()
    assert.equal(await page.locator('[data-test="ph-progress-result"]').count(), 0)
    assert.doesNotMatch(await page.locator('body').innerText(), /陈永年/)

    await page.locator(field('ph-agent-id')).fill(agent)
    await page.locator('[data-test="ph-query"]').click()
    const result = page.locator('[data-test="ph-progress-result"]')
    await result.waitFor()
    const text = await result.innerText()
    assert.match(text, /陈永年/)
    assert.match(text, /注销户口/)
    assert.match(text, /公安局/)
    assert.match(text, /已办结 \d+ \/ 16 项/) // 14 matters of 8 departments, and elderly care's bed and waiting list
    assert.match(text, /待办/)
    assert.doesNotMatch(text, new RegExp(agent), 'the agent number is not echoed')
    // One narrow column, as on a phone held at the window: the card is no
    // wider than a phone screen and nothing in it scrolls sideways.
    const box = await result.boundingBox()
    assert.ok(box.width <= 560, `the progress card is ${box.width}px wide`)
    const overflow = await result.evaluate((el) => el.scrollWidth - el.clientWidth)
    assert.ok(overflow <= 1, `the card scrolls sideways by ${overflow}px`)
    await shot(page, 'posthumous-progress')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }

  // The case page in English: record the hukou receipt through the dialog.
  const en = await openPage(browser, { locale: 'en' })
  try {
    await login(en.page, ADMIN)
    await en.page.evaluate(() => localStorage.setItem('mz.locale', 'en'))
    await en.page.goto(`${BASE_URL}/posthumous/deaths/${reg.case_id}`)
    const tasks = en.page.locator('[data-test="ph-tasks"]')
    await tasks.waitFor()
    assert.match(await en.page.locator('body').innerText(), /Outside matters/)
    const before = await en.page.locator('[data-test="ph-progress"]').innerText()
    await en.page.locator('[data-test="ph-receipt-hukou_cancel"]').click()
    await en.page.locator(field('ph-receipt-ref')).fill(`GZ-HK-${run}`)
    await Promise.all([
      en.page.waitForResponse((r) => r.url().includes('/receipt') && r.status() === 200),
      en.page.locator('[data-test="ph-receipt-save"]').click(),
    ])
    await tasks.getByText(`GZ-HK-${run}`).waitFor()
    const afterText = await en.page.locator('[data-test="ph-progress"]').innerText()
    assert.notEqual(afterText, before)
    assert.match(afterText, /of 16 matters done/)
    await shot(en.page, 'posthumous-case-en')
    assert.deepEqual(en.problems, [])
  } finally {
    await en.context.close()
  }
})

test('a family reports a death at the window: the form registers it and opens the case page', { skip: skip || false, timeout: 120000 }, async () => {
  const run = Date.now() % 100000
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const community = (await admin.get('/divisions?parent=440105001')).items[0].code
  const deceased = makeId('440105', 1934, 12, 3, (run % 400) + 200)
  const agent = makeId('440105', 1962, 12, 3, (run % 400) + 201)
  await admin.post('/persons', { id_number: deceased, name: '黄秀英', division_code: community, reason: '浏览器测试登记' })
  await admin.post('/persons', { id_number: agent, name: '黄志明', division_code: community, reason: '浏览器测试登记' })

  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/posthumous/deaths`)
    await page.locator('[data-test="ph-register"]').click()
    await page.locator(field('ph-id')).fill(deceased)
    // A family's report without the agent's number is refused at the field.
    await page.locator('[data-test="ph-save"]').click()
    await page.locator('.el-form-item.is-error').first().waitFor()
    await page.locator(field('ph-agent')).fill(agent)
    await page.locator(field('ph-reporter')).fill('黄志明')
    await page.locator('[data-test="ph-save"]').click()
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/posthumous/deaths') && r.request().method() === 'POST' && r.status() === 201),
      page.locator('.el-message-box .el-button--danger, .el-message-box .el-button--primary').last().click(),
    ])
    await waitUrl(page, /\/posthumous\/deaths\/\d+$/)
    await page.locator('[data-test="ph-tasks"]').waitFor()
    const body = await page.locator('body').innerText()
    assert.match(body, /黄秀英/)
    assert.match(body, /注销户口/)
    assert.match(body, /家属报告/)
    await shot(page, 'posthumous-registered')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
