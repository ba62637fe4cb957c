// The test clock moves the server's "now" for deadlines and the job runner,
// only on a server started with MZ_TEST_CLOCK=1, only for the city admin,
// and every move is audited.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, setClock, runJob, sql, DAY } from './lib.mjs';

after(async () => { await setClock(0); });

test('moving the clock moves today, and a job run records the moved time', async () => {
  const base = await setClock(0);
  const moved = await setClock(40 * DAY);
  const d0 = Date.parse(base.today), d1 = Date.parse(moved.today);
  assert.equal(Math.round((d1 - d0) / (DAY * 1000)), 40);
  const job = await runJob('events.deliver');
  assert.ok(job.last_run_at.startsWith(moved.today) || job.last_run_at > moved.today,
    `last run ${job.last_run_at} is not on the moved day ${moved.today}`);
  const audited = sql("SELECT count(*) FROM audit_log WHERE action = 'test.clock'").trim();
  assert.ok(Number(audited) >= 2);
  const back = await setClock(0);
  assert.equal(back.today, base.today);
  // Moved back, the jobs are not left waiting for the old future.
  const admin = await bearer('t_admin');
  const deliver = (await admin.get('/api/v1/jobs')).json.items.find((j) => j.name === 'events.deliver');
  assert.ok(Date.parse(deliver.next_due) < Date.now() + 60000, `events.deliver next due ${deliver.next_due}`);
});

test('only the city admin may move the clock', async () => {
  const worker = await bearer('t_haizhu');
  const r = await worker.post('/api/v1/test/clock', { offset_seconds: DAY });
  assert.equal(r.status, 403, r.text);
  const state = await (await bearer('t_admin')).get('/api/v1/test/clock');
  assert.equal(state.json.offset_seconds, 0);
});
