// bench/canteen/setup.mjs - puts the city's canteens on a running server
// through the API, as the district offices would: one operator per district
// with its counter account, CANTEENS canteens spread evenly over the
// communities (each at its community's coordinates, read from the coverage
// endpoint, which lists every community with its position).
// usage: node setup.mjs BASE_URL ADMIN_LOGIN PASSWORD CANTEENS OUT_DIR
// Writes OUT_DIR/counters.txt: "canteen_id token" for every canteen, the
// token being that of the operator's counter account.
import { writeFileSync } from 'node:fs'

const [base, adminLogin, password, canteensArg, out] = process.argv.slice(2)
const N = Number(canteensArg)

async function session(login) {
  const r = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password, bearer: true }) })
  const j = await r.json()
  if (r.status !== 201) throw new Error(`login ${login}: ${JSON.stringify(j)}`)
  return j.token
}
const admin = await session(adminLogin)
async function call(method, path, body) {
  const r = await fetch(`${base}/api/v1${path}`, { method, headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  const j = await r.json()
  if (r.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(j)}`)
  return j
}

const communities = (await call('GET', '/eldercare/coverage')).items
const districts = [...new Set(communities.map((c) => c.code.slice(0, 6)))]
const providers = {}
const tokens = {}
for (const d of districts) {
  providers[d] = (await call('POST', '/eldercare/providers', { name: `${d} 长者饭堂运营中心`, kind: 'canteen', division_code: d, reason: '压测数据' })).id
  const login = `bench_counter_${d}`
  await call('POST', '/users', { login, name: `${d} 饭堂前台`, role: 'service_provider', scope_code: d, password })
  await call('POST', `/eldercare/providers/${providers[d]}/users`, { login, reason: '压测数据' })
  tokens[d] = await session(login)
}
const lines = []
for (let i = 0; i < N; i++) {
  const c = communities[Math.floor(i * communities.length / N)]
  const d = c.code.slice(0, 6)
  // Open all day: the harness runs whenever it is started, and a check-in
  // outside a canteen's hours is refused (staff override it with a reason).
  const k = await call('POST', '/eldercare/canteens', {
    provider_id: providers[d], name: `长者饭堂${i + 1}`, address: `${c.name}长者服务站`, division_code: c.code,
    lat: c.lat, lon: c.lon, hours: '00:00-24:00', capacity: 80, delivery_radius_m: 1500, reason: '压测数据',
  })
  lines.push(`${k.id} ${tokens[d]}`)
}
writeFileSync(`${out}/counters.txt`, lines.join('\n') + '\n')
console.log(`${N} canteens over ${communities.length} communities, ${districts.length} operators with a counter account each`)
