// The help menu's API reference shows each operation's success response
// body field by field, from the declared response schemas of
// /api/openapi.json: names (nested rows under lists), types with their
// formats, whether the server always sends them, and what they mean.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login, field, shot } from './lib.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

// The rows of an opened operation's response table, as [name, type, always, description].
async function resultRows(page, key) {
  const table = page.locator(`[data-test="result-${key}"]`)
  await table.waitFor()
  return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())))
}

async function openOperation(page, search, key) {
  await page.locator(field('api-search')).fill(search)
  const op = page.locator(`[data-op="${key}"]`)
  await op.locator('.el-collapse-item__header').click()
}

test('the API reference shows the declared response body of an operation', { skip: skip || false, timeout: 120000 }, async () => {
  const doc = await (await fetch(`${BASE_URL}/api/openapi.json`)).json()
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, { login: 't_community', password: ADMIN.password })
    await page.locator('[data-menu="help-api"]').click()
    await page.locator('[data-test="api-count"]').waitFor()

    // One person: the masked ID number says it is masked, dates carry their format.
    await openOperation(page, '/api/v1/persons/{id}', 'get /api/v1/persons/{id}')
    const person = await resultRows(page, 'get /api/v1/persons/{id}')
    const ref = doc.paths['/api/v1/persons/{id}'].get.responses['2XX'].content['application/json'].schema.$ref
    const declared = doc.components.schemas[ref.split('/').pop()]
    assert.equal(await page.locator('[data-test="result-name"]').first().innerText(), ref.split('/').pop())
    for (const k of Object.keys(declared.properties)) assert.ok(person.some((r) => r[0] === k), `the table lists ${k}`)
    const masked = person.find((r) => r[0] === 'id_number_masked')
    assert.match(masked[1], /masked-id-number/)
    assert.match(masked[3], /masked/)
    assert.match(person.find((r) => r[0] === 'birth_date')[1], /string \(date\)/)
    await shot(page, 'openapi-person-response')

    // A paged list: the envelope, then its rows' fields beneath items.
    await openOperation(page, '/api/v1/cases', 'get /api/v1/cases')
    const cases = await resultRows(page, 'get /api/v1/cases')
    assert.deepEqual(cases.slice(0, 1).map((r) => r[0]), ['items'])
    assert.ok(cases.some((r) => r[0] === 'total' && r[2] === '是'), 'total is always sent')
    const state = cases.find((r) => r[0] === 'state')
    assert.ok(state, 'the rows of items are listed')
    assert.match(state[3], /∈ \{.*accepted.*\}/, 'the states are listed')
    const money = cases.find((r) => /_fen$/.test(r[0]))
    if (money) assert.match(money[3], /fen/)
    await shot(page, 'openapi-cases-response')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
