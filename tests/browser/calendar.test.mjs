// The working-day calendar page (系统管理 → 工作日历): a city admin pastes a
// year's schedule as the State Council's notice lists it; a wrong line is
// refused naming its line and nothing changes; the right lines replace the
// year and show in the table with their weekdays. Year 2098, which no other
// test's deadline reaches.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, field, shot, waitUrl } from './lib.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('a city admin loads a year of holidays on the calendar page', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.locator('[data-menu="calendar"]').click()
    await waitUrl(page, /\/calendar$/)
    const year = page.locator(field('cal-year'))
    await year.fill('2098')
    await year.press('Enter')
    await page.locator('[data-test="cal-table"]').getByText('2098 年尚未录入节假日安排').waitFor()

    const lines = page.locator(field('cal-lines', 'textarea'))
    // 2098-01-06 is a Monday: it cannot be a 调休 working day.
    await lines.fill('2098-01-01,holiday,元旦\n2098-01-06,workday,错误调休')
    await page.locator(field('cal-reason')).fill('国办发明电〔2097〕1号')
    await page.locator('[data-test="cal-load"]').click()
    await page.locator('.el-message-box .el-button--primary').click()
    await page.getByText(/第 2 行：.*只有周六或周日才能设为调休上班/).waitFor()
    assert.equal(await page.locator('[data-test="cal-table"] .el-table__row').count(), 0, 'nothing loaded')

    // 2098-01-04 is a Saturday.
    await lines.fill('2098-01-01,holiday,元旦\n2098-01-02,holiday,元旦\n2098-01-04,workday,元旦调休')
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/calendar-years') && r.request().method() === 'PUT' && r.status() === 200),
      page.locator('[data-test="cal-load"]').click().then(() => page.locator('.el-message-box .el-button--primary').click()),
    ])
    const rows = page.locator('[data-test="cal-table"] .el-table__row')
    await rows.nth(2).waitFor()
    const text = await page.locator('[data-test="cal-table"]').innerText()
    assert.match(text, /2098-01-01\s+周三\s+放假\s+元旦/)
    assert.match(text, /2098-01-04\s+周六\s+调休上班\s+元旦调休/)
    await shot(page, 'admin-calendar')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
