// Fetching exports in the API tests; the reader itself is xlsx_read.mjs
// (the browser tests read downloads with it too).
import { BASE } from './lib.mjs';
import { readXlsx } from './xlsx_read.mjs';

export { readXlsx };

// GET path with a bearer client's token; the workbook read, or the error response.
export async function getXlsx(client, path) {
  const res = await fetch(BASE + path, { headers: { Authorization: `Bearer ${client.token}` } });
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status, text: buf.toString('utf8') };
  return { status: 200, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), ...readXlsx(buf) };
}

// The header row (row 3) as text, and the data rows after it.
export const heads = (wb) => wb.rows[2].map((c) => c && c.v);
export const dataRows = (wb) => wb.rows.slice(3).filter(Boolean);
