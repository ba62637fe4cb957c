// Small helpers the posthumous pages share.
import { t } from '../../lib/i18n.js'

// A status tag of a matter: done, pending (not yet), failed (retrying),
// no_subscriber (nothing will do it), open, overdue.
export function statusTag(m) {
  if (m.overdue) return { type: 'danger', text: t('posthumous.status.overdue') }
  const s = m.status
  const type = s === 'done' ? 'success' : s === 'failed' || s === 'no_subscriber' ? 'danger' : 'warning'
  return { type, text: t(`posthumous.status.${s}`) }
}

// The rows as a CSV file (UTF-8 with BOM, so spreadsheet programs read
// Chinese). A cell that starts like a formula is written as text.
export function downloadCsv(name, columns, rows) {
  const cell = (v) => {
    let s = v === null || v === undefined ? '' : String(v)
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = [columns.map((c) => cell(c.label)).join(',')]
  for (const r of rows) lines.push(columns.map((c) => cell(c.value(r))).join(','))
  const blob = new Blob(['\ufeff' + lines.join('\r\n')], { type: 'text/csv;charset=utf-8' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  a.click()
  URL.revokeObjectURL(a.href)
}
