// Deaths and the one-stop posthumous service (身后事一站式联办): one death
// registered from a family's report opens one case; the registry records
// the death and person.died goes out once; inside minzheng its subscribers
// end the dibao enrollment and cancel the canteen card through the outbox,
// and the case shows each of them done; the outside departments' matters
// stay open until their receipts, and turn overdue past their deadline.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql, uniqueSuffix, runJob, DAY, raw, setClock, PASSWORD } from './lib.mjs';
import { makeId, today } from './world.mjs';

let admin, haizhu, tianhe, community;
let seq = Number(uniqueSuffix()) % 900;
async function person(name, y) {
  for (let i = 0; i < 20; i++) {
    seq = (seq + 17) % 997;
    const id_number = makeId('440105', y, 3, 9, seq);
    const r = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '身后事测试登记' });
    if (r.status === 409) continue;
    assert.equal(r.status, 201, r.text);
    return { id: r.json.id, id_number };
  }
  throw new Error('no free ID number');
}
async function act(id, action, extra = {}) {
  const c = await haizhu.get(`/api/v1/cases/${id}`);
  const r = await haizhu.post(`/api/v1/cases/${id}/actions`, { action, version: c.json.version, ...extra });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
  return r.json;
}
async function approvedDibao(p) {
  const h = await admin.post('/api/v1/households', { division_code: community, address: '海珠区身后路2号', reason: '身后事测试登记',
    members: [{ person_id: p.id, relation: 'head' }] });
  assert.equal(h.status, 201, h.text);
  const r = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: p.id_number, bank_account: '6222020000007777' });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  await act(id, 'start_verification');
  await act(id, 'start_investigation');
  await act(id, 'submit_investigation', { note: '入户调查完成', detail: { investigators: ['王调查', '李调查'] } });
  assert.equal((await haizhu.post(`/api/v1/cases/${id}/evaluate`, {})).status, 200);
  await act(id, 'post_notice');
  sql(`UPDATE cases SET notice_until = '2000-01-07', notice_from = '2000-01-01' WHERE id = ${id}`);
  return act(id, 'approve', { note: '符合条件' });
}
async function caseUntil(id, pred, what) {
  for (let i = 0; i < 80; i++) {
    const c = await haizhu.get(`/api/v1/posthumous/deaths/${id}`);
    assert.equal(c.status, 200, c.text);
    if (pred(c.json)) return c.json;
    await haizhu.post('/api/v1/jobs/events.deliver/run', {});
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`case ${id}: ${what} never happened`);
}

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
});

test('a death ends the enrollment and the canteen card through the outbox; outside tasks wait for receipts', async () => {
  const dead = await person('逝者甲', 1945);
  const child = await person('子女乙', 1972);
  const ap = await approvedDibao(dead);
  const card = await haizhu.post(`/api/v1/eldercare/persons/${dead.id}/cards`, { reason: '发放长者卡' });
  assert.equal(card.status, 201, card.text);
  const d = today();
  const report = { id_number: dead.id_number, death_date: d, cause_category: 'disease', place_kind: 'home', place: '家中',
    source: 'family', reporter_name: '子女乙', reporter_id_number: child.id_number, reporter_relation: 'child',
    documents: 'death_certificate,id_card' };

  // Bad input: refused naming the field, nothing recorded.
  assertError(await haizhu.post('/api/v1/posthumous/deaths', { ...report, death_date: '2999-01-01' }), 400, 'invalid_argument', 'death_date');
  assertError(await haizhu.post('/api/v1/posthumous/deaths', { ...report, reporter_id_number: undefined }), 400, 'invalid_argument', 'reporter_id_number');
  assertError(await haizhu.post('/api/v1/posthumous/deaths', { ...report, documents: 'selfie' }), 400, 'invalid_argument', 'documents');
  assert.equal((await admin.get(`/api/v1/persons/${dead.id}`)).json.death_date ?? null, null);
  // Another district's staff cannot register a death in 海珠.
  assertError(await tianhe.post('/api/v1/posthumous/deaths', report), 404, 'not_found', 'id_number');

  const reg = await haizhu.post('/api/v1/posthumous/deaths', report);
  assert.equal(reg.status, 201, reg.text);
  assert.equal(reg.json.case_opened, true);
  assert.equal(reg.json.death_recorded, true);
  assert.equal((await admin.get(`/api/v1/persons/${dead.id}`)).json.death_date, d);

  // The same death reported again (the hospital's notice): one case, one person.died.
  const again = await haizhu.post('/api/v1/posthumous/deaths', { ...report, source: 'hospital', place_kind: 'hospital', reporter_name: '', reporter_id_number: undefined, reporter_relation: '' });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.case_id, reg.json.case_id);
  assert.equal(again.json.case_opened, false);
  assert.equal(sql(`SELECT COUNT(*) FROM events WHERE type = 'person.died' AND subject_id = ${dead.id}`).trim(), '1');

  // Inside: each subscriber acts through the outbox; the case shows it done.
  const done = await caseUntil(reg.json.case_id, (c) => ['assistance_end', 'canteen_card'].every(
    (code) => c.internal.find((m) => m.code === code)?.status === 'done'), 'the enrollment and card matters done');
  assert.equal(done.reports.length, 2);
  assert.match(done.reports[0].reporter_id_number_masked, /\*/);
  const en = await haizhu.get(`/api/v1/enrollments/${ap.enrollment_id}`);
  assert.equal(en.json.status, 'ended', en.text);
  assert.equal(sql(`SELECT status FROM ec_cards WHERE code = '${card.json.code}'`).trim(), 'cancelled');

  // Outside: 10 matters, open, none late yet, until their receipts.
  assert.equal(done.tasks.length, 10);
  assert.ok(done.tasks.every((t) => t.status === 'open' && !t.overdue));
  assert.equal(done.progress.complete, false);
  const hukou = done.tasks.find((t) => t.code === 'hukou_cancel');
  assert.equal(hukou.department_zh, '公安局');
  assertError(await haizhu.post(`/api/v1/posthumous/death-tasks/${hukou.id}/receipt`, { receipt_ref: '', done_on: d }), 400, 'invalid_argument', 'receipt_ref');
  assertError(await tianhe.post(`/api/v1/posthumous/death-tasks/${hukou.id}/receipt`, { receipt_ref: '穗公户注[2026]1号', done_on: d }), 404, 'not_found');
  const rc = await haizhu.post(`/api/v1/posthumous/death-tasks/${hukou.id}/receipt`, { receipt_ref: '穗公户注[2026]1号', done_on: d });
  assert.equal(rc.status, 200, rc.text);
  assertError(await haizhu.post(`/api/v1/posthumous/death-tasks/${hukou.id}/receipt`, { receipt_ref: '再次', done_on: d }), 409, 'invalid_state');
  const after1 = (await haizhu.get(`/api/v1/posthumous/deaths/${reg.json.case_id}`)).json;
  const h2 = after1.tasks.find((t) => t.code === 'hukou_cancel');
  assert.equal(h2.status, 'done');
  assert.equal(h2.receipt_ref, '穗公户注[2026]1号');
  assert.equal(after1.tasks.filter((t) => t.status === 'open').length, 9);

});

test('a death 40 days ago: the pension stop (15 days) is overdue and flagged, the property transfer (180) is not', async () => {
  // Deadlines count from the death date, against the server's (test-clock
  // aware) today; the clock is not moved, so no other daily job is woken.
  const dead = await person('逝者庚', 1939);
  const d40 = new Date(Date.now() + 8 * 3600 * 1000 - 40 * DAY * 1000).toISOString().slice(0, 10);
  const reg = await haizhu.post('/api/v1/posthumous/deaths', { id_number: dead.id_number, death_date: d40, cause_category: 'disease',
    place_kind: 'hospital', source: 'hospital' });
  assert.equal(reg.status, 201, reg.text);
  const before = (await haizhu.get(`/api/v1/posthumous/deaths/${reg.json.case_id}`)).json;
  const p0 = before.tasks.find((t) => t.code === 'pension_stop');
  assert.equal(p0.overdue, true);
  assert.equal(p0.overdue_flagged_on, '');
  const job = await runJob('posthumous.flag_overdue');
  assert.match(job.last_result, /\d+ posthumous tasks flagged overdue/, JSON.stringify(job));
  const late = (await haizhu.get(`/api/v1/posthumous/deaths/${reg.json.case_id}`)).json;
  const pension = late.tasks.find((t) => t.code === 'pension_stop');
  assert.equal(pension.overdue, true);
  assert.equal(pension.overdue_flagged_on.length, 10);
  assert.equal(late.tasks.find((t) => t.code === 'property_transfer').overdue, false);
  assert.equal(late.tasks.find((t) => t.code === 'property_transfer').overdue_flagged_on, '');
  assert.equal(late.progress.overdue, late.tasks.filter((t) => t.overdue).length);
  const list = await haizhu.get('/api/v1/posthumous/deaths?status=overdue&page_size=200');
  assert.ok(list.json.items.some((c) => c.id === reg.json.case_id));
  const fresh = await haizhu.get('/api/v1/posthumous/deaths?status=overdue&page_size=200');
  assert.ok(fresh.json.items.every((c) => c.overdue_tasks > 0));
  // A receipt after the deadline closes the task; it stays marked late.
  const rc = await haizhu.post(`/api/v1/posthumous/death-tasks/${pension.id}/receipt`, { receipt_ref: '穗人社停发[2026]9号', done_on: today() });
  assert.equal(rc.status, 200, rc.text);
  const after2 = (await haizhu.get(`/api/v1/posthumous/deaths/${reg.json.case_id}`)).json.tasks.find((t) => t.code === 'pension_stop');
  assert.equal(after2.overdue, false);
  assert.equal(after2.late, true);
});

test('the family sees progress only, with the deceased\'s and the agent\'s ID numbers', async () => {
  const dead = await person('逝者丙', 1938);
  const child = await person('子女丁', 1968);
  const stranger = await person('旁人戊', 1970);
  const reg = await haizhu.post('/api/v1/posthumous/deaths', { id_number: dead.id_number, death_date: today(), cause_category: 'natural',
    place_kind: 'home', source: 'family', reporter_name: '子女丁', reporter_id_number: child.id_number, reporter_relation: 'child' });
  assert.equal(reg.status, 201, reg.text);
  assertError(await haizhu.post('/api/v1/posthumous/progress', { deceased_id_number: dead.id_number, agent_id_number: stranger.id_number }), 404, 'not_found');
  const p = await haizhu.post('/api/v1/posthumous/progress', { deceased_id_number: dead.id_number, agent_id_number: child.id_number });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.tasks.length, 10);
  assert.ok(p.json.internal.length >= 4);
  assert.ok(p.json.internal.every((m) => m.subscriber === undefined && m.last_error === undefined));
  assert.equal(p.json.tasks[0].receipt_ref, undefined);
  assert.equal(JSON.stringify(p.json).includes(child.id_number), false);
  assert.ok(Number(sql(`SELECT COUNT(*) FROM audit_log WHERE action = 'posthumous.progress.miss'`).trim()) >= 1);
});

test('the family\'s own page, no account: three numbers, one refusal for any wrong one, matters and receipts only, audited, rate-limited', async () => {
  const dead = await person('逝者庚', 1939);
  const child = await person('子女辛', 1969);
  const stranger = await person('旁人壬', 1971);
  const reg = await haizhu.post('/api/v1/posthumous/deaths', { id_number: dead.id_number, death_date: today(), cause_category: 'natural',
    place_kind: 'home', source: 'family', reporter_name: '子女辛', reporter_id_number: child.id_number, reporter_relation: 'child' });
  assert.equal(reg.status, 201, reg.text);
  const caseNo = reg.json.case_id;
  const c = (await haizhu.get(`/api/v1/posthumous/deaths/${caseNo}`)).json;
  const hukou = c.tasks.find((t) => t.code === 'hukou_cancel');
  assert.equal((await haizhu.post(`/api/v1/posthumous/death-tasks/${hukou.id}/receipt`, { receipt_ref: '穗公户销[2026]77号', done_on: today() })).status, 200);
  // A fresh bucket for this address: a clock past any earlier looks.
  await setClock(3 * DAY);
  try {
    const ask = (body) => raw('POST', '/api/v1/public/posthumous/progress', { body });
    const good = { deceased_id_number: dead.id_number, agent_id_number: child.id_number, case_no: caseNo };
    const p = await ask(good);
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.case_no, caseNo);
    assert.equal(p.json.tasks.length, 10);
    const t = p.json.tasks.find((x) => x.code === 'hukou_cancel');
    assert.equal(t.status, 'done');
    assert.equal(t.receipt_ref, '穗公户销[2026]77号');
    assert.equal(t.department_zh, '公安局');
    assert.ok(p.json.tasks.every((x) => /^\d{4}-\d{2}-\d{2}$/.test(x.due_on) && x.id === undefined && x.done_by === undefined));
    assert.ok(p.json.internal.every((m) => m.subscriber === undefined && m.last_error === undefined));
    // No personal data: neither name nor date of death nor either number.
    const text = JSON.stringify(p.json);
    for (const s of ['逝者庚', '子女辛', dead.id_number, child.id_number, 'death_date', 'deceased_name']) assert.equal(text.includes(s), false, s);
    // Each wrong field gets the same refusal: no oracle.
    const wrongs = [
      { ...good, agent_id_number: stranger.id_number },
      { ...good, deceased_id_number: stranger.id_number },
      { ...good, case_no: caseNo + 100000 },
    ];
    const bodies = [];
    for (const w of wrongs) {
      const r = await ask(w);
      assertError(r, 404, 'not_found');
      bodies.push(JSON.stringify(r.json));
    }
    assert.equal(new Set(bodies).size, 1, bodies.join(' / '));
    // Audited: who (the agent, masked) and from where.
    const row = sql(`SELECT login || '|' || detail FROM audit_log WHERE action = 'posthumous.progress.read' AND entity_id = '${caseNo}' ORDER BY seq DESC LIMIT 1`).trim();
    assert.match(row, /^public:family\|.*"address":"(127\.0\.0\.1|::1)"/);
    assert.ok(row.includes(child.id_number.slice(-4)) && !row.includes(child.id_number), row);
    // Six looks per ten minutes: the seventh is refused with Retry-After.
    const r5 = await ask(good);
    assert.equal(r5.status, 200, r5.text);
    const r6 = await ask(good);
    assert.equal(r6.status, 200, r6.text);
    const over = await ask(good);
    assertError(over, 429, 'rate_limited');
    assert.match(over.json.error.message_zh, /请求过于频繁/);
    const wait = Number(over.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 600, `Retry-After ${wait}`);
    // And the limit resets once its period has passed.
    await setClock(3 * DAY + 601);
    const again = await ask(good);
    assert.equal(again.status, 200, again.text);
  } finally {
    await setClock(0);
  }
  // The case number is required on the public door.
  assertError(await raw('POST', '/api/v1/public/posthumous/progress', { body: { deceased_id_number: dead.id_number, agent_id_number: child.id_number } }), 400, 'invalid_argument', 'case_no');
});

test('a funeral: basic fees waived, eco-burial subsidy by kind, the rate per district', async () => {
  const dead = await person('逝者己', 1936);
  const reg = await haizhu.post('/api/v1/posthumous/deaths', { id_number: dead.id_number, death_date: today(), cause_category: 'disease',
    place_kind: 'hospital', source: 'hospital' });
  assert.equal(reg.status, 201, reg.text);
  const home = await admin.post('/api/v1/posthumous/funeral-homes', { name: `测试殡仪馆${uniqueSuffix()}`, division_code: '440111' });
  assert.equal(home.status, 201, home.text);
  const body = { home_id: home.json.id, cremated_on: today(), cremation_no: 'HH-1', basic_fee_fen: 250000, burial_kind: 'sea' };
  assertError(await haizhu.post(`/api/v1/posthumous/deaths/${reg.json.case_id}/funeral`, { ...body, burial_kind: 'moon' }), 400, 'invalid_argument', 'burial_kind');
  const f = await haizhu.post(`/api/v1/posthumous/deaths/${reg.json.case_id}/funeral`, body);
  assert.equal(f.status, 201, f.text);
  // Parameters in force (ph_params): waiver up to 2,000 yuan, sea burial 3,000.
  assert.equal(f.json.waived_fen, 200000);
  assert.equal(f.json.payable_fen, 50000);
  assert.equal(f.json.subsidy_fen, 300000);
  assert.equal(f.json.eco, true);
  assertError(await haizhu.post(`/api/v1/posthumous/deaths/${reg.json.case_id}/funeral`, body), 409, 'conflict');
  const rate = await haizhu.get(`/api/v1/posthumous/eco-burial?year=${today().slice(0, 4)}`);
  assert.equal(rate.status, 200, rate.text);
  const hzr = rate.json.districts.find((x) => x.code === '440105');
  assert.ok(hzr && hzr.eco >= 1 && hzr.rate > 0 && hzr.rate <= 1, JSON.stringify(rate.json));
  assert.ok(rate.json.districts.every((x) => x.code === '440105'), 'a street caseworker sees only her district');
});

test('a funeral home\'s staff records the cremations of its own home only and reads no case', async () => {
  const run = uniqueSuffix();
  const homeA = await admin.post('/api/v1/posthumous/funeral-homes', { name: `员工测试殡仪馆甲${run}`, division_code: '440111' });
  const homeB = await admin.post('/api/v1/posthumous/funeral-homes', { name: `员工测试殡仪馆乙${run}`, division_code: '440112' });
  assert.equal(homeA.status, 201, homeA.text);
  assert.equal(homeB.status, 201, homeB.text);
  const staff = async (tag, home) => {
    const login = `fh${tag}${run}`.slice(0, 30);
    const u = await admin.post('/api/v1/users', { login, name: `殡仪馆员工${tag}`, role: 'service_provider', scope_code: '440111', password: PASSWORD });
    assert.equal(u.status, 201, u.text);
    const l = await admin.post('/api/v1/posthumous/funeral-home-staff', { home_id: home, login, reason: '开通殡仪馆工作人员账号' });
    assert.equal(l.status, 201, l.text);
    return bearer(login);
  };
  const a = await staff('a', homeA.json.id);
  const b = await staff('b', homeB.json.id);
  // Only a service_provider account can be a home's staff; the reason is required.
  assertError(await admin.post('/api/v1/posthumous/funeral-home-staff', { home_id: homeA.json.id, login: 't_haizhu', reason: '误操作' }), 400, 'invalid_argument', 'login');
  assertError(await admin.post('/api/v1/posthumous/funeral-home-staff', { home_id: homeA.json.id, login: 't_provider' }), 400, 'invalid_argument', 'reason');
  assertError(await haizhu.post('/api/v1/posthumous/funeral-home-staff', { home_id: homeA.json.id, login: 't_provider', reason: '越权' }), 403, 'forbidden');

  const dead = await person('火化逝者', 1933);
  const reg = await haizhu.post('/api/v1/posthumous/deaths', { id_number: dead.id_number, death_date: today(), cause_category: 'disease', place_kind: 'hospital', source: 'hospital' });
  assert.equal(reg.status, 201, reg.text);
  const body = { deceased_id_number: dead.id_number, cremated_on: today(), cremation_no: `HZ-${run}`, basic_fee_fen: 150000, burial_kind: 'tree' };
  // Another home's cremation: refused, nothing recorded.
  assertError(await a.post('/api/v1/posthumous/cremations', { ...body, home_id: homeB.json.id }), 403, 'forbidden', 'home_id');
  // A provider of no funeral home (an elderly-care provider's account) records nothing and lists nothing.
  const other = await bearer('t_provider');
  assertError(await other.post('/api/v1/posthumous/cremations', body), 403, 'forbidden');
  const none = await other.get('/api/v1/posthumous/cremations');
  assert.equal(none.status, 200, none.text);
  assert.equal(none.json.total, 0);
  // No death registered for a number: not found.
  const alive = await person('在世者', 1950);
  assertError(await a.post('/api/v1/posthumous/cremations', { ...body, deceased_id_number: alive.id_number }), 404, 'not_found', 'deceased_id_number');

  const f = await a.post('/api/v1/posthumous/cremations', body);
  assert.equal(f.status, 201, f.text);
  assert.equal(f.json.home_id, homeA.json.id);
  assert.equal(f.json.waived_fen, 150000);
  assert.equal(f.json.subsidy_fen, 100000);
  assertError(await a.post('/api/v1/posthumous/cremations', body), 409, 'conflict');
  const listA = await a.get('/api/v1/posthumous/cremations');
  assert.equal(listA.status, 200, listA.text);
  const row = listA.json.items.find((x) => x.cremation_no === `HZ-${run}`);
  assert.ok(row, JSON.stringify(listA.json));
  assert.equal(row.name, '火化逝者');
  assert.notEqual(row.id_number_masked, dead.id_number);
  assert.equal(row.person_id, undefined);
  const listB = await b.get('/api/v1/posthumous/cremations');
  assert.equal(listB.status, 200, listB.text);
  assert.equal(listB.json.items.some((x) => x.cremation_no === `HZ-${run}`), false, 'home B does not see home A\'s cremations');
  // The staff reads no case and uses no staff route.
  assertError(await a.get(`/api/v1/posthumous/deaths/${reg.json.case_id}`), 403, 'forbidden');
  assertError(await a.get('/api/v1/posthumous/deaths'), 403, 'forbidden');
  assertError(await a.post(`/api/v1/posthumous/deaths/${reg.json.case_id}/funeral`, { home_id: homeA.json.id, cremated_on: today(), cremation_no: 'X-1', basic_fee_fen: 1, burial_kind: 'sea' }), 403, 'forbidden');
  // The caseworker sees the funeral on the case, by home A.
  const c = (await haizhu.get(`/api/v1/posthumous/deaths/${reg.json.case_id}`)).json;
  assert.equal(c.funeral.home_id, homeA.json.id);
  assert.equal(sql(`SELECT recorded_by FROM ph_funerals WHERE case_id = ${reg.json.case_id}`).trim(), `fha${run}`.slice(0, 30));
});

test('a death ends the home care bed contract and withdraws the waiting care-home application; both matters done', async () => {
  const run = uniqueSuffix();
  const dead = await person('床位长者', 1936);
  const full = { eating: 4, grooming: 4, bathing: 4, dressing_upper: 4, dressing_lower: 4, urinary: 4, bowel: 4, toileting: 4,
    bed_mobility: 4, transfer: 4, walking: 4, stairs: 3, orient_time: 4, orient_place: 4, orient_person: 4, memory: 4,
    comprehension: 4, expression: 4, aggression: 1, depression: 1, consciousness: 2, vision: 2, hearing: 2, daily_affairs: 4,
    going_out: 3, social: 4 };
  const items = { ...full, eating: 0, bathing: 0, walking: 0, stairs: 0, transfer: 0, toileting: 0 };
  const a = await admin.post(`/api/v1/eldercare/persons/${dead.id}/assessments`,
    { assessed_on: today(), assessor: '张评估', location: '家中', purpose: 'initial', items });
  assert.equal(a.status, 201, a.text);
  const care = await admin.post('/api/v1/eldercare/providers', { name: `身后居家照护${run}`, kind: 'home_care', division_code: '440105001', reason: '登记服务机构' });
  assert.equal(care.status, 201, care.text);
  const bed = await admin.post('/api/v1/eldercare/home-beds', { person_id: dead.id, provider_id: care.json.id, contract_no: `PH-${run}`,
    services: ['助浴'], visits_per_week: 2, start_on: today(), reason: '签约家庭养老床位' });
  assert.equal(bed.status, 201, bed.text);
  const home = await admin.post('/api/v1/eldercare/homes', { name: `身后测试养老院${run}`, division_code: '440105001', address: '身后路3号', beds_total: 10, reason: '登记公办养老机构' });
  assert.equal(home.status, 201, home.text);
  const wait = await admin.post('/api/v1/eldercare/wait-applications', { person_id: dead.id, applied_on: today(), homes: [home.json.id], reason: '申请入住' });
  assert.equal(wait.status, 201, wait.text);

  const reg = await haizhu.post('/api/v1/posthumous/deaths', { id_number: dead.id_number, death_date: today(), cause_category: 'disease',
    place_kind: 'hospital', source: 'hospital', documents: 'death_certificate' });
  assert.equal(reg.status, 201, reg.text);
  const c = await caseUntil(reg.json.case_id, (x) => ['home_bed', 'care_home_wait'].every(
    (code) => x.internal.find((m) => m.code === code)?.status === 'done'), 'the bed and waiting-list matters done');
  assert.ok(!c.internal.some((m) => /^hall\./.test(m.matter_en)), 'plumbing subscribers are not matters of the family');
  assert.equal(sql(`SELECT status || '|' || end_on FROM ec_home_beds WHERE id = ${bed.json.id}`).trim(), `ended|${today()}`);
  assert.equal(sql(`SELECT status FROM ec_wait_applications WHERE id = ${wait.json.id}`).trim(), 'withdrawn');
});
