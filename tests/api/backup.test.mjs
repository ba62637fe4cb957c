// minzheng backup / restore on both engines: a copy of the live test
// database taken while the server is serving, restored into a fresh target
// (a temporary SQLite file, or a new database on the same PostgreSQL
// server), must hold the same rows and an intact audit chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bearer, cli, sql, DB, BIN, sqliteArgs } from './lib.mjs';

const PG = DB.startsWith('postgres');
const dir = mkdtempSync(join(tmpdir(), 'mz-backup-'));
const created = []; // PostgreSQL databases to drop afterwards

function pgUrl(dbname, password) {
  const u = new URL(DB);
  u.pathname = '/' + dbname;
  if (password) u.password = password;
  return u.toString();
}

// A fresh, empty restore target on the same engine.
function newTarget(name) {
  if (!PG) return `sqlite:${join(dir, name + '.db')}`;
  const dbname = `mz_restore_${name}_${process.pid}`;
  execFileSync('psql', [pgUrl('postgres'), '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', `DROP DATABASE IF EXISTS ${dbname}`, '-c', `CREATE DATABASE ${dbname}`], { stdio: 'pipe' });
  created.push(dbname);
  return pgUrl(dbname);
}

// SQL against any database URL, with the engine's own client.
function sqlAt(url, statement) {
  if (url.startsWith('postgres')) return execFileSync('psql', [url, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', statement], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', sqliteArgs(url, statement), { encoding: 'utf8' }).trim();
}

function run(args) {
  const r = cli(args);
  return { ...r, out: r.stdout + r.stderr };
}

// "rows: persons 3000, households 1181, users 12, audit_log 345" -> object
function rowsLine(stdout) {
  const m = stdout.match(/^rows: (.*)$/m);
  assert.ok(m, `no rows line in: ${stdout}`);
  return Object.fromEntries(m[1].split(', ').map((kv) => { const [k, v] = kv.split(' '); return [k, Number(v)]; }));
}

let admin;
before(async () => { admin = await bearer('t_admin'); });
after(() => {
  for (const d of created) {
    try { execFileSync('psql', [pgUrl('postgres'), '-qAtX', '-c', `DROP DATABASE IF EXISTS ${d}`], { stdio: 'pipe' }); } catch { /* best effort */ }
  }
  rmSync(dir, { recursive: true, force: true });
});

test('backup while the server writes, restore into a fresh target: same rows, audit chain intact', async () => {
  const out = join(dir, PG ? 'live.dump' : 'live.bak');
  const p = (await admin.get('/api/v1/persons?page_size=1')).json.items[0];
  // Audited reads append to the audit chain all through the backup: a copy
  // that is not one consistent snapshot shows up as a chain whose head does
  // not match its last record, or as counts that differ from the copy's.
  const child = spawn(BIN, ['backup', '--db', DB, '--out', out], { encoding: 'utf8' });
  let stdout = '', stderr = '', done = false, writes = 0;
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('close', (code) => { done = true; resolve(code); }));
  while (!done) {
    const r = await admin.post(`/api/v1/persons/${p.id}/reveal`, { reason: `备份期间核对材料 ${writes}` });
    assert.equal(r.status, 200, r.text);
    writes++;
  }
  assert.equal(await exited, 0, stderr);
  assert.ok(writes > 0);
  assert.match(stdout, /^backup written: /m);
  assert.ok(!existsSync(out + '.partial'), 'no temporary file is left behind');
  const backedUp = rowsLine(stdout);
  assert.ok(backedUp.persons > 0 && backedUp.audit_log > 0, stdout);

  const target = newTarget('fresh');
  const r = run(['restore', '--db', target, '--in', out]);
  assert.equal(r.status, 0, r.out);
  assert.deepEqual(rowsLine(r.stdout), backedUp, 'the restore holds exactly the rows the backup reported');
  assert.match(r.stdout, new RegExp(`^audit chain: ok, ${backedUp.audit_log} records$`, 'm'));
  for (const t of ['persons', 'households', 'users', 'audit_log'])
    assert.equal(Number(sqlAt(target, `SELECT count(*) FROM ${t}`)), backedUp[t], t);
  // The same person, field for field.
  const q = `SELECT id_number || '|' || name || '|' || division_code || '|' || version FROM persons WHERE id = ${p.id}`;
  assert.equal(sqlAt(target, q), sql(q).trim());
  // The restored database is a working minzheng database.
  const v = run(['audit', 'verify', '--db', target]);
  assert.equal(v.status, 0, v.out);
  assert.match(v.stdout, /chain intact/);
});

test('restore refuses a non-empty target unless --force, and leaves it untouched', () => {
  const out = join(dir, PG ? 'force.dump' : 'force.bak');
  assert.equal(run(['backup', '--db', DB, '--out', out]).status, 0);
  const target = newTarget('force');
  assert.equal(run(['restore', '--db', target, '--in', out]).status, 0);
  sqlAt(target, "UPDATE users SET name = '恢复前标记' WHERE login = 't_admin'");

  const refused = run(['restore', '--db', target, '--in', out]);
  assert.equal(refused.status, 1, refused.out);
  assert.match(refused.stderr, /not empty.*--force/);
  assert.equal(sqlAt(target, "SELECT name FROM users WHERE login = 't_admin'"), '恢复前标记');

  const forced = run(['restore', '--db', target, '--in', out, '--force']);
  assert.equal(forced.status, 0, forced.out);
  assert.equal(sqlAt(target, "SELECT name FROM users WHERE login = 't_admin'"), sql("SELECT name FROM users WHERE login = 't_admin'").trim());
  assert.equal(run(['audit', 'verify', '--db', target]).status, 0);
});

test('a damaged or foreign file is refused before the target is touched', () => {
  const good = join(dir, PG ? 'good.dump' : 'good.bak');
  assert.equal(run(['backup', '--db', DB, '--out', good]).status, 0);
  const target = newTarget('damaged');
  assert.equal(run(['restore', '--db', target, '--in', good]).status, 0);
  const before = sqlAt(target, 'SELECT count(*) FROM persons');

  const junk = join(dir, 'junk.bak');
  writeFileSync(junk, 'not a backup\n');
  let r = run(['restore', '--db', target, '--in', junk, '--force']);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stderr, /not a minzheng backup file/);

  // A backup cut short (a full disk, a copy interrupted) must not replace
  // the target with half a database, even with --force.
  const data = readFileSync(good);
  const cut = join(dir, PG ? 'cut.dump' : 'cut.bak');
  writeFileSync(cut, data.subarray(0, Math.floor(data.length * 0.6)));
  r = run(['restore', '--db', target, '--in', cut, '--force']);
  assert.equal(r.status, 1, r.out);
  assert.equal(sqlAt(target, 'SELECT count(*) FROM persons'), before);
  assert.equal(run(['audit', 'verify', '--db', target]).status, 0);

  // The other engine's backup format is named, not misread.
  const other = join(dir, 'other');
  writeFileSync(other, PG ? Buffer.from('SQLite format 3\0' + '\0'.repeat(100), 'binary') : 'PGDMP\x01\x0e\x00');
  r = run(['restore', '--db', target, '--in', other, '--force']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, PG ? /SQLite backup/ : /PostgreSQL dump/);
});

test('restore verifies the audit chain of what it restored', () => {
  // A database whose audit log was edited, backed up and restored: the
  // restore itself must say so and fail.
  const first = join(dir, PG ? 'chain1.dump' : 'chain1.bak');
  assert.equal(run(['backup', '--db', DB, '--out', first]).status, 0);
  const edited = newTarget('edited');
  assert.equal(run(['restore', '--db', edited, '--in', first]).status, 0);
  sqlAt(edited, "UPDATE audit_log SET reason = 'edited afterwards' WHERE action = 'person.reveal_id'"
    + " AND at_ms = (SELECT max(at_ms) FROM audit_log WHERE action = 'person.reveal_id')");
  const second = join(dir, PG ? 'chain2.dump' : 'chain2.bak');
  assert.equal(run(['backup', '--db', edited, '--out', second]).status, 0);
  const target = newTarget('chain');
  const r = run(['restore', '--db', target, '--in', second]);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stderr, /audit chain is broken/);
  assert.match(r.stderr, /edited/);
});

test('backup keeps an existing file unless --force', () => {
  const out = join(dir, PG ? 'keep.dump' : 'keep.bak');
  writeFileSync(out, 'an older backup');
  const r = run(['backup', '--db', DB, '--out', out]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /exists.*--force/);
  assert.equal(readFileSync(out, 'utf8'), 'an older backup');
  assert.equal(run(['backup', '--db', DB, '--out', out, '--force']).status, 0);
  assert.notEqual(readFileSync(out, 'utf8').slice(0, 15), 'an older backup');
  assert.equal(run(['backup', '--db', DB]).status, 2, '--out is required');
  for (const c of ['backup', 'restore']) {
    const h = run([c, '--help']);
    assert.equal(h.status, 0);
    assert.match(h.stdout, new RegExp(`usage: minzheng ${c} `));
  }
});

test('PostgreSQL: the password reaches pg_dump in its environment, never a command line or any output', (t) => {
  if (!PG) return t.skip('PostgreSQL-only: SQLite backups run no external tool and have no password');
  // A pg_dump that records how it was called, then runs the real one.
  const real = execFileSync('sh', ['-c', 'command -v pg_dump || ls -d /usr/lib/postgresql/*/bin/pg_dump | sort -V | tail -1'], { encoding: 'utf8' }).trim();
  const realRestore = real.replace(/pg_dump$/, 'pg_restore');
  const bin = mkdtempSync(join(dir, 'pgbin-'));
  writeFileSync(join(bin, 'pg_dump'), `#!/bin/sh\nprintf '%s\\n' "$*" > '${bin}/args'\nprintf '%s' "$PGPASSWORD" > '${bin}/pw'\nexec '${real}' "$@"\n`);
  writeFileSync(join(bin, 'pg_restore'), `#!/bin/sh\nexec '${realRestore}' "$@"\n`);
  chmodSync(join(bin, 'pg_dump'), 0o755);
  chmodSync(join(bin, 'pg_restore'), 0o755);
  const secret = 'Zz9-secret-pw';
  const out = join(dir, 'pw.dump');
  // The test server trusts local connections, so any password gets in.
  const r = spawnSyncEnv(['backup', '--db', pgUrl(new URL(DB).pathname.slice(1), secret), '--out', out], { PGBIN: bin });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(readFileSync(join(bin, 'pw'), 'utf8'), secret);
  assert.ok(!readFileSync(join(bin, 'args'), 'utf8').includes(secret), 'password on the pg_dump command line');
  assert.ok(!(r.stdout + r.stderr).includes(secret));
  // Commands that show the database URL show it without the password.
  const init = spawnSyncEnv(['init', '--db', pgUrl(new URL(DB).pathname.slice(1), secret)], {});
  assert.equal(init.status, 0, init.stderr);
  assert.match(init.stdout, /postgres:\*\*\*@/);
  const initQ = spawnSyncEnv(['init', '--db', `${DB}?password=${secret}`], {});
  assert.equal(initQ.status, 0, initQ.stderr);
  assert.match(initQ.stdout, /password=\*\*\*/);
  assert.ok(!(init.stdout + init.stderr + initQ.stdout + initQ.stderr).includes(secret));
  // And when the server cannot be reached, the error names the server, not the password.
  const bad = new URL(pgUrl('minzheng', secret));
  bad.port = '1';
  const f = spawnSyncEnv(['backup', '--db', bad.toString(), '--out', join(dir, 'never.dump')], {});
  assert.equal(f.status, 1);
  assert.match(f.stderr, /cannot connect/);
  assert.ok(!(f.stdout + f.stderr).includes(secret));
});

function spawnSyncEnv(args, env) {
  return spawnSync(BIN, args, { encoding: 'utf8', env: { ...process.env, ...env } });
}
