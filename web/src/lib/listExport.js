// The XLSX of a list with the filters and order the user chose: the server
// declares each list once (src/http/list_export.h) and answers `<list>.xlsx`
// with the same query as its JSON pages; paging is left out (the workbook
// holds every row, up to a worksheet's limit). The server writes a big list
// in constant memory and records its progress under a token this page picks
// (X-Export-Token), which is polled meanwhile: onProgress({ done, total }).
import { api, download } from './api.js'

export function exportQuery(query = {}) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (k === 'page' || k === 'page_size' || v === undefined || v === null || v === '') continue
    q.set(k, String(v))
  }
  return q.toString()
}

function newToken() {
  const b = new Uint8Array(12)
  crypto.getRandomValues(b)
  return 'x' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}

// path: the list's API path ("/cases", "/eldercare/visits/due"); query: its
// filters; columns (optional): the export's column keys in the order the
// user set on the page (X-Export-Columns: those first, the others after).
export async function exportList(path, query, fileName, onProgress, columns) {
  const qs = exportQuery(query)
  const token = newToken()
  let finished = false
  async function poll() {
    while (!finished) {
      try {
        const p = await api.get(`/exports/${token}`, undefined, { quiet401: true })
        if (!finished && onProgress) onProgress({ done: p.rows, total: p.total, status: p.status })
      } catch { /* not started yet */ }
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  const polling = onProgress ? poll() : null
  try {
    const headers = { 'X-Export-Token': token }
    if (columns && columns.length) headers['X-Export-Columns'] = columns.join(',')
    return await download(`${path}.xlsx${qs ? '?' + qs : ''}`, fileName, { headers })
  } finally {
    finished = true
    await polling
  }
}
