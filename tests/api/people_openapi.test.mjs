// /api/openapi.json against the C route tables, read independently of the
// server: every route of every table is documented with its method; every
// input a route declares (path, query and body fields) is in its
// parameters or request body with a schema; every operation has a success
// response with a schema, and the ones described in full resolve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { raw } from './lib.mjs';

const ROOT = new URL('../../src/', import.meta.url).pathname;

function sources(dir) {
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.c')) out.push(p);
  }
  return out;
}

// The route rows of every table: method, pattern (string macros resolved),
// input array; and each input array's declared names.
function routeTables() {
  const routes = [];
  const inputs = {};
  for (const file of sources(ROOT)) {
    const src = readFileSync(file, 'utf8');
    const macros = Object.fromEntries([...src.matchAll(/^#define (\w+) "([^"]*)"/gm)].map((m) => [m[1], m[2]]));
    for (const m of src.matchAll(/static const http_input (\w+)\[\] = \{([\s\S]*?)\};/g)) {
      const names = [...m[2].matchAll(/HTTP_(?:[BQP]_\w+|IN_)\(\s*"(\w+)"/g)].map((x) => x[1]);
      if (/HTTP_Q_PAGE\(/.test(m[2])) names.push('page', 'page_size');
      inputs[`${file}:${m[1]}`] = names;
    }
    for (const m of src.matchAll(/\{ "(GET|POST|PUT|PATCH|DELETE)",\s*(?:(\w+) )?"([^"]*)",\s*\w+,\s*[^,]+,\s*\d,\s*"(?:[^"\\]|\\.)*",\s*(\w+)(?:,\s*&\w+)?\s*\}/g)) {
      const prefix = m[2] ? macros[m[2]] : '';
      assert.ok(!m[2] || prefix !== undefined, `${file}: unknown macro ${m[2]}`);
      routes.push({ method: m[1].toLowerCase(), pattern: prefix + m[3], inputs: m[4], key: `${file}:${m[4]}`, file: path.relative(ROOT, file) });
    }
  }
  return { routes, inputs };
}

const toOpenApi = (p) => p.replace(/:(\w+)/g, '{$1}');

// Every name a schema mentions, however deep (body fields nest in objects and arrays).
function schemaNames(s, out = new Set()) {
  if (!s || typeof s !== 'object') return out;
  for (const [k, v] of Object.entries(s.properties || {})) { out.add(k); schemaNames(v, out); }
  if (s.items) schemaNames(s.items, out);
  return out;
}

test('every route in the route tables is documented, with its declared inputs and a response schema', async () => {
  const { routes, inputs } = routeTables();
  assert.ok(routes.length > 200, `the route tables were read (${routes.length} rows)`);
  const r = await raw('GET', '/api/openapi.json');
  assert.equal(r.status, 200);
  const doc = r.json;
  const schemas = doc.components.schemas;
  let ops = 0;
  for (const item of Object.values(doc.paths)) ops += Object.keys(item).length;
  const rows = new Set(routes.map((x) => `${x.method} ${toOpenApi(x.pattern)}`));
  const unread = [];
  for (const [p, item] of Object.entries(doc.paths)) for (const m of Object.keys(item)) if (!rows.has(`${m} ${p}`)) unread.push(`${m} ${p}`);
  assert.deepEqual(unread, [], 'every documented operation is a row of a route table');
  assert.equal(ops, routes.length, 'one operation per route row, no more, no less');

  const missing = [];
  for (const rt of routes) {
    const where = `${rt.method.toUpperCase()} ${rt.pattern} (${rt.file})`;
    const op = doc.paths[toOpenApi(rt.pattern)]?.[rt.method];
    if (!op) { missing.push(`${where}: not documented`); continue; }
    // Path parameters.
    for (const [, name] of rt.pattern.matchAll(/:(\w+)/g)) {
      const p = op.parameters.find((x) => x.name === name && x.in === 'path');
      if (!p || !p.schema || !p.schema.type) missing.push(`${where}: path parameter ${name} has no schema`);
    }
    for (const p of op.parameters) if (!p.schema || !(p.schema.type || p.schema.enum)) missing.push(`${where}: parameter ${p.name} has no type`);
    // Declared inputs: each one documented with a schema.
    if (rt.inputs !== 'NONE' && rt.inputs !== 'http_no_inputs') {
      const declared = inputs[rt.key];
      if (!declared) { missing.push(`${where}: input array ${rt.inputs} not found`); continue; }
      const body = op.requestBody?.content?.['application/json']?.schema;
      const documented = new Set([...op.parameters.map((p) => p.name), ...schemaNames(body)]);
      for (const n of declared) if (!documented.has(n)) missing.push(`${where}: declared input ${n} is not documented`);
      if (body) {
        assert.equal(body.type, 'object', where);
        for (const [k, v] of Object.entries(body.properties)) if (!v.type && !v.enum && !v.$ref) missing.push(`${where}: body field ${k} has no type`);
      }
    }
    // A success response with a schema; a named one must resolve.
    const ok = op.responses['2XX'] || op.responses['200'] || op.responses['201'];
    const content = ok && ok.content && Object.values(ok.content)[0];
    if (!content || !content.schema) { missing.push(`${where}: no success response schema`); continue; }
    const ref = content.schema.$ref;
    if (ref && !schemas[ref.replace('#/components/schemas/', '')]) missing.push(`${where}: ${ref} does not resolve`);
    if (op['x-response-declared'] && !ref) missing.push(`${where}: declared response without a schema name`);
  }
  assert.deepEqual(missing, []);
});

test('responses described in full match what the server answers', async () => {
  const doc = (await raw('GET', '/api/openapi.json')).json;
  const s = doc.components.schemas;
  const person = doc.paths['/api/v1/persons/{id}'].get.responses['2XX'].content['application/json'].schema;
  assert.equal(person.$ref, '#/components/schemas/Person');
  const hh = doc.paths['/api/v1/households/{id}'].get.responses['2XX'].content['application/json'].schema;
  assert.equal(hh.$ref, '#/components/schemas/Household');
  assert.equal(s.Household.properties.members.items.$ref, '#/components/schemas/HouseholdMember');
  // A real household's members carry every property the schema requires.
  const { bearer } = await import('./lib.mjs');
  const admin = await bearer('t_admin');
  const list = (await admin.get('/api/v1/households?page_size=1')).json;
  const one = (await admin.get(`/api/v1/households/${list.items[0].id}`)).json;
  for (const k of s.Household.required) assert.ok(k in one, `household lacks ${k}`);
  for (const k of Object.keys(one)) assert.ok(k in s.Household.properties, `Household schema lacks ${k}`);
  for (const k of Object.keys(one.members[0])) assert.ok(k in s.HouseholdMember.properties, `HouseholdMember schema lacks ${k}`);
  const div = (await admin.get('/api/v1/divisions/440105')).json;
  for (const k of Object.keys(div)) assert.ok(k in s.Division.properties, `Division schema lacks ${k}`);
  const p = (await admin.get(`/api/v1/persons/${one.members[0].person_id}`)).json;
  for (const k of Object.keys(p)) assert.ok(k in s.Person.properties, `Person schema lacks ${k}`);
});
