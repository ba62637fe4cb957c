// bench/volunteer/orders.mjs URL LOGIN PASSWORD RESIDENTS_FILE: places one
// service order for each resident, one after another, and reports the
// latency of each (the dispatch happens inside the request). Refuses a run
// with any non-201 answer.
import { readFileSync } from 'node:fs'

const [url, login, password, file] = process.argv.slice(2)
const services = ['companionship', 'errand', 'repair', 'meal_delivery', 'haircut', 'escort', 'visit']
const s = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ login, password, bearer: true }) })
const token = (await s.json()).token
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
const ids = readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number)
const ms = []
const states = {}
for (let i = 0; i < ids.length; i++) {
  const t0 = process.hrtime.bigint()
  const r = await fetch(`${url}/api/v1/volunteer/service-orders`, { method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ person_id: ids[i], service_code: services[i % services.length], wanted_on: today }) })
  const j = await r.json()
  ms.push(Number(process.hrtime.bigint() - t0) / 1e6)
  if (r.status !== 201) { console.error(r.status, JSON.stringify(j)); process.exit(1) }
  states[j.state] = (states[j.state] || 0) + 1
}
ms.sort((a, b) => a - b)
const p = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1)
console.log(`orders placed and dispatched: ${ms.length}; p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms, max ${ms.at(-1).toFixed(1)} ms`)
console.log(`states after dispatch: ${JSON.stringify(states)}`)
