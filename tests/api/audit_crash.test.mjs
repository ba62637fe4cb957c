// kill -9 of a server in the middle of audited writes and reads: every
// write it answered is there with exactly one audit record, every read it
// answered has exactly one record, no record names a write that is not
// there, and the chain verifies. On SQLite this crosses the audit log's own
// file (src/access/audit_store.h): a write's record waits in pending_audit
// until it is moved into the chain after the commit, so a kill can fall
// between the two; the next start (any command) moves what was left.
// The server killed is a second one, on a restored copy of the suite's
// database (the kill must not take the suite's server down).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DB, cli, sqliteArgs, uniqueSuffix } from './lib.mjs';
import { makeId } from './world.mjs';

const PG = DB.startsWith('postgres');
const dir = mkdtempSync(join(tmpdir(), 'mz-audit-crash-'));
const dropped = [];
let server = null;

function pgUrl(name) { const u = new URL(DB); u.pathname = '/' + name; return u.toString(); }
function sqlAt(url, statement) {
  if (url.startsWith('postgres')) return execFileSync('psql', [url, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', sqliteArgs(url, statement), { encoding: 'utf8' }).trim();
}
after(() => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  for (const d of dropped) { try { execFileSync('psql', [pgUrl('postgres'), '-qAtX', '-c', `DROP DATABASE IF EXISTS ${d} WITH (FORCE)`]); } catch { /* best effort */ } }
  rmSync(dir, { recursive: true, force: true });
});

function copyOfSuiteDb() {
  const file = join(dir, 'suite.bak');
  let r = cli(['backup', '--db', DB, '--out', file]);
  assert.equal(r.status, 0, r.stderr);
  let target = `sqlite:${join(dir, 'crash.db')}`;
  if (PG) {
    const db = `mz_audit_crash_${process.pid}`;
    execFileSync('psql', [pgUrl('postgres'), '-qAtX', '-c', `DROP DATABASE IF EXISTS ${db}`, '-c', `CREATE DATABASE ${db}`]);
    dropped.push(db);
    target = pgUrl(db);
  }
  r = cli(['restore', '--db', target, '--in', file]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return target;
}

// Starts `minzheng serve` on url; resolves with its base URL.
function serve(url) {
  server = spawn(BIN, ['serve', '--db', url, '--port', '0', '--quiet', '--policy', process.env.MZ_POLICY_DIR_UNDER_TEST],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`serve exited (${code}) before listening`)));
  });
}

async function call(base, method, path, token, body) {
  const res = await fetch(base + path, {
    method, body: body && JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json };
}

test('kill -9 mid-load: every answered write and read has exactly one audit record, and the chain verifies', async () => {
  const url = copyOfSuiteDb();
  const base = await serve(url);
  const login = await call(base, 'POST', '/api/v1/session', null, { login: 't_admin', password: process.env.MZ_TEST_PASSWORD, bearer: true });
  assert.equal(login.status, 201);
  const token = login.json.token;
  const someone = (await call(base, 'GET', '/api/v1/persons?page_size=1', token)).json.items[0];
  const community = (await call(base, 'GET', '/api/v1/divisions?parent=440105001', token)).json.items[0].code;
  const run = uniqueSuffix();
  const created = [], revealed = [];
  let k = 0, stop = false;

  // Workers write (a new person: the row and its record in one transaction)
  // and read (an ID number revealed with a reason of its own: a record
  // through the group commit) until the server is gone.
  async function worker(w) {
    while (!stop) {
      const i = k++;
      try {
        if (i % 2 === 0) {
          const d = new Date(Date.UTC(1950, 0, 1) + (i % 9000) * 86400000);
          const id_number = makeId('440105', d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), (Number(run) + i) % 1000);
          const r = await call(base, 'POST', '/api/v1/persons', token, { id_number, name: `崩溃测试${w}`, division_code: community, reason: `崩溃测试 ${run}` });
          if (r.status === 201) created.push(String(r.json.id));
        } else {
          const reason = `崩溃测试核对 ${run}-${i}`;
          const r = await call(base, 'POST', `/api/v1/persons/${someone.id}/reveal`, token, { reason });
          if (r.status === 200) revealed.push(reason);
        }
      } catch { /* the server was killed under this request */ }
    }
  }
  const workers = Array.from({ length: 8 }, (_, w) => worker(w));
  // The kill comes once enough was answered, with requests in flight.
  while (created.length < 60 || revealed.length < 60) await new Promise((r) => setTimeout(r, 5));
  server.kill('SIGKILL');
  await new Promise((r) => (server.exitCode !== null || server.signalCode ? r() : server.on('exit', r)));
  stop = true;
  await Promise.all(workers);

  // Any command starts the store as the server does: what was left pending
  // is moved now (and a second start moves nothing twice).
  for (let i = 0; i < 2; i++) {
    const v = cli(['audit', 'verify', '--db', url]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
  }
  const creates = sqlAt(url, `SELECT entity_id FROM audit_log WHERE action = 'person.create' AND reason = '崩溃测试 ${run}'`).split('\n').filter(Boolean);
  const counts = new Map();
  for (const id of creates) counts.set(id, (counts.get(id) || 0) + 1);
  for (const id of created) assert.equal(counts.get(id), 1, `answered write ${id} has ${counts.get(id) || 0} records`);
  // A record names a person that is there (no record of a change rolled back).
  for (const id of counts.keys()) {
    assert.equal(counts.get(id), 1, `person ${id}: one record`);
    assert.equal(sqlAt(url, `SELECT count(*) FROM persons WHERE id = ${Number(id)}`), '1', `person ${id} of a record is there`);
  }
  const reveals = sqlAt(url, `SELECT reason FROM audit_log WHERE action = 'person.reveal_id' AND reason LIKE '崩溃测试核对 ${run}-%'`).split('\n').filter(Boolean);
  const rc = new Map();
  for (const r of reveals) rc.set(r, (rc.get(r) || 0) + 1);
  for (const r of revealed) assert.equal(rc.get(r), 1, `answered read "${r}" has ${rc.get(r) || 0} records`);
  assert.ok(created.length >= 60 && revealed.length >= 60);
});
