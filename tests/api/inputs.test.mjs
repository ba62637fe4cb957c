// Declared inputs (src/http/inputs.h): the router refuses what does not match a
// route's declaration before the handler runs, with the one error body naming
// the field, and nothing changes. And /api/openapi.json is generated from the
// same declarations.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { raw, bearer, assertError, sql, uniqueSuffix } from './lib.mjs';

let admin, haizhu, auth;

// A valid 18-character ID number (GB 11643: ISO 7064 MOD 11-2 check).
function idNumber(code6, ymd, seq) {
  const first17 = `${code6}${ymd}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}
function wrongCheck(num) {
  return num.slice(0, 17) + (num[17] === '0' ? '1' : '0');
}
const count = (table) => Number(sql(`SELECT count(*) FROM ${table}`).trim());

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  auth = { Authorization: `Bearer ${admin.token}` };
});

// Each case is refused with 400 naming the field, and the table it would have
// written to has as many rows afterwards as before.
async function refused(table, send, code, field) {
  const before = count(table);
  const r = await send();
  assertError(r, 400, code, field);
  assert.equal(count(table), before, `${table} changed on a refused request`);
  return r;
}

test('person registration: wrong types, lengths, control and bidi characters are refused', async () => {
  const seq = Number(uniqueSuffix()) % 900 + 50;
  const base = { id_number: idNumber('440105', '19800101', seq), name: '输入测试', division_code: '440105001001', reason: '输入校验测试' };
  const post = (body) => () => admin.post('/api/v1/persons', body);
  await refused('persons', post({ ...base, name: 5 }), 'invalid_argument', 'name');
  await refused('persons', post({ ...base, name: true }), 'invalid_argument', 'name');
  await refused('persons', post({ ...base, name: ['王'] }), 'invalid_argument', 'name');
  await refused('persons', post({ ...base, name: '王'.repeat(21) }), 'invalid_argument', 'name'); // 63 bytes > 60
  await refused('persons', post({ ...base, name: '   ' }), 'invalid_argument', 'name');
  await refused('persons', post({ ...base, name: '\u3000\u3000' }), 'invalid_argument', 'name');
  await refused('persons', post({ ...base, name: '王\u202e明' }), 'invalid_argument', 'name');
  await refused('persons', post({ ...base, name: '王\u2066明' }), 'invalid_argument', 'name');
  await refused('persons', post({ ...base, name: '王\u0007明' }), 'invalid_argument', 'name');
  await refused('persons', post({ ...base, name: '王\n明' }), 'invalid_argument', 'name');
  await refused('persons', post({ ...base, address: 'x'.repeat(301) }), 'invalid_argument', 'address');
  await refused('persons', post({ ...base, reason: '原因\u202d' }), 'invalid_argument', 'reason');
  await refused('persons', post({ ...base, hukou: 'foreign' }), 'invalid_argument', 'hukou');
  await refused('persons', post({ ...base, disability_grade: '2' }), 'invalid_argument', 'disability_grade');
  await refused('persons', post({ ...base, disability_grade: 9 }), 'invalid_argument', 'disability_grade');
  const r = await refused('persons', post({ ...base, id_number: wrongCheck(base.id_number) }), 'invalid_argument', 'id_number');
  assert.match(r.json.error.message_zh, /./);
  await refused('persons', post({ ...base, id_number: 440105198001010011 }), 'invalid_argument', 'id_number');
  // The message names the field in both languages.
  const t = await admin.post('/api/v1/persons', { ...base, name: 5 });
  assert.match(t.json.error.message, /name/);
  assert.match(t.json.error.message_zh, /name/);
  // And the well-formed request is accepted: the checks refuse only what is wrong.
  const ok = await admin.post('/api/v1/persons', base);
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.name, '输入测试');
});

test('a body that is not a JSON object is bad_json, on every kind of route', async () => {
  const send = (method, path, rawBody) => () =>
    raw(method, path, { headers: { ...auth, 'Content-Type': 'application/json' }, rawBody });
  for (const body of ['[]', '"a string"', 'null', '5', 'true', '[{"name":"x"}]']) {
    await refused('persons', send('POST', '/api/v1/persons', body), 'bad_json', '');
  }
  const p = (await admin.get('/api/v1/persons?page_size=1&page=3')).json.items[0];
  await refused('persons', send('PATCH', `/api/v1/persons/${p.id}`, '[1]'), 'bad_json', '');
  // A route whose fields are all optional, and one that declares none.
  await refused('ec_canteens', send('POST', '/api/v1/eldercare/offers/expire', '"now"'), 'bad_json', '');
  await refused('households', send('DELETE', '/api/v1/session', '[]'), 'bad_json', '');
});

test('numbers: out of range, fractional, or text are refused; a count stays', async () => {
  const p = (await admin.get('/api/v1/persons?page_size=20&page=4')).json.items.find((x) => !x.death_date);
  const version = Number(sql(`SELECT version FROM persons WHERE id = ${p.id}`).trim());
  const patch = (body) => () => admin.patch(`/api/v1/persons/${p.id}`, body);
  await refused('persons', patch({ name: '改', reason: '输入校验', version: 0 }), 'invalid_argument', 'version');
  await refused('persons', patch({ name: '改', reason: '输入校验', version: '1' }), 'invalid_argument', 'version');
  await refused('persons', patch({ name: '改', reason: '输入校验', version: 1.5 }), 'invalid_argument', 'version');
  await refused('persons', patch({ name: '改', reason: '输入校验', version: 2 ** 40 }), 'invalid_argument', 'version');
  // In a PATCH null would clear a field: refused where the field cannot be empty...
  await refused('persons', patch({ name: null, reason: '输入校验', version }), 'invalid_argument', 'name');
  await refused('persons', patch({ address: null, reason: '输入校验', version }), 'invalid_argument', 'address');
  assert.equal(Number(sql(`SELECT version FROM persons WHERE id = ${p.id}`).trim()), version);
  // ...and accepted where it means something (a death recorded by mistake).
  const clear = await admin.patch(`/api/v1/persons/${p.id}`, { death_date: null, reason: '输入校验', version });
  assert.equal(clear.status, 200, clear.text);
  assert.equal(clear.json.death_date, null);
  assertError(await admin.get('/api/v1/persons?page_size=100000'), 400, 'invalid_argument', 'page_size');
  assertError(await admin.get('/api/v1/persons?page=0'), 400, 'invalid_argument', 'page');
  assertError(await admin.get('/api/v1/persons?page=2x'), 400, 'invalid_argument', 'page');
  assertError(await admin.get('/api/v1/cases?overdue=2'), 400, 'invalid_argument', 'overdue');
  // A money field takes integer fen only.
  const sub = () => admin.post('/api/v1/eldercare/call-subscribers', {
    person_id: p.id, device_kind: 'watch', device_code: 'W-0001', fee_fen: 12.5,
    started_on: '2026-01-01', contacts: [{ name: '王', phone: '13800138000', relation: '女儿' }], reason: '输入校验测试',
  });
  await refused('ec_call_subscribers', sub, 'invalid_argument', 'fee_fen');
  const canteen = (over) => () => admin.post('/api/v1/eldercare/canteens', {
    provider_id: 1, name: '校验饭堂', address: '测试路1号', division_code: '440105001', lat: 23.1, lon: 113.3,
    hours: '10:30-13:30', capacity: 50, reason: '输入校验测试', ...over,
  });
  await refused('ec_canteens', canteen({ capacity: 0 }), 'invalid_argument', 'capacity');
  await refused('ec_canteens', canteen({ capacity: 10001 }), 'invalid_argument', 'capacity');
  await refused('ec_canteens', canteen({ lat: '23.1' }), 'invalid_argument', 'lat');
  await refused('ec_canteens', canteen({ lon: 120 }), 'invalid_argument', 'lon');
});

test('enums, dates, months and lists are checked against the declaration', async () => {
  const hh = (await admin.get('/api/v1/households?page_size=1')).json.items[0];
  const p = (await admin.get('/api/v1/persons?page_size=1&page=5')).json.items[0];
  await refused('household_members', () => admin.post(`/api/v1/households/${hh.id}/members`,
    { person_id: p.id, relation: 'cousin', reason: '输入校验' }), 'invalid_argument', 'relation');
  await refused('household_members', () => admin.post(`/api/v1/households/${hh.id}/members`,
    { person_id: String(p.id), relation: 'other', reason: '输入校验' }), 'invalid_argument', 'person_id');
  assertError(await admin.get('/api/v1/persons?sort=age'), 400, 'invalid_argument', 'sort');
  assertError(await admin.get('/api/v1/calendar?from=2026-02-30'), 400, 'invalid_argument', 'from');
  assertError(await admin.get('/api/v1/audit?to=yesterday'), 400, 'invalid_argument', 'to');
  assertError(await admin.get('/api/v1/payroll/totals?month=2026-13'), 400, 'invalid_argument', 'month');
  await refused('persons', () => admin.patch(`/api/v1/persons/${p.id}`,
    { death_date: '2024-02-30', reason: '输入校验', version: 1 }), 'invalid_argument', 'death_date');
  await refused('payroll_runs', () => admin.post('/api/v1/payroll/runs', { month: '2026-7' }), 'invalid_argument', 'month');
  await refused('work_calendar', () => raw('PUT', '/api/v1/calendar/2026-02-30',
    { headers: auth, body: { kind: 'holiday', name: '不存在的日子' } }), 'invalid_argument', 'day');
  await refused('work_calendar', () => raw('PUT', '/api/v1/calendar/2026-10-08',
    { headers: auth, body: { kind: 'festival' } }), 'invalid_argument', 'kind');
  // Lists: bounds, element types; a list's fault is reported on the list.
  const apply = (homes) => () => admin.post('/api/v1/eldercare/wait-applications',
    { person_id: p.id, applied_on: '2026-01-05', reason: '输入校验测试', homes });
  await refused('ec_wait_applications', apply([]), 'invalid_argument', 'homes');
  await refused('ec_wait_applications', apply([1, 2, 3, 4, 5, 6]), 'invalid_argument', 'homes');
  const r = await refused('ec_wait_applications', apply([1, '2']), 'invalid_argument', 'homes');
  assert.match(r.json.error.message, /homes\[1\]/);
  await refused('ec_wait_applications', apply('1,2'), 'invalid_argument', 'homes');
  const sub = (contacts) => () => admin.post('/api/v1/eldercare/call-subscribers', {
    person_id: p.id, device_kind: 'watch', device_code: 'W-0002', fee_fen: 1000,
    started_on: '2026-01-01', contacts, reason: '输入校验测试',
  });
  await refused('ec_call_subscribers', sub([{ name: '王', phone: 13800138000, relation: '女儿' }]), 'invalid_argument', 'contacts');
  await refused('ec_call_subscribers', sub([{ name: '王\u202e', phone: '13800138000', relation: '女儿' }]), 'invalid_argument', 'contacts');
});

test('ID numbers are checked by GB 11643 wherever they are declared', async () => {
  const good = idNumber('440105', '19500301', 123);
  await refused('staff_kin', () => haizhu.post('/api/v1/staff-kin',
    { id_number: wrongCheck(good), staff_name: '李工', staff_post: '社工', relation: '配偶' }), 'invalid_argument', 'id_number');
  await refused('cases', () => haizhu.post('/api/v1/cases',
    { program: 'dibao', bank_account: '6222020000000000', applicant_id_number: wrongCheck(good) }), 'invalid_argument', 'applicant_id_number');
  await refused('cases', () => haizhu.post('/api/v1/cases',
    { program: 'dibao', bank_account: '6222020000000000', applicant_id_number: '44010519500301123' }), 'invalid_argument', 'applicant_id_number');
});

test('a wrong type never becomes null or empty', async () => {
  // Before the declarations these reached the domain as NULL or "" and were
  // then read as "absent"; now each names its field.
  const u = (await admin.get('/api/v1/users')).json.items.find((x) => x.login === 't_auditor');
  await refused('users', () => admin.patch(`/api/v1/users/${u.id}`, { disabled: 'yes' }), 'invalid_argument', 'disabled');
  await refused('users', () => admin.patch(`/api/v1/users/${u.id}`, { role: 'superuser' }), 'invalid_argument', 'role');
  await refused('users', () => admin.patch(`/api/v1/users/${u.id}`, { scope_code: 440105 }), 'invalid_argument', 'scope_code');
  await refused('integrity_records', () => admin.post('/api/v1/integrity',
    { person_id: '12', kind: 'false_declaration', detail: '测试' }), 'invalid_argument', 'person_id');
  await refused('ec_providers', () => admin.post('/api/v1/eldercare/providers',
    { name: { zh: '机构' }, kind: 'canteen', division_code: '440105001', reason: '输入校验测试' }), 'invalid_argument', 'name');
  await refused('cases', () => haizhu.post('/api/v1/cases',
    { program: 'dibao', bank_account: 6222020000000000, applicant_id_number: idNumber('440105', '19500301', 123) }), 'invalid_argument', 'bank_account');
  assertError(await raw('POST', '/api/v1/session', { body: { login: ['t_admin'], password: 'x' } }), 400, 'invalid_argument', 'login');
});

test('path ids stay 404 when malformed, whatever the body', async () => {
  assertError(await admin.patch('/api/v1/persons/12abc', { name: 5 }), 404, 'not_found');
  assertError(await admin.get('/api/v1/eldercare/canteens/0'), 404, 'not_found');
});

test('query parameters a route does not declare are ignored', async () => {
  const plain = await admin.get('/api/v1/persons?page_size=3&division=440105001');
  const extra = await admin.get('/api/v1/persons?page_size=3&division=440105001&bogus=%E2%80%AE&_t=123');
  assert.equal(extra.status, 200, extra.text);
  assert.deepEqual(extra.json.items.map((p) => p.id), plain.json.items.map((p) => p.id));
  // A declared one is still checked, control characters included.
  assertError(await admin.get('/api/v1/persons?name=%E2%80%AE%E7%8E%8B'), 400, 'invalid_argument', 'name');
  assertError(await admin.get('/api/v1/persons?division=' + '4'.repeat(13)), 400, 'invalid_argument', 'division');
});

test('the OpenAPI document is generated from the declarations', async () => {
  const o = await raw('GET', '/api/openapi.json');
  assert.equal(o.status, 200);
  const doc = o.json;
  const roleNames = new Set(['city_admin', 'district_officer', 'street_caseworker', 'community_worker', 'service_provider', 'auditor']);
  assert.ok(doc.components.schemas.Error.properties.error.properties.field);
  const schemaOf = (op) => op.responses['2XX'].content?.['application/json']?.schema;
  let ops = 0, withBody = 0, withQuery = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      ops++;
      const where = `${method.toUpperCase()} ${path}`;
      assert.equal(op['x-inputs-declared'], true, `${where} declares no inputs`);
      // And its success response (http/openapi_schema.h), published by name.
      assert.equal(op['x-response-declared'], true, `${where} declares no response schema`);
      const ok = op.responses['2XX'];
      if (ok.content && ok.content['application/json']) {
        const ref = ok.content['application/json'].schema.$ref;
        assert.ok(ref && doc.components.schemas[ref.replace('#/components/schemas/', '')], `${where}: response ${ref} does not resolve`);
      }
      assert.ok(Array.isArray(op['x-roles']) && op['x-roles'].length > 0, `${where} has no x-roles`);
      for (const r of op['x-roles']) assert.ok(roleNames.has(r), `${where}: unknown role ${r}`);
      // Every {param} in the path is a declared path parameter with a schema.
      for (const m of path.matchAll(/\{(\w+)\}/g)) {
        const prm = op.parameters.find((x) => x.in === 'path' && x.name === m[1]);
        assert.ok(prm && prm.required && prm.schema && prm.schema.type, `${where}: path ${m[1]}`);
      }
      for (const prm of op.parameters) {
        assert.ok(prm.schema && prm.schema.type, `${where}: ${prm.name} has no schema type`);
        if (prm.schema.type === 'string' && !prm.schema.enum && !prm.schema.format && !prm.schema.pattern)
          assert.ok(prm.schema.maxLength > 0, `${where}: ${prm.name} has no maxLength`);
      }
      if (op.parameters.some((x) => x.in === 'query')) withQuery++;
      if (['post', 'put', 'patch'].includes(method) && op.requestBody) {
        withBody++;
        const s = op.requestBody.content['application/json'].schema;
        assert.equal(s.type, 'object', where);
        for (const [name, ps] of Object.entries(s.properties)) {
          assert.ok(ps.type, `${where}: ${name} has no type`);
          if (ps.type === 'string' && !ps.enum && !ps.format && !ps.pattern)
            assert.ok(ps.maxLength > 0, `${where}: ${name} has no maxLength`);
        }
      }
      assert.ok(op.responses.default, `${where}: no error response`);
    }
  }
  assert.ok(ops > 100, `only ${ops} operations`);
  assert.ok(withBody > 40, `only ${withBody} request bodies`);
  assert.ok(withQuery > 30, `only ${withQuery} operations with query parameters`);
  // Spot checks: the declarations, not guesses.
  const create = doc.paths['/api/v1/persons'].post;
  const body = create.requestBody.content['application/json'].schema;
  assert.ok(body.required.includes('id_number') && body.required.includes('reason'));
  assert.equal(body.properties.name.maxLength, 60);
  assert.equal(body.properties.id_number['x-format'], 'gb11643');
  assert.deepEqual(body.properties.hukou.enum, ['urban', 'rural']);
  const search = doc.paths['/api/v1/persons'].get;
  // A paged route answers the list envelope with typed items.
  const list = doc.components.schemas[schemaOf(search).$ref.replace('#/components/schemas/', '')];
  assert.deepEqual(list.required, ['items', 'total', 'page', 'page_size']);
  const row = list.properties.items.items;
  const rowSchema = row.$ref ? doc.components.schemas[row.$ref.replace('#/components/schemas/', '')] : row;
  assert.equal(rowSchema.properties.id_number_masked['x-format'], 'masked-id-number');
  assert.equal(rowSchema.properties.birth_date.format, 'date');
  assert.equal(search.parameters.find((x) => x.name === 'page_size').schema.maximum, 200);
  assert.deepEqual(doc.paths['/api/v1/users'].post['x-roles'], ['city_admin', 'district_officer']);
  assert.deepEqual(doc.paths['/api/v1/eldercare/home-beds/{id}/visits'].post['x-roles'], ['service_provider']);
  const fee = doc.paths['/api/v1/eldercare/call-subscribers'].post.requestBody.content['application/json'].schema.properties.fee_fen;
  assert.equal(fee['x-unit'], 'fen');
  assert.equal(fee.type, 'integer');
});

// Walks the generated document and, for every operation, breaks one declared
// input at a time (all others valid) and expects that input to be named in a
// 400: the document describes what the router enforces, route by route. No
// request is ever valid as a whole, so nothing may change.
test('every declared input of every operation is enforced as documented', async (t) => {
  const doc = (await raw('GET', '/api/openapi.json')).json;
  const validId = idNumber('440105', '19500301', 123);
  const valid = (s) => {
    if (s.enum) return s.enum.find((v) => v !== '') ?? s.enum[0];
    switch (s.type) {
      case 'string':
        if (s.format === 'date') return '2026-01-05';
        if (s['x-format'] === 'month') return '2026-01';
        if (s['x-format'] === 'gb11643') return validId;
        return 'ab';
      case 'integer': return Math.max(s.minimum ?? 1, 1) <= (s.maximum ?? 2) ? Math.max(s.minimum ?? 1, 1) : s.minimum;
      case 'number': return (s.minimum + s.maximum) / 2;
      case 'boolean': return false;
      case 'array': return Array.from({ length: Math.max(s.minItems || 0, 1) }, () => valid(s.items || { type: 'string' }));
      case 'object': return Object.fromEntries(Object.entries(s.properties || {}).map(([k, v]) => [k, valid(v)]));
      default: return 'ab';
    }
  };
  const wrong = (s) => (s.type === 'string' ? 12345 : s.type === 'array' ? { a: 1 } : s.type === 'object' ? [1] : 'x1');
  const badQuery = (s) => {
    if (s.enum) return 'no-such-value';
    if (s.format === 'date') return '2026-02-30';
    if (s['x-format'] === 'month') return '2026-13';
    if (s.type === 'integer') return '1x';
    if (s.type === 'boolean') return 'maybe';
    return 'x'.repeat(s.maxLength + 1);
  };
  const pathOf = (path, op) => path.replace(/\{(\w+)\}/g, (_, n) => {
    const s = op.parameters.find((x) => x.in === 'path' && x.name === n).schema;
    return encodeURIComponent(String(s.type === 'integer' ? 1 : valid(s)));
  });
  const auditBefore = count('audit_log');
  let probes = 0, ops = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op['x-roles'].includes('city_admin') || path === '/api/v1/session') continue;
      const url = pathOf(path, op);
      const send = (q, body) => raw(method.toUpperCase(), url + q, { headers: auth, body });
      for (const prm of op.parameters.filter((x) => x.in === 'query')) {
        const r = await send(`?${prm.name}=${encodeURIComponent(badQuery(prm.schema))}`);
        assertError(r, 400, 'invalid_argument', prm.name);
        probes++;
      }
      const schema = op.requestBody && op.requestBody.content['application/json'].schema;
      if (!schema) continue;
      const good = valid(schema);
      for (const [name, ps] of Object.entries(schema.properties)) {
        const cases = [wrong(ps)];
        if (ps.type === 'string' && ps.maxLength && !ps.enum && !ps.format && !ps.pattern) {
          // (A bound above the body limit is the body limit's to enforce: 413.)
          if (ps.maxLength < 100000) cases.push('x'.repeat(ps.maxLength + 1));
          cases.push('a\u202eb', 'a\u0001b');
          if (!ps['x-multiline']) cases.push('a\nb');
        }
        if (ps.type === 'integer' && ps.maximum < 2 ** 53) cases.push(ps.maximum + 1);
        for (const bad of cases) {
          const r = await send('', { ...good, [name]: bad });
          assertError(r, 400, 'invalid_argument', name);
          probes++;
        }
      }
      // A body that is not an object, on each operation that takes one.
      const nb = await raw(method.toUpperCase(), url, { headers: { ...auth, 'Content-Type': 'application/json' }, rawBody: '[]' });
      assertError(nb, 400, 'bad_json');
      ops++;
    }
  }
  t.diagnostic(`${probes} refused-input probes, ${ops} operations with a body refused as bad_json`);
  assert.ok(probes > 400, `only ${probes} probes`);
  assert.equal(count('audit_log'), auditBefore, 'a refused request left an audit record');
});

// Issue 11, item 5: a name that starts like a spreadsheet formula would run
// when an export is opened; it is refused where it enters, naming the field.
test('a formula-like name is refused at entry', async () => {
  const admin = await bearer('t_admin');
  const d = await admin.get('/api/v1/divisions?parent=440105001');
  const community = d.json.items[0].code;
  const r = await admin.post('/api/v1/persons', { id_number: '440105198001010012', name: '=HYPERLINK("http://x")', division_code: community, reason: '公式注入测试' });
  assertError(r, 400, 'invalid_argument', 'name');
  const p = await admin.get('/api/v1/persons?id_number=440105198001010012');
  assert.equal(p.json.items.length, 0, 'nothing was registered');
});
