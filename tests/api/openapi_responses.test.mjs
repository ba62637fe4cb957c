// Response schemas in /api/openapi.json (src/http/openapi_schema.h): every
// route of every C route table, read here independently of the server,
// declares its success response; the document publishes each declaration
// and every reference in it resolves; and the schemas are honest: every 2xx
// answer of every API test is validated against them by lib.mjs (see
// openapi_check.mjs), this file walks the GET routes that need no id, and
// the validator is shown to catch what it must.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { raw, bearer } from './lib.mjs';
import { validate, findOperation } from './openapi_check.mjs';

const SRC = new URL('../../src/', import.meta.url).pathname;
let doc, admin;

before(async () => {
  doc = (await raw('GET', '/api/openapi.json')).json;
  admin = await bearer('t_admin');
});

function sources(dir) {
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.c')) out.push(p);
  }
  return out;
}

// Each route row of each table (a row starts `{ "METHOD", [MACRO ]"pattern"`
// and ends at its closing brace, strings skipped) with the schema it points at.
function routeRows() {
  const rows = [];
  for (const file of sources(SRC)) {
    const src = readFileSync(file, 'utf8');
    if (!src.includes('http_route ')) continue;
    const macros = Object.fromEntries([...src.matchAll(/^#define (\w+) "([^"]*)"/gm)].map((m) => [m[1], m[2]]));
    for (const m of src.matchAll(/\{ "(GET|POST|PUT|PATCH|DELETE)",\s*(?:(\w+) )?"([^"]*)"/g)) {
      let i = m.index, depth = 0;
      for (;; i++) {
        const c = src[i];
        if (c === '"') { for (i++; src[i] !== '"'; i++) if (src[i] === '\\') i++; }
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) break;
      }
      const text = src.slice(m.index, i + 1);
      const resp = /\.response = &(\w+)\s*\}$/.exec(text);
      rows.push({ method: m[1], pattern: (m[2] ? macros[m[2]] : '') + m[3], file: path.relative(SRC, file), schema: resp ? resp[1] : null });
    }
  }
  return rows;
}

// The declared schema objects: identifier -> components name.
function declarations() {
  const out = {};
  for (const file of readdirSync(path.join(SRC, 'http')).filter((f) => /^openapi_schemas_\w+\.c$/.test(f))) {
    const src = readFileSync(path.join(SRC, 'http', file), 'utf8');
    for (const m of src.matchAll(/^const http_schema (\w+) = \{ "(\w+)",/gm)) out[m[1]] = m[2];
  }
  return out;
}

test('every route of the C route tables declares a response schema the document publishes', () => {
  const rows = routeRows();
  assert.ok(rows.length > 250, `the route tables were read (${rows.length} rows)`);
  const decl = declarations();
  const schemas = doc.components.schemas;
  const faults = [];
  for (const r of rows) {
    const where = `${r.method} ${r.pattern} (${r.file})`;
    if (!r.schema) { faults.push(`${where}: no .response in its row`); continue; }
    if (!decl[r.schema]) { faults.push(`${where}: ${r.schema} is declared in no openapi_schemas_*.c`); continue; }
    const op = doc.paths[r.pattern.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
    if (!op) { faults.push(`${where}: not in the document`); continue; }
    if (op['x-response-declared'] !== true) faults.push(`${where}: x-response-declared is not true`);
    const ok = op.responses['2XX'];
    if (!ok) { faults.push(`${where}: no 2XX response`); continue; }
    const [media, body] = Object.entries(ok.content || {})[0] || [];
    if (media === 'application/json' && body.schema.$ref !== `#/components/schemas/${decl[r.schema]}`) faults.push(`${where}: answers ${body.schema.$ref}, its row points at ${decl[r.schema]}`);
    if (media === undefined && ok.description !== 'No content') faults.push(`${where}: no content and not declared empty`);
  }
  // Every published schema parses, has a name of its own, and each $ref in it resolves.
  const refs = (s, out = []) => {
    if (s && typeof s === 'object') for (const [k, v] of Object.entries(s)) { if (k === '$ref') out.push(v); else refs(v, out); }
    return out;
  };
  for (const [name, s] of Object.entries(schemas)) {
    if (s['x-spec-error']) faults.push(`${name}: ${s['x-spec-error']} at ${s['x-spec-offset']}`);
    if (s['x-name-conflict']) faults.push(`${name}: two declarations share the name`);
    for (const ref of refs(s)) if (!schemas[ref.replace('#/components/schemas/', '')]) faults.push(`${name}: ${ref} does not resolve`);
  }
  assert.deepEqual(faults, []);
});

test('declared objects are typed: every property has a type or a reference, money says fen, ID numbers are masked', () => {
  const faults = [];
  const walk = (s, at) => {
    if (!s || typeof s !== 'object' || s.$ref) return;
    if (s.allOf) return s.allOf.forEach((x) => walk(x, at));
    for (const [k, v] of Object.entries(s.properties || {})) {
      const where = `${at}.${k}`;
      if (!v.type && !v.$ref && !v.allOf && !v.enum && Object.keys(v).some((x) => x !== 'description')) faults.push(`${where}: no type`);
      if (/_fen$/.test(k) && !v.$ref && (v.type !== 'integer' || v['x-unit'] !== 'fen' || !/fen/.test(v.description || ''))) faults.push(`${where}: money not described as integer fen`);
      if (/^id_number/.test(k) && k !== 'id_number' && v['x-format'] !== 'masked-id-number') faults.push(`${where}: not described as masked`);
      // A day is format date, or text that says it holds YYYY-MM-DD (a few
      // answers send "" for none instead of null).
      if (/(_date|_on)$/.test(k) && v.type === 'string' && v.format !== 'date' && v.format !== 'date-time' && !v.enum && !/YYYY-MM-DD/.test(v.description || '')) faults.push(`${where}: a date without format`);
      walk(v, where);
    }
    if (s.items) walk(s.items, `${at}[]`);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${at}{}`);
  };
  for (const [name, s] of Object.entries(doc.components.schemas)) walk(s, name);
  assert.deepEqual(faults, []);
});

test('the validator refuses a body that breaks its schema', async () => {
  const r = await admin.get('/api/v1/session');
  assert.equal(r.status, 200);
  const { op } = findOperation(doc, 'GET', '/api/v1/session');
  const schema = op.responses['2XX'].content['application/json'].schema;
  assert.deepEqual(validate(doc, schema, r.json), [], 'the real answer is valid');
  assert.match(validate(doc, schema, { ...r.json, surprise: 1 }).join(), /property surprise is not in the schema/);
  const noUser = { ...r.json };
  delete noUser.user;
  assert.match(validate(doc, schema, noUser).join(), /required property user is missing/);
  assert.match(validate(doc, schema, { ...r.json, user: 'x' }).join(), /\$\.user: string "x", expected object/);
  // A paged list: a row's date that is no day, an enum value not listed, an integer as text.
  const cases = await admin.get('/api/v1/cases?page_size=5');
  const list = findOperation(doc, 'GET', '/api/v1/cases').op.responses['2XX'].content['application/json'].schema;
  assert.ok(cases.json.items.length > 0);
  assert.deepEqual(validate(doc, list, cases.json), []);
  const row = cases.json.items[0];
  const broken = (patch) => validate(doc, list, { ...cases.json, items: [{ ...row, ...patch }] }).join();
  assert.match(broken({ id: String(row.id) }), /\$\.items\[0\]\.id: string/);
  assert.match(broken({ state: 'no_such_state' }), /is not one of/);
  const dateKey = Object.keys(row).find((k) => /^\d{4}-\d{2}-\d{2}$/.test(String(row[k])));
  assert.ok(dateKey, 'a case row carries a date');
  assert.match(broken({ [dateKey]: '2026-02-30' }), /is not a date/);
});

// The GET routes a caller reaches without an id (and without a test-only
// switch): each is called and its answer validated (by lib.mjs's raw()).
test('every GET route that needs no id answers as declared', async (t) => {
  let called = 0;
  const skipped = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    const op = item.get;
    if (!op || p.includes('{') || p.startsWith('/api/v1/test/') || p === '/api/openapi.json') continue;
    if (op.parameters.some((x) => x.required)) { skipped.push(p); continue; }
    const who = op['x-roles'].includes('city_admin') || op['x-public'] ? admin : await bearer(op['x-roles'].includes('auditor') ? 't_auditor' : 't_provider');
    const r = await who.get(p);
    assert.ok(r.status < 500, `${p}: ${r.status} ${r.text.slice(0, 200)}`);
    if (r.status >= 200 && r.status < 300) called++;
  }
  t.diagnostic(`${called} GET routes answered and were validated; needing a query parameter: ${skipped.join(', ')}`);
  assert.ok(called > 60, `only ${called} GET routes answered`);
});
