// The family's own progress page (身后事办理进度, no sign-in) on a phone:
// the deceased's and the agent's ID numbers and the case number given at
// registration. A wrong case number shows one refusal and nothing of the
// death; the right three show every matter with its department, state,
// deadline and receipt, no name, in one 390-px column; then in English.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, PHONE, skipReason, launch, openPage, field, shot, idNumber, ymd, apiClient } from './lib.mjs'
const makeId = (code6, y, m, d, seq) => idNumber(code6, ymd(y, m, d), seq)

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

async function fill(page, deceased, agent, caseNo) {
  await page.locator(field('ph-public-deceased')).fill(deceased)
  await page.locator(field('ph-public-agent')).fill(agent)
  await page.locator(field('ph-public-case')).fill(String(caseNo))
  await page.locator('[data-test="ph-public-query"]').click()
}

test('the family opens its own progress page without an account, on a phone', { skip: skip || false, timeout: 120000 }, async () => {
  const run = Date.now() % 100000
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const community = (await admin.get('/divisions?parent=440105001')).items[0].code
  const person = async (name, y, seq) => {
    const id_number = makeId('440105', y, 10, 4, seq)
    await admin.post('/persons', { id_number, name, division_code: community, reason: '浏览器测试登记' })
    return id_number
  }
  const deceased = await person('林耀祖', 1936, (run % 400) + 100)
  const agent = await person('林嘉欣', 1965, (run % 400) + 501)
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const reg = await admin.post('/posthumous/deaths', { id_number: deceased, death_date: today, cause_category: 'natural', place_kind: 'home',
    source: 'family', reporter_name: '林嘉欣', reporter_id_number: agent, reporter_relation: 'child', documents: 'death_certificate,id_card' })
  const c = await admin.get(`/posthumous/deaths/${reg.case_id}`)
  const hukou = c.tasks.find((t) => t.code === 'hukou_cancel')
  await admin.post(`/posthumous/death-tasks/${hukou.id}/receipt`, { receipt_ref: `穗公户销-${run}`, done_on: today })

  const { context, page, problems } = await openPage(browser, { viewport: PHONE })
  try {
    await page.goto(`${BASE_URL}/public/posthumous/progress`)
    await page.locator('[data-test="ph-public-form"]').waitFor()
    assert.equal(new URL(page.url()).pathname, '/public/posthumous/progress', 'no sign-in asked')
    // A wrong case number: the one refusal, nothing about the death.
    await fill(page, deceased, agent, reg.case_id + 100000)
    const err = page.locator('[data-test="ph-public-error"]')
    await err.waitFor()
    assert.match(await err.innerText(), /未找到相符的身后事案件/)
    assert.equal(await page.locator('[data-test="ph-public-result"]').count(), 0)

    await fill(page, deceased, agent, reg.case_id)
    const result = page.locator('[data-test="ph-public-result"]')
    await result.waitFor()
    const text = await result.innerText()
    assert.match(text, new RegExp(`案件编号 ${reg.case_id}`))
    assert.match(text, /注销户口/)
    assert.match(text, /公安局/)
    assert.match(text, /办理期限 \d{4}-\d{2}-\d{2}/)
    assert.match(text, new RegExp(`回执编号 穗公户销-${run}`))
    assert.match(text, /已办结 \d+ \/ 16 项/)
    assert.doesNotMatch(await page.locator('body').innerText(), /林耀祖|林嘉欣/, 'no names on the public page')
    // One 390-px column: nothing scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px`)
    await shot(page, 'posthumous-public-progress')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }

  const en = await openPage(browser, { locale: 'en', viewport: PHONE })
  try {
    await en.page.goto(`${BASE_URL}/public/posthumous/progress`)
    await en.page.evaluate(() => localStorage.setItem('mz.locale', 'en'))
    await en.page.reload()
    await en.page.locator('[data-test="ph-public-form"]').waitFor()
    await fill(en.page, deceased, agent, reg.case_id)
    const result = en.page.locator('[data-test="ph-public-result"]')
    await result.waitFor()
    const text = await result.innerText()
    assert.match(text, new RegExp(`Case ${reg.case_id}`))
    assert.match(text, /Cancel the household registration/)
    assert.match(text, /of 16 matters done/)
    await shot(en.page, 'posthumous-public-progress-en')
    assert.deepEqual(en.problems, [])
  } finally {
    await en.context.close()
  }
})
