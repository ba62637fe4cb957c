// The forms of a case, the assessment report and the elder card as PDF
// (issue 14, item 1): each one is a PDF, recorded in the document register
// with its number, audited, refused outside the caller's scope, and a second
// copy says it is a reprint; page 1 renders and is not blank; the card's QR
// code decodes to the code the canteen counter accepts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, bearer, assertError, sql, uniqueSuffix } from './lib.mjs';
import { makeId } from './world.mjs';

let admin, haizhu, tianhe, community;
const dir = mkdtempSync(join(tmpdir(), 'mz-forms-'));
after(() => rmSync(dir, { recursive: true, force: true }));

before(async () => {
  admin = await bearer('t_admin');
  haizhu = await bearer('t_haizhu');
  tianhe = await bearer('t_tianhe');
  community = (await admin.get('/api/v1/divisions?parent=440105001')).json.items[0].code;
});

let seq = Number(uniqueSuffix()) % 700;
async function person(name, birthYear) {
  for (;;) {
    seq = (seq + 13) % 997;
    const id_number = makeId('440105', birthYear, 3, 9, seq);
    const p = await admin.post('/api/v1/persons', { id_number, name, division_code: community, reason: '文书测试登记' });
    if (p.status === 201) return { id: p.json.id, id_number };
    assert.equal(p.status, 409, p.text); // taken by an earlier run: the next number
  }
}

// The PDF bytes of a GET, or the error response.
async function pdf(client, path) {
  const res = await fetch(BASE + path, { headers: { Authorization: `Bearer ${client.token}` } });
  const body = Buffer.from(await res.arrayBuffer());
  let json = null;
  try { json = JSON.parse(body.toString('utf8')); } catch { /* a PDF */ }
  return { status: res.status, body, json, text: body.toString('utf8', 0, 300), headers: res.headers };
}
function assertPdf(r) {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.equal(r.body.subarray(0, 5).toString(), '%PDF-');
}
function pdfText(buf) {
  const f = join(dir, `t${Math.random()}.pdf`);
  writeFileSync(f, buf);
  return execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}
// Page 1 rendered by pdftoppm: {w, h, px: Buffer of RGB}.
function render(buf, dpi) {
  const f = join(dir, `r${Math.random()}`);
  writeFileSync(`${f}.pdf`, buf);
  execFileSync('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', `${f}.pdf`, f]);
  const ppm = readFileSync(`${f}.ppm`);
  const m = ppm.toString('latin1', 0, 40).match(/^P6\s+(\d+)\s+(\d+)\s+255\s/);
  assert.ok(m, 'a PPM image');
  return { w: Number(m[1]), h: Number(m[2]), px: ppm.subarray(m[0].length) };
}
function inkShare(buf) {
  const img = render(buf, 30);
  let ink = 0;
  for (let i = 0; i < img.px.length; i += 3) if (img.px[i] + img.px[i + 1] + img.px[i + 2] < 600) ink++;
  return ink / (img.w * img.h);
}
const numberOf = (text, word) => (text.match(new RegExp(`编号：(\\S{1,16}?${word}〔\\d{4}〕\\d+号)`)) || [])[1];
const registered = (kind, subjectKind, id) => sql(`SELECT number || '|' || COALESCE(reprint_of, 0) || '|' || created_by FROM documents WHERE kind = '${kind}' AND subject_kind = '${subjectKind}' AND subject_id = ${id} ORDER BY id`).trim().split('\n').filter(Boolean);
const audited = (entity, id) => sql(`SELECT action FROM audit_log WHERE entity = '${entity}' AND entity_id = '${id}' AND action LIKE 'document.%' ORDER BY seq`).trim().split('\n').filter(Boolean);

// ---- a QR decoder for the card (versions 1 and 2) -------------------------
// Reads the module grid off the rendered page and decodes it as ISO/IEC
// 18004 says: format information, unmasking, the zigzag, the segments.
const MASKS = [
  (i, j) => (i + j) % 2 === 0, (i) => i % 2 === 0, (i, j) => j % 3 === 0, (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0, (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0, (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];
function formatCode(ec, mask) { // BCH(15,5), generator 0x537, XOR 0x5412
  const data = (ec << 3) | mask;
  let rem = data << 10;
  for (let b = 14; b >= 10; b--) if (rem & (1 << b)) rem ^= 0x537 << (b - 10);
  return ((data << 10) | rem) ^ 0x5412;
}
function decodeQr(m) {
  const n = m.length;
  let read = 0;
  const bit = (x, y) => { read = (read << 1) | m[y][x]; };
  for (let x = 0; x < 6; x++) bit(x, 8);
  bit(7, 8); bit(8, 8); bit(8, 7);
  for (let y = 5; y >= 0; y--) bit(8, y);
  let best = null;
  for (let ec = 0; ec < 4; ec++) for (let mask = 0; mask < 8; mask++) {
    let d = formatCode(ec, mask) ^ read, dist = 0;
    for (; d; d &= d - 1) dist++;
    if (!best || dist < best.dist) best = { ec, mask, dist };
  }
  assert.ok(best.dist <= 3, `format information unreadable (${best.dist} bits off)`);
  assert.equal(best.ec, 0, 'error correction level M');
  const version = (n - 17) / 4;
  assert.ok(version === 1 || version === 2, `version ${version}`);
  const fn = (r, c) => (r < 9 && c < 9) || (r < 9 && c >= n - 8) || (r >= n - 8 && c < 9) || r === 6 || c === 6 ||
    (version === 2 && Math.abs(r - (n - 7)) <= 2 && Math.abs(c - (n - 7)) <= 2);
  const bits = [];
  let up = true;
  for (let col = n - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (let k = 0; k < n; k++) {
      const r = up ? n - 1 - k : k;
      for (let c = 0; c < 2; c++) if (!fn(r, col - c)) bits.push(m[r][col - c] ^ (MASKS[best.mask](r, col - c) ? 1 : 0));
    }
    up = !up;
  }
  // Segments (versions 1-9): numeric, alphanumeric and byte, until the terminator.
  let pos = 0, out = '';
  const take = (len) => { const v = bits.slice(pos, pos + len).reduce((a, b) => (a << 1) | b, 0); pos += len; return v; };
  const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  for (;;) {
    const mode = pos + 4 <= bits.length ? take(4) : 0;
    if (mode === 0) break;
    if (mode === 0b0001) {
      let len = take(10);
      for (; len >= 3; len -= 3) out += String(take(10)).padStart(3, '0');
      if (len === 2) out += String(take(7)).padStart(2, '0');
      if (len === 1) out += String(take(4));
    } else if (mode === 0b0010) {
      let len = take(9);
      for (; len >= 2; len -= 2) { const v = take(11); out += ALNUM[Math.floor(v / 45)] + ALNUM[v % 45]; }
      if (len === 1) out += ALNUM[take(6)];
    } else if (mode === 0b0100) {
      const len = take(8), bytes = [];
      for (let i = 0; i < len; i++) bytes.push(take(8));
      out += Buffer.from(bytes).toString('utf8');
    } else {
      assert.fail(`unexpected segment mode ${mode}`);
    }
  }
  return out;
}
// The card on page 1: its red title band gives the card's box; the QR code
// is the black square to the right below it.
function cardQr(buf) {
  const dpi = 200, mm = dpi / 25.4;
  const { w, h, px } = render(buf, dpi);
  const at = (x, y) => { const o = (y * w + x) * 3; return [px[o], px[o + 1], px[o + 2]]; };
  let bx0 = w, bx1 = -1, by1 = -1;
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const [r, g, b] = at(x, y);
    if (r > 150 && g < 80 && b < 80) { bx0 = Math.min(bx0, x); bx1 = Math.max(bx1, x); by1 = Math.max(by1, y); }
  }
  assert.ok(bx1 > bx0, 'the card\'s title band');
  assert.ok(Math.abs((bx1 - bx0) / mm - 85) < 2, `an ID-1 card (${((bx1 - bx0) / mm).toFixed(1)} mm wide)`);
  let x0 = w, x1 = -1, y0 = h, y1 = -1;
  // Pure black: the modules (the issuer's grey line below is not).
  const dark = (x, y) => { const [r, g, b] = at(x, y); return r < 40 && g < 40 && b < 40; };
  for (let y = by1 + 1; y < Math.min(h, by1 + 40 * mm); y++) for (let x = Math.round(bx1 - 32 * mm); x <= bx1; x++) {
    if (dark(x, y)) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  }
  assert.ok(x1 > x0 && y1 > y0, 'a QR code on the card');
  let run = 0;
  while (dark(x0 + run, y0 + 2)) run++; // the finder pattern's top: 7 modules
  const module = run / 7, n = Math.round((x1 - x0 + 1) / module);
  assert.ok(run > 0 && n >= 21 && n <= 25, `a QR code of version 1 or 2 (${n} modules)`);
  const grid = [];
  for (let r = 0; r < n; r++) {
    grid.push([]);
    for (let c = 0; c < n; c++) grid[r].push(dark(Math.round(x0 + (c + 0.5) * module), Math.round(y0 + (r + 0.5) * module)) ? 1 : 0);
  }
  return decodeQr(grid);
}

// ---- a case's forms --------------------------------------------------------
async function act(id, action, extra = {}) {
  const c = await haizhu.get(`/api/v1/cases/${id}`);
  const r = await haizhu.post(`/api/v1/cases/${id}/actions`, { action, version: c.json.version, ...extra });
  assert.equal(r.status, 200, `${action}: ${r.text}`);
}

test('a case\'s authorisation, home-visit form and application form: numbered, recorded, audited, reprints marked', async () => {
  const head = await person('表格甲', 1968);
  const child = await person('表格子', 2015);
  const spouse = await person('表格配', 1970);
  const h = await admin.post('/api/v1/households', { division_code: community, address: '海珠区表格路3号', reason: '文书测试登记',
    members: [{ person_id: head.id, relation: 'head' }, { person_id: spouse.id, relation: 'spouse' }, { person_id: child.id, relation: 'child' }] });
  assert.equal(h.status, 201, h.text);
  const c = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: head.id_number, bank_account: '6222020000005555' });
  assert.equal(c.status, 201, c.text);
  const id = c.json.id;

  // The authorisation: every adult member with a signature line, no minor, no full ID number.
  const auth = await pdf(haizhu, `/api/v1/cases/${id}/documents/authorization`);
  assertPdf(auth);
  let text = pdfText(auth.body);
  assert.match(text, /家庭经济状况核对授权书/);
  assert.match(text, /表格甲/);
  assert.match(text, /表格配/);
  assert.ok(!text.includes('表格子'), 'a minor does not sign the authorisation');
  assert.ok(!text.includes(head.id_number) && !text.includes(spouse.id_number), 'ID numbers are masked');
  assert.match(text, new RegExp(head.id_number.slice(0, 4) + '\\*+' + head.id_number.slice(-4)));
  const authNo = numberOf(text, '民救授');
  assert.ok(authNo, `a number in:\n${text}`);
  assert.ok(inkShare(auth.body) > 0.01, 'page 1 is not blank');

  // No home visit recorded yet: no home-visit form.
  assertError(await pdf(haizhu, `/api/v1/cases/${id}/documents/investigation`), 409, 'invalid_state', 'kind');
  await act(id, 'start_verification');
  await act(id, 'start_investigation');
  await act(id, 'submit_investigation', { note: '住房为租住，家中无贵重物品', detail: { investigators: ['周调查', '吴调查'] } });
  assert.equal((await haizhu.post(`/api/v1/cases/${id}/evaluate`, {})).status, 200);

  const inv = await pdf(haizhu, `/api/v1/cases/${id}/documents/investigation`);
  assertPdf(inv);
  text = pdfText(inv.body);
  assert.match(text, /入户调查表/);
  assert.match(text, /住房为租住，家中无贵重物品/);
  assert.match(text, /调查人周调查/);
  assert.match(text, /调查人吴调查/);
  assert.match(text, /被调查人/);
  assert.ok(numberOf(text, '民救查'));
  assert.ok(inkShare(inv.body) > 0.01);

  const app = await pdf(haizhu, `/api/v1/cases/${id}/documents/application`);
  assertPdf(app);
  text = pdfText(app.body);
  assert.match(text, /最低生活保障申请审批表/);
  for (const name of ['表格甲', '表格配', '表格子']) assert.ok(text.includes(name), `member ${name} listed`);
  assert.match(text, /家庭月收入/);                 // the income as evaluated
  assert.match(text, /申请人（签字或按手印）/);
  assert.match(text, /审核意见/);
  assert.match(text, /尚未作出审核确认决定/);        // not decided yet
  const appNo = numberOf(text, '民救表');
  assert.ok(appNo);
  assert.ok(!text.includes('补打'));

  // A second copy: a reprint with the first number, recorded and audited as one.
  const again = await pdf(haizhu, `/api/v1/cases/${id}/documents/application`);
  assertPdf(again);
  const againText = pdfText(again.body);
  assert.equal(numberOf(againText, '民救表'), appNo);
  assert.match(againText, /补打/);
  const rows = registered('assist.application', 'case', id);
  assert.equal(rows.length, 2);
  assert.equal(rows[0].split('|')[1], '0');
  assert.notEqual(rows[1].split('|')[1], '0');
  assert.equal(rows[0].split('|')[2], 't_haizhu');
  assert.equal(registered('assist.authorization', 'case', id)[0].split('|')[0], authNo);
  assert.deepEqual(audited('case', id), ['document.issue', 'document.issue', 'document.issue', 'document.reprint']);

  // Another street: as if the case did not exist; nothing recorded.
  for (const kind of ['application', 'investigation', 'authorization'])
    assertError(await pdf(tianhe, `/api/v1/cases/${id}/documents/${kind}`), 404, 'not_found');
  assert.equal(sql(`SELECT COUNT(*) FROM documents WHERE subject_kind = 'case' AND subject_id = ${id}`).trim(), '4');
});

// ---- the assessment report -------------------------------------------------
test('an assessment report under MZ/T 039-2013: items, grades, level; recorded, audited, reprint marked', async () => {
  const std = (await haizhu.get('/api/v1/eldercare/assessment-standard?on=2021-06-01')).json;
  assert.equal(std.code, 'MZ/T 039-2013');
  const items = Object.fromEntries(std.items.map((i) => [i.code, i.dimension !== 'adl' ? i.min : i.max]));
  Object.assign(items, { stairs: 0, walking: 5, transfer: 5, eating: 5, dressing: 5, cognition: 2, aggression: 2 });
  const elder = await person('评估报告', 1938);
  const rec = await haizhu.post(`/api/v1/eldercare/persons/${elder.id}/assessments`,
    { assessed_on: '2021-06-01', assessor: '陈评估', assessor2: '林评估', location: '老人家中', purpose: 'initial', items });
  assert.equal(rec.status, 201, rec.text);
  const aid = rec.json.id;
  const path = `/api/v1/eldercare/persons/${elder.id}/assessment-report?assessment_id=${aid}`;

  const r = await pdf(haizhu, path);
  assertPdf(r);
  const text = pdfText(r.body);
  assert.match(text, /老年人能力评估报告/);
  assert.match(text, /评估报告/);
  assert.match(text, /MZ\/T039-2013/);
  assert.match(text, /陈评估、林评估/);
  assert.match(text, /2级中度受损/);   // activities of daily living at grade 2
  assert.match(text, /3级重度受损/);   // the mental state at grade 3
  assert.match(text, new RegExp(`老年人能力等级：${rec.json.level}级`));
  assert.match(text, /被评估人或其监护人/);
  for (const i of std.items.slice(0, 3)) assert.ok(text.includes(i.name_zh.replace(/\s+/g, '')), `item ${i.name_zh}`);
  assert.ok(!text.includes(elder.id_number));
  const no = numberOf(text, '民评');
  assert.ok(no, `a number in:\n${text}`);
  assert.ok(inkShare(r.body) > 0.01);

  const again = await pdf(haizhu, path);
  assertPdf(again);
  assert.equal(numberOf(pdfText(again.body), '民评'), no);
  assert.match(pdfText(again.body), /补打/);
  assert.equal(registered('eldercare.assessment', 'assessment', aid).length, 2);
  assert.deepEqual(audited('assessment', aid), ['document.issue', 'document.reprint']);

  assertError(await pdf(tianhe, path), 404, 'not_found');
  assertError(await pdf(haizhu, `/api/v1/eldercare/persons/${elder.id}/assessment-report?assessment_id=${aid + 100000}`), 404, 'not_found', 'assessment_id');
  // Without an assessment named: the latest, the same document (a reprint).
  const latest = pdfText((await pdf(haizhu, `/api/v1/eldercare/persons/${elder.id}/assessment-report`)).body);
  assert.ok(latest.includes(`${no}（补打）`));
  const none = await person('未评估', 1939);
  assertError(await pdf(haizhu, `/api/v1/eldercare/persons/${none.id}/assessment-report`), 404, 'not_found', 'assessment_id');
  assert.equal(registered('eldercare.assessment', 'assessment', aid).length, 3);
});

// ---- the elder card ----------------------------------------------------------
test('the elder card: its QR code is the card code the counter accepts; a reprint says so, a new card is a new document', async () => {
  const elder = await person('长者卡', 1940);
  const path = `/api/v1/eldercare/persons/${elder.id}/card.pdf`;
  assertError(await pdf(haizhu, path), 404, 'not_found', 'person_id'); // no card yet

  const card = await haizhu.post(`/api/v1/eldercare/persons/${elder.id}/cards`, { reason: '首次发卡' });
  assert.equal(card.status, 201, card.text);
  const r = await pdf(haizhu, path);
  assertPdf(r);
  const text = pdfText(r.body);
  assert.match(text, /广州市长者卡/);
  assert.ok(text.includes(card.json.code), 'the card code printed');
  assert.ok(!text.includes(elder.id_number));
  assert.equal(cardQr(r.body), card.json.code, 'the QR code decodes to the card code');
  const no = numberOf(text, '民卡');
  assert.ok(no);

  const again = await pdf(haizhu, path);
  const againText = pdfText(again.body);
  assert.equal(numberOf(againText, '民卡'), no);
  assert.match(againText, /补打/);

  // A replacement card: a new document with its own number and QR code.
  const card2 = await haizhu.post(`/api/v1/eldercare/persons/${elder.id}/cards`, { reason: '遗失补卡' });
  assert.equal(card2.status, 201, card2.text);
  const r2 = await pdf(haizhu, path);
  const text2 = pdfText(r2.body);
  assert.notEqual(numberOf(text2, '民卡'), no);
  assert.ok(!text2.includes('补打'));
  assert.equal(cardQr(r2.body), card2.json.code);
  const rows = registered('eldercare.card', 'person', elder.id);
  assert.equal(rows.length, 3);
  assert.deepEqual(rows.map((x) => x.split('|')[1] === '0'), [true, false, true]);
  assert.deepEqual(audited('person', elder.id), ['document.issue', 'document.reprint', 'document.issue']);

  // The canteen counter finds the elder by what the QR code holds.
  const who = sql(`SELECT person_id FROM ec_card_codes WHERE code = '${cardQr(r2.body)}'`).trim();
  assert.equal(who, String(elder.id));

  assertError(await pdf(tianhe, path), 404, 'not_found');
  assert.equal(registered('eldercare.card', 'person', elder.id).length, 3);
});

// ---- the public notice -------------------------------------------------------
test('the public notice as the posted paper: issuing street, masked list, complaint telephone; the same list again is a reprint', async () => {
  const a = await person('公示文书', 1972);
  const h = await admin.post('/api/v1/households', { division_code: community, address: '海珠区公示路2号', reason: '文书测试登记', members: [{ person_id: a.id, relation: 'head' }] });
  assert.equal(h.status, 201, h.text);
  const c = await haizhu.post('/api/v1/cases', { program: 'dibao', applicant_id_number: a.id_number, bank_account: '6222020000004444' });
  const id = c.json.id;
  await act(id, 'start_verification');
  await act(id, 'start_investigation');
  await act(id, 'submit_investigation', { note: '入户调查完成', detail: { investigators: ['甲调查', '乙调查'] } });
  assert.equal((await haizhu.post(`/api/v1/cases/${id}/evaluate`, {})).status, 200);
  await act(id, 'post_notice');

  const path = `/api/v1/notices.pdf?division=${community}`;
  const r = await pdf(haizhu, path);
  assertPdf(r);
  const listed = (await haizhu.get(`/api/v1/notices?division=${community}`)).json.items;
  assert.equal(Number(r.headers.get('x-document-count')), listed.length);
  const text = pdfText(r.body);
  assert.match(text, /社会救助审核意见公示/);
  assert.match(text, /公\*\*/, 'the name as posted: its first character, the rest hidden');
  assert.ok(!text.includes('公示文书'), 'the name is partly hidden');
  assert.ok(!text.includes(a.id_number), 'the ID number is masked');
  assert.match(text, /监督投诉电话：12345/);
  assert.match(text, /广州市海珠区\S+街道办事处/);
  assert.match(text, /（盖章）/);
  const no = (text.match(/意见公示(\S{1,8}?民公〔\d{4}〕\d+号)/) || [])[1];
  assert.ok(no, `a number in:\n${text}`);
  assert.ok(inkShare(r.body) > 0.01);

  const again = pdfText((await pdf(haizhu, path)).body);
  assert.ok(again.includes(`${no}（补打）`), 'the same list printed again is a reprint');
  const rows = registered('assist.notice', 'division', Number(community));
  assert.ok(rows.length >= 2);
  assert.equal(rows[rows.length - 1].split('|')[0], no);
  assert.notEqual(rows[rows.length - 1].split('|')[1], '0');
  assert.deepEqual(audited('division', community).slice(-2), ['document.issue', 'document.reprint']);

  assertError(await pdf(tianhe, path), 404, 'not_found', 'division');
});
