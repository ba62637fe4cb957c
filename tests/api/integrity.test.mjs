// The integrity register (诚信数据库, issue 11 item 13): the amount is stored
// in fen; a household with an unresolved finding is taken at intake only
// after the caseworker acknowledges it (audited with the records), but an
// accepting street elsewhere (全城通办) learns nothing of it; records are
// resolved once with how they were put right; every read is audited.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, assertError, sql, uniqueSuffix } from './lib.mjs';
import { makeId } from './world.mjs';

let admin, haizhu, tianhe, community;
before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
});

let seq = Number(uniqueSuffix()) % 800;
async function family(name) {
  const people = [];
  for (const [suffix, y] of [['父', 1970], ['子', 2001]]) {
    for (;;) {
      const id_number = makeId('440105', y, 9, 9, (seq++ % 900) + 40);
      const r = await admin.post('/api/v1/persons', { id_number, name: name + suffix, division_code: community, reason: '诚信测试登记' });
      if (r.status === 409) continue;
      assert.equal(r.status, 201, r.text);
      people.push({ id: r.json.id, id_number });
      break;
    }
  }
  const h = await admin.post('/api/v1/households', { division_code: community, address: '诚信测试路1号', reason: '诚信测试登记',
    members: [{ person_id: people[0].id, relation: 'head' }, { person_id: people[1].id, relation: 'child' }] });
  assert.equal(h.status, 201, h.text);
  return { household: h.json.id, head: people[0], child: people[1] };
}

test('an unresolved finding stops the intake until acknowledged; the other street learns nothing', async () => {
  const f = await family('诚信');
  // The finding is about the son, stored with its amount in fen.
  const rec = await haizhu.post('/api/v1/integrity', { person_id: f.child.id, kind: 'concealed_income', detail: '上次申请时未申报经营收入', amount_fen: 360000 });
  assert.equal(rec.status, 201, rec.text);
  assert.equal(sql(`SELECT amount_fen FROM integrity_records WHERE id = ${rec.json.id}`).trim(), '360000');
  assertError(await haizhu.post('/api/v1/integrity', { person_id: f.child.id, kind: 'concealed_income', detail: '两种金额同时给出的记录', amount_fen: 100, amount: '1.00' }), 400, 'invalid_argument', 'amount');

  // The household's open records, for the intake page.
  const list = await haizhu.get(`/api/v1/integrity?household_id=${f.household}&status=open`);
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.total, 1);
  assert.equal(list.json.items[0].amount_fen, 360000);
  assert.match(list.json.items[0].id_number, /\*/, 'the number is masked');
  assert.ok(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'integrity.read' AND login = 't_haizhu'`).trim()) >= 1);

  const body = { program: 'dibao', applicant_id_number: f.head.id_number, bank_account: '6222020000007777' };
  const cases = () => Number(sql(`SELECT count(*) FROM cases WHERE household_id = ${f.household}`).trim());
  assertError(await haizhu.post('/api/v1/cases', body), 409, 'conflict', 'integrity_acknowledged');
  assert.equal(cases(), 0, 'nothing written when refused');

  // 全城通办: the other street accepts without being told of the finding.
  const elsewhere = await tianhe.post('/api/v1/cases', { ...body, bank_account: '6222020000008888' });
  assert.equal(elsewhere.status, 201, elsewhere.text);
  assert.doesNotMatch(elsewhere.text, /integrity|诚信/);
  assertError(await tianhe.get(`/api/v1/integrity?household_id=${f.household}`), 404, 'not_found', 'household_id');
  // Withdraw it so that the street's own intake can be tried.
  sql(`UPDATE cases SET state = 'withdrawn' WHERE id = ${elsewhere.json.id}`);

  const ok = await haizhu.post('/api/v1/cases', { ...body, integrity_acknowledged: true });
  assert.equal(ok.status, 201, ok.text);
  const ack = sql(`SELECT detail FROM audit_log WHERE action = 'case.integrity_acknowledged' AND entity_id = '${ok.json.id}'`).trim();
  assert.match(ack, new RegExp(`"records":\\[${rec.json.id}\\]`));
});

test('a record is resolved once, in scope, with how it was put right', async () => {
  const f = await family('整改');
  const rec = await haizhu.post('/api/v1/integrity', { person_id: f.head.id, kind: 'concealed_asset', detail: '申请时未申报名下机动车一辆', amount_fen: 0 });
  assert.equal(rec.status, 201, rec.text);
  assertError(await haizhu.post(`/api/v1/integrity/${rec.json.id}/resolve`, { resolution: '' }), 400, 'invalid_argument', 'resolution');
  assertError(await tianhe.post(`/api/v1/integrity/${rec.json.id}/resolve`, { resolution: '越权处理尝试' }), 404, 'not_found');
  const r = await haizhu.post(`/api/v1/integrity/${rec.json.id}/resolve`, { resolution: '车辆已过户并补充申报，退回多领款项' });
  assert.equal(r.status, 200, r.text);
  assertError(await haizhu.post(`/api/v1/integrity/${rec.json.id}/resolve`, { resolution: '再次处理' }), 409, 'conflict');
  const open = await haizhu.get(`/api/v1/integrity?household_id=${f.household}&status=open`);
  assert.equal(open.json.total, 0);
  const done = await haizhu.get(`/api/v1/integrity?household_id=${f.household}&status=resolved`);
  assert.equal(done.json.items[0].resolved_by, 't_haizhu');
  assert.match(done.json.items[0].resolution, /车辆已过户/);
  // Resolved: the intake goes ahead without an acknowledgment.
  const c = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: f.head.id_number, bank_account: '6222020000009999' });
  assert.equal(c.status, 201, c.text);
});
