// Citizen ID numbers (居民身份证号码, GB 11643-1999) as typed by staff. The
// server checks them again; these keep the forms honest.

// The shape: 17 digits and a digit or X.
export const ID_RE = /^\d{17}[\dXx]$/

// GB 11643-1999: 18 characters, a real birth date, the check character.
// Returns '' when valid, else what is wrong: 'idRequired', 'id15' (the old
// 15-digit numbers are no longer used), 'idFormat', 'idDate' or 'idCheck'.
export function idNumberProblem(raw) {
  const v = String(raw || '').trim().toUpperCase()
  if (!v) return 'idRequired'
  if (/^\d{15}$/.test(v)) return 'id15'
  if (!/^\d{17}[\dX]$/.test(v)) return 'idFormat'
  const y = +v.slice(6, 10), m = +v.slice(10, 12), d = +v.slice(12, 14)
  const dt = new Date(Date.UTC(y, m - 1, d))
  if (y < 1880 || dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return 'idDate'
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(v[i]) * w[i]
  if ('10X98765432'[s % 11] !== v[17]) return 'idCheck'
  return ''
}
