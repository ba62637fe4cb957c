// `audit verify` while the server appends (issue 11, item 3): the log and its
// head are read in one snapshot, so a record appended between the two reads
// is not mistaken for a removed tail. Twenty runs under a stream of audited
// reads must all report an intact chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BIN, DB, bearer } from './lib.mjs';

const run = promisify(execFile);

test('audit verify under load: twenty runs, no false alarm', async () => {
  const admin = await bearer('t_admin');
  const list = await admin.get('/api/v1/persons?division=440105&page_size=20');
  assert.equal(list.status, 200, list.text);
  const ids = list.json.items.map((p) => p.id);
  assert.ok(ids.length >= 10, 'persons to read');
  let reading = true;
  let reads = 0;
  // Four clients reading people: every read appends an audit record.
  const load = Array.from({ length: 4 }, async (_, k) => {
    while (reading) {
      const r = await admin.get(`/api/v1/persons/${ids[(reads + k) % ids.length]}`);
      assert.equal(r.status, 200, r.text);
      reads++;
    }
  });
  try {
    for (let i = 0; i < 20; i++) {
      const before = reads;
      const { stdout } = await run(BIN, ['audit', 'verify', '--db', DB], { encoding: 'utf8' });
      assert.match(stdout, /chain intact/, `run ${i + 1}: ${stdout}`);
      // The chain really grew during the run (the test would be idle otherwise).
      if (i === 19) assert.ok(reads > before || reads > 20, `reads went on (${reads})`);
    }
  } finally {
    reading = false;
    await Promise.all(load);
  }
  assert.ok(reads >= 20, `reads during the runs: ${reads}`);
});
