#!/usr/bin/env node
// check_ownership.mjs - a table is read and written only by the room whose
// schema file creates it (docs/architecture.md; house style 15).
//
//   node scripts/check_ownership.mjs [--root DIR] [--exceptions FILE] [--list]
//
// Maps every CREATE TABLE in src/**/schema/*.sql (and the few in C literals,
// store's schema_migrations) to its room, then reads every .c file's string
// literals (adjacent ones joined, as the compiler joins them) and reports
// each FROM / JOIN / INTO / UPDATE / TABLE <name> naming another room's table,
// with the tables of a FROM list (`FROM a x, b y`), and each bulk load
// (`store_bulk_begin(c, "persons", ...)`, a literal that is exactly a table
// name on a line calling a *bulk* or *flush* function).
//
// Exceptions live in scripts/ownership_exceptions.txt, one `room file table
// count` a line with a `# reason` on the same line or the comment block
// above. count is how many references to that table the file may hold: one
// more (a new query in a file that already had one) fails, and so does one
// fewer (lower the count), as does an exception without a reason or one that
// matches nothing, so the list can only shrink. Exit 0 when clean, 1 otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cStringGroups, listFiles, roomOf, tableOwners } from './rooms.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const root = path.resolve(opt('--root', path.join(here, '..')));
const exceptionsFile = opt('--exceptions', path.join(root, 'scripts/ownership_exceptions.txt'));
const listAll = args.includes('--list');

// SQL keywords are written in upper case in this code base; matching them
// case-sensitively keeps English messages ("moved from households ...") out.
const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
const refRe = new RegExp(`\\b(FROM|JOIN|INTO|UPDATE|TABLE)\\s+(?:ONLY\\s+|IF\\s+(?:NOT\\s+)?EXISTS\\s+)?(${IDENT})`, 'g');
// What may follow a table in a FROM list before the next comma.
const clauseEnd = /\b(WHERE|JOIN|LEFT|RIGHT|INNER|CROSS|FULL|ON|USING|GROUP|ORDER|LIMIT|OFFSET|UNION|EXCEPT|INTERSECT|HAVING|WINDOW|FOR|RETURNING|SET|VALUES)\b|[();]/;

function references(rel, src, owners) {
  const out = [];
  const seen = new Set();
  const push = (table, line, kind) => {
    if (!owners.has(table)) return; // a CTE, an alias, a function
    const k = `${table}:${line}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ table, line, kind });
  };
  const srcLines = src.split('\n');
  for (const g of cStringGroups(src)) {
    for (const m of g.text.matchAll(refRe)) {
      const at = m.index + m[0].length - m[2].length;
      push(m[2], g.lines[at], m[1]);
      if (m[1] !== 'FROM') continue;
      // The rest of a FROM list: `FROM persons p, household_members m`.
      let rest = g.text.slice(m.index + m[0].length);
      const end = rest.search(clauseEnd);
      if (end >= 0) rest = rest.slice(0, end);
      let off = m.index + m[0].length;
      for (const piece of rest.split(',').slice(1)) {
        off += piece.length + 1;
        const t = piece.trim().match(new RegExp(`^(${IDENT})`));
        if (t) push(t[1], g.lines[g.text.indexOf(t[1], off - piece.length - 1)] ?? g.lines[at], 'FROM');
      }
    }
    // A bulk load names its table as a whole literal.
    const whole = g.text.trim();
    if (owners.has(whole)) {
      const line = g.lines[0];
      if (/\b\w*(bulk|flush)\w*\s*\(/.test(srcLines[line - 1] ?? '')) push(whole, line, 'bulk');
    }
  }
  return out;
}

// Exceptions: `room file table count  # reason`; a comment block directly
// above a line (or group of lines) is its reason too.
function readExceptions(file) {
  const list = [];
  const errors = [];
  if (!fs.existsSync(file)) return { list, errors };
  let pending = '';
  fs.readFileSync(file, 'utf8').split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) { pending = ''; return; }
    if (line.startsWith('#')) { pending += line.slice(1).trim() + ' '; return; }
    const hash = line.indexOf('#');
    const body = (hash >= 0 ? line.slice(0, hash) : line).trim().split(/\s+/);
    const reason = ((hash >= 0 ? line.slice(hash + 1) : '') + ' ' + pending).trim();
    if (body.length !== 4 || !/^[1-9][0-9]*$/.test(body[3])) {
      errors.push(`${path.basename(file)}:${i + 1}: expected "room file table count  # reason"`);
      return;
    }
    if (!reason) errors.push(`${path.basename(file)}:${i + 1}: exception without a reason`);
    list.push({ room: body[0], file: body[1], table: body[2], count: Number(body[3]), at: i + 1,
      used: 0, refs: [] });
  });
  return { list, errors };
}

const { owners, conflicts } = tableOwners(root);
let failed = 0;
for (const c of conflicts) {
  console.log(`ownership: table ${c.table} created by two rooms: ${c.a.room} (${c.a.file}) and ${c.b.room} (${c.b.file})`);
  failed++;
}
const { list: exceptions, errors } = readExceptions(exceptionsFile);
for (const msg of errors) { console.log(`ownership: ${msg}`); failed++; }

let violations = 0;
let excepted = 0;
for (const rel of listFiles(root, ['.c', '.h'])) {
  const room = roomOf(rel);
  const src = fs.readFileSync(path.join(root, rel), 'utf8');
  for (const r of references(rel, src, owners)) {
    const owner = owners.get(r.table).room;
    if (owner === room) continue;
    const ex = exceptions.find((x) => x.room === room && x.file === rel && x.table === r.table);
    const msg = `${room}: ${rel}:${r.line}: ${r.kind} ${r.table} (owned by ${owner})`;
    if (ex) {
      ex.used++;
      ex.refs.push(msg);
      if (listAll) console.log(`excepted  ${msg}`);
      continue;
    }
    console.log(`ownership: ${msg}`);
    violations++;
  }
}
const name = path.basename(exceptionsFile);
for (const x of exceptions) {
  if (!x.used) {
    console.log(`ownership: ${name}:${x.at}: stale exception (${x.room} ${x.file} ${x.table} matches nothing; remove it)`);
    failed++;
  } else if (x.used > x.count) {
    // Which of them is new cannot be told from here: show them all.
    for (const msg of x.refs) console.log(`ownership: ${msg}`);
    console.log(`ownership: ${name}:${x.at}: ${x.file} names ${x.table} ${x.used} times, ${x.count} excepted`);
    violations += x.used - x.count;
    excepted += x.count;
  } else if (x.used < x.count) {
    console.log(`ownership: ${name}:${x.at}: ${x.file} names ${x.table} ${x.used} times now; lower the count from ${x.count}`);
    failed++;
    excepted += x.used;
  } else {
    excepted += x.used;
  }
}
const rooms = new Set([...owners.values()].map((o) => o.room));
console.log(`ownership: ${owners.size} tables in ${rooms.size} rooms; ${violations} violations, ` +
  `${excepted} excepted references in ${exceptions.length} exceptions`);
process.exit(violations || failed ? 1 : 0);
