// The XLSX of a list with the filters and order the user chose: the server
// declares each list once (src/http/list_export.h) and answers `<list>.xlsx`
// with the same query as its JSON pages; paging is left out (the workbook
// holds every row, up to 50 000).
import { download } from './api.js'

export function exportQuery(query = {}) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (k === 'page' || k === 'page_size' || v === undefined || v === null || v === '') continue
    q.set(k, String(v))
  }
  return q.toString()
}

// path: the list's API path ("/cases", "/eldercare/visits/due"); query: its filters.
export function exportList(path, query, fileName) {
  const qs = exportQuery(query)
  return download(`${path}.xlsx${qs ? '?' + qs : ''}`, fileName)
}
