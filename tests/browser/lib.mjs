// Shared helpers for the browser tests: Debian's Chromium driven by playwright-core
// (installed in web/node_modules; never `npx playwright install`).
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import path from 'node:path'

const require = createRequire(new URL('../../web/package.json', import.meta.url))
const { chromium } = require('playwright-core')

export const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '')
export const ADMIN = { login: process.env.MZ_TEST_LOGIN, password: process.env.MZ_TEST_PASSWORD }
export const AUDITOR = process.env.MZ_TEST_AUDITOR_LOGIN
  ? { login: process.env.MZ_TEST_AUDITOR_LOGIN, password: process.env.MZ_TEST_AUDITOR_PASSWORD }
  : ADMIN
export const SHOTS = process.env.MZ_SCREENSHOT_DIR || ''

// Why the suite cannot run here, or '' when it can.
export function skipReason() {
  if (!BASE_URL) return 'BASE_URL is not set (the test script starts the server and sets it)'
  if (!ADMIN.login || !ADMIN.password) return 'MZ_TEST_LOGIN / MZ_TEST_PASSWORD are not set'
  return ''
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}

// A fresh context (own cookies) and page that records console errors and page errors.
// viewport: a phone is { width: 390, height: 844 } (PHONE).
export const PHONE = { width: 390, height: 844 }
export async function openPage(browser, { locale = 'zh-CN', viewport = { width: 1440, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport, locale, timezoneId: 'Asia/Shanghai', hasTouch: viewport.width < 768 })
  const page = await context.newPage()
  page.setDefaultTimeout(15000)
  const problems = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    // Failed API calls that a test provokes on purpose show as console errors; keep only script errors.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`)
  })
  return { context, page, problems }
}

export async function shot(page, name) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

// An Element Plus input: the data-test attribute lands on the native input or its wrapper.
export const field = (name, tag = 'input') => `${tag}[data-test="${name}"], [data-test="${name}"] ${tag}`

export async function login(page, who, { navigate = true } = {}) {
  if (navigate) await page.goto(`${BASE_URL}/login`)
  await page.locator('input[name="login"]').fill(who.login)
  await page.locator('input[name="password"]').fill(who.password)
  await page.locator('[data-test="login-submit"]').click()
  await page.locator('[data-test="current-user"]').waitFor()
}

// Wait until the address matches: the router changes it with the history API,
// which is not a page load, so poll rather than wait for navigation events.
export async function waitUrl(page, re, timeout = 15000) {
  const end = Date.now() + timeout
  while (!re.test(page.url())) {
    if (Date.now() > end) throw new Error(`address ${page.url()} does not match ${re}`)
    await page.waitForTimeout(50)
  }
}

// A citizen ID number with a valid GB 11643 check digit: a six-digit division
// code, the birth date as YYYYMMDD and a three-digit sequence.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
export function idNumber(code6, yyyymmdd, seq) {
  const body = `${code6}${yyyymmdd}${String(seq).padStart(3, '0')}`
  let s = 0
  for (let i = 0; i < 17; i++) s += Number(body[i]) * ID_WEIGHTS[i]
  return body + '10X98765432'[s % 11]
}
export const ymd = (y, m, d) => `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`

// The API as a signed-in user (a bearer session), for a test's fixtures:
// get/post/put/patch/del return the JSON body and throw on a status >= 300;
// request(method, path, body) returns { status, json } for the checks that
// expect a refusal.
export async function apiClient(loginName, password = ADMIN.password) {
  const r = await fetch(`${BASE_URL}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: loginName, password, bearer: true }),
  })
  const j = await r.json()
  if (r.status !== 201) throw new Error(`sign-in as ${loginName}: ${r.status} ${JSON.stringify(j)}`)
  const request = async (method, path, body) => {
    const res = await fetch(`${BASE_URL}/api/v1${path}`, {
      method, headers: { Authorization: `Bearer ${j.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
    return { status: res.status, json: await res.json().catch(() => null) }
  }
  const call = async (method, path, body) => {
    const res = await request(method, path, body)
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`)
    return res.json
  }
  return {
    token: j.token,
    request,
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b ?? {}),
    put: (p, b) => call('PUT', p, b ?? {}),
    patch: (p, b) => call('PATCH', p, b ?? {}),
    del: (p) => call('DELETE', p),
  }
}
