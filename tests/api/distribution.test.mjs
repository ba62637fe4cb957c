// The Citus distribution plan (docs/scaling.md, step 5): the schema's keys
// must keep matching the "-- citus:" annotations on both engines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, sql } from './lib.mjs';

test('the live schema follows its distribution annotations', () => {
  const r = cli(['distribution', 'check']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^ok: /);
});

test('a unique key without the distribution column is reported', () => {
  // A unique index over the household instead of the person would make
  // household_members impossible to distribute by person_id.
  sql("CREATE UNIQUE INDEX test_bad_key ON household_members(household_id, relation) WHERE relation = 'none-such'");
  try {
    const r = cli(['distribution', 'check']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /household_members: unique index test_bad_key \(household_id,relation\) does not include the distribution column person_id/);
    assert.match(r.stdout, /^1 violation: /m);
  } finally {
    sql('DROP INDEX test_bad_key');
  }
  assert.equal(cli(['distribution', 'check']).status, 0);
});

test('a table without an annotation is reported', () => {
  sql('CREATE TABLE test_stray (x INTEGER)');
  try {
    const r = cli(['distribution', 'check']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /test_stray: has no '-- citus:' annotation/);
  } finally {
    sql('DROP TABLE test_stray');
  }
});

test('citus-sql distributes every table as annotated, reference tables first', () => {
  const r = cli(['distribution', 'citus-sql']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  const at = (s) => lines.findIndex((l) => l.includes(s));
  assert.ok(at("create_reference_table('divisions')") > 0);
  assert.ok(at("create_distributed_table('persons', 'id')") > at("create_reference_table('divisions')"));
  assert.ok(at("create_distributed_table('household_members', 'person_id', colocate_with => 'persons')") >
    at("create_distributed_table('persons', 'id')"));
  assert.ok(at("create_distributed_table('person_id_numbers', 'id_number')") > 0);
  assert.ok(at("create_distributed_table('households', 'id')") > 0);
  assert.match(r.stdout, /-- audit_head stays on the coordinator/);
  // Every table of the database appears exactly once.
  const engine = process.env.MZ_DB.startsWith('postgres') ? 'pg' : 'sqlite';
  const tables = (engine === 'pg'
    ? sql("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'")
    : sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'"))
    .trim().split('\n');
  assert.ok(tables.length > 40);
  for (const t of tables) {
    const n = lines.filter((l) => l.includes(`('${t}'`) || l === `-- ${t} stays on the coordinator`).length;
    assert.equal(n, 1, t);
  }
});
