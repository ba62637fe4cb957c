// The marriage register end to end (src/domains/marriage): registration
// refused for age (Civil Code Art. 1047), for a marriage in force
// (Art. 1041-1042) and for kinship the registry's household links show
// (Art. 1048); the marital status the registry learns through the event;
// appointments at any office; certificates; search beyond the office only
// with a reason; and divorce by agreement with the windows of Art. 1077 on
// the test clock: withdrawn on day 30, expired by the job runner on day 61.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql, uniqueSuffix, setClock, runJob, DAY } from './lib.mjs';

let admin, officer, street, community, tianheCommunity;
function makeId(code6, y, m, d, seq) {
  const body = `${code6}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return body + '10X98765432'[s % 11];
}
let seq = Number(uniqueSuffix()) % 400;
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
function yearsAgo(n, plusDays = 0) {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - n);
  d.setUTCDate(d.getUTCDate() + plusDays);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}
// sex 'M' takes an odd sequence digit, 'F' an even one (GB 11643).
async function person(sex, [y, m, d], name = sex === 'M' ? '婚登男' : '婚登女', where = community) {
  seq = (seq + 2) % 998;
  const s = sex === 'M' ? (seq | 1) : (seq & ~1);
  const id_number = makeId('440105', y, m, d, s);
  const r = await admin.post('/api/v1/persons', { id_number, name, division_code: where, reason: '婚姻登记测试' });
  assert.equal(r.status, 201, r.text);
  return { id: r.json.id, id_number };
}
const body = (man, woman, extra = {}) => ({ office_code: '440105', man_id_number: man.id_number,
  woman_id_number: woman.id_number, both_present: true, man_declares: true, woman_declares: true, ...extra });
const count = (table, where) => Number(sql(`SELECT count(*) FROM ${table} WHERE ${where}`).trim());

before(async () => {
  await setClock(0);
  admin = await bearer('t_admin');
  officer = await bearer('t_haizhu_officer');
  street = await bearer('t_haizhu');
  community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
  tianheCommunity = (await admin.get('/api/v1/divisions?parent=440106001')).json.items[0].code;
});
after(async () => { await setClock(0); });

test('a marriage is refused for age on the registration date, naming the party and the article', async () => {
  const man = await person('M', yearsAgo(22, 1)); // 22 tomorrow
  const woman = await person('F', yearsAgo(20));  // 20 today
  const before = count('mar_marriages', `man_id = ${man.id}`);
  const r = await officer.post('/api/v1/marriage/marriages', body(man, woman));
  assertError(r, 400, 'invalid_argument', 'man_id_number');
  assert.match(r.json.error.message, /Art\. 1047/);
  assert.match(r.json.error.message_zh, /第一千零四十七条/);
  assert.equal(count('mar_marriages', `man_id = ${man.id}`), before, 'nothing written');
  // A younger woman: refused on her side.
  const older = await person('M', yearsAgo(30));
  const girl = await person('F', yearsAgo(20, 3));
  assertError(await officer.post('/api/v1/marriage/marriages', body(older, girl)), 400, 'invalid_argument', 'woman_id_number');
  // The precheck says the same without writing.
  const pc = await officer.post('/api/v1/marriage/precheck', { man_id_number: older.id_number, woman_id_number: girl.id_number });
  assert.equal(pc.status, 200, pc.text);
  assert.equal(pc.json.finding, 'refused');
  assert.equal(pc.json.field, 'woman_id_number');
});

test('registered: a certificate number, the registry marks both married through the event; a second marriage is refused', async () => {
  const man = await person('M', yearsAgo(28));
  const woman = await person('F', yearsAgo(26));
  const other = await person('F', yearsAgo(27));
  const r = await officer.post('/api/v1/marriage/marriages', body(man, woman));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.status, 'registered');
  assert.equal(r.json.registered_on, today());
  assert.match(r.json.certificate_no, /^J440105-\d{4}-\d{6}$/);
  assert.equal(r.json.man.id_number_masked.includes('*'), true);
  await runJob('events.deliver');
  assert.equal((await admin.get(`/api/v1/persons/${man.id}`)).json.marital_status, 'married');
  assert.equal((await admin.get(`/api/v1/persons/${woman.id}`)).json.marital_status, 'married');
  // At another office of the city (全城通办), still refused: the register is one.
  const second = await admin.post('/api/v1/marriage/marriages', { ...body(man, other), office_code: '440106' });
  assertError(second, 409, 'conflict', 'man_id_number');
  assert.match(second.json.error.message, /Art\. 1041/);
  assert.equal((await admin.get(`/api/v1/persons/${other.id}`)).json.marital_status, 'unknown');
  // Audited write and read.
  assert.ok(count('audit_log', `action = 'marriage.register' AND entity_id = '${r.json.id}'`) === 1);
  assert.equal((await officer.get(`/api/v1/marriage/marriages/${r.json.id}`)).status, 200);
  assert.ok(count('audit_log', `action = 'marriage.read' AND entity_id = '${r.json.id}'`) >= 1);
  // The certificate as a PDF; a reissue takes a new number and a reason.
  const pdf = await fetch(`${process.env.BASE_URL}/api/v1/marriage/marriages/${r.json.id}/certificate`, { headers: { Authorization: `Bearer ${officer.token}` } });
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
  assertError(await officer.post(`/api/v1/marriage/marriages/${r.json.id}/reissue`, { party_id_number: woman.id_number }), 400, 'invalid_argument', 'reason');
  const re = await officer.post(`/api/v1/marriage/marriages/${r.json.id}/reissue`, { party_id_number: woman.id_number, reason: '结婚证遗失' });
  assert.equal(re.status, 201, re.text);
  assert.match(re.json.certificate_no, /^BJ440105-/);
  assert.notEqual(re.json.certificate_no, r.json.certificate_no);
});

test('a marriage is refused for kinship the household links show, and the officer is asked when they cannot tell', async () => {
  const father = await person('M', yearsAgo(50));
  const daughter = await person('F', yearsAgo(24));
  const son = await person('M', yearsAgo(23));
  const h = await admin.post('/api/v1/households', { division_code: community, address: '海珠区婚登路1号', reason: '婚姻登记测试',
    members: [{ person_id: father.id, relation: 'head' }, { person_id: daughter.id, relation: 'child' }, { person_id: son.id, relation: 'child' }] });
  assert.equal(h.status, 201, h.text);
  let r = await officer.post('/api/v1/marriage/marriages', body(father, daughter));
  assertError(r, 400, 'invalid_argument', 'kinship');
  assert.match(r.json.error.message, /Art\. 1048/);
  assert.match(r.json.error.message, /lineal/);
  r = await officer.post('/api/v1/marriage/marriages', body(son, daughter));
  assertError(r, 400, 'invalid_argument', 'kinship');
  assert.match(r.json.error.message, /siblings/);
  // A lodger ("other") in a woman's household: the registry cannot tell.
  const head = await person('F', yearsAgo(30));
  const lodger = await person('M', yearsAgo(31));
  const h2 = await admin.post('/api/v1/households', { division_code: community, address: '海珠区婚登路2号', reason: '婚姻登记测试',
    members: [{ person_id: head.id, relation: 'head' }, { person_id: lodger.id, relation: 'other' }] });
  assert.equal(h2.status, 201, h2.text);
  r = await officer.post('/api/v1/marriage/marriages', body(lodger, head));
  assertError(r, 400, 'invalid_argument', 'kinship_note');
  r = await officer.post('/api/v1/marriage/marriages', body(lodger, head, { kinship_note: '询问双方，声明无血缘关系' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.kinship_finding, 'uncertain');
});

test('who registers: the district officer of the office, not a street caseworker nor another district', async () => {
  const man = await person('M', yearsAgo(33));
  const woman = await person('F', yearsAgo(32));
  assert.equal((await street.post('/api/v1/marriage/marriages', body(man, woman))).status, 403);
  assertError(await officer.post('/api/v1/marriage/marriages', { ...body(man, woman), office_code: '440106' }), 404, 'not_found', 'office_code');
  assertError(await officer.post('/api/v1/marriage/marriages', { ...body(man, woman), man_id_number: '440105199001011234' }), 400, 'invalid_argument', 'man_id_number');
  // Cross-province: recorded with the other province's reference, audited.
  assertError(await officer.post('/api/v1/marriage/marriages', body(man, woman, { cross_province: true, other_province: '湖南省' })), 400, 'invalid_argument', 'other_reference');
  const r = await officer.post('/api/v1/marriage/marriages', body(man, woman, { cross_province: true, other_province: '湖南省', other_reference: 'HN-KS-0099' }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.other_reference, 'HN-KS-0099');
  const detail = sql(`SELECT detail FROM audit_log WHERE action = 'marriage.register' AND entity_id = '${r.json.id}'`);
  assert.match(detail, /HN-KS-0099/);
});

test('search: an office sees its own registrations and its residents\' records; by ID number city-wide only with a reason', async () => {
  // Tianhe residents married at the Tianhe office: not Haizhu's to see.
  const man = await person('M', yearsAgo(35), '天河男', tianheCommunity);
  const woman = await person('F', yearsAgo(34), '天河女', tianheCommunity);
  const r = await admin.post('/api/v1/marriage/marriages', { ...body(man, woman), office_code: '440106' });
  assert.equal(r.status, 201, r.text);
  const own = await officer.get(`/api/v1/marriage/marriages?id_number=${man.id_number}`);
  assert.equal(own.status, 200, own.text);
  assert.equal(own.json.items.length, 0, 'Tianhe office registration not in Haizhu');
  // A Haizhu resident married at the Tianhe office: Haizhu holds the person's scope.
  const hzMan = await person('M', yearsAgo(36));
  const hzWoman = await person('F', yearsAgo(36), '天河女', tianheCommunity);
  const r2 = await admin.post('/api/v1/marriage/marriages', { ...body(hzMan, hzWoman), office_code: '440106' });
  assert.equal(r2.status, 201, r2.text);
  const resident = await officer.get(`/api/v1/marriage/marriages?id_number=${hzMan.id_number}`);
  assert.deepEqual(resident.json.items.map((x) => x.id), [r2.json.id]);
  assert.equal((await officer.get(`/api/v1/marriage/marriages?id_number=${hzWoman.id_number}`)).json.items.length, 0);
  const wide = await officer.get(`/api/v1/marriage/marriages?id_number=${man.id_number}&reason=${encodeURIComponent('当事人申请婚姻状况核查')}`);
  assert.equal(wide.status, 200, wide.text);
  assert.equal(wide.json.items.length, 1);
  assert.equal(wide.json.citywide, true);
  assert.equal(wide.json.total, 1);
  assert.ok(count('audit_log', "action = 'marriage.search.citywide' AND reason = '当事人申请婚姻状况核查'") >= 1);
  assertError(await officer.get(`/api/v1/marriage/marriages?id_number=${man.id_number}&reason=x`), 400, 'invalid_argument', 'reason');
  assert.equal((await officer.get(`/api/v1/marriage/marriages/${r.json.id}`)).status, 404);
});

test('appointments: any office, working days only, within capacity; cancellation needs a reason; no-show', async () => {
  const a = await person('M', yearsAgo(29));
  const b = await person('F', yearsAgo(29));
  const slots = await officer.get('/api/v1/marriage/offices/440106/slots?days=14');
  assert.equal(slots.status, 200, slots.text);
  const open = slots.json.items.find((s) => s.workday && s.free > 0 && s.day > today());
  const closed = slots.json.items.find((s) => !s.workday);
  assert.ok(open && closed);
  assert.equal(closed.capacity, 0);
  const book = (day, half = 'am', office = '440106') => officer.post('/api/v1/marriage/appointments',
    { office_code: office, day, half, kind: 'marriage', id_number_a: a.id_number, id_number_b: b.id_number });
  assertError(await book(closed.day), 400, 'invalid_argument', 'day');
  // Capacity: set to 1 for the slot; the second booking is refused.
  const cap = await admin.post('/api/v1/marriage/offices/440106/capacity', { slot_capacity: 1, reason: '测试号源' });
  assert.equal(cap.status, 200, cap.text);
  const other = (await admin.get('/api/v1/marriage/appointments?office=440106&day=' + open.day)).json.items.filter((x) => x.half === 'pm' && ['booked', 'confirmed'].includes(x.status)).length;
  const first = await book(open.day, 'pm');
  if (other === 0) {
    assert.equal(first.status, 201, first.text);
    assertError(await book(open.day, 'pm'), 409, 'conflict', 'half');
  }
  await admin.post('/api/v1/marriage/offices/440106/capacity', { slot_capacity: 40, reason: '恢复号源' });
  // A booking at Haizhu: its officer confirms, cancels with a reason.
  const hz = await book(open.day, 'am', '440105');
  assert.equal(hz.status, 201, hz.text);
  assertError(await officer.post(`/api/v1/marriage/appointments/${hz.json.id}/status`, { action: 'cancel' }), 400, 'invalid_argument', 'reason');
  assertError(await officer.post(`/api/v1/marriage/appointments/${hz.json.id}/status`, { action: 'no_show' }), 409, 'invalid_state', 'action');
  const ok = await officer.post(`/api/v1/marriage/appointments/${hz.json.id}/status`, { action: 'confirm' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'confirmed');
  const cn = await officer.post(`/api/v1/marriage/appointments/${hz.json.id}/status`, { action: 'cancel', reason: '当事人改期' });
  assert.equal(cn.json.status, 'cancelled');
  // Tianhe's booking is not Haizhu's to see.
  if (first.status === 201) assert.equal((await officer.get(`/api/v1/marriage/appointments/${first.json.id}`)).status, 404);
});

async function married() {
  const man = await person('M', yearsAgo(40));
  const woman = await person('F', yearsAgo(38));
  const r = await officer.post('/api/v1/marriage/marriages', body(man, woman));
  assert.equal(r.status, 201, r.text);
  return { man, woman, marriage: r.json };
}
const divorce = (c) => officer.post('/api/v1/marriage/divorces', { office_code: '440105', man_id_number: c.man.id_number, woman_id_number: c.woman.id_number, both_present: true });
const dayDiff = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / (DAY * 1000));

test('divorce: the windows with exact dates; withdrawn by one party on day 30', async () => {
  const c = await married();
  const r = await divorce(c);
  assert.equal(r.status, 201, r.text);
  const w = r.json.windows;
  assert.equal(r.json.applied_on, today());
  assert.equal(w.withdraw_from, today());
  assert.ok(dayDiff(today(), w.withdraw_until) >= 30);
  assert.equal(dayDiff(w.withdraw_until, w.appear_from), 1);
  assert.ok(dayDiff(w.withdraw_until, w.appear_until) >= 30);
  assert.equal(r.json.phase, 'withdraw');
  // Within the first window the certificate is not issued yet.
  assertError(await officer.post(`/api/v1/marriage/divorces/${r.json.id}/register`, { both_present: true }), 409, 'invalid_state', 'id');
  await setClock(30 * DAY);
  officer = await bearer('t_haizhu_officer');
  const got = await officer.get(`/api/v1/marriage/divorces/${r.json.id}`);
  assert.equal(got.json.phase, 'withdraw');
  assertError(await officer.post(`/api/v1/marriage/divorces/${r.json.id}/withdraw`, { party_id_number: '110101199003070011', reason: '撤回' }), 400, 'invalid_argument', 'party_id_number');
  const wd = await officer.post(`/api/v1/marriage/divorces/${r.json.id}/withdraw`, { party_id_number: c.woman.id_number, reason: '女方不愿离婚' });
  assert.equal(wd.status, 200, wd.text);
  assert.equal(wd.json.status, 'withdrawn');
  assert.equal(dayDiff(r.json.applied_on, wd.json.closed_on), 30);
  await setClock(0);
  officer = await bearer('t_haizhu_officer');
});

test('divorce: nobody appears in the second window, the job runner expires it on day 61, not on day 60', async () => {
  const c = await married();
  const r = await divorce(c);
  assert.equal(r.status, 201, r.text);
  const lastDay = dayDiff(r.json.applied_on, r.json.windows.appear_until); // 60 unless a holiday extends it
  assert.ok(lastDay >= 60);
  await setClock(lastDay * DAY);
  await runJob('marriage.divorce_expire');
  officer = await bearer('t_haizhu_officer');
  assert.equal((await officer.get(`/api/v1/marriage/divorces/${r.json.id}`)).json.status, 'applied');
  assertError(await officer.post(`/api/v1/marriage/divorces/${r.json.id}/withdraw`, { party_id_number: c.man.id_number, reason: '撤回' }), 409, 'invalid_state', 'id');
  await setClock((lastDay + 1) * DAY);
  await runJob('marriage.divorce_expire');
  officer = await bearer('t_haizhu_officer');
  const got = await officer.get(`/api/v1/marriage/divorces/${r.json.id}`);
  assert.equal(got.json.status, 'expired');
  assert.equal(dayDiff(r.json.applied_on, got.json.closed_on), lastDay + 1);
  assert.match(got.json.close_reason, /第一千零七十七条/);
  assert.ok(count('audit_log', `action = 'marriage.divorce.expire' AND entity_id = '${r.json.id}'`) === 1);
  await setClock(0);
  officer = await bearer('t_haizhu_officer');
});

test('divorce registered in the second window: certificate, the registry says divorced, stats count it', async () => {
  const c = await married();
  const r = await divorce(c);
  assert.equal(r.status, 201, r.text);
  const offset = dayDiff(r.json.applied_on, r.json.windows.appear_from);
  await setClock(offset * DAY);
  officer = await bearer('t_haizhu_officer');
  assertError(await officer.post(`/api/v1/marriage/divorces/${r.json.id}/register`, { both_present: false }), 400, 'invalid_argument', 'both_present');
  const reg = await officer.post(`/api/v1/marriage/divorces/${r.json.id}/register`, { both_present: true });
  assert.equal(reg.status, 200, reg.text);
  assert.equal(reg.json.status, 'registered');
  assert.match(reg.json.certificate_no, /^L440105-/);
  await runJob('events.deliver');
  admin = await bearer('t_admin');
  assert.equal((await admin.get(`/api/v1/persons/${c.man.id}`)).json.marital_status, 'divorced');
  assert.equal((await officer.get(`/api/v1/marriage/marriages/${c.marriage.id}`)).json.status, 'divorced');
  const pdf = await fetch(`${process.env.BASE_URL}/api/v1/marriage/divorces/${r.json.id}/certificate`, { headers: { Authorization: `Bearer ${officer.token}` } });
  assert.equal(pdf.status, 200);
  await setClock(0);
  officer = await bearer('t_haizhu_officer');
  admin = await bearer('t_admin');
  const st = await officer.get('/api/v1/marriage/stats');
  assert.equal(st.status, 200, st.text);
  assert.deepEqual(st.json.items.map((x) => x.office_code), ['440105']);
  assert.ok(st.json.items[0].marriages >= 3);
});
