// The checks of a server-side sort, shared by the lists_sort_* tests: every
// row of a list page after page, values in order, a sort both ways
// (?sort=-field the same rows as order=desc, and the two orders different so
// that the check can fail), an undeclared key refused.
import assert from 'node:assert/strict';
import { assertError } from './lib.mjs';

const cmp = (a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : a < b ? -1 : a > b ? 1 : 0);

// nullsLast: a null may not come before a value (the server puts NULLs last
// either way); off for lists whose empty values are '' sorted among the rest.
// refusedKey: a field the list has but does not sort by.
export function sortChecks({ nullsLast = true, refusedKey = 'id_number' } = {}) {
  // Every row of a list, page after page (a list without pages: its items).
  async function allRows(client, path, size = 200) {
    const out = [];
    for (let page = 1; page < 500; page++) {
      const r = await client.get(`${path}${path.includes('?') ? '&' : '?'}page=${page}&page_size=${size}`);
      assert.equal(r.status, 200, `${path}: ${r.text}`);
      out.push(...r.json.items);
      if (r.json.items.length < size || r.json.page === undefined) break;
    }
    return out;
  }

  function assertOrdered(values, desc, what) {
    for (let i = 1; i < values.length; i++) {
      const [a, b] = [values[i - 1], values[i]];
      if (b === null || b === undefined) continue;
      if (nullsLast) assert.ok(a !== null && a !== undefined, `${what}: a null before ${JSON.stringify(b)} at ${i}`);
      const c = cmp(a, b);
      assert.ok(desc ? c >= 0 : c <= 0, `${what}: ${JSON.stringify(a)} then ${JSON.stringify(b)} at ${i} (${desc ? 'desc' : 'asc'})`);
    }
  }

  async function checkSort(client, path, field, value = (r) => r[field]) {
    const sep = path.includes('?') ? '&' : '?';
    const asc = await allRows(client, `${path}${sep}sort=${field}&order=asc`);
    const desc = await allRows(client, `${path}${sep}sort=${field}&order=desc`);
    const dash = await allRows(client, `${path}${sep}sort=-${field}`);
    assert.ok(asc.length >= 2, `${path}: at least two rows to sort (${asc.length})`);
    assert.equal(desc.length, asc.length, `${path}: the same rows either way`);
    assertOrdered(asc.map(value), false, `${path} by ${field}`);
    assertOrdered(desc.map(value), true, `${path} by -${field}`);
    assert.deepEqual(dash.map(value), desc.map(value), `${path}: -${field} is order=desc`);
    assert.notDeepEqual(asc.map(value), desc.map(value), `${path}: ${field} varies`);
    return { asc, desc };
  }

  // An undeclared key: 400 on "sort", the message naming it and a declared one.
  async function checkRefused(client, path, declared) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await client.get(`${path}${sep}sort=${refusedKey}`);
    assertError(r, 400, 'invalid_argument', 'sort');
    assert.match(r.json.error.message, new RegExp(refusedKey));
    assert.match(r.json.error.message, new RegExp(declared));
    assert.match(r.json.error.message_zh, new RegExp(refusedKey));
  }

  return { allRows, assertOrdered, checkSort, checkRefused };
}
