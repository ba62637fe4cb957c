// Raw SQL that writes the registry's screened tables (persons, households,
// household_members, person_incomes, person_assets) the way the registry's
// own writers do: the change and its trace (registry_changes, one row per id
// touched; src/registry/changes.c) in one transaction. Whole-city screening
// keeps the registry's columns in a snapshot by default and re-reads only
// what the trace names: a change without its trace would be screened from
// stale columns (docs/adding-a-domain.md, "the registry's change trace").
import { DB, sql } from './lib.mjs';

// statements: one SQL text or a list; persons, households: the ids they
// change (numbers or numeric strings).
export function registrySql(statements, { persons = [], households = [] } = {}) {
  const list = Array.isArray(statements) ? statements : [statements];
  const now = Math.floor(Date.now() / 1000);
  const notes = [];
  for (const [entity, ids] of [['person', persons], ['household', households]]) {
    for (const raw of ids) {
      const id = Number(raw);
      if (!Number.isSafeInteger(id)) throw new Error(`registrySql: ${entity} id '${raw}' is not an integer`);
      notes.push(`INSERT INTO registry_changes (entity, lo, hi, changed_at) VALUES ('${entity}', ${id}, ${id}, ${now})`);
    }
  }
  if (!notes.length) throw new Error('registrySql: name the persons or households the statements change');
  // PostgreSQL: the writers' shared lock, which a snapshot reader waits on
  // (registry_change_note).
  const lock = DB.startsWith('postgres') ? ['SELECT pg_advisory_xact_lock_shared(7261629)'] : [];
  return sql(`BEGIN; ${[...lock, ...list, ...notes].join('; ')}; COMMIT;`);
}
