// Crash test: kill -9 in the middle of a payroll run, run again: every
// enrollment is paid exactly once and the totals are those of an
// uninterrupted run. Uses its own SQLite database (the kill must not take
// down the suite's server); the run is the same domain code the server runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { BIN } from './lib.mjs';

const N = 200000;
const path = `/tmp/mz-crash-${process.pid}.db`;
const url = `sqlite:${path}`;
const q = (s) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', path, s], { encoding: 'utf8' }).trim();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('payroll survives kill -9 mid-run: exactly once, totals unchanged', async () => {
  for (const f of ['', '-wal', '-shm', '-audit', '-audit-wal', '-audit-shm']) rmSync(path + f, { force: true });
  assert.equal(spawnSync(BIN, ['init', '--db', url]).status, 0);
  q(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N})
     INSERT INTO enrollments (program, household_id, division_code, amount_fen, start_month,
       created_at, updated_at)
     SELECT CASE WHEN i % 3 = 0 THEN 'tekun' ELSE 'dibao' END, i,
       CASE WHEN i % 2 = 0 THEN '440105001001' ELSE '440106001001' END,
       100000 + i % 997, '2026-01', 0, 0 FROM n`);
  const expected = q(`SELECT SUM(amount_fen) FROM enrollments`);

  let killedMidway = false;
  for (let attempt = 0; attempt < 5 && !killedMidway; attempt++) {
    const child = spawn(BIN, ['payroll', 'run', '--month', '2026-01', '--db', url], { stdio: 'ignore' });
    for (let i = 0; i < 400; i++) {
      await sleep(10);
      if (Number(q('SELECT COUNT(*) FROM payments')) > 0) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const n = Number(q('SELECT COUNT(*) FROM payments'));
    killedMidway = n > 0 && n < N;
  }
  assert.ok(killedMidway, 'the run was interrupted with part of the lines written');

  for (let i = 0; i < 2; i++) {
    const r = spawnSync(BIN, ['payroll', 'run', '--month', '2026-01', '--db', url], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const run = JSON.parse(r.stdout);
    assert.equal(run.line_count, N);
    assert.equal(String(run.total_fen), expected);
  }
  assert.equal(q('SELECT COUNT(*) FROM payments'), String(N));
  assert.equal(q('SELECT COUNT(DISTINCT enrollment_id) FROM payments'), String(N));
  assert.equal(q('SELECT SUM(amount_fen) FROM payments'), expected);
  assert.equal(q('SELECT COUNT(*) FROM payroll_runs'), '1');
  // Totals per district and program add up to the fen.
  const t = JSON.parse(spawnSync(BIN, ['payroll', 'totals', '--month', '2026-01', '--db', url], { encoding: 'utf8' }).stdout);
  assert.equal(String(t.total_fen), expected);
  assert.equal(t.items.reduce((s, x) => s + x.total_fen, 0), Number(expected));
  assert.equal(spawnSync(BIN, ['audit', 'verify', '--db', url]).status, 0);
  // With the audit log's own file (src/store/sqlite_audit_file.h).
  for (const f of ['', '-wal', '-shm', '-audit', '-audit-wal', '-audit-shm']) rmSync(path + f, { force: true });
});
