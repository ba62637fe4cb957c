import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { raw, bearer, assertError, sql, BASE } from './lib.mjs';

function rawHttp(request) {
  const url = new URL(BASE);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(url.port), url.hostname, () => sock.write(request));
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('end', () => resolve(data));
    sock.on('error', reject);
  });
}

let admin, auth;
before(async () => {
  admin = await bearer('t_admin');
  auth = { Authorization: `Bearer ${admin.token}` };
});

test('health and OpenAPI', async () => {
  const h = await raw('GET', '/healthz');
  assert.equal(h.status, 200);
  const o = await raw('GET', '/api/openapi.json');
  assert.equal(o.status, 200);
  assert.equal(o.json.openapi, '3.0.3');
  assert.ok(o.json.paths['/api/v1/persons/{id}'].get);
  assert.ok(o.json.paths['/api/v1/persons/{id}/reveal'].post);
});

test('bad JSON gets 400 and changes nothing', async () => {
  const p = (await admin.get('/api/v1/persons?page_size=1&page=7')).json.items[0];
  const before = sql(`SELECT version FROM persons WHERE id = ${p.id}`).trim();
  const r = await raw('PATCH', `/api/v1/persons/${p.id}`, { headers: { ...auth, 'Content-Type': 'application/json' }, rawBody: '{"name": "x", reason: }' });
  assertError(r, 400, 'bad_json');
  assert.match(r.json.error.message, /line 1/);
  const dup = await raw('PATCH', `/api/v1/persons/${p.id}`, { headers: { ...auth, 'Content-Type': 'application/json' }, rawBody: '{"name":"a","name":"b","reason":"重复键","version":1}' });
  assertError(dup, 400, 'bad_json');
  const arr = await raw('POST', `/api/v1/persons/${p.id}/reveal`, { headers: { ...auth, 'Content-Type': 'application/json' }, rawBody: '[1,2]' });
  assertError(arr, 400, 'bad_json');
  assert.equal(sql(`SELECT version FROM persons WHERE id = ${p.id}`).trim(), before);
});

test('wrong content type gets 415', async () => {
  const r = await raw('POST', '/api/v1/session', { headers: { 'Content-Type': 'text/plain' }, rawBody: 'login=a' });
  assertError(r, 415, 'unsupported_media_type');
});

test('an oversized body gets 413 and changes nothing', async () => {
  const count = sql('SELECT count(*) FROM persons').trim();
  const big = JSON.stringify({ id_number: '11010519491231002X', name: 'x'.repeat(2 * 1024 * 1024), division_code: '440105001001', reason: '超大请求' });
  const r = await raw('POST', '/api/v1/persons', { headers: { ...auth, 'Content-Type': 'application/json' }, rawBody: big });
  assertError(r, 413, 'payload_too_large');
  assert.equal(sql('SELECT count(*) FROM persons').trim(), count);
});

test('unknown endpoints and methods', async () => {
  assertError(await admin.get('/api/v1/nothing-here'), 404, 'not_found');
  assertError(await raw('PUT', '/api/v1/persons', { headers: auth, body: {} }), 405, 'method_not_allowed');
  assertError(await admin.get('/api/v1/persons/abc'), 404, 'not_found');
  assertError(await admin.get('/api/v1/persons/99999999'), 404, 'not_found');
});

test('security headers, no caching of personal data', async () => {
  const r = await admin.get('/api/v1/persons?page_size=1');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(r.headers.get('x-request-id'));
});

test('the UI is served, with index.html for client-side routes', async () => {
  const r = await raw('GET', '/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/html/);
  const deep = await raw('GET', '/persons/12');
  assert.equal(deep.status, 200);
  assert.equal(deep.text, r.text);
  // fetch() normalises '..' away, so send the raw request line ourselves.
  const reply = await rawHttp('GET /../../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(reply, /^HTTP\/1\.1 404/);
  assert.doesNotMatch(reply, /root:/);
  assertError(await raw('GET', '/assets/no-such-file.js'), 404, 'not_found');
});

test('many concurrent audited reads all succeed and are all in the chain', async () => {
  const before = Number(sql("SELECT count(*) FROM audit_log WHERE action = 'person.read'").trim());
  const ids = (await admin.get('/api/v1/persons?page_size=50')).json.items.map((p) => p.id);
  assert.equal(ids.length, 50);
  const results = await Promise.all(ids.concat(ids).map((id) => admin.get(`/api/v1/persons/${id}`)));
  assert.deepEqual(results.map((r) => r.status), ids.concat(ids).map(() => 200));
  const after = Number(sql("SELECT count(*) FROM audit_log WHERE action = 'person.read'").trim());
  assert.equal(after - before, ids.length * 2);
});
