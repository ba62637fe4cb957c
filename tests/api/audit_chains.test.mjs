// The audit log as one chain per district (issue 12 item 2, issue 18 item
// 1): a record is linked on the chain of its district (the first six digits
// of its division code), records with no division on 'city'; each chain has
// its own head. Reads and writes of several districts at once all land,
// each on its chain, and the chains verify; a break is reported by chain
// and sequence number, by the CLI and the audit API alike.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, cli, sql } from './lib.mjs';

let admin, auditor;
const heads = () => Object.fromEntries(sql('SELECT chain, seq FROM audit_head').trim().split('\n')
  .map((l) => l.split('|')).map(([c, s]) => [c, Number(s)]));
const personsOf = async (division, n) => {
  const r = await admin.get(`/api/v1/persons?division=${division}&page_size=${n}`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length >= 2, `persons of ${division}`);
  return r.json.items;
};

before(async () => {
  admin = await bearer('t_admin');
  auditor = await bearer('t_auditor');
});

test('reads and writes of several districts at once land on their own chains', async () => {
  const haizhu = await personsOf('440105', 6);
  const tianhe = await personsOf('440106', 6);
  const h0 = heads();
  // Reads of both districts interleaved (one group commit holds records of
  // both chains), and one write in each district at the same time.
  const reads = [];
  for (let i = 0; i < 6; i++) {
    if (haizhu[i]) reads.push(admin.get(`/api/v1/persons/${haizhu[i].id}`));
    if (tianhe[i]) reads.push(admin.get(`/api/v1/persons/${tianhe[i].id}`));
  }
  const write = async (p) => {
    const cur = await admin.get(`/api/v1/persons/${p.id}`);
    return admin.patch(`/api/v1/persons/${p.id}`, { phone: '13800138001', reason: '居民来电更新', version: cur.json.version });
  };
  const results = await Promise.all([...reads, write(haizhu[0]), write(tianhe[0])]);
  for (const r of results) assert.equal(r.status, 200, r.text);
  const h1 = heads();
  const nh = Math.min(6, haizhu.length), nt = Math.min(6, tianhe.length);
  // Each read once, plus the write's own read and update, on its district's chain.
  assert.ok(h1['440105'] - (h0['440105'] ?? 0) >= nh + 2, JSON.stringify({ h0, h1 }));
  assert.ok(h1['440106'] - (h0['440106'] ?? 0) >= nt + 2, JSON.stringify({ h0, h1 }));
  // Every record of these persons is on the chain its division names.
  const ids = [...haizhu, ...tianhe].map((p) => `'${p.id}'`).join(', ');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE entity = 'person' AND entity_id IN (${ids})`
    + " AND chain <> substr(division_code, 1, 6)").trim(), '0');
  assert.ok(Number(sql(`SELECT count(*) FROM audit_log WHERE entity = 'person' AND entity_id IN (${ids})`
    + " AND action = 'person.update' AND chain IN ('440105', '440106')").trim()) >= 2);
  const v = cli(['audit', 'verify']);
  assert.equal(v.status, 0, v.stdout);
});

test('logins are on the city chain; the audit API shows each record with its chain, newest first', async () => {
  const before = heads().city;
  await bearer('t_tianhe');
  assert.ok(heads().city > before, 'a login appends to the city chain');
  const r = await auditor.get('/api/v1/audit?action=person.read&page_size=20');
  assert.equal(r.status, 200, r.text);
  assert.ok(r.json.items.length > 0);
  for (const it of r.json.items) {
    assert.equal(it.chain, it.division_code.slice(0, 6));
    assert.ok(Number.isInteger(it.seq) && it.seq > 0);
  }
  const at = r.json.items.map((x) => x.at_ms);
  assert.deepEqual(at, [...at].sort((a, b) => b - a), 'newest first');
  const login = await auditor.get('/api/v1/audit?action=login&page_size=3');
  assert.ok(login.json.items.every((x) => x.chain === 'city'));
});

test('a break on a district chain is reported with its chain and sequence', async () => {
  const seq = Number(sql("SELECT max(seq) FROM audit_log WHERE chain = '440106'").trim()) - 1;
  assert.ok(seq >= 1);
  const where = `chain = '440106' AND seq = ${seq}`;
  const old = sql(`SELECT reason FROM audit_log WHERE ${where}`).trim();
  sql(`UPDATE audit_log SET reason = 'tampered' WHERE ${where}`);
  try {
    const r = cli(['audit', 'verify']);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`^chain 440106, seq ${seq}: record was edited`, 'm'));
    // Only that chain is broken: the others verify.
    assert.doesNotMatch(r.stdout, /^chain (city|440105),/m);
    const api = await auditor.get('/api/v1/audit/verify');
    assert.equal(api.json.ok, false);
    assert.ok(api.json.problems.some((p) => p.chain === '440106' && p.seq === seq && /edited/.test(p.problem)),
      JSON.stringify(api.json.problems));
  } finally {
    sql(`UPDATE audit_log SET reason = '${old.replace(/'/g, "''")}' WHERE ${where}`);
  }
  assert.equal(cli(['audit', 'verify']).status, 0);
});

test("a district chain's removed head is reported by the chain's name", () => {
  sql("CREATE TABLE audit_head_saved AS SELECT * FROM audit_head WHERE chain = '440105'");
  try {
    sql("DELETE FROM audit_head WHERE chain = '440105'");
    const r = cli(['audit', 'verify']);
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /^chain 440105, seq 0: the chain's records have no head/m);
  } finally {
    sql('INSERT INTO audit_head SELECT * FROM audit_head_saved');
    sql('DROP TABLE audit_head_saved');
  }
  assert.equal(cli(['audit', 'verify']).status, 0);
});
