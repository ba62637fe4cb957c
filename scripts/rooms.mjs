// rooms.mjs - what the house checks know about rooms and tiers, shared by
// scripts/check_ownership.mjs and scripts/check_tiers.mjs.
//
// A room is a folder under src/ (src/registry, src/cases, ...) or a domain
// under src/domains/ (src/domains/eldercare). The tiers are those of
// docs/architecture.md: core < shared mechanisms < domains < fronts. A
// domain's own front files (api_*.c, routes.c, cmd_*.c, *_api.h) belong to its
// room for table ownership but to the fronts tier for includes: they
// translate JSON and arguments and may use http/ and cli/.
import fs from 'node:fs';
import path from 'node:path';

// Within the core the order is fixed too (docs/architecture.md, "rooms with
// one direction of use"): a room may include only rooms of a lower rank, or
// itself. policy is pure (base only); access sits below registry because
// every registry call scopes and audits through it.
export const CORE_RANK = { base: 0, store: 1, policy: 1, access: 2, registry: 3 };
export const MECHANISMS = new Set(['cases', 'benefits', 'evidence', 'screen', 'demo', 'events', 'jobs', 'documents', 'hall', 'notices']);
export const FRONTS = new Set(['http', 'cli']);
export const TIER = { core: 0, mechanism: 1, domain: 2, front: 3 };

// Every file below root/src with one of the extensions, relative to root.
export function listFiles(root, exts) {
  const out = [];
  const walk = (dir) => {
    for (const ent of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, ent.name);
      if (ent.isDirectory()) walk(rel);
      else if (exts.some((x) => ent.name.endsWith(x))) out.push(rel);
    }
  };
  walk('src');
  return out.sort();
}

// 'src/domains/eldercare/meal.c' -> 'src/domains/eldercare';
// 'src/registry/schema/0001_registry.sql' -> 'src/registry'.
export function roomOf(rel) {
  const p = rel.split('/');
  if (p[1] === 'domains' && p.length === 3) return 'src/domains'; // the registration file
  if (p[1] === 'domains') return p.slice(0, 3).join('/');
  return p.slice(0, 2).join('/');
}

function isDomainFront(rel) {
  const base = path.posix.basename(rel);
  // src/domains/domains.{c,h}: the one-line-a-domain registration of
  // subscribers and jobs, called by main(); it names every domain, as the
  // route table does, so it stands with the fronts.
  if (rel === 'src/domains/domains.c' || rel === 'src/domains/domains.h') return true;
  return /^api_.*\.c$/.test(base) || base === 'routes.c' || /^cmd_.*\.c$/.test(base) || /_api\.h$/.test(base);
}

// { tier, room, name } of a file; tier undefined for a folder no tier names
// (the check reports it, so a new room must be placed on purpose).
export function placeOf(rel) {
  const room = roomOf(rel);
  const p = room.split('/');
  if (p[1] === 'domains') {
    return { tier: isDomainFront(rel) ? TIER.front : TIER.domain, room, name: p[2], domain: p[2] };
  }
  const name = p[1];
  if (name in CORE_RANK) return { tier: TIER.core, room, name };
  if (MECHANISMS.has(name)) return { tier: TIER.mechanism, room, name };
  if (FRONTS.has(name)) return { tier: TIER.front, room, name };
  return { tier: undefined, room, name };
}

// The string literals of a C file, with comments and character literals
// skipped; adjacent literals (only blanks, comments or line splices between
// them) are joined the way the compiler joins them, so a keyword at the end
// of one line and the table at the start of the next are seen together.
// Returns [{ text, lines }] where lines[i] is the source line of text[i].
export function cStringGroups(src) {
  const groups = [];
  let cur = null; // the group being built
  let line = 1;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i];
    if (ch === '\n') { line++; i++; continue; }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') { i++; continue; }
    if (ch === '\\' && src[i + 1] === '\n') { line++; i += 2; continue; }
    if (ch === '/' && src[i + 1] === '/') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && src[i + 1] === '*') {
      i += 2;
      while (i < n && !(src[i] === '*' && src[i + 1] === '/')) { if (src[i] === '\n') line++; i++; }
      i += 2;
      continue;
    }
    if (ch === "'") {
      i++;
      while (i < n && src[i] !== "'") { if (src[i] === '\\') i++; i++; }
      i++;
      cur = null;
      continue;
    }
    if (ch === '"') {
      if (!cur) { cur = { text: '', lines: [] }; groups.push(cur); }
      i++;
      while (i < n && src[i] !== '"') {
        if (src[i] === '\\') {
          if (src[i + 1] === '\n') { line++; i += 2; continue; }
          // An escape stands for one character; keep a blank so words
          // on either side of "\n" stay apart.
          cur.text += ' '; cur.lines.push(line); i += 2; continue;
        }
        if (src[i] === '\n') line++;
        cur.text += src[i]; cur.lines.push(line); i++;
      }
      i++;
      // A blank between joined literals would change nothing the compiler
      // sees, but "FROM" "persons" must not read as "FROMpersons".
      continue;
    }
    cur = null;
    i++;
  }
  return groups;
}

// Tables each room creates: { table -> { room, file } }. A table created by
// two rooms is reported as a conflict by the caller.
export function tableOwners(root) {
  const owners = new Map();
  const conflicts = [];
  const add = (table, room, file) => {
    const prev = owners.get(table);
    if (prev && prev.room !== room) conflicts.push({ table, a: prev, b: { room, file } });
    else if (!prev) owners.set(table, { room, file });
  };
  const createRe = /\bCREATE\s+(?:TEMP\s+|TEMPORARY\s+|UNLOGGED\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_][A-Za-z0-9_]*)/gi;
  for (const rel of listFiles(root, ['.sql'])) {
    if (!rel.split('/').includes('schema')) continue;
    const sql = fs.readFileSync(path.join(root, rel), 'utf8').replace(/--[^\n]*/g, '');
    for (const m of sql.matchAll(createRe)) add(m[1], roomOf(rel), rel);
  }
  // A few tables are created by C code (store's schema_migrations).
  for (const rel of listFiles(root, ['.c'])) {
    for (const g of cStringGroups(fs.readFileSync(path.join(root, rel), 'utf8'))) {
      for (const m of g.text.matchAll(createRe)) add(m[1], roomOf(rel), rel);
    }
  }
  return { owners, conflicts };
}
