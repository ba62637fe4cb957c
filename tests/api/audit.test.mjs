import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, cli, sql } from './lib.mjs';

let auditor;
before(async () => { auditor = await bearer('t_auditor'); });

test('audit verify passes on an untouched chain', async () => {
  const r = cli(['audit', 'verify']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^ok: \d+ records/);
  const api = await auditor.get('/api/v1/audit/verify');
  assert.equal(api.json.ok, true);
});

// Each tampering is undone afterwards, so the chain is whole again. These
// play on the chain 'city' (logins and administration: records with no
// division); tests/api/audit_chains.test.mjs plays on the districts' chains.
const CITY = "chain = 'city'";

test('an edited record is detected and named', () => {
  const seq = 3;
  const old = sql(`SELECT reason FROM audit_log WHERE ${CITY} AND seq = ${seq}`).trim();
  sql(`UPDATE audit_log SET reason = 'tampered' WHERE ${CITY} AND seq = ${seq}`);
  try {
    const r = cli(['audit', 'verify']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, new RegExp(`chain city, seq ${seq}: record was edited`));
  } finally {
    sql(`UPDATE audit_log SET reason = '${old.replace(/'/g, "''")}' WHERE ${CITY} AND seq = ${seq}`);
  }
  assert.equal(cli(['audit', 'verify']).status, 0);
});

test('a removed record is detected', () => {
  const seq = 5;
  sql(`CREATE TABLE audit_saved AS SELECT * FROM audit_log WHERE ${CITY} AND seq = ${seq}`);
  try {
    sql(`DELETE FROM audit_log WHERE ${CITY} AND seq = ${seq}`);
    const r = cli(['audit', 'verify']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /records 5\.\.5 are missing/);
  } finally {
    sql(`INSERT INTO audit_log SELECT * FROM audit_saved`);
    sql('DROP TABLE audit_saved');
  }
  assert.equal(cli(['audit', 'verify']).status, 0);
});

test('reordered records are detected', () => {
  // Swap the content of two records while keeping their sequence numbers.
  const cols = 'chain, at_ms, user_id, login, action, entity, entity_id, division_code, reason, detail, prev_hash, hash';
  sql(`CREATE TABLE audit_saved AS SELECT * FROM audit_log WHERE ${CITY} AND seq IN (7, 8)`);
  try {
    sql(`DELETE FROM audit_log WHERE ${CITY} AND seq IN (7, 8)`);
    sql(`INSERT INTO audit_log (seq, ${cols}) SELECT 15 - seq, ${cols} FROM audit_saved`);
    const r = cli(['audit', 'verify']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /chain city, seq 7: /);
  } finally {
    sql(`DELETE FROM audit_log WHERE ${CITY} AND seq IN (7, 8)`);
    sql(`INSERT INTO audit_log SELECT * FROM audit_saved`);
    sql('DROP TABLE audit_saved');
  }
  assert.equal(cli(['audit', 'verify']).status, 0);
});

test('removing the newest records is detected through the head', () => {
  const max = Number(sql(`SELECT max(seq) FROM audit_log WHERE ${CITY}`).trim());
  sql(`CREATE TABLE audit_saved AS SELECT * FROM audit_log WHERE ${CITY} AND seq = ${max}`);
  try {
    sql(`DELETE FROM audit_log WHERE ${CITY} AND seq = ${max}`);
    const r = cli(['audit', 'verify']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /newest records were removed/);
  } finally {
    sql(`INSERT INTO audit_log SELECT * FROM audit_saved`);
    sql('DROP TABLE audit_saved');
  }
});

test('auditors search by action, user and date', async () => {
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const r = await auditor.get(`/api/v1/audit?action=login&from=${today}&to=${today}&page_size=5`);
  assert.equal(r.status, 200);
  assert.ok(r.json.items.length > 0);
  assert.ok(r.json.items.every((x) => x.action === 'login'));
  const bad = await auditor.get('/api/v1/audit?from=2026-13-01');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.field, 'from');
});
