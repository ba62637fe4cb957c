// Whole-city screening reads the registry from its column snapshot by
// default where that is safe (screen_snapshot_default_path): beside a SQLite
// database file (DB.columns), or the file $MINZHENG_SCREEN_SNAPSHOT names (on
// PostgreSQL only then); `--full-load` loads the whole registry anyway and
// MINZHENG_SCREEN_SNAPSHOT=off turns it off. A registry change made as the
// registry's writers make it (traced) is seen by the next default run.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, DB, sql } from './lib.mjs';
import { registrySql } from './registry_sql.mjs';

const DATE = '2022-03-01';
const PG = DB.startsWith('postgres');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mz-snapdef-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// The environment of a run: the test's, without MINZHENG_SCREEN_SNAPSHOT
// unless given.
const screen = (args = [], snapshot) => {
  const env = { ...process.env, MINZHENG_DB: DB };
  delete env.MINZHENG_SCREEN_SNAPSHOT;
  if (snapshot !== undefined) env.MINZHENG_SCREEN_SNAPSHOT = snapshot;
  return spawnSync(BIN, ['screen', '--date', DATE, ...args], { env, encoding: 'utf8' });
};
const how = (r) => {
  assert.equal(r.status, 0, r.stderr);
  const m = r.stderr.match(/columns (from the snapshot|loaded in full): (\d+) registry changes, (\d+) households re-read; snapshot (\w+)(?: - (.*))?/);
  return m && { snapshot: m[1] === 'from the snapshot', changes: Number(m[2]), reread: Number(m[3]),
    state: m[4], note: m[5] || '' };
};
const openItems = () => sql(`SELECT household_id, program, kind, amount_fen FROM screen_items
    WHERE status = 'open' ORDER BY household_id, program, kind`);

test('the default: beside a SQLite file, on PostgreSQL only where configured; --full-load and off bypass it', () => {
  if (PG) {
    assert.equal(how(screen()), null, 'PostgreSQL has no default place for the file: no snapshot');
    const r = screen(['--snapshot']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--snapshot: no snapshot file here; on PostgreSQL name one/);
  } else {
    const file = `${DB.replace(/^sqlite:/, '')}.columns`;
    assert.ok(how(screen()), 'a run with no flags keeps its columns in a snapshot');
    assert.ok(fs.existsSync(file), `the snapshot is kept beside the database (${file})`);
  }
  const configured = path.join(dir, 'configured.columns');
  // Where the variable names a file (either engine): built once, then used.
  let h = how(screen([], configured));
  assert.ok(h && !h.snapshot && h.state === 'written', JSON.stringify(h));
  h = how(screen([], configured));
  assert.deepEqual([h.snapshot, h.reread], [true, 0]);
  // --full-load: the whole registry, the file written afresh.
  h = how(screen(['--full-load'], configured));
  assert.deepEqual([h.snapshot, h.state, h.note], [false, 'written', 'full load asked for']);
  // off: no snapshot at all.
  assert.equal(how(screen([], 'off')), null);
  const r = screen(['--snapshot'], 'off');
  assert.equal(r.status, 2, 'off and --snapshot contradict each other');
});

test('a traced registry change is seen by the next default run', () => {
  const configured = path.join(dir, 'traced.columns');
  const snap = PG ? configured : undefined;
  how(screen([], snap));
  const fromFile = how(screen([], snap));
  assert.equal(fromFile.snapshot, true);
  const before = openItems();
  // A household with declared incomes and no dibao item, enrollment or
  // case: without its incomes and assets it is eligible.
  const rows = (q) => sql(q).trim().split('\n').filter(Boolean).map((l) => l.split('|'));
  const [[hh]] = rows(`WITH declared AS MATERIALIZED (SELECT m.household_id, count(*) AS n
      FROM household_members m JOIN person_incomes i ON i.person_id = m.person_id
      WHERE m.left_on IS NULL GROUP BY m.household_id)
    SELECT h.id FROM households h JOIN declared d ON d.household_id = h.id
    WHERE d.n = 1
      AND NOT EXISTS (SELECT 1 FROM screen_items s WHERE s.household_id = h.id
                      AND s.status = 'open' AND s.program = 'dibao')
      AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.household_id = h.id AND e.status <> 'ended')
      AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.household_id = h.id
                      AND c.state NOT IN ('ended', 'refused', 'withdrawn'))
    ORDER BY h.id DESC LIMIT 1`);
  assert.ok(hh, 'a household with one declared income and no dibao item');
  const members = `SELECT person_id FROM household_members WHERE household_id = ${hh} AND left_on IS NULL`;
  const pids = rows(members).map((r) => Number(r[0]));
  const incomes = rows(`SELECT person_id, division_code, kind, monthly_fen FROM person_incomes WHERE person_id IN (${members})`);
  const assets = rows(`SELECT person_id, division_code, kind, amount_fen FROM person_assets WHERE person_id IN (${members})`);
  try {
    registrySql([`DELETE FROM person_incomes WHERE person_id IN (${members})`,
      `DELETE FROM person_assets WHERE person_id IN (${members})`], { persons: pids });
    const h = how(screen([], snap));
    assert.deepEqual([h.snapshot, h.changes >= 1, h.reread >= 1], [true, true, true], JSON.stringify(h));
    assert.match(openItems(), new RegExp(`^${hh}\\|dibao\\|eligible_not_enrolled\\|`, 'm'),
      'the household without its incomes is found from the snapshot');
  } finally {
    registrySql([...incomes.map(([pid, div, kind, fen]) =>
      `INSERT INTO person_incomes (person_id, division_code, kind, monthly_fen) VALUES (${pid}, '${div}', '${kind}', ${fen})`),
    ...assets.map(([pid, div, kind, fen]) =>
      `INSERT INTO person_assets (person_id, division_code, kind, amount_fen) VALUES (${pid}, '${div}', '${kind}', ${fen})`)],
    { persons: pids });
  }
  how(screen([], snap));
  assert.equal(openItems(), before, 'restored, the worklist is back');
});
