// Scope probes generated from the route table (/api/openapi.json with its
// x-roles): a new route is probed the day it is added.
//  - every route with a path key, for every fixture role: a record of another
//    street answers 404 not_found (the caller cannot even learn it exists),
//    or 403 forbidden when the role may not use the route at all;
//  - every list (GET without a path key), for every scoped role allowed to
//    call it: each row with a division code lies inside the caller's scope;
//    for roles that may not call it, 403.
// A path key whose kind of record this file does not know fails the test:
// add it to RECORD_OF below (and, if needed, to tests/api/world.mjs).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, raw, sql } from './lib.mjs';
import { buildWorld } from './world.mjs';

// The path segment before a parameter names the kind of record it keys
// (".../canteens/{id}/settlements/{month}": a canteen, then a month).
const RECORD_OF = {
  persons: 'person', households: 'household', members: 'person', cases: 'case', objections: 'objection',
  enrollments: 'enrollment', runs: 'run', divisions: 'division', users: 'user', categories: 'category',
  providers: 'provider', canteens: 'canteen', settlements: 'month', 'call-subscribers': 'subscriber',
  calls: 'call', 'call-alerts': 'alert', homes: 'home', 'wait-applications': 'wait', offers: 'offer',
  'home-beds': 'bed', items: 'screen_item', integrity: 'integrity',
  meals: 'meal',
  halls: 'hall', meetings: 'meeting', resolutions: 'resolution',
  deaths: 'death', 'death-tasks': 'death_task',
  volunteers: 'volunteer', accounts: 'vol_account', movements: 'movement', 'service-orders': 'service_order',
  pairings: 'pairing', activities: 'activity',
  alerts: 'sn_alert', orders: 'sn_order',
  marriages: 'marriage', divorces: 'divorce', appointments: 'appointment',
  inbox: 'notice',
};
// Keys of things the whole city shares: no scope to probe, only roles.
const CITYWIDE = {
  programs: { value: 'dibao', why: 'a policy program is the city rules, not personal data' },
  calendar: { value: '2026-10-01', why: 'the working-day calendar is the city calendar' },
  jobs: { value: 'events.deliver', why: "jobs are the city's operations (city admins run them)" },
  events: { value: 1, why: "event delivery is the city's operations, read by city admins and auditors" },
  documents: { value: 'decision', why: 'a kind of document; the case before it is the record probed' },
  hall: { value: 'cases.pending', why: 'an indicator key names a figure, not a record; the division asked for is checked (hall.test.mjs)' },
  offices: { value: '440105', why: 'a marriage registry office is a public office any couple of the city books (全城通办)' },
};
// Keys of the caller's own rows: the route reads and writes the signed-in
// user's rows only, whatever the key names, so there is no other record to
// probe (lists_sort.test.mjs checks that one user never sees another's).
const OWN = {
  'table-settings': "a table's column settings, the caller's own",
  exports: "an export's progress, by a token of the caller's own run",
};
// Parameters that are not records: a value any caller could name.
const PLAIN = new Set(['month']);

// GETs without a path key that are not lists: they take the caller's
// division as a required parameter and refuse one outside the scope (each
// has its own test of that refusal).
const NOT_LISTS = {
  '/api/v1/documents/batch': 'a PDF of a street\'s month; division outside the scope is refused (documents.test.mjs)',
  '/api/v1/notices.pdf': 'the posted notice of one division as PDF; a division outside the scope is refused (documents_forms.test.mjs)',
  '/api/v1/hall/export': 'a workbook of one division\'s figures; a division outside the scope is refused (hall.test.mjs)',
  '/api/v1/division-names': 'division names, public reference data for any scope: names only, no record of a person (people_marks.test.mjs)',
};

// Lists that need query parameters to answer at all.
const LIST_QUERY = {
  '/api/v1/eldercare/visits/due': 'month=2026-03',
  '/api/v1/eldercare/visits/rates': 'month=2026-03',
  '/api/v1/payroll/totals': 'month=2021-01',
};

// Bodies for writes, valid enough that only the scope can refuse them (a
// route not listed sends {}): a probe must reach the record lookup, and a
// write that wrongly succeeds then shows up as a failure.
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const why = { reason: '越权探测原因' };
const BODIES = {
  'PATCH /api/v1/persons/{id}': { name: '改名', version: 1, ...why },
  'POST /api/v1/persons/{id}/reveal': why,
  'POST /api/v1/posthumous/death-tasks/{id}/receipt': { receipt_ref: '探测回执号', done_on: today },
  'POST /api/v1/posthumous/deaths/{id}/funeral': (w) => ({ home_id: w.funeral_home, cremated_on: today, cremation_no: '探测火化号', basic_fee_fen: 100000, burial_kind: 'sea' }),
  'POST /api/v1/households/{id}/members': (w) => ({ person_id: w.person, relation: 'other', ...why }),
  'DELETE /api/v1/households/{id}/members/{person_id}': why,
  'POST /api/v1/cases/{id}/actions': { action: 'start_verification', version: 1 },
  'POST /api/v1/cases/{id}/attachments': { name: '探测.pdf', content_type: 'application/pdf', sha256: 'a'.repeat(64), size_bytes: 10 },
  'POST /api/v1/cases/{id}/objections': { content: '越权探测异议内容' },
  'POST /api/v1/eldercare/meals/{id}/cancel': { reason: '越权探测撤销' },
  'PATCH /api/v1/eldercare/meals/{id}': { mode: 'delivery', reason: '越权探测更正' },
  'POST /api/v1/integrity/{id}/resolve': { resolution: '越权探测处理结果' },
  'POST /api/v1/screen/items/{id}/work': { disposition: 'dismissed', note: '越权探测原因' },
  'POST /api/v1/cases/{id}/payee': (w) => ({ person_id: w.person, bank_account: '6222020000001234', reason: '越权探测原因' }),
  'POST /api/v1/cases/{id}/objections/{objection_id}': { outcome: 'dismissed', handling: '越权探测处理' },
  'POST /api/v1/payroll/runs/{id}/reconciliation': { csv: 'payment_id,status,bank_ref,reason\n' },
  'POST /api/v1/eldercare/persons/{id}/assessments': { assessed_on: today, assessor: '张评估', location: '家中', purpose: 'initial', items: {} },
  'POST /api/v1/eldercare/persons/{id}/assessment-changes': { reported_on: today, description: '越权探测' },
  'POST /api/v1/eldercare/persons/{id}/categories': { category: 'dibao', valid_from: '2020-01-01', ...why },
  'POST /api/v1/eldercare/persons/{id}/cards': why,
  'POST /api/v1/eldercare/categories/{id}/end': { valid_to: today, ...why },
  'POST /api/v1/eldercare/providers/{id}/users': { login: 't_provider', ...why },
  'PATCH /api/v1/eldercare/canteens/{id}': { capacity: 41, ...why },
  'POST /api/v1/eldercare/home-beds/{id}/end': { end_on: today, ...why },
  'POST /api/v1/eldercare/home-beds/{id}/visits': { started_at: 1780000000, ended_at: 1780003600, staff: '探测护理员', services: ['bathing'] },
  'POST /api/v1/eldercare/canteens/{id}/checkins': { slot: 'lunch', id_number: '440105194001010014' },
  'POST /api/v1/eldercare/canteens/{id}/settlements': { month: '2021-01' },
  'POST /api/v1/eldercare/canteens/{id}/settlements/{month}/confirm': why,
  'POST /api/v1/eldercare/call-subscribers/{id}/end': { ended_on: today, ...why },
  'POST /api/v1/eldercare/calls/{id}/dispatch': { to: 'contact', note: '越权探测' },
  'POST /api/v1/eldercare/calls/{id}/close': { outcome: '越权探测' },
  'POST /api/v1/eldercare/call-alerts/{id}/close': { note: '越权探测' },
  'POST /api/v1/eldercare/homes/{id}/requeue': why,
  'POST /api/v1/eldercare/homes/{id}/vacancies': { freed_on: today, note: '越权探测' },
  'POST /api/v1/eldercare/wait-applications/{id}/withdraw': why,
  'POST /api/v1/eldercare/offers/{id}/decide': { answer: 'decline', ...why },
  'POST /api/v1/deliberation/halls/{id}/representatives': { kind: 'committee', label: '探测居委会' },
  'POST /api/v1/deliberation/halls/{id}/topics': { title: '探测议题', raised_by: 'resident', raised_on: today },
  'POST /api/v1/deliberation/halls/{id}/meetings': (w) => ({ title: '探测会议', held_on: today, topic_ids: [w.topic] }),
  'POST /api/v1/deliberation/meetings/{id}/attendance': (w) => ({ present: [w.rep] }),
  'POST /api/v1/deliberation/meetings/{id}/minutes': { text: '探测纪要' },
  'POST /api/v1/deliberation/meetings/{id}/amendments': (w) => ({ representative_id: w.rep, text: '探测纪要修正', note: '探测' }),
  'POST /api/v1/deliberation/meetings/{id}/resolutions': (w) => ({ topic_id: w.topic, text: '探测决议', responsible_unit: '探测单位', due_on: '2099-01-01', tasks: [{ title: '探测任务', due_on: '2099-01-01' }] }),
  'POST /api/v1/deliberation/resolutions/{id}/task-done': (w) => ({ task_id: w.task, evidence: '探测凭证' }),
  'POST /api/v1/volunteer/volunteers/{id}/status': { status: 'suspended', ...why },
  'POST /api/v1/volunteer/volunteers/{id}/login': { login: 't_provider', ...why },
  'POST /api/v1/volunteer/volunteers/{id}/certificates': { title: '探测培训', issuer: '探测机构', issued_on: '2026-01-01' },
  'POST /api/v1/volunteer/volunteers/{id}/exchanges': { service_code: 'errand', minutes: 1, ...why },
  'POST /api/v1/volunteer/volunteers/{id}/transfers': (w) => ({ person_id: w.person, minutes: 1, ...why }),
  'POST /api/v1/volunteer/movements/{id}/reverse': why,
  'POST /api/v1/volunteer/service-orders/{id}/decline': why,
  'POST /api/v1/volunteer/service-orders/{id}/checkin': { code: '000000' },
  'POST /api/v1/volunteer/service-orders/{id}/rate': { rating: 5 },
  'POST /api/v1/volunteer/service-orders/{id}/cancel': why,
  'POST /api/v1/volunteer/pairings/{id}/end': why,
  'POST /api/v1/volunteer/pairings/{id}/visits': { wanted_on: today },
  'POST /api/v1/volunteer/activities/{id}/signups': { role: '探测岗' },
  'POST /api/v1/volunteer/activities/{id}/checkin': { code: '000000' },
  'POST /api/v1/volunteer/activities/{id}/checkout': { code: '000000' },
  'POST /api/v1/volunteer/activities/{id}/confirm': (w) => ({ volunteer_id: w.volunteer }),
  'POST /api/v1/safetynet/orders/{id}/actions': { action: 'accept', version: 1 },
  'POST /api/v1/marriage/offices/{code}/capacity': { slot_capacity: 30, ...why },
  'POST /api/v1/marriage/appointments/{id}/status': { action: 'confirm' },
  'POST /api/v1/marriage/marriages/{id}/corrections': { field: 'other_reference', value: '越权探测', version: 1, ...why },
  'POST /api/v1/marriage/marriages/{id}/revoke': { ground: 'coercion', ...why },
  'POST /api/v1/marriage/marriages/{id}/reissue': (w) => ({ party_id_number: w.bride_id_number, ...why }),
  'POST /api/v1/marriage/divorces/{id}/withdraw': (w) => ({ party_id_number: w.bride_id_number, ...why }),
  'POST /api/v1/marriage/divorces/{id}/register': { both_present: true },
};

// Care homes are public institutions the whole city applies to: any staff
// member may see a home's queue, its places and ordering keys, never who
// waits (tests/api/eldercare_services.test.mjs), and the list of homes.
// A role without business with homes (a service provider) gets not_found.
const PUBLIC_VIEW = {
  'GET /api/v1/eldercare/homes/{id}/queue': (r) => (r.status === 404 && r.json.error.code === 'not_found') || r.status === 200 && Array.isArray(r.json.items) && r.json.items.length > 0 &&
    r.json.items.every((x) => x.name === undefined && x.application_id === undefined && x.person_id === undefined && x.key === undefined),
};
// Eldercare parameters are each district's published rules (a district's
// meal price applies to its streets), not personal data.
// (/api/v1/screen/runs: the whole city's screening runs as counts, no household named.)
// Funeral homes serve the whole city (a family chooses any of them): a
// public list of institutions, no personal data.
const PUBLIC_LIST = new Set(['/api/v1/eldercare/homes', '/api/v1/eldercare/params', '/api/v1/screen/runs',
  '/api/v1/posthumous/funeral-homes']);

const LOGINS = ['t_admin', 't_auditor', 't_haizhu', 't_haizhu_officer', 't_tianhe', 't_community', 't_provider'];

// access_scope_prefix (src/access/scope.c): 440100 -> 4401, 440105 -> 440105.
export function scopePrefix(code) {
  if (code.length === 6 && code.endsWith('0000')) return code.slice(0, 2);
  if (code.length === 6 && code.endsWith('00')) return code.slice(0, 4);
  return code;
}

let ops = [];
const clients = {};
const worlds = [];

before(async () => {
  const doc = await raw('GET', '/api/openapi.json');
  assert.equal(doc.status, 200, doc.text);
  for (const [path, item] of Object.entries(doc.json.paths)) {
    for (const [method, op] of Object.entries(item)) {
      assert.ok(Array.isArray(op['x-roles']) && op['x-roles'].length > 0, `${method} ${path} has x-roles`);
      ops.push({ method: method.toUpperCase(), path, roles: op['x-roles'], open: !op.security });
    }
  }
  for (const login of LOGINS) clients[login] = await bearer(login);
  const admin = clients.t_admin;
  // The service provider acts for the 海珠 world's canteen operator.
  worlds.push(await buildWorld(admin, clients.t_tianhe, '440106001'));
  worlds.push(await buildWorld(admin, clients.t_haizhu, '440105001'));
  const hz = worlds[1];
  const link = await admin.post(`/api/v1/eldercare/providers/${hz.provider}/users`, { login: 't_provider', reason: '越权探测账号' });
  assert.equal(link.status, 201, link.text);
  worlds[0].user = clients.t_tianhe.user.id;
  worlds[1].user = clients.t_haizhu.user.id;
  // A notice in each street caseworker's bell about the world's case, as
  // the reminder job leaves one (src/notices).
  for (const w of worlds) {
    w.notice = Number(sql(`INSERT INTO notices (user_id, kind, params, link, division_code, dedup_key, created_at)
      VALUES (${w.user}, 'case_deadline', '{"case_id":${w.case},"program":"dibao","task":"decide","due_on":"2099-01-01"}',
      '/assistance/cases/${w.case}', '${w.community}', 'probe:${w.case}', 0) RETURNING id`).trim());
  }
});

// {name, record} for each path parameter of "/a/{x}/b/{y}".
function pathParams(path) {
  const segs = path.split('/');
  const out = [];
  for (let i = 1; i < segs.length; i++) {
    const m = /^\{(.+)\}$/.exec(segs[i]);
    if (m) out.push({ name: m[1], segment: segs[i - 1] });
  }
  return out;
}

function fill(path, world) {
  return path.replace(/\{([^}]+)\}/g, (_, name) => {
    const seg = path.split('/')[path.split('/').indexOf(`{${name}}`) - 1];
    const v = CITYWIDE[seg] ? CITYWIDE[seg].value : world[RECORD_OF[seg]];
    assert.ok(v !== undefined && v !== null, `world ${world.street} has a ${RECORD_OF[seg]} for ${path}`);
    return encodeURIComponent(String(v));
  });
}

const call = (client, method, path, template, world) => {
  let body = BODIES[`${method} ${template}`] ?? {};
  if (typeof body === 'function') body = body(world);
  if (method === 'GET') body = undefined;
  return raw(method, path, { headers: { Authorization: `Bearer ${client.token}` }, body });
};

function cityWide(client) {
  return scopePrefix(client.user.scope_code) === '4401';
}

function outside(client) {
  const prefix = scopePrefix(client.user.scope_code);
  return worlds.filter((w) => !w.community.startsWith(prefix) && !w.street.startsWith(prefix));
}

// Every object in a JSON value that carries a division code.
function divisionRows(v, out = []) {
  if (Array.isArray(v)) v.forEach((x) => divisionRows(x, out));
  else if (v && typeof v === 'object') {
    if (typeof v.division_code === 'string') out.push(v);
    for (const x of Object.values(v)) if (x && typeof x === 'object') divisionRows(x, out);
  }
  return out;
}

// Fields that reference a record of a world, by kind: a list row naming an
// out-of-scope world's person, case, canteen ... is a leak even when the
// row carries no division code.
const REF_KEYS = {
  person_id: 'person', household_id: 'household', case_id: 'case', enrollment_id: 'enrollment', run_id: 'run',
  canteen_id: 'canteen', subscriber_id: 'subscriber', call_id: 'call', alert_id: 'alert', application_id: 'wait',
  offer_id: 'offer', bed_id: 'bed', category_id: 'category', hall_id: 'hall', meeting_id: 'meeting',
  offer_id: 'offer', bed_id: 'bed', category_id: 'category', volunteer_id: 'volunteer', pairing_id: 'pairing',
};

// References that are not leaks: the nearest canteen of a community may lie
// across a boundary (elders eat at any canteen; canteens are public places).
// The screening worklist's run_id is the screening run (city-wide), not a
// payroll run: once the daily screening has run (a test moving the clock
// lets it) its id may equal a world's payroll run.
const REF_ALLOWED = {
  '/api/v1/eldercare/coverage': new Set(['canteen']),
  '/api/v1/screen/items': new Set(['run']),
  // A work order's alert_id names a safety-net alert, not a 平安通 call alert.
  '/api/v1/safetynet/orders': new Set(['alert']),
  '/api/v1/safetynet/alerts': new Set(['alert']),
};

// Each "key: value" in a list answer that names a record of a kind: the
// *_id fields anywhere, and the id of the items of a list of that kind.
function recordRefs(json, listKind) {
  const out = [];
  const walk = (v, top) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, top));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (REF_KEYS[k] && Number.isInteger(x)) out.push([REF_KEYS[k], x, v]);
        else if (x && typeof x === 'object') walk(x, top && k === 'items');
      }
      if (top && listKind && Number.isInteger(v.id)) out.push([listKind, v.id, v]);
    }
  };
  walk(json?.items ?? json, true);
  return out;
}

test('every route with a path key refuses records outside the caller scope; every list stays inside it', async () => {
  const counts = { id: 0, role: 0, list: 0, rows: 0, refs: 0 };
  const unprobed = [], failures = [], listed = new Set(), checked = new Set();
  const expect = (r, status, code, what) => {
    if (r.status !== status || r.json?.error?.code !== code) failures.push(`${what}: want ${status} ${code}, got ${r.status} ${r.text.slice(0, 160)}`);
  };

  for (const op of ops) {
    if (op.open) continue;
    const params = pathParams(op.path);
    const route = `${op.method} ${op.path}`;
    if (params.some((p) => OWN[p.segment])) continue;
    const unknown = params.filter((p) => !RECORD_OF[p.segment] && !CITYWIDE[p.segment]);
    if (unknown.length) { unprobed.push(`${route} (unknown key after "${unknown[0].segment}")`); continue; }
    const scoped = params.some((p) => RECORD_OF[p.segment] && !PLAIN.has(RECORD_OF[p.segment]));
    let probes = 0;

    for (const login of LOGINS) {
      const c = clients[login];
      const allowed = op.roles.includes(c.user.role);
      if (!allowed) {
        // Any record will do: the role is refused before anything is looked up.
        const w = outside(c)[0] ?? worlds[0];
        const path = params.length ? fill(op.path, w) : op.path;
        expect(await call(c, op.method, path, op.path, w), 403, 'forbidden', `${login} ${op.method} ${path}`);
        counts.role++; probes++;
        continue;
      }
      if (!params.length) {
        if (op.method !== 'GET' || cityWide(c) || NOT_LISTS[op.path]) continue;
        const q = LIST_QUERY[op.path] ?? '';
        const path = `${op.path}?${q ? `${q}&` : ''}page_size=100`;
        const r = await call(c, 'GET', path, op.path);
        if (r.status !== 200) { failures.push(`${login} GET ${path}: list answers ${r.status} ${r.text.slice(0, 160)}`); continue; }
        const prefix = scopePrefix(c.user.scope_code);
        const before = counts.rows + counts.refs;
        for (const row of divisionRows(r.json)) {
          counts.rows++;
          // "" marks a city-wide default (a parameter), not a record of a place.
          if (row.division_code === '' || PUBLIC_LIST.has(op.path)) continue;
          if (!row.division_code.startsWith(prefix) && !(row.intake_street ?? '').startsWith(prefix)) {
            failures.push(`${login} GET ${path}: row outside ${prefix}: ${JSON.stringify(row).slice(0, 200)}`);
          }
        }
        if (!PUBLIC_LIST.has(op.path)) {
          const listKind = RECORD_OF[op.path.split('/').at(-1)];
          for (const [kind, id, row] of recordRefs(r.json, listKind)) {
            counts.refs++;
            if (REF_ALLOWED[op.path]?.has(kind)) continue;
            if (outside(c).some((w) => w[kind] === id)) {
              failures.push(`${login} GET ${path}: names the ${kind} ${id} of another street: ${JSON.stringify(row).slice(0, 200)}`);
            }
          }
        }
        if (counts.rows + counts.refs > before) checked.add(op.path);
        listed.add(op.path);
        counts.list++;
        continue;
      }
      if (!scoped || cityWide(c)) continue;
      for (const w of outside(c)) {
        const path = fill(op.path, w);
        const r = await call(c, op.method, path, op.path, w);
        const publicView = PUBLIC_VIEW[route];
        if (publicView) {
          if (!publicView(r)) failures.push(`${login} ${op.method} ${path}: public view shows more: ${r.text.slice(0, 200)}`);
        } else {
          expect(r, 404, 'not_found', `${login} ${op.method} ${path}`);
        }
        counts.id++; probes++;
      }
    }
    if (params.length && probes === 0) unprobed.push(`${route} (no role could be probed)`);
  }

  const total = counts.id + counts.role + counts.list;
  console.log(`scope probes: ${total} (${counts.id} out-of-scope ids, ${counts.role} role refusals, ` +
    `${counts.list} lists with ${counts.rows} rows and ${counts.refs} record references checked) over ${ops.length} routes`);
  // Lists that gave no role anything to check (empty, or rows with neither
  // a division code nor a record reference): for the record.
  const unchecked = [...listed].filter((p) => !checked.has(p)).sort();
  console.log(`  lists with nothing to check: ${unchecked.join(' ') || 'none'}`);
  for (const f of [...unprobed, ...failures]) console.log(`  ${f}`);
  assert.deepEqual(unprobed, [], 'routes with a path key that no probe covers');
  assert.deepEqual(failures, [], 'scope probe failures');
  assert.ok(counts.id > 0 && counts.rows > 0);
});

test('the records of each world are there for their own street', async () => {
  // Guards against probes passing for a world that was never built: the
  // street's own caseworker sees its records.
  const pairs = [['t_tianhe', worlds[0]], ['t_haizhu', worlds[1]]];
  for (const [login, w] of pairs) {
    const c = clients[login];
    for (const path of [`/api/v1/persons/${w.person}`, `/api/v1/households/${w.household}`, `/api/v1/cases/${w.case}`,
      `/api/v1/enrollments/${w.enrollment}`, `/api/v1/eldercare/canteens/${w.canteen}`,
      `/api/v1/eldercare/calls/${w.call}`, `/api/v1/eldercare/wait-applications/${w.wait}`,
      `/api/v1/deliberation/halls/${w.hall}`, `/api/v1/deliberation/meetings/${w.meeting}`,
      `/api/v1/deliberation/resolutions/${w.resolution}`]) {
      const r = await c.get(path);
      assert.equal(r.status, 200, `${login} ${path}: ${r.text}`);
    }
  }
});
