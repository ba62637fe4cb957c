// The role home pages (工作台, issue 13): each role logs in to its work as
// counts, the counts are what the API gives that role (the server applies
// the scope), at least one of them is not zero on the demo city, and a count
// opens the list it counts, filtered the same way.
//
// The shared test city is small (3,000 persons), so the accounts are made
// here for divisions where the demo's year left work: the street with the
// most open cases, the community with elders still to visit, a canteen's
// operator and the call centre's.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, openPage, login, shot, waitUrl, skipReason, BASE_URL, ADMIN } from './lib.mjs'

const skip = skipReason()
const PASSWORD = ADMIN.password
let browser
const suffix = `${Date.now() % 100000}`

async function api(who, path) {
  const res = await fetch(`${BASE_URL}/api/v1${path}`, { headers: { Authorization: `Bearer ${who.token}` } })
  const text = await res.text()
  assert.equal(res.status, 200, `${path}: ${text}`)
  return JSON.parse(text)
}
async function bearer(loginName) {
  const res = await fetch(`${BASE_URL}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: loginName, password: PASSWORD, bearer: true }) })
  assert.equal(res.status, 201, `login ${loginName}`)
  return { token: (await res.json()).token }
}
async function post(who, path, body) {
  const res = await fetch(`${BASE_URL}/api/v1${path}`, { method: 'POST', headers: { Authorization: `Bearer ${who.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, json: await res.json().catch(() => null) }
}
const month = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7)
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)

const accounts = {}

before(async () => {
  if (skip) return
  browser = await launch()
  const admin = await bearer(ADMIN.login)
  const user = async (key, role, scope) => {
    const login = `home_${key}_${suffix}`
    const r = await post(admin, '/users', { login, name: `工作台${key}`, role, scope_code: scope, password: PASSWORD })
    assert.equal(r.status, 201, JSON.stringify(r.json))
    accounts[key] = login
    return login
  }
  // The street with the most open cases, and among them overdue work.
  const open = (await api(admin, '/cases?open=1&overdue=1&page_size=200')).items
  assert.ok(open.length > 0, 'the demo year leaves overdue cases')
  await user('caseworker', 'street_caseworker', open[0].intake_street)
  // A community with elders not yet visited this month.
  const rates = await api(admin, `/eldercare/visits/rates?month=${month()}`)
  const community = rates.items.find((c) => c.due > c.visited)
  assert.ok(community, 'a community with visits still due')
  await user('community', 'community_worker', community.division_code)
  await user('officer', 'district_officer', open[0].intake_street.slice(0, 6))
  // A canteen operator and the call centre, linked to the demo's providers.
  const providers = (await api(admin, '/eldercare/providers?page_size=200')).items
  for (const [key, kind] of [['canteen', 'canteen'], ['callcentre', 'emergency_call']]) {
    const p = providers.find((x) => x.kind === kind)
    assert.ok(p, `a ${kind} provider`)
    const login = await user(key, 'service_provider', p.division_code)
    const r = await post(admin, `/eldercare/providers/${p.id}/users`, { login, reason: '工作台测试账号' })
    assert.equal(r.status, 201, JSON.stringify(r.json))
  }
  accounts.auditor = process.env.MZ_TEST_AUDITOR_LOGIN
  accounts.admin = ADMIN.login
})
after(async () => { if (browser) await browser.close() })

// What each role's tile should read, asked of the API as that role.
const expected = {
  caseworker: {
    overdue: async (w) => (await api(w, '/cases?open=1&overdue=1&page_size=1')).total,
    notice: async (w) => (await api(w, '/cases?open=1&state=notice&page_size=1')).total,
    screen: async (w) => (await api(w, '/screen/items?page_size=1')).total,
    ordersOpen: async (w) => (await api(w, '/safetynet/orders?state=open&page_size=1')).total,
  },
  community: {
    visitsOverdue: async (w) => { const r = await api(w, `/eldercare/visits/rates?month=${month()}`); return r.due - r.visited },
    ordersOpen: async (w) => (await api(w, '/safetynet/orders?state=open&page_size=1')).total,
    ordersOverdue: async (w) => (await api(w, '/safetynet/orders?state=open&overdue=1&page_size=1')).total,
  },
  officer: {
    enrolled: async (w) => (await api(w, '/enrollments?status=active&page_size=1')).total,
    overdue: async (w) => (await api(w, '/cases?open=1&overdue=1&page_size=1')).total,
  },
  canteen: {
    mealsToday: async (w) => {
      let n = 0
      for (const c of (await api(w, '/eldercare/canteens?page_size=200')).items) n += (await api(w, `/eldercare/canteens/${c.id}/meals?day=${today()}&page_size=1`)).totals.meals
      return n
    },
  },
  callcentre: {
    subscribers: async (w) => (await api(w, '/eldercare/call-subscribers?page_size=1')).total,
    openCalls: async (w) => (await api(w, '/eldercare/calls/board')).open,
  },
  auditor: {
    reveals: async (w) => (await api(w, '/audit?action=person.reveal_id&page_size=1')).total,
    payrollReleased: async (w) => (await api(w, '/payroll/runs?page_size=200')).items.filter((r) => r.status === 'released').length,
  },
  admin: {
    openCases: async (w) => (await api(w, '/cases?open=1&page_size=1')).total,
    overdue: async (w) => (await api(w, '/cases?open=1&overdue=1&page_size=1')).total,
  },
}

async function tileCount(page, key) {
  const value = page.locator(`[data-test="tile-${key}"] [data-test="tile-value"]`)
  await value.waitFor()
  return Number(await value.getAttribute('data-count'))
}

for (const role of Object.keys(expected)) {
  test(`the ${role}'s home page shows its work as counts the API agrees with`, { skip: skip || false, timeout: 60000 }, async () => {
    const { context, page, problems } = await openPage(browser)
    try {
      await login(page, { login: accounts[role], password: PASSWORD })
      await page.locator('[data-test="workbench"]').waitFor()
      const who = await bearer(accounts[role])
      let nonZero = 0
      for (const [key, fn] of Object.entries(expected[role])) {
        const want = await fn(who)
        assert.equal(await tileCount(page, key), want, `${role}: tile ${key}`)
        if (want > 0) nonZero++
      }
      assert.ok(nonZero > 0, `${role}: some work on the demo city`)
      await shot(page, `home-${role}`)
      assert.deepEqual(problems, [])
    } finally {
      await context.close()
    }
  })
}

test('a count opens the list it counts, filtered the same way', { skip: skip || false, timeout: 60000 }, async () => {
  const { context, page } = await openPage(browser)
  try {
    await login(page, { login: accounts.caseworker, password: PASSWORD })
    const n = await tileCount(page, 'overdue')
    assert.ok(n > 0)
    await page.locator('[data-test="tile-overdue"]').click()
    await waitUrl(page, /\/assistance\/cases\?overdue=1/)
    // Every row of the filtered queue is overdue (shown in red), as many as the tile said.
    await page.locator('.overdue-row').first().waitFor()
    const rows = await page.locator('.el-table__body tr').count()
    assert.equal(rows, Math.min(n, 20))
    assert.equal(await page.locator('.el-table__body tr.overdue-row').count(), rows)
    // The deadlines list on the home page: overdue first, in red.
    await page.goto(`${BASE_URL}/`)
    await page.locator('[data-test="deadlines"] .overdue-row').first().waitFor()
  } finally {
    await context.close()
  }
})
