// The signed-in user, kept in memory only. The CSRF token is re-fetched with
// GET /session after a reload; the session itself lives in an HttpOnly cookie.
import { reactive } from 'vue'
import { api, request, setCsrfToken, onCsrfRefresh } from './api.js'

export const auth = reactive({ user: null, loaded: false })

function apply(data) {
  auth.user = (data && data.user) || null
  setCsrfToken(data && data.csrf_token)
}

export function clearSession() {
  auth.user = null
  setCsrfToken(null)
}

export async function loadSession() {
  try {
    apply(await request('GET', '/session', { quiet401: true }))
  } catch {
    clearSession()
  } finally {
    auth.loaded = true
  }
  return auth.user
}

onCsrfRefresh(async () => {
  try {
    apply(await request('GET', '/session', { quiet401: true }))
    return !!auth.user
  } catch {
    return false
  }
})

export async function signIn(login, password) {
  apply(await api.post('/session', { login, password }, { quiet401: true }))
  auth.loaded = true
  return auth.user
}

export async function signOut() {
  try { await api.del('/session', undefined, { quiet401: true }) } catch { /* already gone */ }
  clearSession()
}

export function hasRole(...roles) {
  return !!auth.user && roles.includes(auth.user.role)
}

// Which roles may open which part of the UI: each domain module states its own
// rules (domains/<domain>/access.js) over these groups. The server enforces the
// real rules; these only keep the menu and the buttons honest.
export const STAFF = ['city_admin', 'district_officer', 'street_caseworker', 'community_worker']
export const OFFICERS = ['city_admin', 'district_officer']

// can = canFor(RULES); can('payroll') is true when the signed-in role is listed.
export function canFor(rules) {
  return (area) => {
    if (!rules[area]) throw new Error(`no access rule named "${area}"`)
    return !!auth.user && rules[area].includes(auth.user.role)
  }
}
