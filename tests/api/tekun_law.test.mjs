// 特困人员认定办法 as the regulation says it, decided over HTTP by the rules
// the server holds (issue 11, items 7 and 8).
//  - Art. 6: an employees'-scheme pension is income; only the residents'
//    basic-pension base amount, medical-insurance reimbursements,
//    优待抚恤金 and 高龄津贴 are left out.
//  - Art. 8: dibao makes a supporter unable only when the supporter
//    personally receives it and is 60+.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer } from './lib.mjs';

const tekunOf = async (c, members) => {
  const r = await c.post('/api/v1/policy/eval',
    { date: '2022-03-01', household: { division: '440105001', members } });
  assert.equal(r.status, 200, r.text);
  const p = r.json.programs.find((x) => x.code === 'tekun');
  return p.persons.find((x) => x.id === 'li');
};
const elder = (incomes) => ({ id: 'li', birth_date: '1947-01-01', relation: 'applicant', incomes });

test('an elder with a 3,523 yuan employee pension has income (Art. 6)', async () => {
  const c = await bearer('t_haizhu');
  const li = await tekunOf(c, [elder({ employee_pension: '3523.00' })]);
  assert.equal(li.eligible, false);
  assert.equal(li.failed, 'no_income');
  const cond = li.conditions.find((x) => x.id === 'no_income');
  assert.equal(cond.text, '本人月收入 3523.00 < 低保标准 1120.00');
});

test('the incomes Art. 6 leaves out do not count', async () => {
  const c = await bearer('t_haizhu');
  const li = await tekunOf(c, [elder({ residents_pension_basic: '1000.00',
    insurance_benefit: '1000.00', veterans: '1000.00', elderly_allowance: '1000.00' })]);
  assert.equal(li.eligible, true, JSON.stringify(li.reasons));
  // 1120.00 x 1.6 = 1792.00 basic living + 230.00 care (全自理).
  assert.equal(li.amount_fen, 202200);
});

test('a supporter is unable because of dibao only if he receives it himself (Art. 8)', async () => {
  const c = await bearer('t_haizhu');
  const son = (age, flags) => ({ id: 'son', birth_date: `${2022 - age}-01-01`, relation: 'child',
    flags, incomes: { wage: '3000.00' } });
  // Her own household (she alone, no income) would qualify for dibao; that
  // says nothing about her son.
  let li = await tekunOf(c, [elder({}), son(62, ['support_duty'])]);
  assert.equal(li.eligible, false);
  assert.equal(li.failed, 'no_supporter_test');
  li = await tekunOf(c, [elder({}), son(62, ['support_duty', 'receives_dibao'])]);
  assert.equal(li.eligible, true, JSON.stringify(li.reasons));
  li = await tekunOf(c, [elder({}), son(55, ['support_duty', 'receives_dibao'])]);
  assert.equal(li.failed, 'no_supporter_test');
});

test('a member of a household on dibao is said to receive it: the intake builds it from the enrollment', async () => {
  const { sql, uniqueSuffix } = await import('./lib.mjs');
  const { makeId } = await import('./world.mjs');
  const admin = await bearer('t_admin');
  const hz = await bearer('t_haizhu');
  const community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
  const person = async (name, y) => {
    for (let seq = Number(uniqueSuffix()) % 800; ; seq++) {
      const id_number = makeId('440105', y, 1, 1, (seq % 900) + 50);
      const r = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '特困测试登记' });
      if (r.status === 409) continue;
      assert.equal(r.status, 201, r.text);
      return { id: r.json.id, id_number };
    }
  };
  const mother = await person('低保户老人', 1940);
  const son = await person('低保户儿子', 1958);
  const h = await admin.post('/api/v1/households', { division_code: community, address: '特困测试路1号', reason: '特困测试登记',
    members: [{ person_id: mother.id, relation: 'head' }, { person_id: son.id, relation: 'child' }] });
  assert.equal(h.status, 201, h.text);
  const now = Math.floor(Date.now() / 1000);
  sql(`INSERT INTO enrollments (program, household_id, division_code, amount_fen, start_month, created_at, updated_at)
       VALUES ('dibao', ${h.json.id}, '${community}', 224000, '2024-01', ${now}, ${now})`);
  const c = await hz.post('/api/v1/cases', { program: 'tekun', applicant_id_number: mother.id_number, bank_account: '6222020000006666',
    members: [{ person_id: son.id, relation: 'child', attrs: { flags: ['support_duty'] } }] });
  assert.equal(c.status, 201, c.text);
  const act = async (action, extra = {}) => {
    const cur = (await hz.get(`/api/v1/cases/${c.json.id}`)).json;
    const r = await hz.post(`/api/v1/cases/${c.json.id}/actions`, { action, version: cur.version, ...extra });
    assert.equal(r.status, 200, r.text);
  };
  await act('start_verification');
  await act('start_investigation');
  await act('submit_investigation', { note: '入户调查', detail: { investigators: ['甲调查', '乙调查'] } });
  const ev = await hz.post(`/api/v1/cases/${c.json.id}/evaluate`, {});
  assert.equal(ev.status, 200, ev.text);
  const sonIn = ev.json.trace.input.members.find((m) => m.relation === 'child');
  assert.ok(sonIn.flags.includes('receives_dibao'), JSON.stringify(sonIn.flags));
});
