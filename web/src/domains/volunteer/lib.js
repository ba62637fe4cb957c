// Small helpers of the volunteer pages: minutes as points (1 hour = 1
// point, 广州公益时间银行), a CSV export of the rows shown, the skills.
export const SKILLS = ['companionship', 'errand', 'repair', 'delivery', 'haircut', 'escort', 'medical', 'teaching', 'legal', 'cleaning']

export function points(minutes) {
  return (Number(minutes || 0) / 60).toFixed(2)
}

export function unixText(s) {
  if (!s) return '—'
  return new Date((s + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ')
}

// The rows as a CSV file (UTF-8 with BOM so spreadsheets read Chinese);
// cells that start like a formula are written as text.
export function exportCsv(name, columns, rows) {
  const cell = (v) => {
    let s = v === null || v === undefined ? '' : String(v)
    if (/^[=+\-@]/.test(s)) s = `'${s}`
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = [columns.map((c) => cell(c.label)).join(',')]
  for (const r of rows) lines.push(columns.map((c) => cell(typeof c.value === 'function' ? c.value(r) : r[c.value])).join(','))
  const blob = new Blob(['\ufeff' + lines.join('\n')], { type: 'text/csv;charset=utf-8' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  a.click()
  URL.revokeObjectURL(a.href)
}

// The phone's position in millionths of a degree, or null when the browser
// has none or the volunteer refuses (then the code at the place is asked).
export function currentPosition(timeout = 10000) {
  return new Promise((resolve) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) return resolve(null)
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat_e6: Math.round(p.coords.latitude * 1e6), lon_e6: Math.round(p.coords.longitude * 1e6) }),
      () => resolve(null),
      // A fresh fix every time: a cached one may be from down the street.
      { enableHighAccuracy: true, timeout, maximumAge: 0 },
    )
  })
}

// What proves the volunteer is at the place: the code typed, else the
// position (the server checks it against the place and the radius in force).
export async function presence(code) {
  if (code) return { code }
  return (await currentPosition()) || {}
}
