import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql } from './lib.mjs';

let admin, auditor;
before(async () => {
  admin = await bearer('t_admin');
  auditor = await bearer('t_auditor');
});

test('pagination: pages do not overlap, page_size is bounded', async () => {
  const p1 = await admin.get('/api/v1/persons?page=1&page_size=10&sort=name');
  const p2 = await admin.get('/api/v1/persons?page=2&page_size=10&sort=name');
  assert.equal(p1.json.items.length, 10);
  assert.equal(p2.json.items.length, 10);
  const ids1 = new Set(p1.json.items.map((p) => p.id));
  assert.ok(p2.json.items.every((p) => !ids1.has(p.id)));
  assert.ok(p1.json.total >= 20);
  assertError(await admin.get('/api/v1/persons?page_size=201'), 400, 'invalid_argument', 'page_size');
  assertError(await admin.get('/api/v1/persons?page=0'), 400, 'invalid_argument', 'page');
  assertError(await admin.get('/api/v1/persons?page=abc'), 400, 'invalid_argument', 'page');
  assertError(await admin.get('/api/v1/persons?sort=password'), 400, 'invalid_argument', 'sort');
});

test('sorting by birth date, both ways', async () => {
  const asc = (await admin.get('/api/v1/persons?sort=birth_date&page_size=50')).json.items.map((p) => p.birth_date);
  const desc = (await admin.get('/api/v1/persons?sort=-birth_date&page_size=50')).json.items.map((p) => p.birth_date);
  assert.deepEqual(asc, [...asc].sort());
  assert.deepEqual(desc, [...desc].sort().reverse());
});

test('lists mask ID numbers; a name prefix and a full ID number both find a person', async () => {
  const list = await admin.get('/api/v1/persons?page_size=5');
  const p = list.json.items[0];
  assert.match(p.id_number_masked, /^\d{4}\*{10}[\dX]{4}$/);
  assert.ok(!('id_number' in p));
  const byName = await admin.get('/api/v1/persons?q=' + encodeURIComponent(p.name.slice(0, 1)) + '&page_size=200');
  assert.ok(byName.json.items.some((x) => x.id === p.id), 'the search finds the person it started from');
  assert.ok(byName.json.items.every((x) => x.name.startsWith(p.name.slice(0, 1))));
  const full = sql(`SELECT id_number FROM persons WHERE id = ${p.id}`).trim();
  const byId = await admin.get('/api/v1/persons?q=' + full);
  assert.equal(byId.json.items.length, 1);
  assert.equal(byId.json.items[0].id, p.id);
  assertError(await admin.get('/api/v1/persons?id_number=110105194912310021'), 400, 'invalid_argument', 'id_number');
});

test('revealing an ID number needs a reason, and is audited with it', async () => {
  const p = (await admin.get('/api/v1/persons?page_size=1')).json.items[0];
  assertError(await admin.post(`/api/v1/persons/${p.id}/reveal`, {}), 400, 'invalid_argument', 'reason');
  assertError(await admin.post(`/api/v1/persons/${p.id}/reveal`, { reason: 'x' }), 400, 'invalid_argument', 'reason');
  assertError(await admin.post(`/api/v1/persons/${p.id}/reveal`, { reason: '核对' }), 400, 'invalid_argument', 'reason');
  assertError(await admin.post(`/api/v1/persons/${p.id}/reveal`, { reason: '    \u3000\u3000' }), 400, 'invalid_argument', 'reason');
  assertError(await auditor.post(`/api/v1/persons/${p.id}/reveal`, { reason: '审计抽查需要' }), 403, 'forbidden');
  const r = await admin.post(`/api/v1/persons/${p.id}/reveal`, { reason: '核对低保申请材料' });
  assert.equal(r.status, 200, r.text);
  assert.match(r.json.id_number, /^\d{17}[\dX]$/);
  assert.equal(r.json.id_number.slice(0, 4), p.id_number_masked.slice(0, 4));
  const a = await auditor.get(`/api/v1/audit?action=person.reveal_id&entity_id=${p.id}`);
  assert.equal(a.status, 200);
  assert.ok(a.json.items.some((x) => x.reason === '核对低保申请材料' && x.login === 't_admin'));
});

test('reads of personal data are audited', async () => {
  const p = (await admin.get('/api/v1/persons?page_size=1&page=3')).json.items[0];
  await admin.get(`/api/v1/persons/${p.id}`);
  const a = await auditor.get(`/api/v1/audit?action=person.read&entity=person&entity_id=${p.id}&login=t_admin`);
  assert.ok(a.json.items.length >= 1);
  assert.equal(a.json.items[0].division_code, p.division_code);
});

test('a change keeps its history; a stale version is refused and changes nothing', async () => {
  const p = (await admin.get('/api/v1/persons?page_size=1&page=5')).json.items[0];
  const before = await admin.get(`/api/v1/persons/${p.id}`);
  assertError(await admin.patch(`/api/v1/persons/${p.id}`, { phone: '13800138000', version: before.json.version }), 400, 'invalid_argument', 'reason');
  assertError(await admin.patch(`/api/v1/persons/${p.id}`, { sex: 'F', reason: '改性别', version: before.json.version }), 400, 'invalid_argument', 'sex');
  assertError(await admin.patch(`/api/v1/persons/${p.id}`, { disability_kind: 'physical', disability_grade: 7, reason: '残疾登记', version: before.json.version }), 400, 'invalid_argument', 'disability_grade');
  assertError(await admin.patch(`/api/v1/persons/${p.id}`, { phone: 'abc', reason: '电话变更', version: before.json.version }), 400, 'invalid_argument', 'phone');
  const ok = await admin.patch(`/api/v1/persons/${p.id}`, { phone: '13800138000', address: '新地址1号', reason: '居民来电更新', version: before.json.version });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.version, before.json.version + 1);
  assert.equal(ok.json.phone, '13800138000');
  assertError(await admin.patch(`/api/v1/persons/${p.id}`, { phone: '13900000000', reason: '再次更新', version: before.json.version }), 409, 'conflict', 'version');
  const h = await admin.get(`/api/v1/persons/${p.id}/history`);
  const last = h.json.items[0];
  assert.equal(last.reason, '居民来电更新');
  assert.equal(last.changed_by, 't_admin');
  assert.deepEqual(last.changes.phone, { old: before.json.phone, new: '13800138000' });
  assert.equal((await admin.get(`/api/v1/persons/${p.id}`)).json.phone, '13800138000');
});

test('registering a person validates the ID number and derives birth date and sex', async () => {
  const base = { name: '新登记', division_code: '440105001001', reason: '新迁入登记' };
  assertError(await admin.post('/api/v1/persons', { ...base, id_number: '11010519491231002X'.slice(0, 17) + '1' }), 400, 'invalid_argument', 'id_number');
  const legacy = await admin.post('/api/v1/persons', { ...base, id_number: '440105500101001' });
  assertError(legacy, 400, 'invalid_argument', 'id_number');
  assert.match(legacy.json.error.message, /15/);
  assertError(await admin.post('/api/v1/persons', { ...base, id_number: '11010519491231002X', division_code: '440105' }), 400, 'invalid_argument', 'division_code');
  const r = await admin.post('/api/v1/persons', { ...base, id_number: '11010519491231002X' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.birth_date, '1949-12-31');
  assert.equal(r.json.sex, 'F');
  assertError(await admin.post('/api/v1/persons', { ...base, id_number: '11010519491231002x' }), 409, 'conflict', 'id_number');
});

test('household members: add, refuse a second household, remove with history', async () => {
  const lone = await admin.post('/api/v1/persons', { id_number: '360426199101010071', name: '单身测试', division_code: '440105001001', reason: '新迁入登记' });
  assert.equal(lone.status, 201, lone.text);
  const two = (await admin.get('/api/v1/households?division=440105001&page_size=2')).json.items;
  assert.equal(two.length, 2, 'the demo street 440105001 has households');
  const [hh, other] = two;
  const before = await admin.get(`/api/v1/households/${hh.id}`);
  // The list's head and size agree with the household page (both read the
  // current members; the list in one batch for its page).
  for (const item of two) {
    const page = item === hh ? before : await admin.get(`/api/v1/households/${item.id}`);
    assert.equal(item.member_count, page.json.members.length);
    assert.equal(item.head_name, page.json.members.find((m) => m.relation === 'head')?.name ?? '');
  }
  assertError(await admin.post(`/api/v1/households/${hh.id}/members`, { person_id: lone.json.id, relation: 'cousin', reason: '投靠亲属' }), 400, 'invalid_argument', 'relation');
  const add = await admin.post(`/api/v1/households/${hh.id}/members`, { person_id: lone.json.id, relation: 'other', reason: '投靠亲属' });
  assert.equal(add.status, 200, add.text);
  assert.equal(add.json.members.length, before.json.members.length + 1);
  assertError(await admin.post(`/api/v1/households/${other.id}/members`, { person_id: lone.json.id, relation: 'other', reason: '重复加入' }), 409, 'conflict', 'person_id');
  const head = before.json.members.find((m) => m.relation === 'head');
  assertError(await admin.del(`/api/v1/households/${hh.id}/members/${head.person_id}`, { reason: '移出户主' }), 400, 'invalid_argument', 'person_id');
  const rm = await admin.del(`/api/v1/households/${hh.id}/members/${lone.json.id}`, { reason: '迁出' });
  assert.equal(rm.status, 200, rm.text);
  assert.equal(rm.json.members.length, before.json.members.length);
  const h = await admin.get(`/api/v1/households/${hh.id}/history`);
  assert.equal(h.json.items[0].reason, '迁出');
  assert.equal(h.json.items[0].changes.member_removed.old.name, '单身测试');
  assert.equal(h.json.items[1].reason, '投靠亲属');
  // A mistaken removal can be undone the same day.
  const again = await admin.post(`/api/v1/households/${hh.id}/members`, { person_id: lone.json.id, relation: 'other', reason: '误操作恢复' });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.members.length, before.json.members.length + 1);
});

test('divisions: the tree below the scope, with real street names', async () => {
  const root = await admin.get('/api/v1/divisions');
  assert.equal(root.json.items[0].code, '440100');
  const districts = await admin.get('/api/v1/divisions?parent=440100');
  assert.deepEqual(districts.json.items.map((d) => d.code), ['440103', '440104', '440105', '440106', '440111', '440112', '440113', '440114', '440115', '440117', '440118']);
  const streets = await admin.get('/api/v1/divisions?parent=440103');
  assert.equal(streets.json.items[0].name, '沙面街道');
  const comms = await admin.get('/api/v1/divisions?parent=440103001');
  assert.ok(comms.json.items.length > 0, '沙面街道 has communities');
  assert.ok(comms.json.items.every((c) => /^440103001\d{3}$/.test(c.code)));
});

test('registry figures add up', async () => {
  const s = (await admin.get('/api/v1/stats/registry')).json;
  const byDistrict = s.persons_by_district.reduce((a, d) => a + d.count, 0);
  const pyramid = s.age_pyramid.reduce((a, b) => a + b.male + b.female, 0);
  assert.equal(byDistrict, s.persons_total);
  assert.equal(pyramid, s.persons_total);
  assert.equal(s.persons_by_district.length, 11);
  const old = s.age_pyramid.slice(12).reduce((a, b) => a + b.male + b.female, 0);
  assert.ok(old / pyramid > 0.15 && old / pyramid < 0.27, `share 60+ = ${old / pyramid}`);
});

test('a community worker marks an elder living alone and empty-nest; monthly visits then fall due', async () => {
  const { makeId } = await import('./world.mjs');
  const { uniqueSuffix } = await import('./lib.mjs');
  const community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
  let p;
  for (let seq = Number(uniqueSuffix()) % 800; !p; seq++) {
    const r = await admin.post('/api/v1/persons', { id_number: makeId('440105', 1950, 8, 8, (seq % 900) + 50), name: '独居老人', division_code: community, reason: '标记测试登记' });
    if (r.status === 201) p = r.json;
    else assert.equal(r.status, 409, r.text);
  }
  const month = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);
  const due = async () => (await admin.get(`/api/v1/eldercare/visits/due?month=${month}&division=${community}&page_size=200`)).json.items.some((v) => v.person_id === p.id);
  assert.equal(await due(), false, 'a 76-year-old with no mark is not on the visit list');
  assertError(await admin.patch(`/api/v1/persons/${p.id}`, { flags: 'living_alone,lonely', version: p.version, reason: '社区走访核实' }), 400, 'invalid_argument', 'flags');
  const r = await admin.patch(`/api/v1/persons/${p.id}`, { flags: 'empty_nest,living_alone', version: p.version, reason: '社区走访核实独居空巢' });
  assert.equal(r.status, 200, r.text);
  assert.equal(await due(), true, 'living alone: a monthly visit is due');
});
