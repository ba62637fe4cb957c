// Money is integer fen (分) on the wire and in the database. It is shown as
// yuan with two decimals by string and BigInt arithmetic on the integer, so the
// digits are exact: 1 fen is "0.01", never 0.0099999 (no floating point on the
// way). Amounts typed as yuan text are sent as text; the server parses them.

// Fen as a BigInt, or null when there is no amount. A JSON number that is not
// an integer cannot be fen; it is rounded to the nearest fen rather than thrown on.
function toFen(fen) {
  if (fen === null || fen === undefined || fen === '') return null
  if (typeof fen === 'bigint') return fen
  if (typeof fen === 'number') return Number.isFinite(fen) ? BigInt(Math.round(fen)) : null
  const s = String(fen).trim()
  return /^-?\d+$/.test(s) ? BigInt(s) : null
}

// 123456 -> "1234.56"; { sep: true } -> "1,234.56"; no amount -> "—".
export function yuan(fen, { sep = false } = {}) {
  const n = toFen(fen)
  if (n === null) return '—'
  const a = n < 0n ? -n : n
  let whole = (a / 100n).toString()
  if (sep) whole = whole.replace(/\B(?=(\d{3})+$)/g, ',')
  return `${n < 0n ? '-' : ''}${whole}.${String(a % 100n).padStart(2, '0')}`
}

// The amount as a number of yuan for a chart's axis: the decimal text made
// exactly as above, then read once (the nearest double to "0.01" is 0.01).
export function yuanNumber(fen) {
  const s = yuan(fen)
  return s === '—' ? null : Number(s)
}

// Yuan typed by a person: up to nine digits and two decimals.
export const YUAN_RE = /^\d{1,9}(\.\d{1,2})?$/

// "1500" -> "1500.00", "12.5" -> "12.50": the server parses yuan text exactly.
export function normYuan(s) {
  const [w, f = ''] = String(s).trim().split('.')
  return `${w}.${f.padEnd(2, '0')}`
}
