// A person's JSON, now written by the streaming writer (src/base/jsonw.c,
// issue 18 item 3) instead of a jansson tree: the same members in the same
// order with the same types, compact, escaped as jansson escaped. The byte
// comparison with the tree code itself is tests/unit/test_jsonw.c; this is
// the served response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer } from './lib.mjs';
import { makeId } from './world.mjs';

const LIST_KEYS = ['id', 'name', 'id_number_masked', 'sex', 'birth_date', 'age', 'division_code',
  'division_name', 'disability_kind', 'disability_grade', 'death_date', 'household_id'];
const FULL_KEYS = [...LIST_KEYS, 'address', 'phone', 'hukou', 'marital_status', 'flags', 'version', 'household'];

function checkShape(p, keys) {
  assert.deepEqual(Object.keys(p), keys);
  for (const k of ['id', 'age', 'disability_grade']) assert.equal(typeof p[k], 'number', k);
  for (const k of ['name', 'id_number_masked', 'sex', 'birth_date', 'division_code', 'division_name', 'disability_kind']) {
    assert.equal(typeof p[k], 'string', k);
  }
  assert.ok(p.death_date === null || /^\d{4}-\d{2}-\d{2}$/.test(p.death_date));
  assert.ok(p.household_id === null || Number.isInteger(p.household_id));
}

test('the person page and the search list: members, order, types, compact bytes', async () => {
  const admin = await bearer('t_admin');
  const list = await admin.get('/api/v1/persons?page_size=30');
  assert.equal(list.status, 200, list.text);
  assert.equal(list.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(list.text, JSON.stringify(list.json), 'compact, as json_dumps(JSON_COMPACT)');
  assert.deepEqual(Object.keys(list.json), ['items', 'total', 'total_capped', 'page', 'page_size']);
  assert.ok(list.json.items.length > 0);
  let inHousehold = 0;
  for (const item of list.json.items) {
    checkShape(item, LIST_KEYS);
    const one = await admin.get(`/api/v1/persons/${item.id}`);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(one.text, JSON.stringify(one.json));
    checkShape(one.json, FULL_KEYS);
    for (const k of LIST_KEYS) assert.deepEqual(one.json[k], item[k], k);
    assert.equal(typeof one.json.version, 'number');
    if (item.household_id === null) {
      assert.equal(one.json.household, null);
    } else {
      inHousehold++;
      assert.deepEqual(Object.keys(one.json.household), ['id', 'relation']);
      assert.equal(one.json.household.id, item.household_id);
    }
  }
  assert.ok(inHousehold > 0, 'the fixture city has persons in households');
});

test('text with quotes, backslashes and slashes is escaped as jansson did', async () => {
  const admin = await bearer('t_admin');
  const communities = (await admin.get('/api/v1/divisions?parent=440105001')).json.items;
  const address = '东路"1"号\\2室/末';
  let created;
  for (let seq = 600; seq < 640 && !created; seq++) {
    const r = await admin.post('/api/v1/persons', {
      id_number: makeId('440105', 1961, 2, 3, seq), name: '转义测试', division_code: communities[0].code,
      address, reason: '输出格式核对',
    });
    if (r.status === 409) continue;
    assert.equal(r.status, 201, r.text);
    created = r;
  }
  assert.ok(created, 'a free ID number');
  // jansson's escapes: \" and \\; '/' and non-ASCII as is. (Control
  // characters never get in: the registry refuses them; the unit test
  // covers their escapes.)
  assert.ok(created.text.includes('"address":"东路\\"1\\"号\\\\2室/末"'), created.text);
  const got = await admin.get(`/api/v1/persons/${created.json.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.json.address, address);
  assert.ok(got.text.includes('"address":"东路\\"1\\"号\\\\2室/末"'), got.text);
  checkShape(got.json, FULL_KEYS);
});
