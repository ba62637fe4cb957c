// `minzheng import evidence` at size: rows go through the store's bulk path
// in chunks of 8,192 and the ID-number lookups are remembered between rows
// and passes. A file crossing several chunk boundaries arrives whole and
// exact to the fen; an unregistered number is reported on every line it
// appears (a remembered "not found" is still a bad row), and then nothing
// is imported.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { bearer, cli, sql, uniqueSuffix } from './lib.mjs';

let admin, community;

function makeId(y, m, d, seq) {
  const body = `440105${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return body + '10X98765432'[s % 11];
}

before(async () => {
  admin = await bearer('t_admin');
  const d = await admin.get('/api/v1/divisions?parent=440105001');
  community = d.json.items[0].code;
});

test('a 20,000-row agency file: every row stored once, totals exact, provenance kept', async () => {
  const persons = [];
  let seq = (Number(uniqueSuffix()) + 97) % 900;
  for (let i = 0; i < 5; i++) {
    seq = (seq + 17) % 997;
    const id_number = makeId(1966, 3, 9 + i, seq);
    const r = await admin.post('/api/v1/persons', { id_number, name: `核对${'甲乙丙丁戊'[i]}`, division_code: community, reason: '核对导入测试' });
    assert.equal(r.status, 201, r.text);
    persons.push({ id: r.json.id, id_number });
  }
  const kinds = ['wage', 'business', 'property', 'support'];
  const rows = ['id_number,kind,amount'];
  let fen = 0;
  for (let i = 0; i < 20000; i++) {
    const f = 100 + (i * 7919) % 900000;
    fen += f;
    rows.push(`${persons[i % 5].id_number},${kinds[i % 4]},${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`);
  }
  const file = `/tmp/evidence-big-${uniqueSuffix()}.csv`;
  writeFileSync(file, rows.join('\n') + '\n');
  const r = cli(['import', 'evidence', '--category', 'income', '--source', '市税务局', '--as-of', '2026-01-31', file]);
  assert.equal(r.status, 0, r.stderr);
  const batch = /batch (\d+)/.exec(r.stdout)[1];
  assert.equal(sql(`SELECT COUNT(*) || ':' || SUM(amount_fen) FROM evidence_records WHERE batch_id = ${batch}`).trim(), `20000:${fen}`);
  assert.equal(sql(`SELECT row_count || ':' || source || ':' || as_of || ':' || length(sha256) FROM evidence_batches WHERE id = ${batch}`).trim(), '20000:市税务局:2026-01-31:64');
  // Each row carries its person's own division (the remembered lookup).
  assert.equal(sql(`SELECT COUNT(*) FROM evidence_records r JOIN persons p ON p.id = r.person_id WHERE r.batch_id = ${batch} AND r.division_code = p.division_code`).trim(), '20000');
  assert.equal(sql(`SELECT COUNT(DISTINCT person_id) FROM evidence_records WHERE batch_id = ${batch}`).trim(), '5');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'evidence.import' AND entity_id = '${batch}'`).trim(), '1');
});

test('an unregistered number is reported on each of its lines; nothing is imported', async () => {
  const ghost = makeId(1970, 1, 1, (Number(uniqueSuffix()) % 400) + 501);
  assert.equal(sql(`SELECT COUNT(*) FROM persons WHERE id_number = '${ghost}'`).trim(), '0');
  const known = sql(`SELECT id_number FROM persons WHERE division_code = '${community}' LIMIT 1`).trim();
  const before = sql('SELECT COUNT(*) FROM evidence_records').trim();
  const file = `/tmp/evidence-ghost-${uniqueSuffix()}.csv`;
  writeFileSync(file, `id_number,kind,amount\n${known},wage,10.00\n${ghost},wage,20.00\n${known},business,30.00\n${ghost},property,40.00\n`);
  const r = cli(['import', 'evidence', '--category', 'income', '--source', '市税务局', '--as-of', '2026-01-31', file]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /line 3: id_number: no person with this ID number/);
  assert.match(r.stderr, /line 5: id_number: no person with this ID number/);
  assert.match(r.stderr, /2 bad rows/);
  assert.equal(sql('SELECT COUNT(*) FROM evidence_records').trim(), before);
});
