// rooms.test.mjs - the house checks fail on the violations they exist for.
// Each test builds a small tree under a temp folder (a registry that owns
// `persons`, an eldercare and a sample domain) and runs the real scripts on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const scripts = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../scripts');

function fixture(files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mz-rooms-'));
  const base = {
    'src/registry/schema/0001_registry.sql': 'CREATE TABLE persons (id INTEGER);\nCREATE TABLE divisions (code TEXT);\n',
    'src/registry/registry.h': '#include "access/access.h"\n',
    'src/registry/person.c': '#include "registry/registry.h"\nconst char *q = "SELECT name"\n  " FROM persons WHERE id = ?";\n',
    'src/access/access.h': '#include "base/err.h"\n',
    'src/base/err.h': '\n',
    'src/domains/eldercare/schema/0010_eldercare.sql': 'CREATE TABLE ec_cards (person_id INTEGER);\n',
    'src/domains/eldercare/eldercare.h': '#include "registry/registry.h"\n',
    'src/domains/eldercare/cards.c': '#include "domains/eldercare/eldercare.h"\nconst char *q = "SELECT * FROM ec_cards";\n',
    'src/domains/sample/sample.h': '\n',
    'src/http/server.h': '\n',
    'scripts/ownership_exceptions.txt': '',
  };
  for (const [rel, text] of Object.entries({ ...base, ...files })) {
    fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function run(script, root) {
  const r = spawnSync(process.execPath, [path.join(scripts, script), '--root', root], { encoding: 'utf8' });
  fs.rmSync(root, { recursive: true, force: true });
  return { rc: r.status, out: r.stdout + r.stderr };
}

test('ownership: a clean tree passes', () => {
  const r = run('check_ownership.mjs', fixture({}));
  assert.equal(r.rc, 0, r.out);
  assert.match(r.out, /3 tables in 2 rooms; 0 violations/);
});

test('ownership: another room naming a table fails with room, file:line and table', () => {
  const r = run('check_ownership.mjs', fixture({
    'src/domains/eldercare/list.c': 'const char *q =\n  "SELECT c.person_id, p.name FROM ec_cards c"\n  " JOIN persons p ON p.id = c.person_id";\n',
    'src/access/user.c': 'const char *q = "SELECT 1 FROM"\n "   divisions WHERE code = ?";\n',
    'src/cases/x.c': 'const char *q = "SELECT 1 FROM ec_cards k, persons p WHERE 1";\nconst char *w = "UPDATE persons SET name = ?";\n',
  }));
  assert.equal(r.rc, 1, r.out);
  assert.match(r.out, /src\/domains\/eldercare: src\/domains\/eldercare\/list\.c:3: JOIN persons \(owned by src\/registry\)/);
  assert.match(r.out, /src\/access: src\/access\/user\.c:2: FROM divisions/);
  assert.match(r.out, /src\/cases\/x\.c:1: FROM ec_cards \(owned by src\/domains\/eldercare\)/);
  assert.match(r.out, /src\/cases\/x\.c:1: FROM persons/);
  assert.match(r.out, /src\/cases\/x\.c:2: UPDATE persons/);
  assert.match(r.out, /5 violations/);
});

test('ownership: a bulk load of another room\'s table fails', () => {
  const r = run('check_ownership.mjs', fixture({
    'src/demo/demo.c': 'int f(void) { return store_bulk_begin(c, "persons", cols, 3, e) != 0; }\nconst char *field = "persons";\n',
  }));
  assert.equal(r.rc, 1, r.out);
  assert.match(r.out, /src\/demo\/demo\.c:1: bulk persons/);
  assert.match(r.out, /1 violations/);
});

test('ownership: English text and comments are not SQL', () => {
  const r = run('check_ownership.mjs', fixture({
    'src/cases/y.c': '/* SELECT * FROM persons */\n// JOIN persons\nconst char *m = "moved from persons list";\n',
  }));
  assert.equal(r.rc, 0, r.out);
});

test('ownership: an exception needs a reason and a count, and a stale one fails', () => {
  const bad = 'const char *q = "SELECT name FROM persons";\n';
  let r = run('check_ownership.mjs', fixture({
    'src/cases/x.c': bad,
    'scripts/ownership_exceptions.txt': '# cases shows the applicant name until registry offers it\nsrc/cases src/cases/x.c persons 1\n',
  }));
  assert.equal(r.rc, 0, r.out);
  assert.match(r.out, /1 excepted references in 1 exceptions/);
  r = run('check_ownership.mjs', fixture({
    'src/cases/x.c': bad,
    'scripts/ownership_exceptions.txt': 'src/cases src/cases/x.c persons 1\n',
  }));
  assert.equal(r.rc, 1, r.out);
  assert.match(r.out, /exception without a reason/);
  r = run('check_ownership.mjs', fixture({
    'src/cases/x.c': bad,
    'scripts/ownership_exceptions.txt': 'src/cases src/cases/x.c persons # no count\n',
  }));
  assert.equal(r.rc, 1, r.out);
  assert.match(r.out, /expected "room file table count/);
  r = run('check_ownership.mjs', fixture({
    'scripts/ownership_exceptions.txt': 'src/cases src/cases/x.c persons 1 # gone\n',
  }));
  assert.equal(r.rc, 1, r.out);
  assert.match(r.out, /stale exception/);
});

test('ownership: a new query in a file already excepted fails; a removed one asks to lower the count', () => {
  const ex = 'src/cases src/cases/x.c persons 1 # the applicant name, until the registry offers it\n';
  let r = run('check_ownership.mjs', fixture({
    'src/cases/x.c': 'const char *q = "SELECT name FROM persons";\nconst char *w = "SELECT id FROM persons WHERE sex = ?";\n',
    'scripts/ownership_exceptions.txt': ex,
  }));
  assert.equal(r.rc, 1, r.out);
  assert.match(r.out, /src\/cases\/x\.c:2: FROM persons/);
  assert.match(r.out, /names persons 2 times, 1 excepted/);
  assert.match(r.out, /1 violations/);
  r = run('check_ownership.mjs', fixture({
    'src/cases/x.c': 'const char *q = "SELECT name FROM persons";\n',
    'scripts/ownership_exceptions.txt': 'src/cases src/cases/x.c persons 2 # as above\n',
  }));
  assert.equal(r.rc, 1, r.out);
  assert.match(r.out, /lower the count from 2/);
});

test('ownership: two rooms creating one table fails', () => {
  const r = run('check_ownership.mjs', fixture({
    'src/cases/schema/0004_cases.sql': 'CREATE TABLE IF NOT EXISTS persons (id INTEGER);\n',
  }));
  assert.equal(r.rc, 1, r.out);
  assert.match(r.out, /table persons created by two rooms/);
});

test('tiers: a clean tree passes', () => {
  const r = run('check_tiers.mjs', fixture({}));
  assert.equal(r.rc, 0, r.out);
  assert.match(r.out, /0 violations/);
});

test('tiers: including a header of a higher tier fails', () => {
  const r = run('check_tiers.mjs', fixture({
    'src/registry/bad.c': '#include "domains/eldercare/eldercare.h"\n#include "http/server.h"\n',
    'src/cases/bad.c': '#include "domains/eldercare/eldercare.h"\n',
    'src/domains/eldercare/bad.c': '#include "http/server.h"\n',
  }));
  assert.equal(r.rc, 1, r.out);
  assert.match(r.out, /src\/registry\/bad\.c:1: .*a core file includes a domain header/);
  assert.match(r.out, /src\/registry\/bad\.c:2: .*a core file includes a front header/);
  assert.match(r.out, /src\/cases\/bad\.c:1: .*a mechanism file includes a domain header/);
  assert.match(r.out, /src\/domains\/eldercare\/bad\.c:1: .*a domain file includes a front header/);
  assert.match(r.out, /4 violations/);
});

test('tiers: a domain front may include http, a domain may not include another domain', () => {
  const r = run('check_tiers.mjs', fixture({
    'src/domains/eldercare/api_cards.c': '#include "http/server.h"\n#include "domains/eldercare/eldercare.h"\n',
    'src/domains/sample/x.c': '#include "domains/eldercare/eldercare.h"\n',
  }));
  assert.equal(r.rc, 1, r.out);
  assert.match(r.out, /src\/domains\/sample\/x\.c:1: .*domain sample includes domain eldercare/);
  assert.match(r.out, /1 violations/);
});

test('tiers: the core keeps its order, and a new folder must be placed', () => {
  const r = run('check_tiers.mjs', fixture({
    'src/access/bad.c': '#include "registry/registry.h"\n',
    'src/gadgets/g.c': '#include "base/err.h"\n',
  }));
  assert.equal(r.rc, 1, r.out);
  assert.match(r.out, /src\/access\/bad\.c:1: .*core access includes core registry/);
  assert.match(r.out, /src\/gadgets\/g\.c:1: .*src\/gadgets is in no tier/);
});
