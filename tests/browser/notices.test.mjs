// The bell (issue 13): a street caseworker sees in the header the unread
// count the API gives that account, opens a notice from the bell, lands on
// its case, and the count goes down by one; the notices page lists them in
// Chinese and English; on a phone the drawer carries the count too.
//
// The account is made here for the demo street with overdue work, and the
// reminder job is run so that it has its own reminders.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, openPage, login, shot, waitUrl, skipReason, BASE_URL, ADMIN, PHONE } from './lib.mjs'

const skip = skipReason()
const PASSWORD = ADMIN.password
let browser, worker, admin
const loginName = `bell_${Date.now() % 100000}`

async function call(who, method, path, body) {
  const res = await fetch(`${BASE_URL}/api/v1${path}`, {
    method, headers: { Authorization: `Bearer ${who.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : null, text }
}
async function bearer(name) {
  const res = await fetch(`${BASE_URL}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: name, password: PASSWORD, bearer: true }) })
  assert.equal(res.status, 201, `login ${name}`)
  return { token: (await res.json()).token }
}
const unread = async () => (await call(worker, 'GET', '/inbox/unread')).json.unread

// Asks the runner for a job and waits for one more run of it.
async function runJob(name) {
  const row = async () => (await call(admin, 'GET', '/jobs')).json.items.find((j) => j.name === name)
  const before = await row()
  assert.ok(before, `job ${name}`)
  assert.equal((await call(admin, 'POST', `/jobs/${name}/run`, {})).status, 202)
  for (let i = 0; i < 300; i++) {
    const now = await row()
    if (now.runs > before.runs && !now.running) return now
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${name} did not run`)
}

async function bellCount(page) {
  const b = page.locator('[data-test="notice-bell"]')
  await b.waitFor()
  // The count arrives after the page: wait until it is a number.
  for (let i = 0; i < 150; i++) {
    const v = await b.getAttribute('data-count')
    if (v !== null && v !== '') return Number(v)
    await page.waitForTimeout(100)
  }
  throw new Error('the bell shows no count')
}

before(async () => {
  if (skip) return
  browser = await launch()
  admin = await bearer(ADMIN.login)
  const open = (await call(admin, 'GET', '/cases?open=1&overdue=1&page_size=200')).json.items
  assert.ok(open.length > 0, 'the demo year leaves overdue cases')
  const r = await call(admin, 'POST', '/users', { login: loginName, name: '铃声测试', role: 'street_caseworker', scope_code: open[0].intake_street, password: PASSWORD })
  assert.equal(r.status, 201, r.text)
  await runJob('notices.remind')
  worker = await bearer(loginName)
})
after(async () => { if (browser) await browser.close() })

test('the bell shows the API unread count; opening a notice reads it and lowers the count', { skip: skip || false, timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    const n0 = await unread()
    assert.ok(n0 >= 1, `the reminder job left the caseworker notices (${n0})`)
    await login(page, { login: loginName, password: PASSWORD })
    assert.equal(await bellCount(page), n0)

    await page.locator('[data-test="notice-bell"]').click()
    const first = page.locator('[data-test="notice-item"]').first()
    await first.waitFor()
    const id = Number(await first.getAttribute('data-id'))
    const target = (await call(worker, 'GET', '/inbox?page_size=100')).json.items.find((n) => n.id === id)
    assert.ok(target && target.unread, 'the dropdown leads with an unread notice')
    assert.match(await first.innerText(), /案件 #\d+/)
    await shot(page, 'notices-bell')
    await first.click()
    await waitUrl(page, new RegExp(`${target.link.replace(/\//g, '\\/')}$`))
    // The count goes down, on the server and in the header.
    assert.equal(await unread(), n0 - 1)
    for (let i = 0; i < 50 && (await bellCount(page)) !== n0 - 1; i++) await page.waitForTimeout(100)
    assert.equal(await bellCount(page), n0 - 1)
    assert.equal((await call(worker, 'GET', '/inbox?page_size=100')).json.items.find((n) => n.id === id).unread, false)
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

for (const [locale, words] of [['zh-CN', { title: '消息通知', kind: '办理已逾期' }], ['en', { title: 'Notices', kind: 'Deadline passed' }]]) {
  test(`the notices page lists the account's notices (${locale}); a row opens its page`, { skip: skip || false, timeout: 60000 }, async () => {
    const { context, page, problems } = await openPage(browser, { locale })
    try {
      await login(page, { login: loginName, password: PASSWORD })
      await page.evaluate((l) => localStorage.setItem('mz.locale', l), locale)
      await page.goto(`${BASE_URL}/inbox`)
      const rows = page.locator('[data-test="inbox-row"]')
      await rows.first().waitFor()
      const api = (await call(worker, 'GET', '/inbox?page_size=20')).json
      assert.equal(await rows.count(), Math.min(api.total, 20))
      const text = await page.locator('.page').innerText()
      assert.ok(text.includes(words.title), text.slice(0, 200))
      assert.ok(text.includes(words.kind), `a reminder of an overdue case in ${locale}`)
      // Unread first: the first row is the API's first, and opening it reads it.
      assert.equal(Number(await rows.first().getAttribute('data-id')), api.items[0].id)
      const before = await unread()
      await rows.first().click()
      await waitUrl(page, /\/assistance\/(cases|payroll)\/\d+$/)
      assert.equal(await unread(), api.items[0].unread ? before - 1 : before)
      await shot(page, `notices-page-${locale}`)
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })
}

test('on a phone the drawer shows the unread count and opens the notices page', { skip: skip || false, timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser, { viewport: PHONE })
  try {
    await login(page, { login: loginName, password: PASSWORD })
    const n = await unread()
    assert.equal(await bellCount(page), n)
    await page.locator('[data-test="menu-button"]').click()
    const link = page.locator('[data-test="drawer-inbox"]')
    await link.waitFor()
    if (n > 0) assert.ok((await link.innerText()).includes(String(Math.min(n, 99))), await link.innerText())
    await link.click()
    await waitUrl(page, /\/inbox$/)
    await page.locator('[data-test="inbox-table"]').waitFor()
    await shot(page, 'notices-phone')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
