// A small reader of the XLSX workbooks the server exports, for tests: the
// zip's central directory, then the first sheet's cells with their shared
// strings and number formats. Cells come back as { v, kind }: kind 's' for
// text, 'n' for a number, 'date' for a number formatted as a date (v is
// then "YYYY-MM-DD" or "YYYY-MM-DD HH:MM"), so a test can tell a number
// from digits written as text and a date from a date-looking string.
import { inflateRawSync } from 'node:zlib';

function unzip(buf) {
  const files = {};
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    files[name] = (method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&apos;/g, "'").replace(/&amp;/g, '&');

function colIndex(ref) {
  let n = 0;
  for (const ch of ref.match(/^[A-Z]+/)[0]) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

// Excel's serial day (1900 system) to ISO text.
function serialToIso(v, withTime) {
  const ms = Math.round((v - 25569) * 86400 * 1000);
  const iso = new Date(ms).toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

export function readXlsx(buf) {
  const files = unzip(Buffer.from(buf));
  const shared = [];
  for (const m of (files['xl/sharedStrings.xml'] || '').matchAll(/<si>([\s\S]*?)<\/si>/g)) {
    shared.push(unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  }
  const styles = files['xl/styles.xml'] || '';
  const fmts = {};
  for (const m of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)) fmts[m[1]] = unescape(m[2]);
  const xfs = [];
  const cellXfs = (styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/) || [])[1] || '';
  for (const m of cellXfs.matchAll(/<xf [^>]*?numFmtId="(\d+)"/g)) xfs.push(fmts[m[1]] || (m[1] === '14' ? 'yyyy-mm-dd' : m[1] === '0' ? '' : m[1]));
  const sheetName = Object.keys(files).filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f)).sort()[0];
  const rows = [];
  for (const rm of files[sheetName].matchAll(/<row r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
    const row = [];
    for (const cm of rm[2].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = cm[2];
      const t = (attrs.match(/ t="(\w+)"/) || [])[1];
      const s = Number((attrs.match(/ s="(\d+)"/) || [])[1] || 0);
      const v = ((cm[3] || '').match(/<v>([\s\S]*?)<\/v>/) || [])[1];
      let cell;
      if (t === 's') cell = { v: shared[Number(v)], kind: 's' };
      else if (t === 'inlineStr') cell = { v: unescape(((cm[3] || '').match(/<t[^>]*>([\s\S]*?)<\/t>/) || [])[1] || ''), kind: 's' };
      else if (t === 'str') cell = { v: unescape(v || ''), kind: 's' };
      else if (v !== undefined) {
        const fmt = xfs[s] || '';
        cell = /y/.test(fmt) && /d/.test(fmt)
          ? { v: serialToIso(Number(v), /h/.test(fmt)), kind: 'date' }
          : { v: Number(v), kind: 'n', fmt };
      } else continue;
      row[colIndex(cm[1])] = cell;
    }
    rows[Number(rm[1]) - 1] = row;
  }
  return { rows, sheets: Object.keys(files).filter((f) => f.startsWith('xl/worksheets/')) };
}

