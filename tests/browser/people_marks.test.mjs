// A caseworker marks an elder 独居 from the household page, with a reason, and
// the elder becomes due a monthly visit on the visits page; marks read from
// other records (高龄) show beside the ones set by hand.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, field, shot, apiClient, idNumber, ymd } from './lib.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

async function register(api, community, name, birth) {
  for (let s = 0; s < 30; s++) {
    const seq = (Date.now() + s * 7) % 900 + 50
    const r = await api.request('POST', '/persons', { id_number: idNumber('440105', ymd(...birth), seq), name, division_code: community, reason: '标记界面测试' })
    if (r.status === 201) return r.json
    if (r.status !== 409) throw new Error(JSON.stringify(r.json))
  }
  throw new Error('no free ID number')
}

test('household page: mark a member 独居 with a reason; a monthly visit becomes due', { skip: skip || false, timeout: 150000 }, async () => {
  const run = `${Date.now() % 100000}`
  const haizhu = await apiClient('t_haizhu', ADMIN.password)
  const community = (await haizhu.get('/divisions?parent=440105001')).items[0].code
  const year = Number(new Date(Date.now() + 8 * 3600000).toISOString().slice(0, 4))
  const elder = await register(haizhu, community, `独居测试${run}`, [year - 63, 2, 3])
  const mother = await register(haizhu, community, `高龄测试${run}`, [year - 88, 4, 5])
  const hh = await haizhu.post('/households', {
    division_code: community, address: `标记路${run}号`, reason: '标记界面测试',
    members: [{ person_id: elder.id, relation: 'head' }, { person_id: mother.id, relation: 'parent' }],
  })

  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, { login: 't_haizhu', password: ADMIN.password })
    await page.goto(`${BASE_URL}/households/${hh.id}`)
    const marks = page.locator(`[data-test="marks-${elder.id}"]`)
    await marks.waitFor({ state: 'attached' })
    assert.equal(await marks.locator('[data-mark]').count(), 0, 'no mark yet')
    // 高龄 is read from the birth date, not set by hand.
    await page.locator(`[data-test="marks-${mother.id}"] [data-mark="very_old"]`).waitFor()
    assert.match(await page.locator(`[data-test="marks-${mother.id}"]`).innerText(), /高龄/)

    await page.locator(`[data-test="set-marks-${elder.id}"]`).click()
    const dlg = page.locator('[data-test="marks-dialog"]')
    await dlg.waitFor()
    await dlg.getByText('独居', { exact: true }).click()
    // Without a reason the dialog refuses at the field and changes nothing.
    await page.locator('[data-test="marks-save"]').click()
    await dlg.locator('.el-form-item__error').first().waitFor()
    assert.equal((await haizhu.get(`/persons/${elder.id}`)).flags || '', '')
    await page.locator(field('marks-reason', 'textarea')).fill('入户核实本人独自居住')
    await shot(page, 'people-marks-dialog')
    await page.locator('[data-test="marks-save"]').click()
    await dlg.waitFor({ state: 'hidden' })
    await marks.locator('[data-mark="living_alone"]').waitFor()
    assert.match(await marks.innerText(), /独居/)
    assert.equal((await haizhu.get(`/persons/${elder.id}`)).flags, 'living_alone')
    await shot(page, 'people-household-marks')

    // The visits page of the community lists the elder as due, because 独居.
    const dueAnswer = () => page.waitForResponse((r) => r.url().includes('/api/v1/eldercare/visits/due'))
    let answered = dueAnswer()
    await page.goto(`${BASE_URL}/eldercare/visits?division=${community}`)
    const table = page.locator('[data-test="visit-due"]')
    let row = null
    for (let p = 0; p < 30; p++) {
      await answered
      await table.waitFor()
      await page.waitForTimeout(100) // the table renders the answer
      const r = table.locator('tr', { hasText: elder.name })
      if (await r.count()) { row = r; break }
      const next = page.locator('.pager button').last()
      if (await next.isDisabled()) break
      answered = dueAnswer()
      await next.click()
    }
    assert.ok(row, `${elder.name} is on the due list`)
    assert.match(await row.innerText(), /独居/)
    await shot(page, 'people-visits-due')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
