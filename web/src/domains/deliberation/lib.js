// Small helpers of the deliberation pages: the rate as a percentage, the
// status tag, and a CSV export of what a table shows.
import { t } from '../../lib/i18n.js'

// rate_bp: basis points (1/10000), -1 when nothing is due.
export function rateText(bp) {
  if (bp === undefined || bp === null || bp < 0) return '—'
  return `${(bp / 100).toFixed(2)}%`
}

export function statusTag(row) {
  if (row.status === 'carried_out') return { type: 'success', text: t('deliberation.status.carried_out') }
  if (row.overdue) return { type: 'danger', text: t('deliberation.status.overdue') }
  return { type: 'warning', text: t('deliberation.status.in_progress') }
}

export function escalationText(n) {
  return n ? t(`deliberation.escalation.s${n}`) : ''
}

// Downloads rows as a CSV file (UTF-8 with BOM, so spreadsheet programs
// read the Chinese). columns: [[header, row => value], ...].
export function exportCsv(name, columns, rows) {
  const cell = (v) => {
    const s = v === undefined || v === null ? '' : String(v)
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = [columns.map((c) => cell(c[0])).join(',')]
  for (const r of rows) lines.push(columns.map((c) => cell(c[1](r))).join(','))
  const blob = new Blob(['\ufeff' + lines.join('\r\n')], { type: 'text/csv;charset=utf-8' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  a.click()
  URL.revokeObjectURL(a.href)
}
