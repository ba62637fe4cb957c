// Dates and times as the city's offices read them: Beijing time (UTC+8, no
// daylight saving), whatever zone the browser is in. Dates are ISO text
// "YYYY-MM-DD", months "YYYY-MM"; the server sends times as
// "YYYY-MM-DDTHH:MM:SS+08:00" or as Unix seconds.
const BEIJING_MS = 8 * 3600 * 1000
const DAY_MS = 86400 * 1000
const pad = (n) => String(n).padStart(2, '0')

// A Date whose UTC fields read as Beijing wall-clock time.
function beijing(ms) { return new Date(ms + BEIJING_MS) }

// "YYYY-MM-DD" of Beijing today, plus `days`.
export function beijingToday(days = 0) {
  return beijing(Date.now() + days * DAY_MS).toISOString().slice(0, 10)
}

// "YYYY-MM" of Beijing this month, plus `offset` months.
export function beijingMonth(offset = 0) {
  const now = beijing(Date.now())
  const m = now.getUTCFullYear() * 12 + now.getUTCMonth() + offset
  return `${Math.floor(m / 12)}-${pad((m % 12) + 1)}`
}

// Unix seconds (or milliseconds) as "YYYY-MM-DD HH:MM:SS" in Beijing time.
function unixText(n) {
  const d = beijing(n < 1e11 ? n * 1000 : n)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

// A timestamp for a table: written Beijing time is shown as written; Unix
// seconds or milliseconds are shown in Beijing time.
export function fmtDateTime(s) {
  if (s === null || s === undefined || s === '' || s === 0) return '—'
  if (typeof s === 'number' || /^\d+$/.test(String(s))) return unixText(Number(s))
  const str = String(s)
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2})?)/.exec(str)
  return m ? `${m[1]} ${m[2]}` : str
}

export function fmtDate(s) { return s ? String(s).slice(0, 10) : '—' }

// Unix seconds as "MM-DD HH:MM" in Beijing time, for boards where the year is plain.
export function clock(unix) {
  if (unix === null || unix === undefined) return '—'
  return unixText(Number(unix)).slice(5, 16)
}
