// The one door to the server: JSON over fetch, same-origin cookie session,
// X-CSRF-Token on every unsafe method, one error shape.
import { locale, t } from './i18n.js'

const BASE = '/api/v1'
let csrfToken = null
let unauthorizedHandler = null
let csrfRefresher = null

export function setCsrfToken(token) { csrfToken = token || null }
export function onUnauthorized(fn) { unauthorizedHandler = fn }
export function onCsrfRefresh(fn) { csrfRefresher = fn }

export class ApiError extends Error {
  constructor(status, err = {}) {
    super(err.message || err.message_zh || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.code = err.code || (status ? `http_${status}` : 'network')
    this.message_en = err.message || ''
    this.message_zh = err.message_zh || ''
    this.field = err.field || null
  }
}

function buildUrl(path, query) {
  let url = BASE + path
  if (query) {
    const sp = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue
      sp.append(k, String(v))
    }
    const qs = sp.toString()
    if (qs) url += (url.includes('?') ? '&' : '?') + qs
  }
  return url
}

export async function request(method, path, { query, body, quiet401 = false, retried = false } = {}) {
  const headers = { Accept: 'application/json' }
  const init = { method, headers, credentials: 'same-origin' }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch(buildUrl(path, query), init)
  } catch {
    throw new ApiError(0, { code: 'network', message: t('errors.network') })
  }
  const text = await res.text()
  let data = null
  if (text) {
    try { data = JSON.parse(text) } catch { data = null }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, (data && data.error) || { message: res.statusText || `HTTP ${res.status}` })
    if (res.status === 401 && !quiet401 && unauthorizedHandler) unauthorizedHandler(err)
    // A stale CSRF token (e.g. the session was renewed in another tab): fetch it again once.
    if (res.status === 403 && /csrf/i.test(err.code || '') && !retried && csrfRefresher && method !== 'GET') {
      const ok = await csrfRefresher()
      if (ok) return request(method, path, { query, body, quiet401, retried: true })
    }
    throw err
  }
  return data
}

export const api = {
  get: (path, query, opts) => request('GET', path, { query, ...opts }),
  post: (path, body, opts) => request('POST', path, { body: body ?? {}, ...opts }),
  patch: (path, body, opts) => request('PATCH', path, { body: body ?? {}, ...opts }),
  put: (path, body, opts) => request('PUT', path, { body: body ?? {}, ...opts }),
  del: (path, body, opts) => request('DELETE', path, { body, ...opts }),
}

// The text to show a person for an error, in the chosen language.
export function errorText(e) {
  if (!e) return t('errors.generic')
  if (e instanceof ApiError) {
    if (e.code === 'network') return t('errors.network')
    if (locale.value === 'en') return e.message_en || e.message_zh || t('errors.generic')
    return e.message_zh || e.message_en || t('errors.generic')
  }
  return e.message || t('errors.generic')
}

// Downloads a file from a GET endpoint (the session cookie is enough: no CSRF
// token for GET) and hands it to the browser under the server's file name, or
// `fallbackName`. Errors are ApiErrors, as for every other call.
export async function download(path, fallbackName, { headers } = {}) {
  let res
  try {
    res = await fetch(BASE + path, { credentials: 'same-origin', headers: headers || {} })
  } catch {
    throw new ApiError(0, { code: 'network' })
  }
  if (!res.ok) {
    let err = {}
    try { err = (await res.json()).error || {} } catch { /* not JSON */ }
    const e = new ApiError(res.status, err.code ? err : { ...err, message: err.message || res.statusText || `HTTP ${res.status}` })
    if (res.status === 401 && unauthorizedHandler) unauthorizedHandler(e)
    throw e
  }
  const blob = await res.blob()
  const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '')
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = fallbackName || (m ? m[1] : 'download')
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
  return blob
}
