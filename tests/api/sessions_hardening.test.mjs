// Sessions and passwords as issue 11 (item 4) asks: a new password ends the
// account's other sessions; unknown logins are counted and locked exactly
// like known ones; a user outside the caller's reach is "not found" with no
// login named; weak passwords are refused; the cookie is Secure behind TLS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BIN, DB, raw, bearer, assertError, uniqueSuffix } from './lib.mjs';

async function newUser(admin, password = 'Start0password') {
  const login = `s${uniqueSuffix()}`;
  const r = await admin.post('/api/v1/users', { login, name: '会话测试', role: 'street_caseworker', scope_code: '440105001', password });
  assert.equal(r.status, 201, r.text);
  return { login, id: r.json.id, password };
}

test('a new password ends the other sessions of the account', async () => {
  const admin = await bearer('t_admin');
  const u = await newUser(admin);
  const a = await bearer(u.login, u.password);
  const b = await bearer(u.login, u.password);
  assert.equal((await b.get('/api/v1/session')).status, 200);
  const ch = await a.patch(`/api/v1/users/${u.id}`, { password: 'Second0password' });
  assert.equal(ch.status, 200, ch.text);
  assert.equal((await a.get('/api/v1/session')).status, 200, 'the session that changed it stays');
  assertError(await b.get('/api/v1/session'), 401, 'unauthenticated');
  // An administrator's reset ends them all.
  const r = await admin.patch(`/api/v1/users/${u.id}`, { password: 'Third0password' });
  assert.equal(r.status, 200, r.text);
  assertError(await a.get('/api/v1/session'), 401, 'unauthenticated');
});

test('unknown logins lock after five failures, as accounts do', async () => {
  const admin = await bearer('t_admin');
  const known = await newUser(admin);
  const unknown = `nobody${uniqueSuffix()}`;
  const answers = async (login) => {
    const out = [];
    for (let i = 0; i < 6; i++) {
      const r = await raw('POST', '/api/v1/session', { body: { login, password: `wrong-pass-${i}` } });
      out.push(`${r.status} ${r.json.error.code}`);
    }
    return out;
  };
  const k = await answers(known.login);
  const u = await answers(unknown);
  assert.deepEqual(k, ['401 unauthenticated', '401 unauthenticated', '401 unauthenticated', '401 unauthenticated',
    '423 account_locked', '423 account_locked']);
  assert.deepEqual(u, k, 'an unknown login answers exactly like a known one');
});

test('a user outside the caller reach is not found, and its login is not named', async () => {
  const officer = await bearer('t_haizhu_officer');
  const admin = await bearer('t_admin');
  const t = (await admin.get('/api/v1/users')).json.items.find((x) => x.login === 't_tianhe');
  const r = await officer.patch(`/api/v1/users/${t.id}`, { disabled: true });
  assertError(r, 404, 'not_found');
  assert.ok(!r.text.includes('t_tianhe'), r.text);
});

test('passwords: at least ten characters, not a common one', async () => {
  const admin = await bearer('t_admin');
  for (const password of ['Abc1234567'.slice(0, 9), 'Password123', 'qwerty1234', 'WOAINI1314']) {
    const r = await admin.post('/api/v1/users', { login: `p${uniqueSuffix()}`, name: '弱密码', role: 'street_caseworker', scope_code: '440105001', password });
    assertError(r, 400, 'invalid_argument', 'password');
  }
  await newUser(admin, 'Haizhu0street7');
});

test('the session cookie is Secure behind a TLS proxy that says so, not otherwise', async () => {
  const login = { body: { login: 't_auditor', password: process.env.MZ_TEST_AUDITOR_PASSWORD } };
  const plain = await raw('POST', '/api/v1/session', { ...login, headers: { 'X-Forwarded-Proto': 'https' } });
  assert.equal(plain.status, 201, plain.text);
  assert.ok(!/;\s*Secure/i.test(plain.headers.get('set-cookie')), 'not trusted without --trust-proxy');

  const srv = spawn(BIN, ['serve', '--db', DB, '--port', '0', '--quiet', '--trust-proxy'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const port = await new Promise((resolve, reject) => {
      let out = '';
      srv.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
        if (m) resolve(m[1]);
      });
      srv.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
    });
    const post = (headers) => fetch(`http://127.0.0.1:${port}/api/v1/session`, { method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(login.body) });
    const viaTls = await post({ 'X-Forwarded-Proto': 'https' });
    assert.equal(viaTls.status, 201);
    assert.match(viaTls.headers.get('set-cookie'), /;\s*Secure/i);
    const viaHttp = await post({});
    assert.ok(!/;\s*Secure/i.test(viaHttp.headers.get('set-cookie')));
  } finally {
    if (srv.exitCode === null && srv.signalCode === null) {
      const exited = new Promise((r) => srv.once('exit', r));
      srv.kill('SIGTERM');
      await exited;
    }
  }
});
