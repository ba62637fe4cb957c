// The volunteer domain's part of a scope-probe world (tests/api/world.mjs):
// a volunteer with a time-bank account and one credited movement (an
// activity's confirmed hour), an order for the world's resident, a 老伙伴
// pairing with the world's elder, the activity itself.
import assert from 'node:assert/strict';
import { sql } from './lib.mjs';

function ok(r, what, status = 201) {
  assert.equal(r.status, status, `${what}: ${r.text}`);
  return r.json;
}

// person(name, birth) makes a resident of the world's community.
export async function buildVolunteerWorld(admin, w, person) {
  const V = '/api/v1/volunteer';
  const p = await person('探测志愿者', '1986-06-06');
  const v = ok(await admin.post(`${V}/volunteers`, { id_number: p.id_number, division_code: w.community, skills: 'companionship,errand', reason: '越权探测登记' }), 'volunteer');
  w.volunteer = v.id;
  w.vol_account = v.account_id;
  w.service_order = ok(await admin.post(`${V}/service-orders`, { person_id: w.person, service_code: 'errand', wanted_on: new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10) }), 'order').id;
  const elder = await person('探测结对长者', '1936-06-06');
  w.pairing = ok(await admin.post(`${V}/pairings`, { volunteer_id: v.id, person_id: elder.id, started_on: '2026-01-01', reason: '越权探测结对' }), 'pairing').id;
  const now = Math.floor(Date.now() / 1000);
  const a = ok(await admin.post(`${V}/activities`, { title: '探测活动', division_code: w.community, place: '探测活动室', starts_at: now - 7200, ends_at: now + 3600, roles: [{ role: '探测岗', needed: 3 }] }), 'activity');
  w.activity = a.id;
  ok(await admin.post(`${V}/activities/${a.id}/signups`, { role: '探测岗', volunteer_id: v.id }), 'signup');
  ok(await admin.post(`${V}/activities/${a.id}/checkin`, { code: a.checkin_code, volunteer_id: v.id }), 'checkin', 200);
  // An hour on site without waiting one: the check-in is moved back.
  sql(`UPDATE vol_signups SET checkin_at = checkin_at - 3600 WHERE activity_id = ${a.id} AND volunteer_id = ${v.id}`);
  ok(await admin.post(`${V}/activities/${a.id}/checkout`, { code: a.checkin_code, volunteer_id: v.id }), 'checkout', 200);
  ok(await admin.post(`${V}/activities/${a.id}/confirm`, { volunteer_id: v.id }), 'confirm', 200);
  const acct = ok(await admin.get(`${V}/accounts/${v.account_id}`), 'account', 200);
  w.movement = acct.movements[0].id;
  assert.ok(w.movement > 0, 'the confirmed hour is a movement');
  return w;
}
