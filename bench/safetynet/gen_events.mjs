// gen_events.mjs --n N --seed S --persons FILE > events.csv
// N events about the persons of FILE (one ID number a line), in the mix a
// city's departments send (see run.sh), dated over the past year, each with
// its own sender id. Deterministic for a seed.
import { readFileSync } from 'node:fs';

const arg = (k, d) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d; };
const n = Number(arg('n', '1000000'));
let s = BigInt(arg('seed', '1'));
const ids = readFileSync(arg('persons'), 'utf8').split('\n').filter(Boolean);
const rnd = () => { s = (s * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn; return Number(s >> 33n) / 2 ** 31; };
// type, weight, typical amount in fen (0: none)
const mix = [['hospital_bill', 30, 600000], ['utility_arrears', 20, 120000], ['rent_arrears', 10, 250000],
  ['unemployment', 15, 0], ['disability_change', 8, 0], ['death', 5, 0], ['checkin_missed', 8, 0],
  ['rough_sleeper', 2, 0], ['unattended_child', 2, 0]];
const total = mix.reduce((a, m) => a + m[1], 0);
const day0 = Date.now() + 8 * 3600e3 - 365 * 86400e3;
const out = ['id_number,type,occurred_on,amount_fen,event_id,note'];
let chunk = [];
process.stdout.write(out[0] + '\n');
for (let i = 0; i < n; i++) {
  let at = rnd() * total, m = mix[0];
  for (const x of mix) { if (at < x[1]) { m = x; break; } at -= x[1]; }
  const amount = m[2] ? Math.floor(m[2] * (0.3 + rnd() * 1.4)) : '';
  const day = new Date(day0 + Math.floor((i / n) * 365) * 86400e3).toISOString().slice(0, 10);
  chunk.push(`${ids[Math.floor(rnd() * ids.length)]},${m[0]},${day},${amount},b-${i},`);
  if (chunk.length === 10000) { process.stdout.write(chunk.join('\n') + '\n'); chunk = []; }
}
if (chunk.length) process.stdout.write(chunk.join('\n') + '\n');
