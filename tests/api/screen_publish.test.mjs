// A screening run tells its new leads in batches (events_publish_batch,
// src/screen/screen_publish.c), not one event at a time: what it writes must
// be what the per-lead path wrote. After a run that finds every lead new,
// each new eligible-not-enrolled item has exactly one screen.item_raised
// event (subject the household, division its community, the payload text
// the per-lead path formatted, published by the run's user) and that event
// exactly one event.publish audit record (its payload as detail, on its
// district's chain); the run tells nothing else; the chains verify; the
// runner delivers every event to the safety net once; and the next run,
// finding the same leads open, tells none again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, runJob, sql } from './lib.mjs';

const rows = (q) => sql(q).trim().split('\n').filter(Boolean).map((l) => l.split('|'));
const DATE = '2022-03-01';

const screen = () => {
  const r = cli(['screen', '--date', DATE]);
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(/^screen run (\d+) on /m);
  assert.ok(m, r.stdout);
  return Number(m[1]);
};
const eventsOf = (run) => rows(`SELECT id, subject_id, division_code, payload, published_by
    FROM events WHERE type = 'screen.item_raised' AND payload LIKE '{"run_id":${run},%' ORDER BY id`);

test('a run\'s new leads each get one event and one audit record, as the per-lead path wrote them, delivered once', async () => {
  // Every lead new again: the run tells only leads that were not open before it.
  sql("DELETE FROM screen_items WHERE status = 'open' AND kind = 'eligible_not_enrolled'");
  const run = screen();
  const leads = rows(`SELECT household_id, program, amount_fen, division_code FROM screen_items
    WHERE run_id = ${run} AND status = 'open' AND kind = 'eligible_not_enrolled'
    ORDER BY household_id, program`);
  assert.ok(leads.length > 8, `the demo city raises many leads (${leads.length}): more than one statement's rows`);
  const events = eventsOf(run);
  assert.equal(events.length, leads.length, 'one event per new lead, and no other');

  // The event of each lead: exactly one, with the per-lead path's fields.
  const byKey = new Map();
  for (const [id, subject, division, payload, by] of events) {
    const p = JSON.parse(payload);
    const key = `${p.household_id}/${p.program}`;
    assert.ok(!byKey.has(key), `one event for ${key}`);
    byKey.set(key, { id, subject, division, payload, by });
  }
  for (const [hh, program, amount, division] of leads) {
    const ev = byKey.get(`${hh}/${program}`);
    assert.ok(ev, `lead ${hh}/${program} was told`);
    assert.equal(ev.subject, hh);
    assert.equal(ev.division, division);
    assert.equal(ev.by, 'screen');
    // Byte for byte the text the per-lead path wrote (its field order, no spaces).
    assert.equal(ev.payload, `{"run_id":${run},"household_id":${hh},"program":"${program}","amount_fen":${amount}}`);
  }

  // The audit: verify first (it also moves a write's waiting records into the chain).
  const v = cli(['audit', 'verify']);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  const ids = events.map((x) => x[0]);
  const audit = new Map();
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500).map((x) => `'${x}'`).join(',');
    for (const [entityId, division, reason, detail, login, chain] of rows(`SELECT entity_id, division_code,
        reason, detail, login, chain FROM audit_log WHERE action = 'event.publish' AND entity = 'event'
        AND entity_id IN (${part})`)) {
      assert.ok(!audit.has(entityId), `one audit record for event ${entityId}`);
      audit.set(entityId, { division, reason, detail, login, chain });
    }
  }
  assert.equal(audit.size, events.length, 'every event has its audit record');
  for (const [id, , division, payload] of events) {
    const a = audit.get(id);
    assert.deepEqual([a.division, a.reason, a.detail, a.login], [division, 'screen.item_raised', payload, 'screen']);
    assert.equal(a.chain, division.slice(0, 6), `event ${id}'s record is on its district's chain`);
  }

  // Delivered: each event once to the safety net's subscriber.
  const pending = () => Number(sql(`SELECT COUNT(*) FROM events e WHERE e.type = 'screen.item_raised'
    AND e.payload LIKE '{"run_id":${run},%' AND NOT EXISTS (SELECT 1 FROM event_deliveries d
      WHERE d.event_id = e.id AND d.subscriber = 'safetynet.screening_lead' AND d.status = 'done')`).trim());
  for (let i = 0; i < 40 && pending() > 0; i++) await runJob('events.deliver', 60000);
  assert.equal(pending(), 0, 'every lead delivered to the safety net');
  assert.equal(Number(sql(`SELECT COUNT(*) FROM event_deliveries d JOIN events e ON e.id = d.event_id
    WHERE e.type = 'screen.item_raised' AND e.payload LIKE '{"run_id":${run},%'
      AND d.subscriber = 'safetynet.screening_lead'`).trim()), events.length, 'one delivery per event');

  // The same city again: the leads are open, nothing is told.
  const again = screen();
  assert.equal(eventsOf(again).length, 0);
  assert.equal(cli(['audit', 'verify']).status, 0);
});
