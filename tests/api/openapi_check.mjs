// Every 2xx answer an API test receives, checked against the response schema
// its route declares in /api/openapi.json (src/http/openapi_schema.h): lib.mjs's
// raw() calls checkResponse, so the whole suite is the sample, on both engines.
// A route without a declared schema fails the test that called it; so does a
// body that breaks its schema: a wrong type, a required property missing, an
// enum value not listed, a date that is not YYYY-MM-DD, or a property the
// schema does not list (declared objects are closed: additionalProperties
// false, so what integrators read is all the server sends).
//
// The validator is a small JSON-Schema subset, the one the declarations use:
// type, properties, required, additionalProperties, items, enum, nullable,
// $ref, allOf, format (date, date-time), pattern, minimum.
//
// MZ_OPENAPI_RECORD=file appends each 2xx answer (method, route, body) to
// file instead, one JSON line each: what a new declaration is written from.
import { appendFileSync } from 'node:fs';

let docPromise = null;

async function loadDoc(base) {
  const res = await fetch(base + '/api/openapi.json');
  if (res.status !== 200) throw new Error(`GET /api/openapi.json: ${res.status}`);
  return res.json();
}

// The operation a request reached: the path template with the most literal
// segments matching the URL (the router prefers /cases/summary to /cases/:id
// the same way: literal routes come first in its tables).
export function findOperation(doc, method, url) {
  const path = url.split('?')[0];
  const segs = path.split('/');
  let best = null, bestScore = -1;
  for (const [tpl, item] of Object.entries(doc.paths)) {
    const op = item[method.toLowerCase()];
    if (!op) continue;
    const t = tpl.split('/');
    if (t.length !== segs.length) continue;
    let score = 0, ok = true;
    for (let i = 0; i < t.length && ok; i++) {
      if (/^\{\w+\}$/.test(t[i])) ok = segs[i] !== '';
      else if (t[i] === segs[i]) score++;
      else ok = false;
    }
    if (ok && score > bestScore) { best = { template: tpl, op }; bestScore = score; }
  }
  return best;
}

function realDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

// The faults of value against schema, each "at: what" (none: []).
export function validate(doc, schema, value, at = '$', out = []) {
  if (!schema || typeof schema !== 'object') { out.push(`${at}: no schema`); return out; }
  if (schema['x-spec-error']) { out.push(`${at}: the declaration does not parse: ${schema['x-spec-error']} at ${schema['x-spec-offset']} of ${schema['x-spec']}`); return out; }
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) { out.push(`${at}: ${schema.$ref} does not resolve`); return out; }
    return validate(doc, target, value, at, out);
  }
  if (value === null) {
    // {} (any value) admits null; a typed schema only when nullable.
    const typed = schema.type || schema.enum || schema.properties || schema.allOf;
    if (typed && !schema.nullable) out.push(`${at}: null, and the schema is not nullable`);
    return out;
  }
  if (schema.allOf) {
    for (const s of schema.allOf) validate(doc, s, value, at, out);
    return out;
  }
  const t = typeOf(value);
  if (schema.type) {
    const fits = schema.type === t || (schema.type === 'number' && t === 'integer');
    if (!fits) { out.push(`${at}: ${t} ${JSON.stringify(value).slice(0, 60)}, expected ${schema.type}`); return out; }
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join('|')}`);
  if (t === 'string') {
    if (schema.format === 'date' && !realDate(value)) out.push(`${at}: "${value}" is not a date YYYY-MM-DD`);
    if (schema.format === 'date-time' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)) out.push(`${at}: "${value}" is not a date-time`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) out.push(`${at}: "${value}" does not match ${schema.pattern}`);
  }
  if ((t === 'integer' || t === 'number') && schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: ${value} < minimum ${schema.minimum}`);
  if (t === 'array' && schema.items) value.forEach((v, i) => validate(doc, schema.items, v, `${at}[${i}]`, out));
  if (t === 'object') {
    const props = schema.properties || {};
    for (const k of schema.required || []) if (!(k in value)) out.push(`${at}: required property ${k} is missing`);
    for (const [k, v] of Object.entries(value)) {
      if (props[k]) validate(doc, props[k], v, `${at}.${k}`, out);
      else if (schema.additionalProperties === false) out.push(`${at}: property ${k} is not in the schema`);
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') validate(doc, schema.additionalProperties, v, `${at}.${k}`, out);
    }
  }
  return out;
}

// Called by raw() with every response; throws when a 2xx answer breaks its
// route's declaration (the calling test fails, naming route and fault).
export async function checkResponse(base, method, url, res, text, json) {
  if (res.status < 200 || res.status > 299 || !url.startsWith('/api/')) return;
  if (!docPromise) docPromise = loadDoc(base);
  const doc = await docPromise;
  const found = findOperation(doc, method, url);
  if (!found) throw new Error(`${method} ${url} answered ${res.status} but is no operation of /api/openapi.json`);
  const where = `${method} ${found.template}`;
  if (process.env.MZ_OPENAPI_RECORD) {
    appendFileSync(process.env.MZ_OPENAPI_RECORD, JSON.stringify({ op: where, status: res.status, ctype: res.headers.get('content-type'), body: json, empty: text.length === 0 }) + '\n');
    return;
  }
  const { op } = found;
  if (!op['x-response-declared']) throw new Error(`${where} declares no response schema (.response in its route table row)`);
  const ok = op.responses['2XX'];
  const content = ok.content;
  if (!content) {
    if (text.length) throw new Error(`${where}: declared without a body, answered ${text.slice(0, 80)}`);
    return;
  }
  const ctype = (res.headers.get('content-type') || '').split(';')[0].trim();
  if (!content[ctype]) throw new Error(`${where}: answered ${ctype}, declared ${Object.keys(content).join(' or ')}`);
  if (ctype !== 'application/json') return;
  const { schema } = content[ctype];
  if (json === null && text !== 'null') throw new Error(`${where}: the body is not JSON: ${text.slice(0, 80)}`);
  const faults = validate(doc, schema, json);
  if (faults.length) throw new Error(`${where} answered ${res.status} against its declared schema ${schema.$ref || ''}:\n  ${faults.slice(0, 20).join('\n  ')}`);
}
