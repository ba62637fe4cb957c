// Shared helpers for the API end-to-end tests: they run against a real
// `minzheng serve` started by scripts/test.sh (BASE_URL, MZ_BIN, MZ_DB).
import { execFileSync, spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { checkResponse } from './openapi_check.mjs';

export const BASE = process.env.BASE_URL;
export const BIN = process.env.MZ_BIN;
export const DB = process.env.MZ_DB;
export const PASSWORD = process.env.MZ_TEST_PASSWORD;
if (!BASE || !BIN || !DB) throw new Error('run through scripts/test.sh (BASE_URL, MZ_BIN, MZ_DB)');

export async function raw(method, path, { headers = {}, body, rawBody } = {}) {
  const h = { ...headers };
  let payload = rawBody;
  if (body !== undefined) { h['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  const res = await fetch(BASE + path, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  // Every 2xx answer is checked against its route's declared response schema.
  await checkResponse(BASE, method, path, res, text, json);
  return { status: res.status, json, text, headers: res.headers };
}

// A bearer-token client.
export async function bearer(login, password = PASSWORD) {
  const r = await raw('POST', '/api/v1/session', { body: { login, password, bearer: true } });
  assert.equal(r.status, 201, `login ${login}: ${r.text}`);
  const auth = { Authorization: `Bearer ${r.json.token}` };
  return {
    user: r.json.user,
    token: r.json.token,
    get: (p) => raw('GET', p, { headers: auth }),
    post: (p, body) => raw('POST', p, { headers: auth, body }),
    patch: (p, body) => raw('PATCH', p, { headers: auth, body }),
    del: (p, body) => raw('DELETE', p, { headers: auth, body }),
  };
}

// A cookie session, as the browser UI uses it (CSRF token in a header).
export async function cookieSession(login, password = PASSWORD) {
  const r = await raw('POST', '/api/v1/session', { body: { login, password } });
  assert.equal(r.status, 201, `login ${login}: ${r.text}`);
  const setCookie = r.headers.get('set-cookie');
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  const cookie = setCookie.split(';')[0];
  return { cookie, csrf: r.json.csrf_token, user: r.json.user };
}

export function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.text);
  assert.ok(r.json && r.json.error, `error body expected: ${r.text}`);
  assert.equal(r.json.error.code, code, r.text);
  assert.equal(typeof r.json.error.message, 'string');
  assert.equal(typeof r.json.error.message_zh, 'string');
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text);
}

export function cli(args, input) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', env: { ...process.env, MINZHENG_DB: DB } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Runs SQL against the test database with the engine's own client.
export function sql(statement) {
  if (DB.startsWith('postgres')) {
    return execFileSync('psql', [DB, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', statement], { encoding: 'utf8' });
  }
  return execFileSync('sqlite3', sqliteArgs(DB, statement), { encoding: 'utf8' });
}

// The sqlite3 command line for a database: the server writes in the
// background (the job runner), so wait for its lock as the server's own
// connections do instead of failing at once; and the audit log's own file
// ("<path>-audit", src/store/sqlite_audit_file.h) attached, so audit_log and
// audit_head are found by name as the server's migrations find them.
export function sqliteArgs(url, statement) {
  const path = url.replace(/^sqlite:/, '');
  const args = ['-cmd', '.timeout 10000'];
  if (existsSync(`${path}-audit`)) args.push('-cmd', `ATTACH '${path.replace(/'/g, "''")}-audit' AS audit`);
  return [...args, path, statement];
}

export function uniqueSuffix() {
  return `${Date.now() % 100000}${Math.floor(Math.random() * 1000)}`;
}

// The test clock (src/http/api_clock.c; the server runs with MZ_TEST_CLOCK=1):
// the server's "now" becomes real time plus offsetSeconds, for the job
// runner, deadlines and sessions alike. Sessions opened before a move
// forward of more than their idle limit end: log in again after a move.
// A test that moves the clock puts it back (setClock(0)) in its after().
export async function setClock(offsetSeconds) {
  const admin = await bearer(process.env.MZ_TEST_LOGIN || 't_admin');
  const r = await admin.post('/api/v1/test/clock', { offset_seconds: offsetSeconds });
  assert.equal(r.status, 200, r.text);
  return r.json; // { enabled, offset_seconds, now, today }
}
export const DAY = 86400;

// Asks the job runner to run a job and waits until it has run once more
// (GET /api/v1/jobs shows its runs); returns its row. MZ_TEST_JOB_WAIT_MS
// raises the wait for a slow deployment (scripts/citus_api.sh sets it: a
// job's run is a stream of two-phase commits on a Citus cluster); it never
// shortens a wait a test asks for.
const JOB_WAIT_MS = Number(process.env.MZ_TEST_JOB_WAIT_MS) || 0;
export async function runJob(name, asked = 20000) {
  const timeoutMs = Math.max(asked, JOB_WAIT_MS);
  const admin = await bearer(process.env.MZ_TEST_LOGIN || 't_admin');
  const row = async () => (await admin.get('/api/v1/jobs')).json.items.find((j) => j.name === name);
  const before = await row();
  assert.ok(before, `job ${name} is not registered`);
  const r = await admin.post(`/api/v1/jobs/${name}/run`, {});
  assert.equal(r.status, 202, r.text);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const now = await row();
    if (now.runs > before.runs && !now.running) return now;
    if (Date.now() > until) throw new Error(`job ${name} did not run within ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

// Runs events.deliver until a run finds nothing to do: the demo city leaves
// its year's events to the server, and their subscribers (the safety net's
// work orders, the bell's notices) write while they drain. A test that
// reads a whole list twice and compares waits for this first.
export async function drainEvents(tries = 10) {
  for (let i = 0; i < tries; i++) {
    const j = await runJob('events.deliver');
    if (/^0 new events, 0 deliveries done/.test(j.last_result)) return j;
  }
  throw new Error(`events.deliver still had work after ${tries} runs`);
}
