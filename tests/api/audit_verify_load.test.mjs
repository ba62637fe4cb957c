// `audit verify` while the server appends (issue 11, item 3; issue 12 for
// Citus): verify reads the head, then the log up to the head's sequence, and
// reads again a few times when a record the head counts is missing (on Citus
// an append's two-phase commit reaches the coordinator's head and the
// worker's log at different moments). Twenty runs under a stream of audited
// reads must all report an intact chain; a record really removed while the
// appends go on must still be reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BIN, DB, bearer, sql } from './lib.mjs';

const run = promisify(execFile);
const CHAIN = "chain = '440105'";

// Four clients reading people: every read appends an audit record.
async function startLoad() {
  const admin = await bearer('t_admin');
  const list = await admin.get('/api/v1/persons?division=440105&page_size=20');
  assert.equal(list.status, 200, list.text);
  const ids = list.json.items.map((p) => p.id);
  assert.ok(ids.length >= 10, 'persons to read');
  const state = { reading: true, reads: 0 };
  const load = Array.from({ length: 4 }, async (_, k) => {
    while (state.reading) {
      const r = await admin.get(`/api/v1/persons/${ids[(state.reads + k) % ids.length]}`);
      assert.equal(r.status, 200, r.text);
      state.reads++;
    }
  });
  state.stop = async () => { state.reading = false; await Promise.all(load); };
  return state;
}

async function verifyAsync() {
  try {
    const { stdout } = await run(BIN, ['audit', 'verify', '--db', DB], { encoding: 'utf8' });
    return { status: 0, stdout };
  } catch (err) {
    return { status: err.code, stdout: err.stdout ?? '' };
  }
}

test('audit verify under load: twenty runs, no false alarm', async () => {
  const load = await startLoad();
  const reading = () => load.reads;
  let reads = 0;
  try {
    for (let i = 0; i < 20; i++) {
      const before = reading();
      const { stdout } = await run(BIN, ['audit', 'verify', '--db', DB], { encoding: 'utf8' });
      assert.match(stdout, /chain intact/, `run ${i + 1}: ${stdout}`);
      // The chain really grew during the run (the test would be idle otherwise).
      if (i === 19) assert.ok(reading() > before || reading() > 20, `reads went on (${reading()})`);
    }
  } finally {
    await load.stop();
    reads = load.reads;
  }
  assert.ok(reads >= 20, `reads during the runs: ${reads}`);
});

// A removed record stays missing on every re-read: the bounded re-reading
// that absorbs a commit in flight must not hide it. Removed under load, once
// in the middle of the chain and once at its newest record (which the
// appends after it then turn into a gap, or which the head still counts).
for (const where of ['middle', 'newest']) {
  test(`audit verify under load: a record removed at the ${where} is reported`, async () => {
    const load = await startLoad();
    let seq;
    try {
      // The reads are of Haizhu's persons: the chain of district 440105.
      const head = Number(sql(`SELECT seq FROM audit_head WHERE ${CHAIN}`).trim());
      // The newest record the log shows (its head may already count one more).
      seq = where === 'middle' ? Math.floor(head / 2) : Number(sql(`SELECT max(seq) FROM audit_log WHERE ${CHAIN}`).trim());
      sql(`CREATE TABLE audit_saved_load AS SELECT * FROM audit_log WHERE ${CHAIN} AND seq = ${seq}`);
      assert.equal(sql('SELECT count(*) FROM audit_saved_load').trim(), '1');
      sql(`DELETE FROM audit_log WHERE ${CHAIN} AND seq = ${seq}`);
      const r = await verifyAsync();
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stdout, new RegExp(`chain 440105, seq \\d+: (records ${seq}\\.\\.${seq} are missing|the chain ends at ${seq - 1} but its head says ${seq})`), r.stdout);
    } finally {
      await load.stop();
      if (seq !== undefined) {
        sql('INSERT INTO audit_log SELECT * FROM audit_saved_load');
        sql('DROP TABLE audit_saved_load');
      }
    }
    const again = await verifyAsync();
    assert.equal(again.status, 0, `the chain is whole again: ${again.stdout}`);
  });
}
