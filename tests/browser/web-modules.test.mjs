// The web UI's domain modules and shared helpers, checked in Node without a
// browser: every module has the declared shape, every route and menu title and
// every message exists in Chinese and in English, route names are unique, every
// access area a route names exists; money is formatted exactly from integer
// fen; Beijing dates do not depend on the machine's zone.
import { test } from 'node:test'
import assert from 'node:assert/strict'

const web = (p) => new URL(`../../web/src/${p}`, import.meta.url).href
const i18n = await import(web('lib/i18n.js'))
const { domains } = await import(web('domains/index.js'))
const { yuan, yuanNumber, normYuan } = await import(web('lib/money.js'))
const date = await import(web('lib/date.js'))
// setLocale() sets the document's language and title; Vue, loaded above,
// needs no document outside a browser.
globalThis.document ??= { documentElement: {}, title: '' }

function pairs(tree, path, out = []) {
  for (const [k, v] of Object.entries(tree)) {
    if (Array.isArray(v)) out.push([`${path}.${k}`, v])
    else pairs(v, `${path}.${k}`, out)
  }
  return out
}

test('every domain module has its name, messages, access rules and routes', () => {
  const names = new Set()
  for (const d of domains) {
    assert.match(d.name, /^[a-z]+$/)
    assert.ok(!names.has(d.name), `module ${d.name} is listed once`)
    names.add(d.name)
    assert.equal(typeof d.messages, 'object')
    assert.equal(typeof d.access, 'object')
    assert.ok(Array.isArray(d.routes) && d.routes.length > 0, `${d.name} has routes`)
    assert.ok(d.messages.menu && Array.isArray(d.messages.menu.title), `${d.name} names its menu group`)
    for (const [area, roles] of Object.entries(d.access)) {
      assert.ok(Array.isArray(roles) && roles.length > 0, `${d.name}.${area} lists roles`)
      for (const r of roles) assert.ok(i18n.ROLES.includes(r), `${d.name}.${area}: unknown role ${r}`)
    }
  }
})

test('route names are unique, their access areas exist, their titles resolve in both languages', () => {
  const seen = new Set(['login', 'home', 'forbidden', 'notfound'])
  try {
    for (const d of domains) {
      for (const r of d.routes) {
        assert.ok(!seen.has(r.name), `route name ${r.name} is unique`)
        seen.add(r.name)
        assert.equal(typeof r.page, 'function', `${r.name} loads its page lazily`)
        if (r.access) assert.ok(d.access[r.access], `${r.name}: access area ${r.access} exists in ${d.name}`)
        for (const key of [`${d.name}.${r.title}`, `${d.name}.menu.title`]) {
          for (const l of ['zh-CN', 'en']) {
            i18n.setLocale(l)
            assert.notEqual(i18n.t(key), key, `${key} resolves in ${l}`)
          }
        }
      }
    }
  } finally {
    i18n.setLocale('zh-CN')
  }
})

test('every message is a pair: Chinese first, then English', () => {
  for (const d of domains) {
    for (const [key, v] of pairs(d.messages, d.name)) {
      assert.equal(v.length, 2, `${key} has both languages`)
      assert.ok(typeof v[0] === 'string' && v[0] !== '', `${key} has Chinese`)
      assert.ok(typeof v[1] === 'string' && v[1] !== '', `${key} has English`)
    }
  }
})

test('t() reads each namespace and falls back to the key', () => {
  i18n.setLocale('zh-CN')
  assert.equal(i18n.t('eldercare.menu.counter'), '饭堂前台')
  assert.equal(i18n.t('assistance.totals.sum', { n: 2, t: '3.00' }), '合计：2 笔，3.00 元')
  assert.equal(i18n.label('assistance.state', 'paying'), '发放中')
  assert.equal(i18n.label('admin.action', 'person.reveal_id'), '查看完整身份证号')
  assert.equal(i18n.label('assistance.state', 'no_such_state'), 'no_such_state')
  assert.equal(i18n.t('no.such.key'), 'no.such.key')
  i18n.setLocale('en')
  assert.equal(i18n.t('eldercare.menu.counter'), 'Canteen counter')
  assert.equal(i18n.loc({ name_zh: '中', name_en: 'En' }, 'name'), 'En')
  i18n.setLocale('zh-CN')
  assert.equal(i18n.loc({ name_zh: '中', name_en: 'En' }, 'name'), '中')
})

test('money: integer fen to yuan text, exact', () => {
  assert.equal(yuan(1), '0.01')
  assert.equal(yuan(0), '0.00')
  assert.equal(yuan(-5), '-0.05')
  assert.equal(yuan(-105), '-1.05')
  assert.equal(yuan(112000), '1120.00')
  assert.equal(yuan('123456789012345678'), '1234567890123456.78', 'beyond 2^53, as text')
  assert.equal(yuan(123456789n, { sep: true }), '1,234,567.89')
  assert.equal(yuan(null), '—')
  assert.equal(yuan(undefined), '—')
  assert.equal(yuan(''), '—')
  assert.equal(yuan('12.5'), '—', 'fen are integers')
  assert.equal(yuanNumber(1), 0.01)
  assert.equal(yuanNumber(null), null)
  assert.equal(normYuan('12.5'), '12.50')
  assert.equal(normYuan('1500'), '1500.00')
})

test('dates: Beijing today and month, timestamps as written or in Beijing time', () => {
  assert.match(date.beijingToday(), /^\d{4}-\d{2}-\d{2}$/)
  assert.match(date.beijingMonth(), /^\d{4}-\d{2}$/)
  assert.equal(date.beijingMonth(-1) < date.beijingMonth(), true)
  assert.equal(date.beijingToday(30) > date.beijingToday(), true)
  assert.equal(date.fmtDateTime('2026-12-07T09:30:00+08:00'), '2026-12-07 09:30:00')
  assert.equal(date.fmtDateTime(0), '—')
  assert.equal(date.fmtDateTime(1765071000), '2025-12-07 09:30:00', 'Unix seconds in Beijing time')
  assert.equal(date.fmtDateTime(1765071000000), '2025-12-07 09:30:00', 'or milliseconds')
  assert.equal(date.clock(1765071000), '12-07 09:30')
  assert.equal(date.fmtDate('2026-12-07T09:30:00+08:00'), '2026-12-07')
})

test('ID numbers: shape, birth date and check character, each problem with its message', async () => {
  const { ID_RE, idNumberProblem } = await import(web('lib/idnumber.js'))
  const body = '44010519800101001'
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const check = '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11]
  const good = body + check
  assert.ok(ID_RE.test(good))
  assert.equal(idNumberProblem(good), '')
  assert.equal(idNumberProblem(good.toLowerCase()), '')
  const wrong = body + (check === '0' ? '1' : '0')
  const cases = { '': 'idRequired', '440105800101001': 'id15', '4401051980010100': 'idFormat',
    '44010519800231001X': 'idDate', [wrong]: 'idCheck' }
  i18n.setLocale('zh-CN')
  for (const [raw, problem] of Object.entries(cases)) {
    assert.equal(idNumberProblem(raw), problem, `${raw || '(empty)'}`)
    assert.notEqual(i18n.t(`assistance.intake.${problem}`), `assistance.intake.${problem}`, `${problem} has a message`)
  }
})

// The web sources, as text, for the two checks below.
async function sources() {
  const { readdir, readFile } = await import('node:fs/promises')
  const root = new URL('../../web/src/', import.meta.url)
  const out = []
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !/\.(js|vue)$/.test(e.name)) continue
    const full = `${e.parentPath ?? e.path}/${e.name}`
    out.push({ path: full.slice(root.pathname.length), text: await readFile(full, 'utf8') })
  }
  return out
}

test('a domain module imports from lib/ and components/, never from another module', async () => {
  for (const { path, text } of await sources()) {
    const m = /^domains\/([a-z]+)\//.exec(path)
    if (!m) continue
    for (const [, spec] of text.matchAll(/\bimport\b[^'"]*['"]([^'"]+)['"]/g)) {
      if (!spec.startsWith('.')) continue
      const target = new URL(spec, `file:///src/${path}`).pathname.slice('/src/'.length)
      const t = /^domains\/([a-z]+)\//.exec(target)
      assert.ok(!t || t[1] === m[1], `${path} imports ${spec} from the ${t && t[1]} module`)
    }
  }
})

test('no Chinese text outside the messages (comments aside)', async () => {
  for (const { path, text } of await sources()) {
    if (/(^|\/)messages\.js$/.test(path) || path === 'lib/i18n.js') continue
    const code = text.replace(/<!--[\s\S]*?-->/g, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
    const hit = /.*[\u4e00-\u9fff].*/.exec(code)
    assert.equal(hit, null, `${path}: ${hit && hit[0].trim()}`)
  }
})
