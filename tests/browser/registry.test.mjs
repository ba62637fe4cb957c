// The required browser test: log in, search a person, reveal an ID number
// with a reason, and see the audit entry.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, AUDITOR, skipReason, launch, openPage, login, field, shot, waitUrl } from './lib.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('log in, search a person, reveal the ID number with a reason, see the audit entry', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    // Not signed in: any page leads to the login page.
    await page.goto(`${BASE_URL}/persons`)
    await waitUrl(page, /\/login/)
    await login(page, ADMIN, { navigate: false })
    await waitUrl(page, /\/persons(\?|$)/)   // back where we wanted to go
    await shot(page, 'persons-list')

    // The list shows persons in scope, with masked ID numbers.
    const rows = page.locator('[data-test="person-table"] .el-table__body-wrapper .el-table__row')
    await rows.first().waitFor()
    const name = (await rows.first().locator('td').first().innerText()).trim()
    assert.ok(name.length >= 1, 'a person name in the first row')

    // Search by that name: every row starts with it.
    await page.locator(field('search-name')).fill(name)
    await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/persons?') && r.url().includes('name=') && r.status() === 200),
      page.locator('[data-test="search-submit"]').click(),
    ])
    await rows.first().waitFor()
    const names = await rows.locator('td:first-child').allInnerTexts()
    assert.ok(names.length >= 1)
    for (const n of names) assert.ok(n.trim().startsWith(name), `row "${n}" matches "${name}"`)
    const masked = (await rows.first().locator('td').nth(1).innerText()).trim()
    assert.match(masked, /[*＊]/, 'the ID number is masked in the list')
    await shot(page, 'persons-search')

    // Open the person.
    await rows.first().locator('td').first().locator('a').click()
    await waitUrl(page, /\/persons\/[^/]+$/)
    const personId = decodeURIComponent(page.url().split('/').pop())
    await page.locator('[data-test="id-masked"]').waitFor()
    assert.match(await page.locator('[data-test="id-masked"]').innerText(), /[*＊]/)
    await page.locator('[data-test="history"]').waitFor()

    // Reveal: a reason is required, in Chinese.
    await page.locator('[data-test="reveal"]').click()
    const dialog = page.locator('.el-dialog').filter({ has: page.locator(field('reason-input', 'textarea')) })
    await dialog.waitFor()
    await dialog.locator('[data-test="reason-submit"]').click()
    await dialog.getByText('请填写操作原因').waitFor()
    await dialog.locator(field('reason-input', 'textarea')).fill('核对')
    await dialog.locator('[data-test="reason-submit"]').click()
    await dialog.getByText('原因至少 4 个字').waitFor()
    const reason = `浏览器测试核对身份证件 ${Date.now()}`
    await dialog.locator(field('reason-input', 'textarea')).fill(reason)
    await shot(page, 'person-reveal-dialog')
    await Promise.all([
      page.waitForResponse((r) => /\/api\/v1\/persons\/[^/]+\/reveal$/.test(r.url()) && r.status() === 200),
      dialog.locator('[data-test="reason-submit"]').click(),
    ])
    await dialog.waitFor({ state: 'hidden' })
    const full = (await page.locator('[data-test="id-full"]').innerText()).trim()
    assert.match(full, /^\d{17}[\dX]$/, 'the full ID number is shown')
    // The list masks the middle: the shown head and tail are the full number's.
    const [head, tail] = masked.split(/[*＊]+/)
    assert.match(head, /^\d{4,6}$/, `the masked number keeps its first digits: ${masked}`)
    assert.ok(full.startsWith(head) && full.endsWith(tail), `${full} matches the masked ${masked}`)
    await shot(page, 'person-revealed')

    // The audit log shows the reveal with its reason.
    const aud = AUDITOR.login === ADMIN.login ? { context, page } : await openPage(browser)
    try {
      if (aud.page !== page) await login(aud.page, AUDITOR)
      await aud.page.goto(`${BASE_URL}/audit?entity=person&entity_id=${encodeURIComponent(personId)}`)
      const arows = aud.page.locator('[data-test="audit-table"] .el-table__body-wrapper .el-table__row')
      const entry = arows.filter({ hasText: reason })
      await entry.first().waitFor()
      const text = await entry.first().innerText()
      assert.ok(text.includes('查看完整身份证号'), `the entry is a reveal, labelled in Chinese: ${text}`)
      assert.ok(text.includes(ADMIN.login), 'the entry names who revealed')
      await shot(aud.page, 'audit-entry')

      // And the chain verifies.
      await aud.page.locator('[data-test="audit-verify"]').click()
      const verdict = aud.page.locator('[data-test="verify-result"]')
      await verdict.waitFor()
      assert.match(await verdict.innerText(), /审计链完整/)
      await shot(aud.page, 'audit-verify')
    } finally {
      if (aud.page !== page) await aud.context.close()
    }
    assert.deepEqual(problems, [], 'no script errors in the page')
  } finally {
    await context.close()
  }
})
