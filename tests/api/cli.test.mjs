import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, sql } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'mz-cli-'));

test('idcard check: one number, many from stdin', () => {
  const ok = cli(['idcard', 'check', '11010519491231002X']);
  assert.equal(ok.status, 0);
  assert.deepEqual(JSON.parse(ok.stdout), { valid: true, birth_date: '1949-12-31', sex: 'F', division: '110105' });
  const bad = cli(['idcard', 'check', '110105194912310021']);
  assert.equal(bad.status, 1);
  assert.equal(JSON.parse(bad.stdout).valid, false);
  assert.match(JSON.parse(bad.stdout).error, /check/i);
  const many = cli(['idcard', 'check', '-'], '360426199101010071\n440105500101001\n');
  assert.equal(many.status, 1);
  const lines = many.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.equal(lines[0].valid, true);
  assert.equal(lines[1].valid, false);
  assert.match(lines[1].error, /15/);
});

test('every subcommand has --help', () => {
  for (const c of ['init', 'serve', 'demo', 'import', 'user', 'audit', 'idcard']) {
    const r = cli([c, '--help']);
    assert.equal(r.status, 0, c);
    assert.match(r.stdout, /usage: minzheng/, c);
  }
});

function idNumber(code6, birth, seq) {
  const s17 = code6 + birth + String(seq).padStart(3, '0');
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...s17].reduce((a, ch, i) => a + Number(ch) * w[i], 0);
  return s17 + '10X98765432'[sum % 11];
}

test('import persons: every bad row reported by line, nothing imported; --skip-bad imports the rest', () => {
  // Random birth days keep the test repeatable on the same database.
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0');
  const seq = 100 + Math.floor(Math.random() * 800);
  const good1 = idNumber('440105', `196001${day}`, seq), good2 = idNumber('440105', `197002${day}`, seq);
  const csv = [
    'id_number,name,division_code,address,phone,hukou,disability_kind,disability_grade',
    `${good1},导入甲,440105001001,海珠路1号,,urban,,0`,
    `${good1.slice(0, 17)}${good1[17] === '0' ? '1' : '0'},坏校验,440105001001,,,urban,,0`,
    `${good2},导入乙,440199001001,,,urban,,0`,
    `${good2},导入乙,440105001001,,,urban,physical,9`,
    `"${good2}","导入乙,带逗号",440105001002,"海珠路""2""号",,rural,physical,2`,
  ].join('\n') + '\n';
  const file = join(dir, 'persons.csv');
  writeFileSync(file, csv);
  const before = sql('SELECT count(*) FROM persons').trim();
  const r = cli(['import', 'persons', file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /line 3: id_number/);
  assert.match(r.stderr, /line 4: division_code/);
  assert.match(r.stderr, /line 5: disability_grade/);
  assert.match(r.stderr, /nothing was imported/);
  assert.equal(sql('SELECT count(*) FROM persons').trim(), before);

  const rejects = join(dir, 'rejects.csv');
  const s = cli(['import', 'persons', file, '--skip-bad', '--rejects', rejects]);
  assert.equal(s.status, 0, s.stderr);
  assert.match(s.stdout, /imported 2 persons from 5 rows; 3 bad rows/);
  assert.equal(Number(sql('SELECT count(*) FROM persons').trim()), Number(before) + 2);
  assert.equal(sql(`SELECT name || '|' || address FROM persons WHERE id_number = '${good2}'`).trim(), '导入乙,带逗号|海珠路"2"号');
  const rej = readFileSync(rejects, 'utf8').trim().split('\n');
  assert.equal(rej.length, 4);
  assert.match(rej[1], /^3,/);

  // Households from the same file format, all or nothing.
  const hcsv = [
    'household_ref,division_code,address,id_number,relation',
    `H1,440105001001,海珠路1号,${good1},head`,
    `H1,440105001001,海珠路1号,${good2},spouse`,
    `H2,440105001001,海珠路3号,${idNumber('440105', `198003${day}`, seq)},head`,
  ].join('\n') + '\n';
  const hfile = join(dir, 'households.csv');
  writeFileSync(hfile, hcsv);
  const h1 = cli(['import', 'households', hfile]);
  assert.equal(h1.status, 1);
  assert.match(h1.stderr, /line 4: id_number: no registered person/);
  writeFileSync(hfile, hcsv.split('\n').slice(0, 3).join('\n') + '\n');
  const h2 = cli(['import', 'households', hfile]);
  assert.equal(h2.status, 0, h2.stderr);
  assert.equal(sql(`SELECT count(*) FROM household_members m JOIN persons p ON p.id = m.person_id WHERE p.id_number IN ('${good1}','${good2}') AND m.left_on IS NULL`).trim(), '2');
  assert.ok(existsSync(hfile));
});

test('import reads XLSX too and refuses unknown formats', () => {
  const odd = join(dir, 'persons.txt');
  writeFileSync(odd, 'x');
  const r = cli(['import', 'persons', odd]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /error: /);
});

test('user list shows the fixture users', () => {
  const r = cli(['user', 'list']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /t_admin\s+city_admin\s+440100/);
  const bad = cli(['user', 'add', '--login', 'Bad Login', '--role', 'auditor', '--scope', '440100', '--password-stdin'], 'Passw0rd12\n');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /login/);
  const weak = cli(['user', 'add', '--login', 'weakpw', '--role', 'auditor', '--scope', '440100', '--password-stdin'], 'short\n');
  assert.equal(weak.status, 1);
  assert.match(weak.stderr, /password/);
});
