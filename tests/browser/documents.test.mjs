// Official documents from the case page (issue 14, item 1): a caseworker
// downloads the verification authorisation and the application form of a
// case with the print buttons; each is a PDF that names the applicant, and
// its first page renders and is not blank.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BASE_URL, skipReason, launch, openPage, login, shot, idNumber, ymd, apiClient } from './lib.mjs'
const makeId = (y, m, d, seq) => idNumber('440105', ymd(y, m, d), seq)
// The API's answers as { status, json }, for checks on refusals too.
const client = async (login) => {
  const c = await apiClient(login)
  return { get: (p) => c.request('GET', p), post: (p, b) => c.request('POST', p, b) }
}

const skip = skipReason()
const PASSWORD = process.env.MZ_TEST_PASSWORD
const CASEWORKER = { login: 't_haizhu', password: PASSWORD }
let browser, caseId, applicant, elderId
const dir = mkdtempSync(join(tmpdir(), 'mz-bdoc-'))

before(async () => {
  if (skip) return
  const admin = await client('t_admin')
  const haizhu = await client('t_haizhu')
  const community = (await admin.get('/divisions?parent=440105001')).json.items[0].code
  // A household of one, and its dibao application at the caseworker's street.
  let person
  for (let seq = Math.floor(Math.random() * 900); !person; seq = (seq + 7) % 997) {
    const id_number = makeId(1966, 6, 16, seq)
    const r = await admin.post('/persons', { id_number, name: '打印测试', division_code: community, reason: '文书浏览器测试登记' })
    if (r.status === 201) person = { id: r.json.id, id_number }
    else assert.equal(r.status, 409, JSON.stringify(r.json))
  }
  const h = await admin.post('/households', { division_code: community, address: '海珠区打印路1号', reason: '文书浏览器测试登记', members: [{ person_id: person.id, relation: 'head' }] })
  assert.equal(h.status, 201, JSON.stringify(h.json))
  const c = await haizhu.post('/cases', { program: 'dibao', applicant_id_number: person.id_number, bank_account: '6222020000006666' })
  assert.equal(c.status, 201, JSON.stringify(c.json))
  caseId = c.json.id
  applicant = person
  // An elder of the street with one assessment under today's standard.
  const std = (await haizhu.get('/eldercare/assessment-standard')).json
  for (let seq = Math.floor(Math.random() * 900); !elderId; seq = (seq + 7) % 997) {
    const r = await admin.post('/persons', { id_number: makeId(1941, 2, 2, seq), name: '卡片长者', division_code: community, reason: '文书浏览器测试登记' })
    if (r.status === 201) elderId = r.json.id
    else assert.equal(r.status, 409, JSON.stringify(r.json))
  }
  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
  const a = await haizhu.post(`/eldercare/persons/${elderId}/assessments`, { assessed_on: today, assessor: '陈评估', location: '家中', purpose: 'initial',
    items: Object.fromEntries(std.items.map((i) => [i.code, i.max])) })
  assert.equal(a.status, 201, JSON.stringify(a.json))
  browser = await launch()
})
after(async () => {
  if (browser) await browser.close()
  rmSync(dir, { recursive: true, force: true })
})

// The share of page 1's pixels that are not white (pdftoppm, grey, 30 dpi).
function inkShare(file) {
  const out = join(dir, `p${Math.random()}`)
  execFileSync('pdftoppm', ['-gray', '-r', '30', '-f', '1', '-l', '1', '-singlefile', file, out])
  const pgm = readFileSync(`${out}.pgm`)
  const header = pgm.toString('latin1', 0, 40).match(/^P5\s+(\d+)\s+(\d+)\s+255\s/)
  const pixels = pgm.subarray(header[0].length)
  let ink = 0
  for (const v of pixels) if (v < 200) ink++
  return ink / pixels.length
}

test('the case page downloads the authorisation and the application form as PDF', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, CASEWORKER)
    await page.goto(`${BASE_URL}/assistance/cases/${caseId}`)
    for (const [kind, title] of [['authorization', '家庭经济状况核对授权书'], ['application', '申请审批表']]) {
      const button = page.locator(`[data-test="print-${kind}"]`)
      await button.waitFor()
      const [dl] = await Promise.all([page.waitForEvent('download'), button.click()])
      assert.match(dl.suggestedFilename(), new RegExp(`case-${caseId}-${kind}\\.pdf$`))
      const file = await dl.path()
      assert.equal(readFileSync(file).subarray(0, 5).toString('latin1'), '%PDF-')
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
      assert.ok(text.includes(title), `${kind}: the title ${title}`)
      assert.ok(text.includes('打印测试'), `${kind}: the applicant's name`)
      assert.ok(!text.includes(applicant.id_number), `${kind}: the ID number is masked`)
      assert.ok(inkShare(file) > 0.01, `${kind}: page 1 is not blank`)
    }
    // No home visit recorded yet: no home-visit form to print.
    assert.equal(await page.locator('[data-test="print-investigation"]').count(), 0)
    await shot(page, 'documents-case')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test('the elder\'s page issues a card and prints it with its QR code, and prints the assessment report', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, CASEWORKER)
    await page.goto(`${BASE_URL}/eldercare/assessments/${elderId}`)
    await page.locator('[data-test="card-issue"]').click()
    await page.locator('.el-message-box input').fill('首次发卡')
    await page.locator('.el-message-box .el-button--primary').click()
    await page.locator('.el-message--success').waitFor()
    const pdfText = async (button, name) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(button).first().click()])
      assert.match(dl.suggestedFilename(), name)
      const file = await dl.path()
      assert.equal(readFileSync(file).subarray(0, 5).toString('latin1'), '%PDF-')
      assert.ok(inkShare(file) > 0.01, `${name}: page 1 is not blank`)
      return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
    }
    const card = await pdfText('[data-test="card-print"]', /elder-card-\d+\.pdf$/)
    assert.match(card, /广州市长者卡/)
    assert.match(card, /卡片长者/)
    assert.match(card, /GZ\d{12}/)
    const report = await pdfText('[data-test^="report-"]', /assessment-\d+\.pdf$/)
    assert.match(report, /老年人能力评估报告/)
    assert.match(report, /陈评估/)
    await shot(page, 'documents-elder')
    assert.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})
