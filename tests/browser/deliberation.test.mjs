// Deliberation halls in Chromium: a hall's page shows its resolutions and
// rate; a task is marked done with evidence on the resolution page and the
// resolution is carried out; the rates page answers per district, street
// and hall, in Chinese and English; the hall's public page opens without
// signing in and names nobody.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, field, shot, waitUrl, apiClient } from './lib.mjs'

const skip = skipReason()
let browser

const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
const plus = (n) => new Date(Date.now() + 8 * 3600 * 1000 + n * 86400000).toISOString().slice(0, 10)

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('a hall, a task done with evidence, the rates, the public page', { skip: skip || false, timeout: 180000 }, async () => {
  const run = `${Date.now() % 100000}`
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  let community
  for (const d of (await admin.get('/divisions?parent=440105002')).items) {
    if ((await admin.get(`/deliberation/halls?division=${d.code}`)).total === 0) { community = d.code; break }
  }
  assert.ok(community, 'a community without a hall')
  const hall = await admin.post('/deliberation/halls', { division_code: community, name: `浏览器议事厅${run}` })
  const reps = []
  for (const [kind, label] of [['resident', `浏览器居民代表${run}`], ['committee', '居委会'], ['property', '物业公司']]) {
    reps.push((await admin.post(`/deliberation/halls/${hall.id}/representatives`, { kind, label })).id)
  }
  const topic = (await admin.post(`/deliberation/halls/${hall.id}/topics`, { title: `小区照明${run}`, raised_by: 'resident', raised_on: today() })).id
  const meeting = await admin.post(`/deliberation/halls/${hall.id}/meetings`, { title: '居民议事会', held_on: today(), topic_ids: [topic] })
  await admin.post(`/deliberation/meetings/${meeting.id}/attendance`, { present: reps })
  const res = await admin.post(`/deliberation/meetings/${meeting.id}/resolutions`, {
    topic_id: topic, text: `维修楼道照明${run}`, responsible_unit: '物业服务企业', due_on: plus(20), tasks: [{ title: '更换灯具', due_on: plus(20) }],
  })

  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/deliberation/halls/${hall.id}`)
    await page.locator('[data-test="hall-title"]').getByText(hall.name).waitFor()
    assert.equal((await page.locator('[data-test="hall-rate"]').innerText()).trim(), '—', 'nothing due yet: no rate')
    // The meeting: its quorum, and minutes drafted then published (locked).
    await page.goto(`${BASE_URL}/deliberation/meetings/${meeting.id}`)
    assert.match(await page.locator('[data-test="quorum"]').innerText(), /已达法定人数（出席 3\/3）/)
    await page.locator(field('minutes-input', 'textarea')).fill('会议同意维修楼道照明。')
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/meetings/${meeting.id}/minutes`) && r.status() === 200),
      page.locator('[data-test="minutes-draft"]').click(),
    ])
    await page.locator('[data-test="minutes-publish"]').click()
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/meetings/${meeting.id}/publish`) && r.status() === 200),
      page.locator('.el-message-box .el-button--primary').click(),
    ])
    await page.locator('[data-test="minutes-text"]').getByText('会议同意维修楼道照明。').waitFor()
    await shot(page, 'deliberation-meeting')

    await page.goto(`${BASE_URL}/deliberation/halls/${hall.id}`)
    await page.locator('[data-test="resolution-table"]').getByText(`维修楼道照明${run}`).click()
    await waitUrl(page, new RegExp(`/deliberation/resolutions/${res.id}$`))
    assert.match(await page.locator('[data-test="res-status"]').innerText(), /落实中/)
    await page.locator(`[data-test="task-done-${res.tasks[0].id}"]`).click()
    await page.locator(field('task-evidence', 'textarea')).fill('更换灯具验收照片')
    await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/resolutions/${res.id}/task-done`) && r.status() === 200),
      page.locator('[data-test="task-save"]').click(),
    ])
    await page.locator('[data-test="res-status"]').getByText('已落实').waitFor()
    await shot(page, 'deliberation-resolution')

    await page.goto(`${BASE_URL}/deliberation/rates`)
    await page.locator('[data-test="rates-by_district"]').getByText('海珠区').waitFor()
    assert.match(await page.locator('[data-test="rates-total"]').innerText(), /执行率/)
    await shot(page, 'deliberation-rates')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }

  // English.
  const en = await openPage(browser, { locale: 'en-US' })
  try {
    await login(en.page, ADMIN)
    await en.page.evaluate(() => localStorage.setItem('mz.locale', 'en'))
    await en.page.goto(`${BASE_URL}/deliberation/halls?division=${community}`)
    await en.page.locator('[data-test="hall-table"]').getByText(hall.name).waitFor()
    await en.page.locator('[data-test="hall-table"]').getByText('100.00%').waitFor()
    assert.deepEqual(en.problems, [])
  } finally {
    await en.context.close()
  }

  // The public page: no session, what was decided and done, nobody named.
  const pub = await openPage(browser)
  try {
    await pub.page.goto(`${BASE_URL}/public/deliberation/halls/${hall.id}`)
    await pub.page.locator('[data-test="public-title"]').getByText(hall.name).waitFor()
    await pub.page.locator('[data-test="public-resolution"]').getByText(`维修楼道照明${run}`).waitFor()
    assert.equal((await pub.page.locator('[data-test="public-rate"]').innerText()).trim(), '100.00%')
    const text = await pub.page.locator('body').innerText()
    assert.ok(text.includes('更换灯具验收照片'), 'the evidence is public')
    assert.ok(!text.includes(`浏览器居民代表${run}`), 'no representative is named')
    assert.ok(!pub.page.url().includes('/login'), 'no sign-in asked')
    await shot(pub.page, 'deliberation-public')
    assert.deepEqual(pub.problems, [])
  } finally {
    await pub.context.close()
  }
})
