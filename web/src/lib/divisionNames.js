// Division names for pages whose rows carry only a division code: a code is
// never shown as text (440105001 means nothing to a reader). Names come from
// GET /divisions/:code once per code and session; until one arrives, or for a
// code outside the caller's scope, the page shows "—".
import { reactive } from 'vue'
import { api } from './api.js'

const names = reactive({})
const asked = new Set()

export function divisionName(code) {
  if (!code) return '—'
  if (!asked.has(code)) {
    asked.add(code)
    api.get(`/divisions/${code}`, undefined).then((d) => { names[code] = d.name || '—' }).catch(() => { names[code] = '—' })
  }
  return names[code] || '—'
}
