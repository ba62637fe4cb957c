// The jobs page (定时任务) of the city administrator: every job the server
// registered, with its schedule, next run and last result; "run now" asks first
// and queues the job (202); the event-delivery tab lists deliveries by status
// with the server's total, and a failed one can be retried. Other roles have no
// menu entry and are turned away at the address.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, shot, waitUrl, apiClient } from './lib.mjs'

const skip = skipReason()
const CASEWORKER = { login: 't_haizhu', password: process.env.MZ_TEST_PASSWORD }
const OFFICER = { login: 't_haizhu_officer', password: process.env.MZ_TEST_PASSWORD }
let browser

const esc = (s) => String(s).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('the city admin sees the jobs, runs one after confirming, and reads event delivery', { skip: skip || false, timeout: 120000 }, async () => {
  const api = await apiClient(ADMIN.login, ADMIN.password)
  const get = async (p) => { const r = await api.request('GET', p); return { status: r.status, body: r.json } }
  const jobs = await get('/jobs')
  assert.equal(jobs.status, 200, JSON.stringify(jobs.body))
  assert.ok(Array.isArray(jobs.body.items) && jobs.body.items.length > 0, 'the server registers its periodic steps as jobs')

  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.locator('[data-menu="jobs"]').click()
    await waitUrl(page, /\/jobs$/)
    const rows = page.locator('[data-test="jobs-table"] .el-table__body-wrapper .el-table__row')
    await rows.first().waitFor()
    assert.equal(await rows.count(), jobs.body.items.length, 'one row a job')
    const tableText = await page.locator('[data-test="jobs-table"]').innerText()
    for (const j of jobs.body.items) {
      assert.ok(tableText.includes(j.name), `job ${j.name} is listed`)
      if (j.title_zh) assert.ok(tableText.includes(j.title_zh), `job ${j.name} shows its Chinese title`)
    }
    await shot(page, 'jobs')

    // Run now asks first; cancelling sends nothing.
    const job = jobs.body.items.find((j) => !j.running) || jobs.body.items[0]
    const posts = []
    page.on('request', (rq) => { if (rq.method() === 'POST' && rq.url().includes('/api/v1/jobs/')) posts.push(rq.url()) })
    const runButton = page.locator(`[data-test="job-run-${job.name}"]`)
    await runButton.click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    assert.match(await box.innerText(), new RegExp(esc(job.title_zh || job.name)))
    await box.getByRole('button', { name: '取消' }).click()
    await box.waitFor({ state: 'hidden' })
    assert.deepEqual(posts, [], 'nothing runs without the confirmation')

    if (!(await runButton.isDisabled())) {
      await runButton.click()
      await box.waitFor()
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/v1/jobs/${encodeURIComponent(job.name)}/run`)),
        box.getByRole('button', { name: '立即执行' }).click(),
      ])
      assert.equal(res.status(), 202)
      assert.deepEqual(await res.json(), { job: job.name, queued: true })
      await page.locator('.el-message--success').filter({ hasText: '已排队' }).first().waitFor()
    }

    // Event delivery: failures first, with the server's total; then another status.
    const failed = await get('/events?status=failed&page=1&page_size=20')
    assert.equal(failed.status, 200, JSON.stringify(failed.body))
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/events?') && r.url().includes('status=failed')),
      page.getByRole('tab', { name: '事件投递' }).click(),
    ])
    const events = page.locator('[data-test="events-table"]')
    await events.waitFor()
    await page.locator('.el-pagination__total').filter({ hasText: `共 ${failed.body.total} 条` }).first().waitFor()
    const eventRows = events.locator('.el-table__body-wrapper .el-table__row')
    assert.equal(await eventRows.count(), Math.min(failed.body.items.length, 20))
    if (failed.body.items.length > 0) {
      const first = failed.body.items[0]
      await eventRows.first().locator('[data-test="event-retry"]').click()
      await box.waitFor()
      assert.match(await box.innerText(), new RegExp(esc(`#${first.id}`)))
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/v1/events/${first.id}/retry`)),
        box.getByRole('button', { name: '重试' }).click(),
      ])
      assert.ok(res.status() >= 200 && res.status() < 300, `retry answers ${res.status()}`)
    }
    await shot(page, 'jobs-events')
    const done = await get('/events?status=done&page=1&page_size=20')
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/events?') && r.url().includes('status=done')),
      page.locator('[data-test="events-status-done"]').click(),
    ])
    await page.locator('.el-pagination__total').filter({ hasText: `共 ${done.body.total} 条` }).first().waitFor()
    assert.deepEqual(problems, [], 'no script errors in the page')
  } finally {
    await context.close()
  }
})

test('only the city admin has the jobs page', { skip: skip || false, timeout: 60000 }, async () => {
  for (const who of [CASEWORKER, OFFICER]) {
    const { context, page } = await openPage(browser)
    try {
      await login(page, who)
      await page.locator('[data-menu="home"]').waitFor()
      assert.equal(await page.locator('[data-menu="jobs"]').count(), 0, `${who.login} has no jobs menu entry`)
      await page.goto(`${BASE_URL}/jobs`)
      await waitUrl(page, /\/forbidden$/)
      await page.getByText('无权访问').first().waitFor()
    } finally {
      await context.close()
    }
  }
})
