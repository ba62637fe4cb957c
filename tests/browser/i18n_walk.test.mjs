// The translation walk (issue 14 item 5): every route of every domain module,
// in Chinese and in English, as the city administrator. A page fails when it
// shows an untranslated message key (t() answers the key itself), a raw code
// (a Guangzhou division code, a snake_case program / category / role code),
// a label in Latin letters only in Chinese mode, or a label in Chinese only
// in English mode. Labels are what the UI itself writes: menu items, form
// labels, buttons, table headers, tabs, card headers, descriptions labels;
// data (names, addresses) may be Chinese in both languages.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync } from 'node:fs'
import { BASE_URL, ADMIN, skipReason, launch, openPage, login } from './lib.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

// Every staff route path of the domain modules (their index.js), and home.
const domainsDir = new URL('../../web/src/domains/', import.meta.url)
function routePaths() {
  const out = ['']
  for (const d of readdirSync(domainsDir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue
    let src
    try { src = readFileSync(new URL(`${d.name}/index.js`, domainsDir), 'utf8') } catch { continue }
    for (const m of src.matchAll(/path: '([^']*)'/g)) if (!m[1].startsWith('/')) out.push(m[1])
  }
  return out
}

// A real id for each route with a parameter: the first item of its list.
const ID_SOURCES = {
  'persons/:id': ['/persons?page_size=1', (r) => r.items[0]?.id],
  'households/:id': ['/households?page_size=1', (r) => r.items[0]?.id],
  'assistance/cases/:id': ['/cases?page_size=1', (r) => r.items[0]?.id],
  'assistance/payroll/:id': ['/payroll/runs', (r) => r.items[0]?.id],
  'eldercare/canteens/:id': ['/eldercare/canteens?page_size=1', (r) => r.items[0]?.id],
  'eldercare/assessments/:id': ['/eldercare/visits/due?page_size=1&overdue=0', (r) => r.items[0]?.person_id],
  'deliberation/halls/:id': ['/deliberation/halls', (r) => (r.items || r)[0]?.id],
  'deliberation/resolutions/:id': ['/deliberation/resolutions', (r) => (r.items || r)[0]?.id],
  'marriage/marriages/:id': ['/marriage/marriages', (r) => (r.items || r)[0]?.id],
  'posthumous/deaths/:id': ['/posthumous/deaths', (r) => (r.items || r)[0]?.id],
  'safetynet/orders/:id': ['/safetynet/orders', (r) => (r.items || r)[0]?.id],
}

// The codes the UI has words for: every snake_case key of the domain
// dictionaries (program, category, flag, state, action codes...). One of
// them shown as text is a code the page forgot to translate; other
// identifiers with underscores (logins, CSV column names) are data.
async function knownCodes() {
  const codes = new Set()
  const walkTree = (o) => {
    for (const [k, v] of Object.entries(o)) {
      if (/^[a-z]+(_[a-z]+)+$/.test(k)) codes.add(k)
      if (v && typeof v === 'object' && !Array.isArray(v)) walkTree(v)
    }
  }
  for (const d of readdirSync(domainsDir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue
    try { walkTree((await import(new URL(`${d.name}/messages.js`, domainsDir))).default) } catch { /* a module without messages */ }
  }
  return [...codes]
}

// Text a server writes that the walk knows about and leaves to its owner
// (named in the report): the alert's English explanation names the event
// type by its code (src/domains/safetynet/evaluate.c).
const KNOWN = [{ route: /^\/safetynet\/orders\//, text: /^· event: [a-z_]+/ }]

// What a page shows that it should not, in the given language.
function findProblems([lang, codes]) {
  const codeSet = new Set(codes)
  const problems = []
  const namespaces = ['registry', 'assistance', 'policy', 'eldercare', 'admin', 'deliberation', 'posthumous', 'hall',
    'volunteer', 'safetynet', 'marriage', 'common', 'menu', 'person', 'errors', 'header', 'app', 'role', 'lang']
  const keyRe = new RegExp(`(^|\\s)(${namespaces.join('|')})\\.[A-Za-z][\\w]*(\\.[\\w]+)*($|\\s)`)
  // A code standing alone (not part of a name like probe-...-440105001).
  const divisionRe = /(^|[\s:：·(（,，])4401\d{2}(\d{3}){1,2}($|[\s)）,，·])/
  const codeRe = /(^|[^\w.\-/@])([a-z]+(?:_[a-z]+)+)($|[^\w.\-/@])/
  const cjk = /[\u3400-\u9fff]/
  const latin = /[A-Za-z]/
  const visible = (el) => {
    const s = getComputedStyle(el)
    if (s.display === 'none' || s.visibility === 'hidden') return false
    const r = el.getBoundingClientRect()
    return r.width > 0 && r.height > 0
  }
  // Text that is data typed by people or technical identifiers on purpose.
  const exempt = (el) => el.closest('.mono, code, pre, input, textarea, [data-raw], .el-select-dropdown, .el-picker-panel')
  const main = document.querySelector('main, .el-main') || document.body
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue.trim()
    const el = n.parentElement
    if (!text || !el || !visible(el) || exempt(el) || el.closest('script, style')) continue
    // The audit log names an action it has no words for by its code (the
    // record's own text); every other page must translate.
    if (keyRe.test(text) && !el.closest('[data-test="audit-table"]')) problems.push(`raw message key: "${text}"`)
    if (divisionRe.test(text)) problems.push(`division code as text: "${text}"`)
    for (const m of text.matchAll(new RegExp(codeRe.source, 'g'))) {
      if (codeSet.has(m[2]) && !el.closest('[data-test="audit-table"], [data-test="jobs-table"]')) problems.push(`raw code "${m[2]}": "${text}"`)
    }
  }
  const labels = 'th .cell, .el-form-item__label, .el-button > span, .el-menu-item, .el-sub-menu__title, .el-tabs__item, .el-card__header, .el-descriptions__label, .el-radio-button__inner, .el-checkbox__label, .el-radio__label, .el-page-header__content, .el-dialog__title, .el-empty__description, .el-result__title'
  for (const el of main.querySelectorAll(labels)) {
    if (!visible(el) || exempt(el)) continue
    const text = el.innerText.trim()
    if (!text) continue
    // Acronyms and names that read the same in both languages.
    if (/^(ID|QR|PDF|XLSX|CSV|Excel|English|中文|OK|120\/110|[\d\s.:%/–-]+)$/.test(text)) continue
    if (lang === 'zh-CN' && latin.test(text) && !cjk.test(text)) problems.push(`Latin-only label in Chinese mode: "${text}"`)
    // Page titles of a record carry its name (a person, a canteen): data.
    if (lang === 'en' && cjk.test(text) && !latin.test(text) && !el.closest('.el-page-header__content, .el-card__header .muted')) problems.push(`Chinese-only label in English mode: "${text}"`)
  }
  return [...new Set(problems)]
}

async function walk(lang) {
  const { context, page, problems: scriptErrors } = await openPage(browser, { locale: lang })
  await context.addInitScript((l) => { try { localStorage.setItem('mz.locale', l) } catch { /* blocked */ } }, lang)
  const found = []
  const codes = await knownCodes()
  try {
    await login(page, ADMIN)
    const get = async (p) => page.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).json(), `/api/v1${p}`)
    for (const path of routePaths()) {
      let real = path
      if (path.includes(':')) {
        const src = ID_SOURCES[path]
        if (!src) continue // a nested page reached from another (meetings of a hall)
        const id = src[1](await get(src[0]))
        if (!id) continue
        real = path.replace(/:id/, id)
      }
      await page.goto(`${BASE_URL}/${real}`)
      await page.waitForLoadState('networkidle')
      const p = await page.evaluate(findProblems, [lang, codes])
      for (const x of p) {
        const text = (x.match(/: "(.*)"$/) || [])[1] || ''
        if (KNOWN.some((k) => k.route.test(`/${real}`) && k.text.test(text))) continue
        found.push(`/${real} [${lang}] ${x}`)
      }
    }
    assert.deepEqual(scriptErrors, [], 'no script errors while walking')
  } finally {
    await context.close()
  }
  return found
}

test('every route in Chinese: no raw keys, no raw codes, no Latin-only labels', { skip: skip || false, timeout: 300000 }, async () => {
  const found = await walk('zh-CN')
  assert.deepEqual(found, [], found.join('\n'))
})

test('every route in English: no raw keys, no raw codes, no Chinese-only labels', { skip: skip || false, timeout: 300000 }, async () => {
  const found = await walk('en')
  assert.deepEqual(found, [], found.join('\n'))
})
