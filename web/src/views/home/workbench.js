// The role home pages (工作台): what each role opens the system to do, as
// counts. Every count comes from a list endpoint that applies the caller's
// scope on the server (the same call the list page makes, with page_size 1
// where it returns a total) and links to that list, filtered the same way.
import { api } from '../../lib/api.js'
import { beijingToday, beijingMonth } from '../../lib/date.js'
import { addMessages } from '../../lib/i18n.js'
import messages from './messages.js'

addMessages('workbench', messages)

const total = (path, query) => api.get(path, { ...query, page_size: 1 }).then((d) => d.total ?? (d.items || []).length)
const cases = (query) => total('/cases', { open: 1, ...query })

// The provider kind of a service_provider account ('' when unlinked).
export async function providerKind() {
  const d = await api.get('/eldercare/providers', { page_size: 1 })
  return (d.items || [])[0]?.kind || ''
}

// A tile: key (its label under workbench.tile), unit, count() -> number (or
// { value, text }), to (the filtered list), tone 'danger' when a non-zero
// count is late work.
const caseTiles = [
  { key: 'overdue', unit: 'cases', tone: 'danger', count: () => cases({ overdue: 1 }), to: { path: '/assistance/cases', query: { overdue: '1' } } },
  { key: 'notice', unit: 'cases', tone: 'warn', count: () => cases({ state: 'notice' }), to: { path: '/assistance/cases', query: { state: 'notice' } } },
  { key: 'reviewing', unit: 'cases', count: () => cases({ state: 'reviewing' }), to: { path: '/assistance/cases', query: { state: 'reviewing' } } },
  { key: 'investigating', unit: 'cases', count: () => cases({ state: 'investigating' }), to: { path: '/assistance/cases', query: { state: 'investigating' } } },
  { key: 'verifying', unit: 'cases', count: () => cases({ state: 'verifying' }), to: { path: '/assistance/cases', query: { state: 'verifying' } } },
  { key: 'periodicReview', unit: 'cases', count: () => cases({ state: 'periodic_review' }), to: { path: '/assistance/cases', query: { state: 'periodic_review' } } },
]
// The safety net's work orders (六张网): open ones routed into the caller's
// scope, and those past their SLA clock.
const orderTiles = [
  { key: 'ordersOpen', unit: 'orders', count: () => total('/safetynet/orders', { state: 'open' }), to: { path: '/safetynet/orders', query: { state: 'open' } } },
  { key: 'ordersOverdue', unit: 'orders', tone: 'danger', count: () => total('/safetynet/orders', { state: 'open', overdue: 1 }), to: { path: '/safetynet/orders', query: { state: 'open', overdue: '1' } } },
]
const screenTile = { key: 'screen', unit: 'items', count: () => total('/screen/items'), to: { path: '/policy/worklist' } }

async function visitRates() {
  const r = await api.get('/eldercare/visits/rates', { month: beijingMonth() })
  return r
}
const visitTiles = [
  { key: 'visitsOverdue', unit: 'persons', tone: 'danger', count: async () => { const r = await visitRates(); return r.due - r.visited }, to: { path: '/eldercare/visits' } },
  { key: 'visitRate', count: async () => { const r = await visitRates(); return { value: r.due, text: r.due ? `${(r.visited * 100 / r.due).toFixed(1)}%` : '—' } }, to: { path: '/eldercare/visits' } },
]
const alertTile = { key: 'alerts', unit: 'items', tone: 'danger', count: async () => (await api.get('/eldercare/call-alerts', { status: 'open', page_size: 200 })).items.length, to: { path: '/eldercare/calls' } }

async function payrollRuns(status) {
  const d = await api.get('/payroll/runs', { page_size: 200 })
  return (d.items || []).filter((r) => r.status === status).length
}

async function mealsToday() {
  const day = beijingToday()
  const canteens = (await api.get('/eldercare/canteens', { page_size: 200 })).items || []
  let n = 0
  for (const c of canteens) n += (await api.get(`/eldercare/canteens/${c.id}/meals`, { day, page_size: 1 })).totals?.meals || 0
  return n
}
async function mealsLastMonth() {
  const d = await api.get('/eldercare/dashboard', { month: beijingMonth(-1) })
  return (d.districts || []).reduce((s, x) => s + (x.meals || 0), 0)
}

export const WORKBENCH = {
  street_caseworker: { tiles: [...caseTiles, screenTile, ...orderTiles], deadlines: true },
  community_worker: { tiles: [...visitTiles, alertTile, ...orderTiles, caseTiles[3], caseTiles[0]], deadlines: true },
  district_officer: {
    tiles: [
      { key: 'payrollDraft', unit: 'runs', tone: 'warn', count: () => payrollRuns('draft'), to: { path: '/assistance/payroll' } },
      caseTiles[0], caseTiles[2], caseTiles[1],
      { key: 'enrolled', unit: 'households', count: () => total('/enrollments', { status: 'active' }), to: { path: '/assistance/cases', query: { state: 'paying' } } },
      visitTiles[1],
      { key: 'mealsMonth', unit: 'meals', count: mealsLastMonth, to: { path: '/eldercare/dashboard' } },
      screenTile, orderTiles[1],
    ],
    deadlines: true,
  },
  // A provider account acts for one provider (eldercare links it): its tiles
  // follow the provider's kind.
  service_provider: {
    byProviderKind: true,
    tiles: [
      { key: 'mealsToday', kinds: ['canteen', 'mixed'], unit: 'meals', count: mealsToday, to: { path: '/eldercare/counter' } },
      { key: 'openCalls', kinds: ['emergency_call', 'mixed'], unit: 'calls', tone: 'warn', count: async () => (await api.get('/eldercare/calls/board')).open, to: { path: '/eldercare/calls' } },
      { key: 'overdueCalls', kinds: ['emergency_call', 'mixed'], unit: 'calls', tone: 'danger', count: async () => (await api.get('/eldercare/calls/board')).overdue, to: { path: '/eldercare/calls' } },
      { key: 'subscribers', kinds: ['emergency_call', 'mixed'], unit: 'persons', count: () => total('/eldercare/call-subscribers'), to: { path: '/eldercare/calls' } },
      { key: 'homeBeds', kinds: ['home_care', 'mixed'], unit: 'beds', count: () => total('/eldercare/home-beds'), to: { path: '/eldercare/home-beds' } },
    ],
  },
  auditor: {
    tiles: [
      { key: 'reveals', unit: 'entries', count: () => total('/audit', { action: 'person.reveal_id' }), to: { path: '/audit', query: { action: 'person.reveal_id' } } },
      { key: 'auditChain', count: async () => { const v = await api.get('/audit/verify'); return { value: v.checked, ok: v.ok, problems: (v.problems || []).length } }, to: { path: '/audit' } },
      { key: 'payrollReleased', unit: 'runs', count: () => payrollRuns('released'), to: { path: '/assistance/payroll' } },
      { key: 'openCases', unit: 'cases', count: () => cases({}), to: { path: '/assistance/cases' } },
    ],
  },
  city_admin: {
    tiles: [
      { key: 'openCases', unit: 'cases', count: () => cases({}), to: { path: '/assistance/cases' } },
      caseTiles[0],
      { key: 'payrollDraft', unit: 'runs', tone: 'warn', count: () => payrollRuns('draft'), to: { path: '/assistance/payroll' } },
      { key: 'enrolled', unit: 'households', count: () => total('/enrollments', { status: 'active' }), to: { path: '/assistance/cases', query: { state: 'paying' } } },
      visitTiles[1],
      { key: 'mealsMonth', unit: 'meals', count: mealsLastMonth, to: { path: '/eldercare/dashboard' } },
      { key: 'jobsFailing', unit: 'jobs', tone: 'danger', count: async () => ((await api.get('/jobs')).items || []).filter((j) => j.last_status === 'failed').length, to: { path: '/jobs' } },
      screenTile,
    ],
    deadlines: true,
    population: true,
  },
}
