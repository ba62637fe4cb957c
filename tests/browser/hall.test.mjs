// The browser test for the monitoring hall: from the city the hall
// drills down to a district, a street and a community (by the children
// table and the breadcrumb), and opens the list behind a figure; the wall
// mode fills the screen with large figures and rotates its panels.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, shot, waitUrl, apiClient } from './lib.mjs'

const skip = skipReason()
let browser

// Runs hall.refresh through the runner and waits for it, so the figures exist.
async function refresh(admin) {
  const row = async () => (await admin.get('/jobs')).items.find((j) => j.name === 'hall.refresh')
  const before = await row()
  await admin.post('/jobs/hall.refresh/run', {})
  for (let i = 0; i < 100; i++) {
    const now = await row()
    if (now.runs > before.runs && !now.running) return now
    await new Promise((res) => setTimeout(res, 200))
  }
  throw new Error('hall.refresh did not run')
}

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('the hall drills from the city to a community and opens the list behind a figure', { skip: skip || false, timeout: 120000 }, async () => {
  const admin = await apiClient(ADMIN.login, ADMIN.password)
  await refresh(admin)
  const street = (await admin.get('/hall?division=440105001'))
  const community = street.children[0]

  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/hall`)
    await page.locator('[data-test="hall-division"]', { hasText: '广州市' }).waitFor()
    // Cards per group, each figure with its age; the district map.
    await page.locator('[data-test="group-cases"]').waitFor()
    await page.locator('[data-test="group-eldercare"]').waitFor()
    assert.match(await page.locator('[data-test="figure-cases.pending"] [data-test="figure-age"]').innerText(), /刚刚|分钟前/)
    await page.locator('[data-test="hall-map"] canvas').waitFor()
    await page.locator('[data-test="hall-trend"] canvas').waitFor()
    await page.locator('[data-test="hall-map"]').scrollIntoViewIfNeeded()
    await page.waitForTimeout(500)
    await shot(page, 'hall-city')

    // City -> district -> street -> community, each by its row.
    await page.locator('[data-test="drill-440105"]').click()
    await waitUrl(page, /division=440105$|division=440105&/)
    await page.locator('[data-test="hall-division"]', { hasText: '海珠区' }).waitFor()
    await page.locator('[data-test="drill-440105001"]').click()
    await page.locator('[data-test="hall-division"]', { hasText: street.division.name }).waitFor()
    await page.locator(`[data-test="drill-${community.code}"]`).click()
    await page.locator('[data-test="hall-division"]', { hasText: community.name }).waitFor()
    const crumbs = await page.locator('[data-test="hall-path"] .el-breadcrumb__item').allInnerTexts()
    assert.deepEqual(crumbs.map((s) => s.replace('›', '').trim()), ['广州市', '海珠区', street.division.name, community.name])
    await shot(page, 'hall-community')

    // The figure's value is a link to its list, narrowed to the community.
    await page.locator('[data-test="figure-cases.pending"] [data-test="figure-link"]').click()
    await waitUrl(page, /\/assistance\/cases\?/)
    const url = new URL(page.url())
    assert.equal(url.searchParams.get('division'), community.code)
    assert.equal(url.searchParams.get('open'), '1')

    // Back up by the breadcrumb.
    await page.goto(`${BASE_URL}/hall?division=${community.code}`)
    await page.locator('[data-test="path-440105"]').click()
    await page.locator('[data-test="hall-division"]', { hasText: '海珠区' }).waitFor()
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('wall mode: full screen, large figures, rotating panels', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/hall/wall?rotate=3`)
    const wall = page.locator('[data-test="hall-wall-screen"]')
    await wall.waitFor()
    const box = await wall.boundingBox()
    assert.ok(box.width >= 1400 && box.height >= 880, `the wall fills the window: ${JSON.stringify(box)}`)
    const first = await page.locator('[data-test="wall-panel-title"]').innerText()
    const big = page.locator('.big-value').first()
    await big.waitFor()
    const size = await big.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    assert.ok(size >= 48, `large type: ${size}px`)
    await shot(page, 'hall-wall')
    // The next panel within the rotation period.
    await page.waitForFunction((t) => document.querySelector('[data-test="wall-panel-title"]')?.innerText !== t, first, { timeout: 8000 })
    // The map panel comes after the groups' panels.
    await page.locator('.wall canvas').first().waitFor({ timeout: 30000 })
    await page.waitForTimeout(500)
    await shot(page, 'hall-wall-map')
    await page.locator('[data-test="wall-exit"]').click()
    await waitUrl(page, /\/hall(\?|$)/)
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('in English: group titles, figure labels and ages follow the language', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.evaluate(() => localStorage.setItem('mz.locale', 'en'))
    await page.goto(`${BASE_URL}/hall?division=440105`)
    await page.locator('[data-test="group-cases"]', { hasText: 'Assistance casework' }).waitFor()
    await page.locator('[data-test="group-eldercare"]', { hasText: 'Elderly care' }).waitFor()
    await page.locator('[data-test="figure-cases.pending"]', { hasText: 'Applications awaiting a decision' }).waitFor()
    assert.match(await page.locator('[data-test="figure-cases.pending"] [data-test="figure-age"]').innerText(), /just now|min ago|h ago/)
    await page.evaluate(() => localStorage.setItem('mz.locale', 'zh-CN'))
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
