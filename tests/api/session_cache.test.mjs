// The session cache (src/access/session.c, issue 18 item 2): a session the
// server has already resolved (and so holds in memory) is refused as soon as
// it is signed out, its user disabled or its password changed — by this
// server process or by another one on the same database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BIN, DB, raw, bearer, assertError, uniqueSuffix } from './lib.mjs';

async function newUser(admin) {
  const login = `c${uniqueSuffix()}`;
  const password = 'Cache0password';
  const r = await admin.post('/api/v1/users', { login, name: '缓存测试', role: 'street_caseworker', scope_code: '440105001', password });
  assert.equal(r.status, 201, r.text);
  return { login, id: r.json.id, password };
}

// Resolved twice: the second answer comes from the cache.
async function warm(client) {
  for (let i = 0; i < 2; i++) assert.equal((await client.get('/api/v1/session')).status, 200);
}

test('signed out: the cached token is refused at once', async () => {
  const admin = await bearer('t_admin');
  const u = await newUser(admin);
  const a = await bearer(u.login, u.password);
  const other = await bearer(u.login, u.password);
  await warm(a);
  await warm(other);
  assert.equal((await a.del('/api/v1/session')).status, 200);
  assertError(await a.get('/api/v1/session'), 401, 'unauthenticated');
  assert.equal((await other.get('/api/v1/session')).status, 200, 'the account\'s other session stays');
});

test('disabled: the cached token is refused at once', async () => {
  const admin = await bearer('t_admin');
  const u = await newUser(admin);
  const a = await bearer(u.login, u.password);
  await warm(a);
  const r = await admin.patch(`/api/v1/users/${u.id}`, { disabled: true });
  assert.equal(r.status, 200, r.text);
  assertError(await a.get('/api/v1/session'), 401, 'unauthenticated');
  assertError(await a.get('/api/v1/persons?page_size=1'), 401, 'unauthenticated');
});

test('a new password: the cached token is refused at once', async () => {
  const admin = await bearer('t_admin');
  const u = await newUser(admin);
  const a = await bearer(u.login, u.password);
  await warm(a);
  const r = await admin.patch(`/api/v1/users/${u.id}`, { password: 'Fresh0password' });
  assert.equal(r.status, 200, r.text);
  assertError(await a.get('/api/v1/session'), 401, 'unauthenticated');
});

test('a new role reaches the cached session', async () => {
  const admin = await bearer('t_admin');
  const u = await newUser(admin);
  const a = await bearer(u.login, u.password);
  await warm(a);
  const r = await admin.patch(`/api/v1/users/${u.id}`, { role: 'community_worker', scope_code: '440105001001' });
  assert.equal(r.status, 200, r.text);
  const s = await a.get('/api/v1/session');
  assert.equal(s.status, 200, s.text);
  assert.equal(s.json.user.role, 'community_worker');
  assert.equal(s.json.user.scope_code, '440105001001');
});

async function secondServer() {
  const srv = spawn(BIN, ['serve', '--db', DB, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    srv.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve(m[1]);
    });
    srv.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  const stop = async () => {
    if (srv.exitCode === null && srv.signalCode === null) {
      const exited = new Promise((r) => srv.once('exit', r));
      srv.kill('SIGTERM');
      await exited;
    }
  };
  return { base: `http://127.0.0.1:${port}`, stop };
}

test('two server processes on one database: a change made in one ends the session cached in the other', async () => {
  const second = await secondServer();
  try {
    const admin = await bearer('t_admin');
    const on2 = (token) => (path, method = 'GET') => fetch(second.base + path,
      { method, headers: { Authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, text: await r.text() }));
    const check = async (get, want, what) => {
      const r = await get('/api/v1/session');
      assert.equal(r.status, want, `${what}: ${r.text}`);
    };

    // Sign-out on the first server, the token cached on the second.
    const u1 = await newUser(admin);
    const a = await bearer(u1.login, u1.password);
    const a2 = on2(a.token);
    await check(a2, 200, 'before sign-out');
    await check(a2, 200, 'before sign-out, cached');
    assert.equal((await a.del('/api/v1/session')).status, 200);
    await check(a2, 401, 'signed out on the other server');

    // Disabled on the first server.
    const u2 = await newUser(admin);
    const b = await bearer(u2.login, u2.password);
    const b2 = on2(b.token);
    await check(b2, 200, 'before disable');
    await check(b2, 200, 'before disable, cached');
    assert.equal((await admin.patch(`/api/v1/users/${u2.id}`, { disabled: true })).status, 200);
    await check(b2, 401, 'disabled on the other server');

    // A new password set on the first server.
    const u3 = await newUser(admin);
    const c = await bearer(u3.login, u3.password);
    const c2 = on2(c.token);
    await check(c2, 200, 'before the new password');
    await check(c2, 200, 'before the new password, cached');
    assert.equal((await admin.patch(`/api/v1/users/${u3.id}`, { password: 'Other0password' })).status, 200);
    await check(c2, 401, 'password changed on the other server');

    // And the other way round: signed out on the second, refused by the first.
    const u4 = await newUser(admin);
    const d = await bearer(u4.login, u4.password);
    await warm(d);
    assert.equal((await on2(d.token)('/api/v1/session', 'DELETE')).status, 200);
    assertError(await d.get('/api/v1/session'), 401, 'unauthenticated');
    const again = await raw('GET', '/api/v1/session', { headers: { Authorization: `Bearer ${d.token}` } });
    assert.equal(again.status, 401);
  } finally {
    await second.stop();
  }
});
