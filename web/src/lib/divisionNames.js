// Division names for pages whose rows carry only a division code: a code is
// never shown as text (440105001 means nothing to a reader). Names come from
// GET /division-names?codes=..., which answers any signed-in user (names are
// public reference data), so a volunteer or a counter account sees the names
// of communities outside its own scope too. The codes a render asks for are
// gathered and fetched together once per session; until they arrive, or for
// an unknown code, the page shows "—".
import { reactive } from 'vue'
import { api } from './api.js'

const names = reactive({})
const asked = new Set()
let pending = []
let timer = null

const BATCH = 100 // the route's limit per request

function flush() {
  timer = null
  const codes = pending
  pending = []
  for (let i = 0; i < codes.length; i += BATCH) {
    const part = codes.slice(i, i + BATCH)
    api.get('/division-names', { codes: part.join(',') })
      .then((d) => { for (const c of part) names[c] = (d.names && d.names[c]) || '—' })
      .catch(() => { for (const c of part) names[c] = '—' })
  }
}

export function divisionName(code) {
  if (!code) return '—'
  code = String(code)
  if (!asked.has(code)) {
    asked.add(code)
    pending.push(code)
    if (!timer) timer = setTimeout(flush, 0)
  }
  return names[code] || '—'
}
