// PostgreSQL restarted under a running `minzheng serve`: every write that
// was acknowledged (2xx) is still there afterwards, requests that meet the
// outage fail with a clear 503 `unavailable`, and the first requests after
// the server is back succeed (each worker connection is re-established).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { bearer, assertError, cli, sql, DB } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function restartPostgres(dir) {
  return new Promise((resolve, reject) => {
    const p = spawn('scripts/pg_server.sh', ['restart', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`pg_server.sh restart: exit ${code}: ${err}`))));
  });
}

test('restart PostgreSQL under serve: no acknowledged write lost, 503 during the outage, service resumes', { timeout: 180000 }, async (t) => {
  if (!DB.startsWith('postgres'))
    return t.skip('PostgreSQL-only: this tests reconnecting to a database server; the SQLite run has no server to restart');
  const pgDir = process.env.MZ_PG_DIR;
  assert.ok(pgDir, 'scripts/test.sh exports MZ_PG_DIR (the throwaway server\'s directory) for the postgres suite');

  const admin = await bearer('t_admin');
  const persons = (await admin.get('/api/v1/persons?page_size=3&sort=name')).json.items;
  assert.equal(persons.length, 3);
  const tag = `${process.pid % 1000}`.padStart(3, '0');

  let phase = 'before';   // before -> restarting -> after
  let stop = false;
  const acked = [];       // { kind, id, version?, phone?, reason? } of every 2xx write
  const unavailable = []; // 503 responses (each checked for the error shape)
  const unexpected = [];  // anything else
  const afterRestart = []; // statuses of requests sent once the server was back
  const attempted = [];    // writes that failed: they may or may not have committed

  function note(r, sentIn) {
    if (sentIn === 'after') afterRestart.push(r.status);
    if (r.status === 503) {
      unavailable.push(r);
      return false;
    }
    if (r.status >= 300) unexpected.push(`${r.status} ${r.text}`);
    return r.status < 300;
  }

  // Reads the current version; retries through the outage.
  async function version(id) {
    for (;;) {
      const sentIn = phase;
      const r = await admin.get(`/api/v1/persons/${id}`);
      if (note(r, sentIn)) return r.json.version;
      if (stop) return null;
      await sleep(50);
    }
  }

  async function patcher(p, w) {
    let v = await version(p.id);
    for (let i = 0; !stop; i++) {
      const phone = `139${w}${tag}${String(i).padStart(4, '0')}`;
      const sentIn = phase;
      const r = await admin.patch(`/api/v1/persons/${p.id}`, { phone, version: v, reason: '数据库重启测试：更新电话' });
      if (note(r, sentIn)) {
        assert.equal(r.json.phone, phone);
        acked.push({ kind: 'patch', id: p.id, version: r.json.version, phone });
        v = r.json.version;
      } else {
        // A 503 may come after the commit (the outcome is unknown to the
        // client): read the version again before the next change.
        attempted.push({ id: p.id, phone });
        v = await version(p.id);
        if (v === null) return;
      }
    }
  }
  async function revealer() {
    for (let i = 0; !stop; i++) {
      const reason = `数据库重启测试查看 ${tag}-${i}`;
      const sentIn = phase;
      const r = await admin.post(`/api/v1/persons/${persons[0].id}/reveal`, { reason });
      if (note(r, sentIn)) acked.push({ kind: 'reveal', reason });
      else if (r.status === 503) await sleep(20);
    }
  }

  const writers = [patcher(persons[0], 1), patcher(persons[1], 2), patcher(persons[2], 3), revealer()];
  while (acked.length < 30 && unexpected.length === 0) await sleep(20);
  const ackedBefore = acked.length;
  phase = 'restarting';
  await restartPostgres(pgDir);
  phase = 'after';
  // Let every writer get through several more requests on the new server.
  const deadline = Date.now() + 60000;
  while (afterRestart.filter((s) => s < 300).length < 20 && Date.now() < deadline && unexpected.length === 0) await sleep(20);
  stop = true;
  await Promise.all(writers);

  assert.deepEqual(unexpected, [], 'only 503 may fail');
  assert.ok(unavailable.length > 0, 'requests met the outage (else this test proved nothing)');
  for (const r of unavailable) assertError(r, 503, 'unavailable');
  assert.ok(afterRestart.length >= 20, `${afterRestart.length} requests after the restart`);
  assert.deepEqual(afterRestart.filter((s) => s !== 200), [], 'every request sent after the restart succeeds');
  assert.ok(acked.length > ackedBefore, 'writes were acknowledged after the restart');

  // Every acknowledged write is in the database (one query per table:
  // the history rows of the three persons, the reveals of this run).
  const ids = persons.map((p) => p.id).join(',');
  const history = new Map(sql(`SELECT entity_id || ':' || version || '|' || changes FROM registry_history WHERE entity = 'person' AND entity_id IN (${ids})`)
    .trim().split('\n').map((l) => [l.slice(0, l.indexOf('|')), l.slice(l.indexOf('|') + 1)]));
  const reveals = new Set(sql(`SELECT reason FROM audit_log WHERE action = 'person.reveal_id' AND reason LIKE '数据库重启测试查看 ${tag}-%'`).trim().split('\n'));
  for (const a of acked) {
    if (a.kind === 'patch') {
      const h = history.get(`${a.id}:${a.version}`);
      assert.ok(h && h.includes(a.phone), `acknowledged change to person ${a.id} version ${a.version} (${a.phone}) is missing`);
    } else {
      assert.ok(reveals.has(a.reason), `acknowledged reveal "${a.reason}" is missing from the audit log`);
    }
  }
  // Each person holds its last acknowledged phone, or a later attempt whose
  // 503 came after its commit, never an older value.
  for (const p of persons) {
    const mine = acked.filter((a) => a.kind === 'patch' && a.id === p.id);
    const last = mine[mine.length - 1];
    const now = sql(`SELECT phone || '|' || version FROM persons WHERE id = ${p.id}`).trim().split('|');
    const later = attempted.filter((a) => a.id === p.id).map((a) => a.phone);
    assert.ok(now[0] === last.phone || later.includes(now[0]), `person ${p.id}: phone ${now[0]}, last acknowledged ${last.phone}`);
    assert.ok(Number(now[1]) >= last.version);
  }
  // The audit chain survived appends cut off mid-transaction.
  const v = cli(['audit', 'verify', '--db', DB]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  t.diagnostic(`${acked.length} acknowledged writes (${ackedBefore} before the restart), ${unavailable.length} answered 503 during it, e.g. ${unavailable[0].json.error.message}`);
});
