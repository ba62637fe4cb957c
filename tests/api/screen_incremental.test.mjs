// Screening writes only what changed (issue 18, item 5): after the registry
// changes between two runs, the open worklist the second run leaves is
// exactly the one a run that deletes every open item and inserts every
// finding (`minzheng screen --rewrite`) leaves, and an item whose household
// did not change keeps its id (a street working it is not pulled from under).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, sql } from './lib.mjs';
import { registrySql } from './registry_sql.mjs';

const rows = (q) => sql(q).trim().split('\n').filter(Boolean).map((l) => l.split('|'));
const DATE = '2022-03-01';

const screen = (...extra) => {
  const r = cli(['screen', '--date', DATE, ...extra]);
  assert.equal(r.status, 0, r.stderr);
  return r;
};
// The open worklist as what a street reads of it (no ids, no runs).
const openItems = () => rows(`SELECT household_id, program, kind, amount_fen, enrolled_amount_fen,
    failed, division_code FROM screen_items WHERE status = 'open'
    ORDER BY household_id, program, kind`).map((r) => r.join('|'));
const openIds = () => new Map(rows(`SELECT household_id || '/' || program, id FROM screen_items
    WHERE status = 'open'`).map(([k, id]) => [k, Number(id)]));
const members = (h) => `SELECT person_id FROM household_members WHERE household_id = ${h} AND left_on IS NULL`;

test('an incremental run leaves the same open items as a full rewrite', () => {
  screen();
  const before = openItems();
  const idsBefore = openIds();
  // Households with a dibao item, in 海珠's test street and elsewhere.
  const withItem = rows(`SELECT i.household_id, i.division_code FROM screen_items i
    WHERE i.status = 'open' AND i.program = 'dibao' AND i.kind = 'eligible_not_enrolled'
    ORDER BY i.household_id LIMIT 4`);
  assert.equal(withItem.length, 4, 'the demo city has dibao findings');
  const [rich, moved, died, untouched] = withItem.map((r) => Number(r[0]));
  // A household with declared incomes and no open dibao item: it loses them.
  // (The members' incomes first, as a materialized CTE, then the household
  // checks correlated on households.id: the shape Citus runs, docs/scaling.md.)
  const [poor] = rows(`WITH declared AS MATERIALIZED (SELECT m.household_id, count(*) AS n
      FROM household_members m JOIN person_incomes i ON i.person_id = m.person_id
      WHERE m.left_on IS NULL GROUP BY m.household_id)
    SELECT h.id FROM households h JOIN declared d ON d.household_id = h.id
    WHERE d.n = 1
      AND NOT EXISTS (SELECT 1 FROM screen_items s WHERE s.household_id = h.id
                      AND s.status = 'open' AND s.program = 'dibao')
      AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.household_id = h.id AND e.status <> 'ended')
      AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.household_id = h.id
                      AND c.state NOT IN ('ended', 'refused', 'withdrawn'))
    ORDER BY h.id LIMIT 1`).map((r) => Number(r[0]));
  assert.ok(poor, 'a one-person household with an income and no dibao item');

  const savedIncomes = rows(`SELECT person_id, division_code, kind, monthly_fen FROM person_incomes
    WHERE person_id IN (${members(poor)}) OR person_id IN (${members(rich)})`);
  const savedAssets = rows(`SELECT person_id, division_code, kind, amount_fen FROM person_assets
    WHERE person_id IN (${members(poor)})`);
  const [[movedFrom]] = rows(`SELECT division_code FROM households WHERE id = ${moved}`);
  const [[other]] = rows(`SELECT code FROM divisions WHERE level = 4 AND code <> '${movedFrom}' ORDER BY code LIMIT 1`);
  const [[dead]] = rows(`${members(died)} ORDER BY person_id LIMIT 1`);
  // Every write below is traced as the registry's writers trace theirs
  // (registry_sql.mjs): the run reads the registry from its snapshot.
  const touched = [...rows(`${members(poor)} UNION ${members(rich)}`).map((r) => Number(r[0])), Number(dead)];
  try {
    registrySql([`DELETE FROM person_incomes WHERE person_id IN (${members(poor)})`,
      `DELETE FROM person_assets WHERE person_id IN (${members(poor)})`,
      `DELETE FROM person_incomes WHERE person_id IN (${members(rich)})`,
      `INSERT INTO person_incomes (person_id, division_code, kind, monthly_fen)
         SELECT person_id, '${withItem[0][1]}', 'wages', 2000000 FROM household_members
         WHERE household_id = ${rich} AND left_on IS NULL`,
      `UPDATE persons SET death_date = '2021-12-01' WHERE id = ${dead}`], { persons: touched });
    registrySql(`UPDATE households SET division_code = '${other}' WHERE id = ${moved}`, { households: [moved] });

    const r = screen();
    assert.match(r.stderr, /items \d+ inserted, \d+ deleted, \d+ kept/);
    const incremental = openItems();
    const idsAfter = openIds();
    assert.notDeepEqual(incremental, before, 'the changes changed the worklist');
    assert.ok(incremental.some((x) => x.startsWith(`${poor}|dibao|eligible_not_enrolled|`)),
      'the household that lost its income is found');
    assert.ok(!incremental.some((x) => x.startsWith(`${rich}|dibao|`)), 'the one that earns now is not');
    assert.ok(incremental.some((x) => x.startsWith(`${moved}|dibao|`) && x.endsWith(`|${other}`)),
      'the moved household is listed under its new community');
    assert.equal(idsAfter.get(`${untouched}/dibao`), idsBefore.get(`${untouched}/dibao`),
      'an unchanged finding keeps its item');
    assert.notEqual(idsAfter.get(`${moved}/dibao`), idsBefore.get(`${moved}/dibao`),
      'a changed finding is a new item');

    screen('--rewrite');
    assert.deepEqual(openItems(), incremental, 'a full rewrite leaves the same open items');
    // And back: an incremental run after a rewrite changes nothing.
    const again = screen();
    assert.match(again.stderr, /items 0 inserted, 0 deleted, \d+ kept/);
    assert.deepEqual(openItems(), incremental);
  } finally {
    registrySql([`DELETE FROM person_incomes WHERE person_id IN (${members(rich)})`,
      ...savedIncomes.map(([pid, div, kind, fen]) =>
        `INSERT INTO person_incomes (person_id, division_code, kind, monthly_fen) VALUES (${pid}, '${div}', '${kind}', ${fen})`),
      ...savedAssets.map(([pid, div, kind, fen]) =>
        `INSERT INTO person_assets (person_id, division_code, kind, amount_fen) VALUES (${pid}, '${div}', '${kind}', ${fen})`),
      `UPDATE persons SET death_date = NULL WHERE id = ${dead}`], { persons: touched });
    registrySql(`UPDATE households SET division_code = '${movedFrom}' WHERE id = ${moved}`, { households: [moved] });
  }
  // The registry restored, the next run brings the worklist back.
  screen();
  assert.deepEqual(openItems(), before);
});
