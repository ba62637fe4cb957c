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
