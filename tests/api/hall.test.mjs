// The monitoring hall (监测大厅): figures computed from the data by the job
// hall.refresh, rolled up community -> street -> district -> city, read
// through the caller's division scope (figures, drill-down, trend, export),
// each with its age; refreshed after a change by the job and by the outbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, raw, sql, cli, runJob, setClock, uniqueSuffix } from './lib.mjs';
import { makeId, today } from './world.mjs';

let admin, officer, haizhu, community;

const fig = (ov, key) => {
  const f = ov.indicators.find((i) => i.key === key);
  assert.ok(f, `indicator ${key} is listed`);
  return f;
};
const n = (s) => Number(s.trim());

// Counted straight from the tables, per district prefix: the hall must agree.
const pendingIn = (prefix) => n(sql(`SELECT COUNT(*) FROM cases WHERE division_code LIKE '${prefix}%'
  AND accepted_on <= '${today()}' AND decided_on IS NULL AND state <> 'withdrawn'`));
const waitingIn = (prefix) => n(sql(`SELECT COUNT(*) FROM ec_wait_applications WHERE division_code LIKE '${prefix}%'
  AND status IN ('waiting', 'offered')`));

let seq = Number(uniqueSuffix()) % 900;
async function applicant() {
  for (let tries = 0; tries < 20; tries++) {
    seq = (seq + 7) % 997;
    const id_number = makeId('440105', 1979, 7, 7, seq);
    const r = await admin.post('/api/v1/persons', { id_number, name: '大厅申请人', division_code: community, reason: '监测大厅测试登记' });
    if (r.status === 409) continue;
    assert.equal(r.status, 201, r.text);
    const h = await admin.post('/api/v1/households', {
      division_code: community, address: '海珠区大厅路1号', reason: '监测大厅测试登记',
      members: [{ person_id: r.json.id, relation: 'head' }],
    });
    assert.equal(h.status, 201, h.text);
    return id_number;
  }
  throw new Error('no free ID number');
}

async function act(id, action, extra = {}) {
  const c = await haizhu.get(`/api/v1/cases/${id}`);
  const r = await haizhu.post(`/api/v1/cases/${id}/actions`, { action, version: c.json.version, ...extra });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
}

before(async () => {
  admin = await bearer('t_admin');
  officer = await bearer('t_haizhu_officer');
  haizhu = await bearer('t_haizhu');
  community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
  await runJob('hall.refresh');
});

after(async () => { await setClock(0); });

test('figures match counts computed from the data, at every level of the tree', async () => {
  const city = await admin.get('/api/v1/hall');
  assert.equal(city.status, 200, city.text);
  assert.equal(city.json.division.code, '440100');
  assert.equal(city.json.as_of, today());
  assert.equal(city.json.children.length, 11, 'the city drills into its 11 districts');

  const pending = fig(city.json, 'cases.pending');
  assert.equal(pending.num, pendingIn('4401'));
  assert.ok(pending.num > 0, 'the demo city has applications under way');
  const hz = pending.children.find((c) => c.code === '440105');
  assert.equal(hz.num, pendingIn('440105'));
  // Counts add up: the districts make the city.
  assert.equal(pending.children.reduce((s, c) => s + c.num, 0), pending.num);
  assert.equal(fig(city.json, 'eldercare.waiting').num, waitingIn('4401'));
  // The month's meals and calls, and the calls still open: counted through
  // their own indexes (1102), the same numbers as the plain counts.
  const day = today(), month = day.slice(0, 7);
  const count = (q) => Number(sql(q).trim());
  const meals = count(`SELECT COUNT(*) FROM ec_meals WHERE month = '${month}' AND served_on <= '${day}'`);
  assert.equal(fig(city.json, 'eldercare.meals_month').num, meals);
  assert.equal(fig(city.json, 'eldercare.calls_month').num,
    count(`SELECT COUNT(*) FROM ec_calls WHERE SUBSTR(day, 1, 7) = '${month}' AND day <= '${day}'`));
  assert.equal(fig(city.json, 'eldercare.calls_open').num,
    count(`SELECT COUNT(*) FROM ec_calls WHERE status <> 'closed' AND day <= '${day}'`));
  assert.ok(meals + count(`SELECT COUNT(*) FROM ec_calls WHERE day <= '${day}'`) > 0, 'the demo city has meals or calls');

  // District -> street -> community.
  const district = await admin.get('/api/v1/hall?division=440105');
  assert.equal(district.status, 200);
  assert.deepEqual(district.json.path.map((p) => p.code), ['440100', '440105']);
  assert.equal(fig(district.json, 'cases.pending').num, pendingIn('440105'));
  const street = await admin.get('/api/v1/hall?division=440105001');
  assert.equal(fig(street.json, 'cases.pending').num, pendingIn('440105001'));
  assert.ok(street.json.children.every((c) => c.code.length === 12 && c.code.startsWith('440105001')));
  const comm = await admin.get(`/api/v1/hall?division=${community}`);
  assert.equal(comm.status, 200);
  assert.equal(comm.json.division.level, 4);
  assert.equal(comm.json.children.length, 0);
  assert.equal(fig(comm.json, 'cases.pending').num, pendingIn(community));
  assert.deepEqual(comm.json.path.map((p) => p.code), ['440100', '440105', '440105001', community]);

  // A rate is num / den, in percent; the list behind a figure is named.
  const rate = fig(city.json, 'eldercare.visit_rate');
  assert.equal(rate.unit, 'rate');
  assert.equal(rate.value, rate.den ? (100 * rate.num) / rate.den : 0);
  assert.equal(pending.list_path.split('?')[0], '/assistance/cases');
  assert.equal(pending.group, 'cases');
});

test('each figure shows when it was computed and how old it is', async () => {
  const ov = (await admin.get('/api/v1/hall')).json;
  for (const f of ov.indicators) {
    assert.ok(Number.isInteger(f.computed_at), `${f.key} has computed_at`);
    assert.ok(f.age_seconds >= 0 && f.age_seconds < 600, `${f.key} is fresh: ${f.age_seconds}`);
  }
  // Five minutes on (less than hall.refresh's 10, so the runner leaves
  // them be): the same figures, five minutes older.
  await setClock(300);
  const later = (await (await bearer('t_admin')).get('/api/v1/hall')).json;
  for (const f of later.indicators) {
    const was = ov.indicators.find((x) => x.key === f.key);
    assert.equal(f.computed_at, was.computed_at);
    assert.ok(f.age_seconds >= 300, `${f.key} aged: ${f.age_seconds}`);
  }
  await setClock(0);
});

test('a district officer sees their district only: figures, drill-down, trend and export', async () => {
  const own = await officer.get('/api/v1/hall');
  assert.equal(own.status, 200, own.text);
  assert.equal(own.json.division.code, '440105', 'the default is the caller\'s own division');
  assert.deepEqual(own.json.path.map((p) => p.code), ['440105'], 'the path starts at the caller\'s scope');
  assert.ok(own.json.children.every((c) => c.code.startsWith('440105')));
  for (const path of ['/api/v1/hall?division=440106', '/api/v1/hall?division=440100',
    '/api/v1/hall?division=440106001', '/api/v1/hall/cases.pending/trend?division=440106',
    '/api/v1/hall/cases.pending/trend?division=440100', '/api/v1/hall/export?division=440106&format=csv',
    '/api/v1/hall/export?division=440100']) {
    const r = await officer.get(path);
    assert.equal(r.status, 404, `${path}: ${r.text.slice(0, 200)}`);
    assert.equal(r.json.error.code, 'not_found');
  }
  const csv = await officer.get('/api/v1/hall/export?format=csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const codes = [...csv.text.matchAll(/^"(\d+)"/gm)].map((m) => m[1]);
  assert.ok(codes.length > 0);
  assert.ok(codes.every((c) => c.startsWith('440105')), 'the export holds only the district and its streets');
  assert.ok(csv.text.includes('在办救助申请'));
  const xlsx = await officer.get('/api/v1/hall/export?division=440105001');
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  assert.ok(n(sql("SELECT COUNT(*) FROM audit_log WHERE action = 'hall.export' AND login = 't_haizhu_officer'")) >= 2,
    'exports are audited');
  // A street caseworker's hall is the street's; the district is not theirs.
  const street = await haizhu.get('/api/v1/hall');
  assert.equal(street.json.division.code, '440105001');
  assert.equal((await haizhu.get('/api/v1/hall?division=440105')).status, 404);
});

test('bad input is refused with the field named', async () => {
  const r = await admin.get('/api/v1/hall?as_of=2026-13-01');
  assert.equal(r.status, 400);
  assert.equal(r.json.error.field, 'as_of');
  const u = await admin.get('/api/v1/hall/no.such/trend');
  assert.equal(u.status, 404);
  assert.equal(u.json.error.field, 'key');
  const m = await admin.get('/api/v1/hall/cases.pending/trend?months=99');
  assert.equal(m.status, 400);
  assert.equal(m.json.error.field, 'months');
  const f = await admin.get('/api/v1/hall/export?format=pdf');
  assert.equal(f.status, 400);
  assert.equal(f.json.error.field, 'format');
  assert.equal((await raw('GET', '/api/v1/hall')).status, 401);
  assert.equal((await (await bearer('t_provider')).get('/api/v1/hall')).status, 403);
});

test('a new application shows after hall.refresh; its decision after the outbox marks the figures stale', async () => {
  // Fresh figures first: earlier tests changed the data since the last refresh.
  await runJob('hall.refresh');
  const before = fig((await officer.get('/api/v1/hall')).json, 'cases.pending').num;
  const r = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: await applicant(), bank_account: '6222020000004444' });
  assert.equal(r.status, 201, r.text);
  // Stored figures move when a refresh runs (hall.refresh here; the
  // runner's own may run at any moment too, so only after it is the figure known).
  await runJob('hall.refresh');
  const mid = (await officer.get('/api/v1/hall')).json;
  assert.equal(fig(mid, 'cases.pending').num, before + 1);
  assert.equal(fig(mid, 'cases.pending').num, pendingIn('440105'));

  // Refusing publishes case.decided; the hall's subscriber marks the
  // figures stale and hall.refresh_dirty recomputes them.
  await act(r.json.id, 'start_verification');
  await act(r.json.id, 'start_investigation');
  await act(r.json.id, 'submit_investigation', { note: '入户调查完成', detail: { investigators: ['王调查', '李调查'] } });
  const decidedAt = Math.floor(Date.now() / 1000) - 1;
  await act(r.json.id, 'refuse', { note: '家庭人均收入高于低保标准' });
  // The runner delivers and refreshes on its own every few seconds, so the
  // stale mark may come and go before the test looks: what shows the path
  // is a recomputation after the decision without hall.refresh (10 min).
  await runJob('events.deliver');
  await runJob('hall.refresh_dirty');
  const done = (await officer.get('/api/v1/hall')).json;
  assert.equal(fig(done, 'cases.pending').num, before);
  assert.ok(n(sql("SELECT MAX(computed_at) FROM hall_runs WHERE indicator = 'cases.pending'")) >= decidedAt,
    'the figures were recomputed after the decision');
});

test('the trend reads the last stored day of each month; a past day is computed from the data as of that day', async () => {
  await runJob('hall.refresh');
  // Last month's end, computed now by the CLI (what a server that was down
  // that day would need): each indicator's SQL is written "as of a day".
  const d = new Date(`${today()}T00:00:00Z`);
  const monthEnd = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 0)).toISOString().slice(0, 10);
  const r = cli(['hall', 'refresh', '--as-of', monthEnd]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /figures, \d+ rows/);
  // An earlier day of last month, with a different value, must not win.
  const early = `${monthEnd.slice(0, 8)}01`;
  sql(`INSERT INTO hall_runs (indicator, as_of, computed_at, millis, source_rows) VALUES ('cases.pending', '${early}', 1, 0, 0)`);
  sql(`INSERT INTO hall_figures (indicator, division_code, as_of, num, den, computed_at) VALUES ('cases.pending', '440105', '${early}', 999999, 0, 1)`);

  const t = (await admin.get('/api/v1/hall/cases.pending/trend?division=440105&months=3')).json;
  assert.deepEqual(t.points.map((p) => p.month), [monthEnd.slice(0, 7), today().slice(0, 7)], 'one point a month');
  const [last, now] = t.points;
  assert.equal(last.as_of, monthEnd);
  const asOf = n(sql(`SELECT COUNT(*) FROM cases WHERE division_code LIKE '440105%' AND accepted_on <= '${monthEnd}'
    AND (decided_on IS NULL OR decided_on > '${monthEnd}') AND state <> 'withdrawn'`));
  assert.equal(last.num, asOf);
  assert.equal(now.as_of, today());
  assert.equal(now.num, pendingIn('440105'));
  // The other district's trend is not the officer's.
  assert.equal((await officer.get('/api/v1/hall/cases.pending/trend?division=440105')).status, 200);
  assert.equal((await officer.get('/api/v1/hall/cases.pending/trend?division=440103')).status, 404);
});
