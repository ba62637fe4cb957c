// People on the household page: a member's marks (独居, 空巢, ...) come with
// the household, are set with a reason through the person's record, are
// audited, and drive the monthly visits; division names answer any user.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, uniqueSuffix, PASSWORD } from './lib.mjs';
import { makeId, today } from './world.mjs';

let admin, haizhu, tianhe, provider, community;
let seq = Number(uniqueSuffix()) % 700;

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  provider = await bearer('t_provider');
  community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
});

async function person(name, birth) {
  const [y, m, d] = birth.split('-').map(Number);
  for (let tries = 0; tries < 20; tries++) {
    const id_number = makeId('440105', y, m, d, (seq++ % 900) + 50);
    const r = await haizhu.post('/api/v1/persons', { id_number, name, division_code: community, reason: '标记测试登记' });
    if (r.status === 409) continue;
    assert.equal(r.status, 201, r.text);
    return { ...r.json, id_number };
  }
  throw new Error('no free ID number');
}

async function household(members) {
  const r = await haizhu.post('/api/v1/households', { division_code: community, address: '标记路8号', reason: '标记测试建户', members });
  assert.equal(r.status, 201, r.text);
  return r.json.id;
}

async function dueIds(who, month) {
  const ids = new Set();
  for (let page = 1; ; page++) {
    const r = await who.get(`/api/v1/eldercare/visits/due?month=${month}&division=${community}&page_size=200&page=${page}`);
    assert.equal(r.status, 200, r.text);
    for (const x of r.json.items) ids.add(x.person_id);
    if (!r.json.has_more) return { ids, items: r.json.items };
  }
}

test('household members carry their marks and version; a mark set with a reason makes a monthly visit due', async () => {
  const year = Number(today().slice(0, 4));
  const elder = await person('标记长者', `${year - 66}-03-04`);
  const spouse = await person('标记配偶', `${year - 64}-05-06`);
  const hid = await household([{ person_id: elder.id, relation: 'head' }, { person_id: spouse.id, relation: 'spouse' }]);

  let hh = (await haizhu.get(`/api/v1/households/${hid}`)).json;
  let m = hh.members.find((x) => x.person_id === elder.id);
  assert.equal(m.flags, '');
  assert.equal(typeof m.version, 'number');

  const month = today().slice(0, 7);
  const all = async () => {
    const out = [];
    for (let page = 1; ; page++) {
      const r = await haizhu.get(`/api/v1/eldercare/visits/due?month=${month}&division=${community}&page_size=200&page=${page}`);
      assert.equal(r.status, 200, r.text);
      out.push(...r.json.items);
      if (!r.json.has_more) return out;
    }
  };
  assert.ok(!(await all()).some((x) => x.person_id === elder.id), 'a 66-year-old with no mark is not due');

  // A mark without a reason, or an unknown mark, changes nothing.
  assertError(await haizhu.patch(`/api/v1/persons/${elder.id}`, { flags: 'empty_nest', version: m.version }), 400, 'invalid_argument', 'reason');
  assertError(await haizhu.patch(`/api/v1/persons/${elder.id}`, { flags: 'lonely', reason: '入户核实空巢', version: m.version }), 400, 'invalid_argument', 'flags');
  // Another street's caseworker cannot mark 海珠's resident.
  const far = await tianhe.patch(`/api/v1/persons/${elder.id}`, { flags: 'empty_nest', reason: '越权设置标记', version: m.version });
  assert.equal(far.status, 404, far.text);

  const r = await haizhu.patch(`/api/v1/persons/${elder.id}`, { flags: 'empty_nest', reason: '入户核实子女均在外地', version: m.version });
  assert.equal(r.status, 200, r.text);
  hh = (await haizhu.get(`/api/v1/households/${hid}`)).json;
  m = hh.members.find((x) => x.person_id === elder.id);
  assert.equal(m.flags, 'empty_nest');
  assert.equal(m.version, r.json.version);
  // The stale version is refused: two staff do not overwrite each other's marks.
  assertError(await haizhu.patch(`/api/v1/persons/${elder.id}`, { flags: 'living_alone', reason: '再次核实独居情况', version: m.version - 1 }), 409, 'conflict');

  const due = (await all()).find((x) => x.person_id === elder.id);
  assert.ok(due, 'an empty-nest elder of 66 is due a monthly visit');
  assert.deepEqual(due.why, ['empty_nest']);
  assert.ok(!(await all()).some((x) => x.person_id === spouse.id), 'the unmarked spouse is not due');

  // The change is in the person's history with its reason, and in the audit log.
  const hist = (await haizhu.get(`/api/v1/persons/${elder.id}/history`)).json.items;
  assert.ok(hist.some((h) => JSON.stringify(h).includes('入户核实子女均在外地')), JSON.stringify(hist));
  const audit = await admin.get(`/api/v1/audit?entity=person&entity_id=${elder.id}&page_size=50`);
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.some((a) => JSON.stringify(a).includes('入户核实子女均在外地')), 'the reason is in the audit log');
});

test('division names: any signed-in user, names only, outside the caller\'s scope too', async () => {
  const codes = ['440105001', community, '440106', '440106001'];
  const r = await provider.get(`/api/v1/division-names?codes=${codes.join(',')}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json), ['names']);
  for (const c of codes) assert.match(r.json.names[c], /[\u4e00-\u9fff]/, `${c}: ${r.text}`);
  assert.equal(r.json.names['440106'], '天河区');
  // The same names as the scoped lookup gives the city admin.
  const one = await admin.get('/api/v1/divisions/440106001');
  assert.equal(r.json.names['440106001'], one.json.name);
  // Names only: no counts, no children.
  assert.ok(!/count|children|persons/.test(r.text), r.text);
  // An unknown code is left out; a malformed one is refused naming the field.
  const unknown = await provider.get('/api/v1/division-names?codes=449999999999');
  assert.equal(unknown.status, 200);
  assert.deepEqual(unknown.json.names, {});
  assertError(await provider.get('/api/v1/division-names?codes=44010500,440105'), 400, 'invalid_argument', 'codes');
  assertError(await provider.get('/api/v1/division-names?codes=4401a5'), 400, 'invalid_argument', 'codes');
  assertError(await provider.get('/api/v1/division-names'), 400, 'invalid_argument', 'codes');
  const many = Array.from({ length: 101 }, () => '440105').join(',');
  assertError(await provider.get(`/api/v1/division-names?codes=${many}`), 400, 'invalid_argument', 'codes');
  // Not without a session.
  const anon = await fetch(`${process.env.BASE_URL}/api/v1/division-names?codes=440105`);
  assert.equal(anon.status, 401);
  void PASSWORD;
});
