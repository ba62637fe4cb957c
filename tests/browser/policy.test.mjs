// The policy pages: a caseworker reads a program's parameters with their
// dated history and the rules text, evaluates a household in the "try it"
// form and sees the trace; the screening worklist opens for the street.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, skipReason, launch, openPage, login, waitUrl } from './lib.mjs'

const skip = skipReason()
const CASEWORKER = { login: 't_haizhu', password: process.env.MZ_TEST_PASSWORD }
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('programs, rules text, try it with the trace, worklist', { skip: skip || false, timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await page.goto(`${BASE_URL}/policy/programs`)
    await waitUrl(page, /\/login/)
    await login(page, CASEWORKER, { navigate: false })
    await waitUrl(page, /\/policy\/programs/)
    const params = page.locator('[data-test="policy-params"]')
    await params.getByText('低保标准').first().waitFor()
    assert.match(await params.innerText(), /1120\.00/)
    await page.getByRole('tab', { name: '规则原文' }).click()
    await page.locator('[data-test="policy-rules-text"]').getByText('param standard').first().waitFor()

    // A one-person household with no income: the trace shows each condition with its values.
    await page.locator('[data-test="policy-eval"]').click()
    const trace = page.locator('[data-test="policy-trace"]')
    await trace.getByText(/人均月收入 0\.00 < 低保标准 1120\.00/).first().waitFor()

    await page.goto(`${BASE_URL}/policy/worklist`)
    await page.locator('[data-test="screen-worklist"] .el-table').first().waitFor()
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
