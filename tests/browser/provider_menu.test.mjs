// A service_provider account sees the work of what it is linked to: a
// canteen's counter account gets the counter and canteens in its menu, not
// the 平安通 call board, the home beds or a funeral home's cremations; an
// account linked to nothing is told to ask for a link and sees none of them.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN, skipReason, launch, openPage, login, apiClient } from './lib.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

const PROVIDER_MENUS = ['ec-counter', 'ec-canteens', 'ec-calls', 'ec-home-beds', 'ph-cremations', 'vol-mine']

async function menuEntries(page) {
  await page.locator('[data-menu="home"]').waitFor()
  const shown = []
  for (const id of PROVIDER_MENUS) if (await page.locator(`[data-menu="${id}"]`).count()) shown.push(id)
  return shown
}

test('a canteen operator\'s menu holds its canteen\'s pages only; an unlinked account is told to ask for a link', { skip: skip || false, timeout: 90000 }, async () => {
  const run = `${Date.now() % 100000}`
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const provider = await admin.post('/eldercare/providers', { name: `菜单测试助餐中心${run}`, kind: 'canteen', division_code: '440105001', reason: '浏览器测试' })
  const linked = `menu_linked_${run}`
  const unlinked = `menu_unlinked_${run}`
  for (const l of [linked, unlinked]) {
    await admin.post('/users', { login: l, name: '菜单测试账号', role: 'service_provider', scope_code: '440105001', password: ADMIN.password })
  }
  const r = await admin.request('POST', `/eldercare/providers/${provider.id}/users`, { login: linked, reason: '饭堂前台账号' })
  assert.equal(r.status, 201, JSON.stringify(r.json))

  // The session says what the account acts for.
  const me = await (await apiClient(linked, ADMIN.password)).get('/session')
  assert.deepEqual(me.user.links, ['eldercare.canteen'])

  const a = await openPage(browser)
  try {
    await login(a.page, { login: linked, password: ADMIN.password })
    assert.deepEqual(await menuEntries(a.page), ['ec-counter', 'ec-canteens'])
    await a.page.locator('[data-test="tile-mealsToday"]').waitFor()
    assert.equal(await a.page.locator('[data-test="unlinked"]').count(), 0)
    assert.deepEqual(a.problems, [])
  } finally { await a.context.close() }

  const b = await openPage(browser)
  try {
    await login(b.page, { login: unlinked, password: ADMIN.password })
    await b.page.locator('[data-test="unlinked"]').waitFor()
    assert.deepEqual(await menuEntries(b.page), [])
    assert.deepEqual(b.problems, [])
  } finally { await b.context.close() }
})
