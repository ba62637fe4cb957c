// The district map on the home page, the coverage page and the elderly-care
// monitor: Guangzhou's 11 districts as polygons coloured by the page's
// figure; a click on a district drills into it and shows its communities and
// canteens as points; "back to the city" returns.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, shot, apiClient } from './lib.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

// Click the canvas at a district's centre (the map records where each is).
async function clickDistrict(page, scope, code) {
  const map = page.locator(`${scope} [data-test="district-map"]`)
  const canvas = map.locator('.map-canvas')
  let centre
  for (let i = 0; i < 50 && !centre; i++) {
    centre = JSON.parse((await canvas.getAttribute('data-centres')) || '{}')[code]
    if (!centre) await page.waitForTimeout(100)
  }
  assert.ok(centre, `the map placed ${code}`)
  await canvas.scrollIntoViewIfNeeded()
  await canvas.click({ position: { x: centre[0], y: centre[1] } })
  await page.waitForFunction(([s, c]) => document.querySelector(`${s} [data-test="district-map"]`)?.dataset.district === c, [scope, code])
}

const counts = async (page, scope) => JSON.parse(await page.locator(`${scope} [data-test="district-map"]`).getAttribute('data-points'))

test('home: the districts coloured by persons, a click drills into 海珠 with its communities and canteens', { skip: skip || false, timeout: 120000 }, async () => {
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const stats = await admin.get('/stats/registry')
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    const map = page.locator('[data-test="district-map"]')
    await map.locator('canvas').waitFor()
    // One button per district with a figure, in names (no code shown).
    const buttons = map.locator('.district-btn')
    assert.equal(await buttons.count(), stats.persons_by_district.length)
    const text = await map.locator('.district-buttons').innerText()
    assert.match(text, /海珠区/)
    assert.doesNotMatch(text, /\b4401\d{2}\b/)
    await shot(page, 'people-map-home')
    await clickDistrict(page, '', '440105')
    assert.equal(await page.locator('[data-test="map-district"]').innerText(), '海珠区')
    const cov = await admin.get('/eldercare/coverage?division=440105')
    const can = await admin.get('/eldercare/canteens?division=440105&page_size=200')
    await page.waitForFunction((n) => JSON.parse(document.querySelector('[data-test="district-map"]').dataset.points).community === n, cov.items.length)
    const c = await counts(page, '')
    assert.equal(c.canteen, can.items.filter((k) => k.lon && k.lat).length)
    assert.ok(c.community > 0, 'communities are drawn')
    await shot(page, 'people-map-home-haizhu')
    await page.locator('[data-test="map-back"]').click()
    await page.waitForFunction(() => document.querySelector('[data-test="district-map"]').dataset.district === 'city')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('coverage: districts coloured by the share within reach; a district shows its communities in and out of reach', { skip: skip || false, timeout: 120000 }, async () => {
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/eldercare/coverage`)
    await page.locator('[data-test="district-map"] canvas').waitFor()
    await clickDistrict(page, '', '440105')
    const cov = await admin.get('/eldercare/coverage?division=440105')
    const inReach = cov.items.filter((x) => x.reachable).length
    await page.waitForFunction((n) => JSON.parse(document.querySelector('[data-test="district-map"]').dataset.points).outside === n, cov.items.length - inReach)
    const c = await counts(page, '')
    assert.equal(c.community, inReach)
    // The page's figures follow the drill: the reachable count is the district's.
    assert.equal(Number(await page.locator('[data-test="coverage-reachable"]').innerText()), cov.reachable)
    await shot(page, 'people-map-coverage')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('monitor: the map follows the chosen figure; a district keeps its own row', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser, { locale: 'en-US' })
  try {
    await login(page, ADMIN)
    await page.evaluate(() => localStorage.setItem('mz.locale', 'en'))
    await page.goto(`${BASE_URL}/eldercare/dashboard`)
    const table = page.locator('[data-test="ec-dashboard"]')
    await table.waitFor()
    await page.locator('[data-test="district-map"] canvas').waitFor()
    const rowsBefore = await table.locator('tbody tr').count()
    assert.ok(rowsBefore > 1)
    await clickDistrict(page, '', '440106')
    await page.waitForFunction(() => document.querySelectorAll('[data-test="ec-dashboard"] tbody tr').length === 1)
    await shot(page, 'people-map-dashboard')
    await page.locator('[data-test="map-back"]').click()
    await page.waitForFunction((n) => document.querySelectorAll('[data-test="ec-dashboard"] tbody tr').length === n, rowsBefore)
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
