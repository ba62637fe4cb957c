// load.mjs - audited reads and writes from several districts at once.
//
//   node load.mjs URL TOKEN SECONDS WORKERS_PER_DISTRICT PERSONS.json
//
// PERSONS.json: {"440105": [id, ...], ...}. Each worker of a district loops
// over its own persons (no two workers write one person): GET the person
// (an audited read) and PATCH its phone with the version read (an audited
// write, its record appended inside the write's transaction). Prints one
// JSON line: reads, writes, errors, rates per second and the p50/p99 of each
// kind in milliseconds.
import { readFileSync } from 'node:fs';

const [url, token, seconds, perDistrict, file] = process.argv.slice(2);
const persons = JSON.parse(readFileSync(file, 'utf8'));
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
const lat = { read: [], write: [] };
let errors = 0;
const firstErrors = [];
const end = Date.now() + Number(seconds) * 1000;

async function timed(kind, f) {
  const t0 = performance.now();
  const r = await f();
  const body = await r.text();
  if (r.status !== 200) {
    errors++;
    if (firstErrors.length < 3) firstErrors.push(`${kind} ${r.status} ${body.slice(0, 160)}`);
    return null;
  }
  lat[kind].push(performance.now() - t0);
  return JSON.parse(body);
}

async function worker(ids) {
  for (let i = 0; Date.now() < end; i++) {
    const id = ids[i % ids.length];
    const p = await timed('read', () => fetch(`${url}/api/v1/persons/${id}`, { headers }));
    if (!p) continue;
    const phone = `1380013${String(i % 10000).padStart(4, '0')}`;
    await timed('write', () => fetch(`${url}/api/v1/persons/${id}`, {
      method: 'PATCH', headers, body: JSON.stringify({ phone, reason: '压测：居民来电更新', version: p.version }),
    }));
  }
}

const pct = (v, q) => { if (!v.length) return 0; const s = [...v].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const jobs = [];
const k = Number(perDistrict);
for (const ids of Object.values(persons))
  for (let w = 0; w < k; w++) jobs.push(worker(ids.filter((_, j) => j % k === w)));
const t0 = Date.now();
await Promise.all(jobs);
const s = (Date.now() - t0) / 1000;
console.log(JSON.stringify({
  reads: lat.read.length, writes: lat.write.length, errors, first_errors: firstErrors,
  read_rate: +(lat.read.length / s).toFixed(1), write_rate: +(lat.write.length / s).toFixed(1),
  read_p50: +pct(lat.read, 0.5).toFixed(2), read_p99: +pct(lat.read, 0.99).toFixed(2),
  write_p50: +pct(lat.write, 0.5).toFixed(2), write_p99: +pct(lat.write, 0.99).toFixed(2),
}));
