// Helpers the safety-net pages share.
import { t, label } from '../../lib/i18n.js'

export const LEVEL_TAG = { red: 'danger', orange: 'warning', yellow: '' }
export const STATE_TAG = { assigned: 'info', accepted: '', on_site: '', done: 'success', closed: 'success', returned: 'warning', escalated: 'danger', merged: 'info' }

export function fmtUnix(s) {
  if (!s) return '—'
  const d = new Date((s + 8 * 3600) * 1000)
  return d.toISOString().slice(0, 16).replace('T', ' ')
}

// A CSV of rows for the columns [[header, (row) => value]], downloaded by the browser.
export function downloadCsv(name, columns, rows) {
  const q = (v) => {
    let s = v === null || v === undefined ? '' : String(v)
    if (/^[=+\-@]/.test(s)) s = `'${s}` // never a formula in a spreadsheet
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const text = '\ufeff' + [columns.map((c) => q(c[0])).join(','), ...rows.map((r) => columns.map((c) => q(c[1](r))).join(','))].join('\r\n')
  const a = document.createElement('a')
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  a.download = `${name}.csv`
  a.click()
  URL.revokeObjectURL(a.href)
}

export const lbl = (group, v) => (v ? label(`safetynet.${group}`, v) : '—')
export { t }
