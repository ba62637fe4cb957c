// A small world of records in one street, made through the API the way
// staff make them: a household on dibao (a case through notice, an
// objection, an enrollment), a payroll run of its district, and elderly
// care (a category, a canteen with its provider, a home-care bed, a 平安通
// subscriber with a call and a missed-check-in alert, a care home with a
// waiting application and an offer). The scope probes build one in 海珠 and
// one in 天河 and ask each fixture role for the other street's records.
import assert from 'node:assert/strict';
import { sql, uniqueSuffix } from './lib.mjs';
import { buildVolunteerWorld } from './world_volunteer.mjs';

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function makeId(code6, y, m, d, seq) {
  const body = `${code6}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * W[i];
  return body + '10X98765432'[s % 11];
}

export const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const beijing = (y, m, d, hh = 0) => Date.UTC(y, m - 1, d, hh - 8) / 1000;

// Ability assessment items summing to total (full marks, then points off).
function items(total) {
  const o = { eating: 4, grooming: 4, bathing: 4, dressing_upper: 4, dressing_lower: 4, urinary: 4, bowel: 4, toileting: 4,
    bed_mobility: 4, transfer: 4, walking: 4, stairs: 3, orient_time: 4, orient_place: 4, orient_person: 4, memory: 4,
    comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2, vision: 2, hearing: 2, daily_affairs: 4,
    going_out: 3, social: 4 };
  let sum = Object.values(o).reduce((a, b) => a + b, 0);
  for (const k of Object.keys(o)) {
    if (k === 'consciousness') continue;
    while (o[k] > 0 && sum > total) { o[k]--; sum--; }
  }
  return o;
}

let seq = Number(uniqueSuffix()) % 800;

function ok(r, what, status = 201) {
  assert.equal(r.status, status, `${what}: ${r.text}`);
  return r.json;
}

// admin: a city admin client; worker: the street's caseworker (cases are
// acted on by the responsible street); street: 9-digit street code.
export async function buildWorld(admin, worker, street) {
  const run = uniqueSuffix();
  const community = ok(await admin.get(`/api/v1/divisions?parent=${street}`), 'communities', 200).items.at(-1).code;
  const w = { street, community, district: street.slice(0, 6), division: street, month: '2021-01' };
  const person = async (name, birth) => {
    const [y, m, d] = birth.split('-').map(Number);
    // A random sequence may meet a demo resident born the same day: take
    // the next one (a conflict is the registry refusing a duplicate).
    for (let tries = 0; tries < 20; tries++) {
      const id_number = makeId(street.slice(0, 6), y, m, d, (seq++ % 900) + 50);
      const r = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '越权探测登记' });
      if (r.status === 409) continue;
      return { ...ok(r, 'person'), id_number };
    }
    throw new Error(`no free ID number for ${name}`);
  };

  // Registry and the assistance flow up to an enrollment.
  const head = await person('探测户主', '1975-04-04');
  const child = await person('探测子女', '2010-06-06');
  w.person = head.id;
  w.household = ok(await admin.post('/api/v1/households', {
    division_code: community, address: '探测路1号', reason: '越权探测登记',
    members: [{ person_id: head.id, relation: 'head' }, { person_id: child.id, relation: 'child' }],
  }), 'household').id;
  const c = ok(await worker.post('/api/v1/cases', { program: 'dibao', applicant_id_number: head.id_number, bank_account: '6222020000003333' }), 'case');
  w.case = c.id;
  const act = async (action, extra = {}) => {
    const cur = ok(await worker.get(`/api/v1/cases/${c.id}`), 'case get', 200);
    return ok(await worker.post(`/api/v1/cases/${c.id}/actions`, { action, version: cur.version, ...extra }), action, 200);
  };
  await act('start_verification');
  await act('start_investigation');
  await act('submit_investigation', { note: '入户调查完成', detail: { investigators: ['王调查', '李调查'] } });
  ok(await worker.post(`/api/v1/cases/${c.id}/evaluate`, {}), 'evaluate', 200);
  await act('post_notice');
  const o = ok(await worker.post(`/api/v1/cases/${c.id}/objections`, { content: '探测用异议' }), 'objection', 200);
  w.objection = o.objections[0].id;
  sql(`UPDATE cases SET notice_until = '2000-01-07', notice_from = '2000-01-01' WHERE id = ${c.id}`);
  ok(await worker.post(`/api/v1/cases/${c.id}/objections/${w.objection}`, { outcome: 'dismissed', handling: '经核实异议不成立' }), 'objection handled', 200);
  w.enrollment = (await act('approve', { note: '予以批准' })).enrollment_id;
  assert.ok(w.enrollment > 0, 'approval opens an enrollment');
  const pr = await admin.post('/api/v1/payroll/runs', { month: w.month, district: w.district });
  assert.ok(pr.status === 201 || pr.status === 200, `payroll run: ${pr.text}`);
  w.run = pr.json.id;
  // A finding of the integrity register about the head (after the intake,
  // which an open finding would stop until acknowledged).
  w.integrity = ok(await admin.post('/api/v1/integrity', { person_id: head.id, kind: 'false_declaration', detail: '越权探测用的诚信记录', amount_fen: 0 }), 'integrity').id;
  // A 政策找人 worklist item about the household, as a screening run leaves one.
  const sr = Number(sql(`INSERT INTO screen_runs (on_date, programs, households, persons, items, created_by, created_at) VALUES ('2021-01-01', 'dibao', 1, 2, 1, 'probe', 0) RETURNING id`).trim());
  w.screen_item = Number(sql(`INSERT INTO screen_items (run_id, household_id, division_code, program, kind, amount_fen, enrolled_amount_fen) VALUES (${sr}, ${w.household}, '${community}', 'dibao', 'amount_changed', 100, 50) RETURNING id`).trim());

  // Elderly care.
  const elder = await person('探测长者', '1940-02-02');
  const elder2 = await person('探测长者乙', '1938-03-03');
  const cats = ok(await admin.post(`/api/v1/eldercare/persons/${elder.id}/categories`, { category: 'dibao', valid_from: '2020-01-01', reason: '类别在册' }), 'category');
  w.category = cats.items.find((x) => x.category === 'dibao').id;
  for (const p of [elder, elder2]) {
    ok(await admin.post(`/api/v1/eldercare/persons/${p.id}/assessments`,
      { assessed_on: today(), assessor: '张评估', location: '家中', purpose: 'initial', items: items(40) }), 'assessment');
  }
  w.provider = ok(await admin.post('/api/v1/eldercare/providers', { name: `探测助餐机构${run}`, kind: 'canteen', division_code: street, reason: '登记服务机构' }), 'provider').id;
  w.canteen = ok(await admin.post('/api/v1/eldercare/canteens', {
    provider_id: w.provider, name: `探测饭堂${run}`, address: '探测路2号', division_code: community,
    lat: 23.1, lon: 113.3, hours: '00:00-24:00', capacity: 40, reason: '新建长者饭堂',
  }), 'canteen').id;
  w.meal = ok(await admin.post(`/api/v1/eldercare/canteens/${w.canteen}/checkins`, { id_number: elder.id_number, slot: 'lunch' }), 'meal').id;
  const care = ok(await admin.post('/api/v1/eldercare/providers', { name: `探测居家照护${run}`, kind: 'home_care', division_code: street, reason: '登记服务机构' }), 'care provider');
  w.care_provider = care.id;
  w.bed = ok(await admin.post('/api/v1/eldercare/home-beds', {
    person_id: elder.id, provider_id: care.id, contract_no: `TC-${run}`, services: ['助浴'], visits_per_week: 1, start_on: today(), reason: '签约家庭养老床位',
  }), 'home bed').id;
  const sub = ok(await admin.post('/api/v1/eldercare/call-subscribers', {
    person_id: elder.id, device_code: `TAN-${run}`, device_kind: 'pendant', fee_fen: 3000, daily_checkin: true,
    started_on: '2026-03-01', contacts: [{ name: '王女儿', phone: '13800138000', relation: '女儿' }], reason: '开通平安通服务',
  }), 'subscriber');
  w.subscriber = sub.id;
  w.call = ok(await admin.post('/api/v1/eldercare/calls', { subscriber_id: sub.id, kind: 'consultation', summary: '咨询补贴' }), 'call').id;
  ok(await worker.post('/api/v1/eldercare/call-alerts/sweep', { day: '2026-03-10', as_of: beijing(2026, 3, 11, 1) }), 'sweep', 200);
  const alerts = ok(await admin.get('/api/v1/eldercare/call-alerts?page_size=200'), 'alerts', 200).items;
  w.alert = alerts.find((a) => a.subscriber_id === sub.id)?.id;
  assert.ok(w.alert, 'the sweep raised an alert for the subscriber');
  w.home = ok(await admin.post('/api/v1/eldercare/homes', { name: `探测养老院${run}`, division_code: street, address: '探测路3号', beds_total: 10, reason: '登记公办养老机构' }), 'home').id;
  w.wait = ok(await admin.post('/api/v1/eldercare/wait-applications', { person_id: elder2.id, applied_on: '2026-01-05', homes: [w.home], reason: '申请入住' }), 'wait application').id;
  const v = ok(await admin.post(`/api/v1/eldercare/homes/${w.home}/vacancies`, { freed_on: today(), note: '空床' }), 'vacancy');
  w.offer = v.offer.id;

  // A deliberation hall (the demo may have opened the community's already):
  // a representative, a topic, a held meeting, a resolution with a task.
  let hall = await admin.post('/api/v1/deliberation/halls', { division_code: community, name: `探测议事厅${run}` });
  w.hall = hall.status === 409
    ? ok(await admin.get(`/api/v1/deliberation/halls?division=${community}`), 'halls', 200).items[0].id
    : ok(hall, 'hall').id;
  w.rep = ok(await admin.post(`/api/v1/deliberation/halls/${w.hall}/representatives`, { kind: 'resident', label: '探测居民代表' }), 'representative').id;
  const topics = [];
  for (const title of ['探测议题甲', '探测议题乙']) {
    topics.push(ok(await admin.post(`/api/v1/deliberation/halls/${w.hall}/topics`, { title, raised_by: 'resident', raised_on: today() }), 'topic').id);
  }
  w.topic = topics[1];
  w.meeting = ok(await admin.post(`/api/v1/deliberation/halls/${w.hall}/meetings`, { title: '探测议事会', held_on: today(), topic_ids: topics }), 'meeting').id;
  const reps = ok(await admin.get(`/api/v1/deliberation/halls/${w.hall}`), 'hall', 200).representatives.map((r) => r.id);
  ok(await admin.post(`/api/v1/deliberation/meetings/${w.meeting}/attendance`, { present: reps }), 'attendance', 200);
  const res = ok(await admin.post(`/api/v1/deliberation/meetings/${w.meeting}/resolutions`, {
    topic_id: topics[0], text: '探测决议', responsible_unit: '探测单位', due_on: '2099-01-01', tasks: [{ title: '探测任务', due_on: '2099-01-01' }],
  }), 'resolution');
  w.resolution = res.id;
  w.task = res.tasks[0].id;
  // Posthumous: a resident's death registered from a hospital notice (its
  // case and first outside task), and a funeral home (city-wide).
  const deceased = await person('探测逝者', '1940-02-02');
  w.death = ok(await admin.post('/api/v1/posthumous/deaths', { id_number: deceased.id_number, death_date: today(),
    cause_category: 'disease', place_kind: 'hospital', source: 'hospital', documents: 'death_certificate' }), 'death').case_id;
  w.death_task = ok(await admin.get(`/api/v1/posthumous/deaths/${w.death}`), 'death case', 200).tasks[0].id;
  w.funeral_home = ok(await admin.post('/api/v1/posthumous/funeral-homes', { name: `探测殡仪馆${run}${street}`, division_code: street.slice(0, 6) }), 'funeral home').id;
  await buildVolunteerWorld(admin, w, person);
  // The safety net: a department's event about the household head raises
  // an alert and opens a work order in the community.
  const dept = ok(await admin.post('/api/v1/safetynet/departments', {
    code: `probe-${run}-${street}`, name: '探测卫健部门', scope_code: '440100', rate_per_min: 100, reason: '越权探测部门账号',
  }), 'department');
  const sent = await fetch(`${process.env.BASE_URL}/api/v1/safetynet/inbound/events`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${dept.token}` },
    body: JSON.stringify({ event_id: `probe-${run}`, id_number: head.id_number, type: 'hospital_bill', occurred_on: today(), amount_fen: 900000 }),
  });
  const ev = await sent.json();
  assert.equal(sent.status, 201, JSON.stringify(ev));
  w.sn_alert = ev.alerts[0];
  w.sn_order = ev.orders[0];
  assert.ok(w.sn_alert && w.sn_order, 'the event raised an alert and opened a work order');
  // The marriage register: a marriage at the district's office, the
  // couple's divorce application, an appointment for another couple.
  const adult = async (name, sex, y) => {
    for (let tries = 0; tries < 40; tries++) {
      const s = (seq++ % 900) + 50;
      if ((s % 2 === 1) !== (sex === 'M')) continue;
      const id_number = makeId(street.slice(0, 6), y, 5, 20, s);
      const r = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '越权探测登记' });
      if (r.status === 409) continue;
      return { ...ok(r, 'person'), id_number };
    }
    throw new Error(`no free ID number for ${name}`);
  };
  const groom = await adult('探测新郎', 'M', 1990), bride = await adult('探测新娘', 'F', 1992);
  const office = street.slice(0, 6);
  w.marriage = ok(await admin.post('/api/v1/marriage/marriages', { office_code: office, man_id_number: groom.id_number,
    woman_id_number: bride.id_number, both_present: true, man_declares: true, woman_declares: true }), 'marriage').id;
  w.bride_id_number = bride.id_number;
  w.divorce = ok(await admin.post('/api/v1/marriage/divorces', { office_code: office, man_id_number: groom.id_number,
    woman_id_number: bride.id_number, both_present: true }), 'divorce').id;
  const a = await adult('探测预约男', 'M', 1991), b = await adult('探测预约女', 'F', 1993);
  const slots = ok(await admin.get(`/api/v1/marriage/offices/${office}/slots?days=14`), 'slots', 200).items;
  const slot = slots.find((x) => x.workday && x.free > 0 && x.day > today());
  w.appointment = ok(await admin.post('/api/v1/marriage/appointments', { office_code: office, day: slot.day, half: slot.half,
    kind: 'marriage', id_number_a: a.id_number, id_number_b: b.id_number }), 'appointment').id;
  return w;
}
