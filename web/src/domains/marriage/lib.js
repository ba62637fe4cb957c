// Helpers of the marriage pages: the offices in the caller's scope, the
// field errors of a refused request, and a CSV export of a list.
import { api, ApiError, errorText } from '../../lib/api.js'
import { auth } from '../../lib/auth.js'

export async function myOffices() {
  const all = (await api.get('/marriage/offices')).items
  const scope = auth.user?.scope_code || ''
  const prefix = scope.endsWith('0000') ? scope.slice(0, 2) : scope.endsWith('00') ? scope.slice(0, 4) : scope
  return { all, mine: all.filter((o) => o.code.startsWith(prefix)) }
}

// { field: message } for an el-form-item :error, and the text for the rest.
export function fieldError(e, errors) {
  for (const k of Object.keys(errors)) errors[k] = ''
  if (e instanceof ApiError && e.field && e.field in errors) {
    errors[e.field] = errorText(e)
    return ''
  }
  return errorText(e)
}

export function exportCsv(name, columns, rows) {
  const esc = (v) => {
    let s = v === null || v === undefined ? '' : String(v)
    if (/^[=+\-@]/.test(s)) s = `'${s}` // never a formula in a spreadsheet
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  const lines = [columns.map((c) => esc(c.label)).join(',')]
  for (const r of rows) lines.push(columns.map((c) => esc(typeof c.value === 'function' ? c.value(r) : r[c.value])).join(','))
  const blob = new Blob(['\ufeff' + lines.join('\n')], { type: 'text/csv;charset=utf-8' })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  a.click()
  URL.revokeObjectURL(a.href)
}
