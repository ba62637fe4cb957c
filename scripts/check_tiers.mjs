#!/usr/bin/env node
// check_tiers.mjs - no file includes a header of a tier above it
// (docs/architecture.md): core < shared mechanisms < domains < fronts.
//
//   node scripts/check_tiers.mjs [--root DIR]
//
// Also, inside the tiers: a domain never includes another domain's headers
// (domains meet in the mechanisms and through events); the core keeps its own
// order (base < store, policy < access < registry: rooms.mjs CORE_RANK); a
// folder under src/ that no tier names fails, so a new room is placed on
// purpose. Only quoted includes are read ("room/file.h", resolved from src/
// or from the including file's folder); system headers are not ours.
// Exit 0 when clean, 1 otherwise.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_RANK, TIER, listFiles, placeOf } from './rooms.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const i = args.indexOf('--root');
const root = path.resolve(i >= 0 ? args[i + 1] : path.join(here, '..'));
const TIER_NAME = ['core', 'mechanism', 'domain', 'front'];

function resolve(rel, inc) {
  const fromSrc = path.posix.join('src', inc);
  if (fs.existsSync(path.join(root, fromSrc))) return fromSrc;
  const local = path.posix.join(path.posix.dirname(rel), inc);
  if (fs.existsSync(path.join(root, local))) return local;
  return null; // generated (schema_embedded.h) or missing: the compiler says
}

// Why `to` may not be included from `from`, or null when it may.
function forbidden(from, to) {
  if (from.tier === undefined) return `${from.room} is in no tier (scripts/rooms.mjs)`;
  if (to.tier === undefined) return `${to.room} is in no tier (scripts/rooms.mjs)`;
  if (from.room === to.room && from.tier >= to.tier) return null;
  if (to.tier > from.tier)
    return `a ${TIER_NAME[from.tier]} file includes a ${TIER_NAME[to.tier]} header`;
  if (from.domain && to.domain && from.domain !== to.domain)
    return `domain ${from.domain} includes domain ${to.domain}`;
  if (from.tier === TIER.core && to.tier === TIER.core && from.room !== to.room &&
      CORE_RANK[to.name] >= CORE_RANK[from.name])
    return `core ${from.name} includes core ${to.name}, which is not below it`;
  return null;
}

let violations = 0;
let edges = 0;
const files = listFiles(root, ['.c', '.h']);
for (const rel of files) {
  const from = placeOf(rel);
  fs.readFileSync(path.join(root, rel), 'utf8').split('\n').forEach((text, n) => {
    const m = text.match(/^\s*#\s*include\s+"([^"]+)"/);
    if (!m) return;
    const target = resolve(rel, m[1]);
    if (!target) return;
    edges++;
    const why = forbidden(from, placeOf(target));
    if (why) {
      console.log(`tiers: ${rel}:${n + 1}: includes "${m[1]}": ${why}`);
      violations++;
    }
  });
}
console.log(`tiers: ${files.length} files, ${edges} includes; ${violations} violations`);
process.exit(violations ? 1 : 0);
