// The keyed audit chain (issue 11, item 2). The chain is HMAC-SHA-256 under a
// key kept outside the database, with signed checkpoints kept outside it too.
// Each attack is played on a restored copy of the live database, with the
// engine's own client, as someone with write access to the database (and
// not to the key) would: rewrite from a middle record and rehash, cut the
// newest records and fix the head, empty the log. `audit verify` must name
// each one; the checkpoints are served signed for an archive to keep.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, DB, bearer, cli, uniqueSuffix, sqliteArgs } from './lib.mjs';

const PG = DB.startsWith('postgres');
const dir = mkdtempSync(join(tmpdir(), 'mz-chain-'));
const dropped = [];
const ZERO = '0'.repeat(64);
const CITY = "chain = 'city'";

function pgUrl(name) { const u = new URL(DB); u.pathname = '/' + name; return u.toString(); }
function sqlAt(url, statement) {
  if (url.startsWith('postgres')) return execFileSync('psql', [url, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', sqliteArgs(url, statement), { encoding: 'utf8' }).trim();
}
// A restored copy of the live database, to attack.
function copy(name) {
  const file = join(dir, `${name}.bak`);
  let r = cli(['backup', '--db', DB, '--out', file]);
  assert.equal(r.status, 0, r.stderr);
  let target = `sqlite:${join(dir, `${name}.db`)}`;
  if (PG) {
    const db = `mz_chain_${name}_${process.pid}`;
    execFileSync('psql', [pgUrl('postgres'), '-qAtX', '-c', `DROP DATABASE IF EXISTS ${db}`, '-c', `CREATE DATABASE ${db}`]);
    dropped.push(db);
    target = pgUrl(db);
  }
  r = cli(['restore', '--db', target, '--in', file]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return target;
}
const verify = (url) => cli(['audit', 'verify', '--db', url]);
// The old, unkeyed link: what an attacker without the key can compute.
function sha(prev, row) {
  const h = createHash('sha256');
  const put = (s) => { const b = Buffer.from(s ?? '', 'utf8'); h.update(`${b.length}:`); h.update(b); };
  put(prev); put(`${row.seq}/${row.at_ms}/${row.user_id}`);
  for (const k of ['login', 'action', 'entity', 'entity_id', 'division_code', 'reason', 'detail']) put(row[k]);
  return h.digest('hex');
}
after(() => {
  for (const d of dropped) { try { execFileSync('psql', [pgUrl('postgres'), '-qAtX', '-c', `DROP DATABASE IF EXISTS ${d}`]); } catch { /* best effort */ } }
  rmSync(dir, { recursive: true, force: true });
});

test('the key lives outside the database, readable by its owner only; checkpoints are signed and served', async () => {
  const key = process.env.MZ_AUDIT_KEY;
  assert.ok(key, 'scripts/test.sh sets MZ_AUDIT_KEY');
  assert.equal(statSync(key).mode & 0o777, 0o600);
  assert.ok(Number(sqlAt(DB, "SELECT keyed_from FROM audit_head WHERE chain = 'city'")) > 0, 'the live chain is keyed');
  assert.equal(sqlAt(DB, 'SELECT count(*) FROM audit_head WHERE keyed_from = 0'), '0', 'every chain is keyed');
  const cp = cli(['audit', 'checkpoint']);
  assert.equal(cp.status, 0, cp.stderr);
  assert.match(cp.stdout, /^checkpoint: \d+ chains, \d+ records/);
  // Every chain's head is signed: the city's and the districts'.
  assert.match(cp.stdout, /^chain city: seq \d+, hash [0-9a-f]{64}$/m);
  assert.match(cp.stdout, /^chain 440105: seq \d+, hash [0-9a-f]{64}$/m);
  const auditor = await bearer(process.env.MZ_TEST_AUDITOR_LOGIN, process.env.MZ_TEST_AUDITOR_PASSWORD);
  const r = await auditor.get('/api/v1/audit/checkpoints');
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.public_key, /^[0-9a-f]{64}$/);
  assert.ok(r.json.items.length >= 1 && r.json.items.every((x) => /^[0-9a-f]{128}$/.test(x.signature)));
  const last = r.json.items.at(-1);
  assert.equal(last.version, 2);
  assert.deepEqual(last.chains.map((x) => x.chain), [...last.chains.map((x) => x.chain)].sort());
  const caseworker = await bearer('t_haizhu');
  assert.equal((await caseworker.get('/api/v1/audit/checkpoints')).status, 403);
});

test('rewriting from a middle record and rehashing is caught', async () => {
  const admin = await bearer('t_admin');
  const p = (await admin.get('/api/v1/persons?page_size=1')).json.items[0];
  for (let i = 0; i < 3; i++) assert.equal((await admin.get(`/api/v1/persons/${p.id}`)).status, 200);
  const url = copy(`rewrite${uniqueSuffix()}`);
  assert.equal(verify(url).status, 0, 'the copy verifies before the attack');
  // On the chain 'city', which links records as the single chain did.
  const head = Number(sqlAt(url, `SELECT seq FROM audit_head WHERE ${CITY}`));
  const k = head - 2;
  sqlAt(url, `UPDATE audit_log SET reason = '篡改的理由' WHERE ${CITY} AND seq = ${k}`);
  // Rehash from k to the end and fix the head, as the old chain allowed.
  const cols = ['seq', 'at_ms', 'user_id', 'login', 'action', 'entity', 'entity_id', 'division_code', 'reason', 'detail'];
  let prev = sqlAt(url, `SELECT hash FROM audit_log WHERE ${CITY} AND seq = ${k - 1}`);
  for (let s = k; s <= head; s++) {
    const row = JSON.parse(sqlAt(url, PG
      ? `SELECT row_to_json(t) FROM (SELECT ${cols.join(', ')} FROM audit_log WHERE ${CITY} AND seq = ${s}) t`
      : `SELECT json_object(${cols.map((c) => `'${c}', ${c}`).join(', ')}) FROM audit_log WHERE ${CITY} AND seq = ${s}`));
    const h = sha(prev, row);
    sqlAt(url, `UPDATE audit_log SET prev_hash = '${prev}', hash = '${h}' WHERE ${CITY} AND seq = ${s}`);
    prev = h;
  }
  sqlAt(url, `UPDATE audit_head SET hash = '${prev}' WHERE ${CITY}`);
  const v = verify(url);
  assert.equal(v.status, 1, v.stdout);
  assert.match(v.stdout, new RegExp(`chain city, seq ${k}: record was edited \\(keyed hash mismatch\\)`));
});

test('cutting the newest records and fixing the head is caught by the checkpoint', async () => {
  // Records on Haizhu's chain (440105) before the checkpoint.
  const admin = await bearer('t_admin');
  const ids = (await admin.get('/api/v1/persons?division=440105&page_size=5')).json.items.map((x) => x.id);
  for (const id of ids) assert.equal((await admin.get(`/api/v1/persons/${id}`)).status, 200);
  const cp = cli(['audit', 'checkpoint']);
  assert.equal(cp.status, 0, cp.stderr);
  const cpSeq = Number(cp.stdout.match(/^chain 440105: seq (\d+)/m)[1]);
  const url = copy(`cut${uniqueSuffix()}`);
  assert.equal(verify(url).status, 0);
  // A district's chain, cut and its head fixed.
  const D = "chain = '440105'";
  const keep = cpSeq - 3;
  sqlAt(url, `DELETE FROM audit_log WHERE ${D} AND seq > ${keep}`);
  const last = sqlAt(url, `SELECT hash FROM audit_log WHERE ${D} AND seq = ${keep}`);
  sqlAt(url, `UPDATE audit_head SET seq = ${keep}, hash = '${last}' WHERE ${D}`);
  const v = verify(url);
  assert.equal(v.status, 1, v.stdout);
  assert.match(v.stdout, new RegExp(`chain 440105, seq \\d+: the chain ends at ${keep}, before the signed checkpoint at \\d+`));
  // A district's chain removed whole, head and records: the checkpoint names it.
  const url2 = copy(`drop${uniqueSuffix()}`);
  sqlAt(url2, `DELETE FROM audit_log WHERE ${D}`);
  sqlAt(url2, `DELETE FROM audit_head WHERE ${D}`);
  const v2 = verify(url2);
  assert.equal(v2.status, 1, v2.stdout);
  assert.match(v2.stdout, /chain 440105, seq \d+: the chain has no head, but the checkpoint of .* signed it/);
});

test('emptying the log is caught', async () => {
  const url = copy(`empty${uniqueSuffix()}`);
  sqlAt(url, 'DELETE FROM audit_log');
  sqlAt(url, `UPDATE audit_head SET seq = 0, hash = '${ZERO}'`); // every chain's
  const v = verify(url);
  assert.equal(v.status, 1, v.stdout);
  assert.match(v.stdout, /the chain ends at 0, before the signed checkpoint/);
  // Undoing the key mark, to pass plain hashes off, is caught too.
  const url2 = copy(`unkey${uniqueSuffix()}`);
  sqlAt(url2, "UPDATE audit_head SET keyed_from = 0, key_id = ''");
  const v2 = cli(['audit', 'verify', '--db', url2]);
  assert.notEqual(v2.status, 0, v2.stdout);
});
