// The safety net hears minzheng's own rooms through the outbox (issue 16,
// item 1; issue 17, item 5): a missed 平安通 check-in of an elder of 80+
// living alone with no visit this month raises the urgent-visit alert (a
// visit recorded this month holds it back); the month's end without a visit
// raises the overdue-visit alert (eldercare's monthly job, test clock); a
// payroll line the bank returns raises the returned-payment alert, once; a
// screening lead (eligible, not enrolled) raises the 政策找人 alert; a
// deliberation resolution left unresolved becomes a work order for its
// hall's community. Each opens its work order in the right community.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, sql, uniqueSuffix, setClock, runJob, DAY } from './lib.mjs';
import { makeId } from './world.mjs';

const run = uniqueSuffix();
let seq = Number(run) % 700;
let admin, haizhu, officer;
let today, yesterday;
const HZ = '440105001001'; // t_community's community
const dayPlus = (base, n) => new Date(Date.parse(`${base}T00:00:00Z`) + n * DAY * 1000).toISOString().slice(0, 10);

function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.json;
}

async function person(name, birth, extra = {}) {
  const [y, m, d] = birth.split('-').map(Number);
  for (let tries = 0; tries < 20; tries++) {
    const id_number = makeId(HZ.slice(0, 6), y, m, d, (seq++ % 900) + 50);
    const r = await admin.post('/api/v1/persons', { id_number, name, division_code: HZ, reason: '安全网信号测试登记', ...extra });
    if (r.status === 409) continue;
    return { ...ok(r, 201), id_number };
  }
  throw new Error('no free ID number');
}

// Delivers the outbox until `found` returns something (the runner delivers
// 500 at a time, and a whole-city run publishes more).
async function deliverUntil(found, what) {
  for (let i = 0; i < 12; i++) {
    await runJob('events.deliver', 180000);
    const x = await found();
    if (x) return x;
  }
  assert.fail(`never delivered: ${what}`);
}

// The person's alerts of a rule in the community (newest first).
async function alertsOf(who, personId, rule, division = HZ) {
  const r = ok(await who.get(`/api/v1/safetynet/alerts?division=${division}&page_size=200`));
  return r.items.filter((a) => a.person_id === personId && a.rule_key === rule);
}

// The alert with its orders, each read in full.
async function alertWithOrders(who, id) {
  const a = ok(await who.get(`/api/v1/safetynet/alerts/${id}`));
  a.orders = await Promise.all(a.orders.map(async (o) => ok(await who.get(`/api/v1/safetynet/orders/${o.id}`))));
  return a;
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  officer = await bearer('t_haizhu_officer');
  today = (await setClock(0)).today;
  yesterday = dayPlus(today, -1);
});

after(async () => { await setClock(0); });

const lone = { flags: 'living_alone' };
let missed, visited;

test('a missed 平安通 check-in of a lone elder of 80+ with no visit this month: an urgent visit in the community; a visit this month holds it back', async () => {
  missed = await person(`未签到独居老人${run}`, '1941-05-05', lone);
  visited = await person(`已探访独居老人${run}`, '1940-06-06', lone);
  for (const p of [missed, visited]) {
    ok(await haizhu.post('/api/v1/eldercare/call-subscribers', {
      person_id: p.id, device_code: `SIG-${run}-${p.id}`, device_kind: 'landline', fee_fen: 3000, daily_checkin: true,
      started_on: dayPlus(today, -5), contacts: [{ name: '王女儿', phone: '13800138000', relation: '女儿' }], reason: '开通平安通服务',
    }), 201);
  }
  // The visit, recorded in eldercare, reaches the net as a 'visit' event.
  ok(await haizhu.post('/api/v1/eldercare/visits', { person_id: visited.id, visited_on: yesterday, visitor_kind: 'community_worker', visitor: '王社工' }), 201);
  await deliverUntil(async () => ok(await haizhu.get('/api/v1/safetynet/events?type=visit&page_size=200')).items.find((x) => x.person_id === visited.id), 'the visit');

  // Neither made a call yesterday: the sweep raises both silences.
  const sw = ok(await haizhu.post('/api/v1/eldercare/call-alerts/sweep', { day: yesterday }));
  assert.ok(sw.raised >= 2, JSON.stringify(sw));
  const [a] = await deliverUntil(async () => {
    const x = await alertsOf(haizhu, missed.id, 'lone_elder_missed_checkin');
    return x.length ? x : null;
  }, 'the urgent-visit alert');
  const full = await alertWithOrders(haizhu, a.id);
  assert.equal(full.level, 'red');
  const why = full.explanation.map((l) => l.en).join('\n');
  assert.match(why, /event: checkin_missed/);
  assert.match(why, /living_alone/);
  assert.match(why, /no visit since/);
  assert.deepEqual(full.orders.map((o) => o.route_to).sort(), ['community_worker', 'volunteer']);
  for (const o of full.orders) assert.equal(o.division_code, HZ);
  const ev = ok(await haizhu.get('/api/v1/safetynet/events?type=checkin_missed&page_size=200')).items.find((x) => x.person_id === missed.id);
  assert.equal(ev.source_kind, 'internal');
  assert.equal(ev.occurred_on, yesterday);

  // The visited elder's silence was heard too, and raised nothing.
  await deliverUntil(async () => ok(await haizhu.get('/api/v1/safetynet/events?type=checkin_missed&page_size=200')).items.find((x) => x.person_id === visited.id), 'the visited elder\'s check-in');
  assert.deepEqual(await alertsOf(haizhu, visited.id, 'lone_elder_missed_checkin'), []);
  // A second sweep of the same day raises, and tells, nothing new.
  assert.equal(ok(await haizhu.post('/api/v1/eldercare/call-alerts/sweep', { day: yesterday })).raised, 0);
  assert.equal(sql(`SELECT COUNT(*) FROM events WHERE type = 'eldercare.checkin_missed' AND subject_id = ${missed.id}`).trim(), '1');
});

test('a payroll line the bank returns: the returned-payment alert for the household, once, with an order in its community', async () => {
  const head = await person(`退回户主${run}`, '1962-02-02');
  const hh = ok(await admin.post('/api/v1/households', { division_code: HZ, address: '海珠区退回路1号', reason: '安全网信号测试登记',
    members: [{ person_id: head.id, relation: 'head' }] }), 201).id;
  const c = ok(await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: head.id_number, bank_account: '6222020000005555' }), 201);
  const act = async (action, extra = {}) => {
    const cur = ok(await haizhu.get(`/api/v1/cases/${c.id}`));
    return ok(await haizhu.post(`/api/v1/cases/${c.id}/actions`, { action, version: cur.version, ...extra }));
  };
  await act('start_verification');
  await act('start_investigation');
  await act('submit_investigation', { note: '入户调查完成', detail: { investigators: ['王调查', '李调查'] } });
  assert.equal(ok(await haizhu.post(`/api/v1/cases/${c.id}/evaluate`, {})).eval_eligible, true);
  await act('post_notice');
  sql(`UPDATE cases SET notice_until = '2000-01-07', notice_from = '2000-01-01' WHERE id = ${c.id}`);
  const enr = (await act('approve', { note: '符合条件' })).enrollment_id;
  // A month far ahead, so that this run holds this test's line.
  const t = new Date(Date.now() + 8 * 3600 * 1000);
  const mi = t.getUTCFullYear() * 12 + t.getUTCMonth() + 30 + (Number(run) % 12);
  const month = `${Math.floor(mi / 12)}-${String(mi % 12 + 1).padStart(2, '0')}`;
  sql(`UPDATE enrollments SET start_month = '${month}' WHERE id = ${enr}`);
  const pr = await officer.post('/api/v1/payroll/runs', { month, district: '440105' });
  assert.ok(pr.status === 201 || pr.status === 200, pr.text);
  ok(await admin.post(`/api/v1/payroll/runs/${pr.json.id}/approve`));
  ok(await admin.get(`/api/v1/payroll/runs/${pr.json.id}/bank-file`));
  const pay = Number(sql(`SELECT id FROM payments WHERE enrollment_id = ${enr} AND month = '${month}'`).trim());
  const amount = Number(sql(`SELECT amount_fen FROM payments WHERE id = ${pay}`).trim());
  const csv = `payment_id,status,bank_ref,reason\n${pay},failed,,户名不符\n`;
  ok(await officer.post(`/api/v1/payroll/runs/${pr.json.id}/reconciliation`, { csv }));
  // The same answer again changes nothing and tells nothing.
  ok(await officer.post(`/api/v1/payroll/runs/${pr.json.id}/reconciliation`, { csv }));

  const [a] = await deliverUntil(async () => {
    const x = await alertsOf(haizhu, head.id, 'payroll_returned');
    return x.length ? x : null;
  }, 'the returned-payment alert');
  const full = await alertWithOrders(haizhu, a.id);
  assert.equal(full.level, 'yellow');
  assert.equal(full.orders.length, 1);
  assert.equal(full.orders[0].division_code, HZ);
  const evs = ok(await haizhu.get('/api/v1/safetynet/events?type=payroll_returned&page_size=200')).items.filter((x) => x.person_id === head.id);
  assert.equal(evs.length, 1, 'one event for one returned line');
  assert.equal(evs[0].amount_fen, amount);
  assert.equal(evs[0].note, '户名不符');
  assert.equal(sql(`SELECT COUNT(*) FROM events WHERE type = 'payment.returned' AND payload LIKE '%"payment_id":${pay},%'`).trim(), '1');
  assert.ok(hh > 0);
});

test('a screening lead (eligible, not enrolled) is told once, when it first appears, and becomes a 政策找人 alert about the household with an order in its community', async () => {
  const job = await runJob('screen.city', 180000);
  assert.equal(job.last_status, 'ok', job.last_result);
  const items = ok(await haizhu.get('/api/v1/screen/items?kind=eligible_not_enrolled&page_size=200')).items;
  assert.ok(items.length > 0, 'the demo city has households eligible and not enrolled in the street');
  // Every open lead was told on the outbox by the run that first wrote it.
  for (const it of items) {
    assert.ok(Number(sql(`SELECT COUNT(*) FROM events WHERE type = 'screen.item_raised' AND subject_id = ${it.household_id} AND payload LIKE '%"program":"${it.program}"%'`).trim()) >= 1,
      `lead ${it.id} (household ${it.household_id}) was told`);
  }
  const item = items[0];
  const members = ok(await admin.get(`/api/v1/households/${item.household_id}`)).members.map((m) => m.person_id);
  const [a] = await deliverUntil(async () => {
    const r = ok(await haizhu.get(`/api/v1/safetynet/alerts?division=${item.division_code}&page_size=200`));
    const x = r.items.filter((al) => al.rule_key === 'screening_item' && members.includes(al.person_id));
    return x.length ? x : null;
  }, 'the screening alert');
  assert.equal(a.division_code, item.division_code);
  // Its order: a new one, or the person's open one it joined.
  const open = ok(await haizhu.get(`/api/v1/safetynet/orders?division=${item.division_code}&state=open&page_size=200`)).items;
  assert.ok(open.some((o) => o.person_id === a.person_id && o.route_to === 'community_worker'), 'an open order for the community worker');
  const ev = ok(await haizhu.get('/api/v1/safetynet/events?type=screening_item&page_size=200'));
  assert.ok(ev.items.some((x) => x.person_id === a.person_id && x.note === item.program && x.source === 'screen'));
  // The same city screened again: its leads are open already, nothing is told again.
  const again = await runJob('screen.city', 180000);
  assert.equal(again.last_status, 'ok', again.last_result);
  const runId = sql('SELECT MAX(id) FROM screen_runs').trim();
  // The leads are still open (an unchanged item keeps the run that first raised it).
  assert.ok(Number(sql(`SELECT COUNT(*) FROM screen_items WHERE status = 'open' AND kind = 'eligible_not_enrolled' AND id = ${item.id}`).trim()) === 1);
  assert.equal(sql(`SELECT COUNT(*) FROM events WHERE type = 'screen.item_raised' AND payload LIKE '{"run_id":${runId},%'`).trim(), '0');
});

test('the month ends without a visit: the overdue-visit alert and an order (eldercare\'s monthly job, test clock); a visited elder gets none', async () => {
  const [y, m, d] = today.split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const month = today.slice(0, 7);
  const unvisited = await person(`未探访高龄老人${run}`, '1939-07-07');
  const seen = await person(`本月已探访高龄老人${run}`, '1939-08-08');
  ok(await haizhu.post('/api/v1/eldercare/visits', { person_id: seen.id, visited_on: today, visitor_kind: 'volunteer', visitor: '李志愿者' }), 201);
  // The 2nd of next month.
  await setClock((daysInMonth - d + 2) * DAY);
  const hz = await bearer('t_haizhu');
  const job = await runJob('eldercare.visit_overdue', 180000);
  assert.equal(job.last_status, 'ok', job.last_result);
  assert.match(job.last_result, new RegExp(`^${month}: `));
  const [a] = await deliverUntil(async () => {
    const x = await alertsOf(hz, unvisited.id, 'visit_overdue');
    return x.length ? x : null;
  }, 'the overdue-visit alert');
  const full = await alertWithOrders(hz, a.id);
  assert.equal(full.level, 'orange');
  assert.equal(full.orders.length, 1);
  assert.equal(full.orders[0].division_code, HZ);
  assert.equal(full.orders[0].route_to, 'community_worker');
  assert.match(full.explanation.map((l) => l.en).join('\n'), /event: visit_overdue/);
  assert.deepEqual(await alertsOf(hz, seen.id, 'visit_overdue'), [], 'visited this month: not overdue');
  // A second run tells the month again; the net keeps one event per elder and month.
  await runJob('eldercare.visit_overdue', 180000);
  await runJob('events.deliver', 180000);
  await runJob('events.deliver', 180000);
  const evs = ok(await hz.get('/api/v1/safetynet/events?type=visit_overdue&page_size=200')).items.filter((x) => x.person_id === unvisited.id);
  assert.equal(evs.length, 1);
  assert.equal(evs[0].note, month);
  await setClock(0);
});

test('a deliberation resolution left unresolved through its escalation becomes a work order for the hall\'s community', async () => {
  // Sessions from before the clock moved are gone.
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  let community = null;
  for (const dv of ok(await admin.get('/api/v1/divisions?parent=440105001')).items) {
    if (ok(await admin.get(`/api/v1/deliberation/halls?division=${dv.code}`)).total === 0) { community = dv.code; break; }
  }
  assert.ok(community, 'a community of the street without a hall');
  const hall = ok(await haizhu.post('/api/v1/deliberation/halls', { division_code: community, name: `安全网议事厅${run}` }), 201);
  const rep = ok(await haizhu.post(`/api/v1/deliberation/halls/${hall.id}/representatives`, { kind: 'committee', label: '社区居委会' }), 201).id;
  const topic = ok(await haizhu.post(`/api/v1/deliberation/halls/${hall.id}/topics`, { title: '楼道照明', raised_by: 'resident', raised_on: today }), 201).id;
  const meeting = ok(await haizhu.post(`/api/v1/deliberation/halls/${hall.id}/meetings`, { title: '议事会', held_on: today, topic_ids: [topic] }), 201);
  assert.equal(ok(await haizhu.post(`/api/v1/deliberation/meetings/${meeting.id}/attendance`, { present: [rep] })).quorum_met, true);
  const due = dayPlus(today, 10);
  const res = ok(await haizhu.post(`/api/v1/deliberation/meetings/${meeting.id}/resolutions`, {
    topic_id: topic, text: `更换楼道灯${run}`, responsible_unit: '物业公司', due_on: due, tasks: [{ title: '采购安装', due_on: due }],
  }), 201);

  await setClock(40 * DAY);
  const hz = await bearer('t_haizhu');
  assert.equal((await runJob('deliberation.escalate', 180000)).last_status, 'ok');
  const order = await deliverUntil(async () => ok(await hz.get(`/api/v1/safetynet/orders?division=${community}&page_size=200`)).items
    .find((o) => o.origin === 'deliberation.resolution' && o.origin_id === res.id), 'the resolution\'s work order');
  assert.equal(order.kind, 'request');
  assert.equal(order.person_id, 0);
  assert.equal(order.division_code, community);
  assert.equal(order.tier, 'community');
  assert.equal(order.level, 'orange');
  assert.match(order.title, new RegExp(`安全网议事厅${run}`));
  assert.match(order.detail, new RegExp(`更换楼道灯${run}`));
  assert.match(order.detail, /物业公司/);
  // Out of the street's scope, the order is not there.
  const th = await bearer('t_tianhe');
  assert.equal((await th.get(`/api/v1/safetynet/orders/${order.id}`)).status, 404);
  assert.equal(sql(`SELECT COUNT(*) FROM sn_orders WHERE origin = 'deliberation.resolution' AND origin_id = ${res.id}`).trim(), '1');
  await setClock(0);
});

test('no delivery to the safety net is failing (retrying or given up) after all of it (the demo city\'s signals included)', async () => {
  await runJob('events.deliver', 180000);
  const failed = sql("SELECT subscriber || ': ' || last_error FROM event_deliveries WHERE subscriber LIKE 'safetynet.%' AND status <> 'done' AND last_error <> ''").trim();
  assert.equal(failed, '');
});
