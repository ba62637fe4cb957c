// A few server threads serve many connections (issue 18, item 4): an
// audited request does not hold its thread while its record commits; its
// connection is suspended and its response kept until the record is
// durable (src/http/http.c, src/store/group_commit.h). What a user relies
// on: with far more connections than threads every audited read is
// answered and every answered read has its record, also when the server is
// killed mid-load (no read answered without its record); and a record that
// does not commit turns the kept answer into an error.
// Each test starts its own server on the suite's database with --threads 2.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BIN, DB, bearer, sql, uniqueSuffix } from './lib.mjs';

const THREADS = 2;
const CONNS = 48; // clients at once, each on its own connection

let admin, ids;
before(async () => {
  admin = await bearer('t_admin');
  const list = await admin.get('/api/v1/persons?division=440105&page_size=50');
  assert.equal(list.status, 200, list.text);
  ids = list.json.items.map((p) => p.id);
  assert.ok(ids.length >= 20, 'persons to read');
});

// A server of our own (it may be killed); env adds to the suite's.
async function ownServer(env = {}) {
  const srv = spawn(BIN, ['serve', '--db', DB, '--port', '0', '--threads', String(THREADS), '--quiet'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let log = '';
  srv.stderr.on('data', (d) => { log += d; });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    srv.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve(m[1]);
    });
    srv.on('exit', (code) => reject(new Error(`serve exited ${code}: ${log}`)));
  });
  const exited = new Promise((r) => srv.once('exit', r));
  // A clean stop also says the server drained its suspended connections
  // (libmicrohttpd must not stop with one) without a sanitizer report.
  const stop = async (signal = 'SIGTERM') => {
    if (srv.exitCode === null && srv.signalCode === null) srv.kill(signal);
    const code = await exited;
    if (signal === 'SIGTERM') {
      assert.equal(code, 0, log);
      assert.doesNotMatch(log, /Sanitizer|runtime error/, log);
    }
  };
  return { base: `http://127.0.0.1:${port}`, stop, log: () => log };
}

// A reader of our own, so its records are counted apart from the suite's.
async function newReader(base) {
  const login = `sus${uniqueSuffix()}`;
  const password = 'Suspend0reader';
  const r = await admin.post('/api/v1/users', { login, name: '挂起测试', role: 'city_admin', scope_code: '440100', password });
  assert.equal(r.status, 201, r.text);
  const s = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password, bearer: true }),
  });
  assert.equal(s.status, 201);
  const token = (await s.json()).token;
  const get = async (path) => {
    const res = await fetch(base + path, { headers: { Authorization: `Bearer ${token}` } });
    const text = await res.text();
    return { status: res.status, text, json: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : null };
  };
  return { login, get };
}

// person id -> person.read records of login.
function recordsOf(login) {
  const rows = sql(`SELECT entity_id, count(*) FROM audit_log WHERE login = '${login}' AND action = 'person.read' GROUP BY entity_id`);
  const m = new Map();
  for (const line of rows.trim().split('\n').filter(Boolean)) {
    const [id, n] = line.split('|');
    m.set(Number(id), Number(n));
  }
  return m;
}

test(`${CONNS} connections on ${THREADS} threads: every audited read is answered and recorded`, async () => {
  const srv = await ownServer();
  try {
    const reader = await newReader(srv.base);
    const ROUNDS = 5;
    const answered = new Map();
    await Promise.all(Array.from({ length: CONNS }, async (_, k) => {
      for (let r = 0; r < ROUNDS; r++) {
        const id = ids[(k * ROUNDS + r) % ids.length];
        const res = await reader.get(`/api/v1/persons/${id}`);
        assert.equal(res.status, 200, res.text);
        assert.equal(res.json.id, id);
        answered.set(id, (answered.get(id) || 0) + 1);
      }
    }));
    const recorded = recordsOf(reader.login);
    assert.deepEqual([...recorded.entries()].sort((a, b) => a[0] - b[0]),
      [...answered.entries()].sort((a, b) => a[0] - b[0]), 'one record for each read answered');
  } finally {
    await srv.stop();
  }
});

test('killed mid-load: no read was answered without its record', async () => {
  const srv = await ownServer();
  const answered = new Map();
  let total = 0;
  let killed = false;
  const reader = await newReader(srv.base);
  const clients = Array.from({ length: CONNS }, async (_, k) => {
    for (let r = 0; !killed; r++) {
      const id = ids[(k + r * CONNS) % ids.length];
      let res;
      try {
        res = await reader.get(`/api/v1/persons/${id}`);
      } catch {
        return; // the server is gone
      }
      assert.equal(res.status, 200, res.text);
      answered.set(id, (answered.get(id) || 0) + 1);
      if (++total >= 300 && !killed) {
        killed = true;
        await srv.stop('SIGKILL');
      }
    }
  });
  await Promise.all(clients);
  await srv.stop('SIGKILL');
  assert.ok(total >= 300, `reads answered before the kill: ${total}`);
  const recorded = recordsOf(reader.login);
  for (const [id, n] of answered) {
    assert.ok((recorded.get(id) || 0) >= n, `person ${id}: ${n} reads answered, ${recorded.get(id) || 0} recorded`);
  }
});

test('a record that does not commit turns the kept answer into an error', async () => {
  const srv = await ownServer({ MZ_FAULT_ENABLE: '1' });
  try {
    const reader = await newReader(srv.base);
    const a = await fetch(`${srv.base}/api/v1/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: 't_admin', password: process.env.MZ_TEST_PASSWORD, bearer: true }),
    });
    const token = (await a.json()).token;
    const id = ids[0];
    // Warm the reader's session, so the next commit is the read's record.
    assert.equal((await reader.get(`/api/v1/persons/${id}`)).status, 200);
    const before = recordsOf(reader.login).get(id) || 0;
    const arm = await fetch(`${srv.base}/api/v1/test/fault`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ at: 1, kind: 'commit' }),
    });
    assert.equal(arm.status, 200, await arm.text());
    const res = await reader.get(`/api/v1/persons/${id}`);
    assert.equal(res.status, 500, res.text);
    assert.equal(res.json.error.code, 'storage_error', res.text);
    assert.doesNotMatch(res.text, /id_number|name/, 'nothing of the person in the error');
    assert.equal(recordsOf(reader.login).get(id) || 0, before, 'no record of the refused read');
    assert.match(srv.log(), /audit record not stored; the response is withheld/);
    // The next read commits again.
    assert.equal((await reader.get(`/api/v1/persons/${id}`)).status, 200);
    assert.equal(recordsOf(reader.login).get(id) || 0, before + 1);
  } finally {
    await srv.stop();
  }
});
