// The rest of the staff UI: login errors, the language toggle, every page for the
// city admin, the edit form with its history, and role-filtered menus.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE_URL, ADMIN, AUDITOR, skipReason, launch, openPage, login, field, shot, waitUrl } from './lib.mjs'

const skip = skipReason()
let browser

before(async () => { if (!skip) browser = await launch() })
after(async () => { if (browser) await browser.close() })

test('a wrong password shows the server message in Chinese', { skip: skip || false, timeout: 60000 }, async () => {
  const { context, page } = await openPage(browser)
  try {
    await page.goto(`${BASE_URL}/login`)
    await page.locator('[data-test="login-submit"]').click()
    await page.getByText('请输入账号').waitFor()          // client-side validation first
    await page.locator('input[name="login"]').fill(ADMIN.login)
    await page.locator('input[name="password"]').fill('wrong-password-0')
    await page.locator('[data-test="login-submit"]').click()
    const err = page.locator('[data-test="login-error"]')
    await err.waitFor()
    assert.match(await err.innerText(), /[\u4e00-\u9fff]/, 'the error is in Chinese')
    await shot(page, 'login-error')
  } finally {
    await context.close()
  }
})

test('the city admin sees every page; charts draw; English toggle persists', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    // Home: totals and three charts.
    await page.locator('[data-test="stat-persons"]').waitFor()
    for (const c of ['chart-district', 'chart-pyramid', 'chart-sizes']) await page.locator(`[data-test="${c}"] canvas`).waitFor()
    const total = await page.locator('[data-test="stat-persons"]').innerText()
    assert.match(total, /\d/)
    await page.waitForTimeout(800) // let the chart animation finish before the picture
    await shot(page, 'home')

    // The menu has every section for the city admin.
    for (const m of ['home', 'persons', 'households', 'users', 'audit']) await page.locator(`[data-menu="${m}"]`).waitFor()

    await page.locator('[data-menu="households"]').click()
    await page.locator('[data-test="household-table"] .el-table__row').first().waitFor()
    await page.locator('[data-test="household-table"] .el-table__row').first().locator('a').first().click()
    await waitUrl(page, /\/households\/[^/]+$/)
    await page.locator('[data-test="member-table"] .el-table__row').first().waitFor()
    const relations = await page.locator('[data-test="member-table"] .el-table__row').allInnerTexts()
    assert.ok(relations.some((r) => r.includes('户主')), 'the head is labelled 户主')
    await shot(page, 'household')

    await page.locator('[data-menu="users"]').click()
    await page.locator('[data-test="user-table"] .el-table__row').first().waitFor()
    await shot(page, 'users')
    await page.locator('[data-test="user-add"]').click()
    const dlg = page.locator('[data-test="user-dialog"]').or(page.locator('.el-dialog').filter({ hasText: '新增用户' })).first()
    await dlg.waitFor()
    await dlg.getByRole('button', { name: '保存' }).click()
    await dlg.getByText('请输入登录名').waitFor()
    await shot(page, 'users-add-validation')
    await dlg.getByRole('button', { name: '取消' }).click()

    await page.locator('[data-menu="audit"]').click()
    await page.locator('[data-test="audit-table"] .el-table__row').first().waitFor()
    await shot(page, 'audit')

    // English, kept across a reload.
    await page.locator('[data-test="lang-switch"]').first().click()
    await page.getByRole('menuitem', { name: 'English' }).click()
    await page.getByText('Audit log').first().waitFor()
    await page.reload()
    await page.locator('[data-menu="audit"]').getByText('Audit log').waitFor()
    await page.getByRole('button', { name: /Verify audit chain/ }).waitFor()
    await shot(page, 'audit-en')
    await page.locator('[data-test="lang-switch"]').first().click()
    await page.getByRole('menuitem', { name: /中文/ }).click()
    await page.getByText('审计日志').first().waitFor()

    // Sign out: back to the login page, and the pages need a login again.
    await page.locator('[data-test="logout"]').click()
    await waitUrl(page, /\/login/)
    await page.goto(`${BASE_URL}/users`)
    await waitUrl(page, /\/login/)
    assert.deepEqual(problems, [], 'no script errors in the page')
  } finally {
    await context.close()
  }
})

test('editing a person needs a reason and shows up in the history', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/persons?sort=-birth_date`)
    const rows = page.locator('[data-test="person-table"] .el-table__body-wrapper .el-table__row')
    await rows.first().waitFor()
    await rows.first().locator('td').first().locator('a').click()
    await waitUrl(page, /\/persons\/[^/]+$/)
    await page.locator('[data-test="person-edit"]').click()
    const dlg = page.locator('.el-dialog').filter({ has: page.locator(field('edit-reason', 'textarea')) })
    await dlg.waitFor()
    const addr = dlg.locator('.el-form-item').filter({ hasText: '住址' }).locator('input')
    const newAddr = `广州市测试路${Date.now() % 100000}号`
    await addr.fill(newAddr)
    await dlg.locator('[data-test="edit-save"]').click()
    await dlg.getByText('请填写操作原因').waitFor()          // no reason, no save
    await dlg.locator(field('edit-reason', 'textarea')).fill('住址变更，据居民申报更新')
    await shot(page, 'person-edit')
    await Promise.all([
      page.waitForResponse((r) => /\/api\/v1\/persons\/[^/?]+$/.test(r.url()) && r.request().method() === 'PATCH' && r.status() === 200),
      dlg.locator('[data-test="edit-save"]').click(),
    ])
    await page.locator('[data-test="person-fields"]').getByText(newAddr).waitFor()
    const history = page.locator('[data-test="history"]')
    await history.getByText(newAddr).first().waitFor()
    await history.getByText('住址变更，据居民申报更新').first().waitFor()
    await shot(page, 'person-history')
    assert.deepEqual(problems, [], 'no script errors in the page')
  } finally {
    await context.close()
  }
})

test('the auditor sees the audit log but not user administration', { skip: (skip || (AUDITOR.login === ADMIN.login && 'no auditor login given')) || false, timeout: 60000 }, async () => {
  const { context, page } = await openPage(browser)
  try {
    await login(page, AUDITOR)
    await page.locator('[data-menu="audit"]').waitFor()
    assert.equal(await page.locator('[data-menu="users"]').count(), 0)
    await page.goto(`${BASE_URL}/users`)
    await page.getByText('无权访问').first().waitFor()
    await shot(page, 'auditor-forbidden')
  } finally {
    await context.close()
  }
})

test('removing and adding a household member asks for a reason and a confirmation', { skip: skip || false, timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await login(page, ADMIN)
    await page.goto(`${BASE_URL}/households`)
    const rows = page.locator('[data-test="household-table"] .el-table__body-wrapper .el-table__row')
    await rows.first().waitFor()
    // A household with at least two members.
    const counts = await rows.locator('td:nth-child(5)').allInnerTexts()
    const i = counts.findIndex((c) => Number(c.trim()) >= 2)
    assert.ok(i >= 0, 'a household with two or more members on the first page')
    await rows.nth(i).locator('a').first().click()
    await waitUrl(page, /\/households\/[^/]+$/)
    const members = page.locator('[data-test="member-table"] .el-table__body-wrapper .el-table__row')
    await members.first().waitFor()
    const before = await members.count()
    const target = members.filter({ hasNotText: '户主' }).last()
    const name = (await target.locator('td').first().locator('a').innerText()).trim()
    const masked = (await target.locator('td').nth(1).innerText()).trim()
    const relation = (await target.locator('td').nth(2).innerText()).trim()

    // Remove: reason first, then a confirmation; cancelling the confirmation changes nothing.
    await target.locator('[data-test="remove-member"]').click()
    const dlg = page.locator('.el-dialog').filter({ has: page.locator(field('reason-input', 'textarea')) })
    await dlg.waitFor()
    await dlg.locator('[data-test="reason-submit"]').click()
    await dlg.getByText('请填写操作原因').waitFor()
    await dlg.locator(field('reason-input', 'textarea')).fill('浏览器测试：成员迁出本户')
    await dlg.locator('[data-test="reason-submit"]').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    assert.match(await box.innerText(), new RegExp(name))
    await shot(page, 'household-remove-confirm')
    await box.getByRole('button', { name: '移出' }).click()
    await page.getByText('成员已移出').waitFor()
    await page.waitForFunction((n) => document.querySelectorAll('[data-test="member-table"] .el-table__body-wrapper .el-table__row').length === n, before - 1)
    await page.locator('[data-test="history"]').getByText('浏览器测试：成员迁出本户').first().waitFor()

    // Add the same person back with the same relation.
    await page.locator('[data-test="add-member"]').click()
    const add = page.locator('.el-dialog').filter({ hasText: '添加成员' }).filter({ has: page.locator('textarea') })
    await add.waitFor()
    await add.locator(field('add-person')).fill(name)
    const option = page.locator('.el-select-dropdown__item').filter({ hasText: masked }).first()
    await option.waitFor()
    await option.click()
    await add.locator('.el-form-item').filter({ hasText: '与户主关系' }).locator('.el-select__wrapper').click()
    await page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^${relation}$`) }).first().click()
    await add.locator('textarea').fill('浏览器测试：成员迁回本户')
    await shot(page, 'household-add')
    await add.getByRole('button', { name: '确定' }).click()
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
    await page.getByText('成员已加入').waitFor()
    await page.waitForFunction((n) => document.querySelectorAll('[data-test="member-table"] .el-table__body-wrapper .el-table__row').length === n, before)
    await page.locator('[data-test="history"]').getByText('浏览器测试：成员迁回本户').first().waitFor()
    await shot(page, 'household-history')
    assert.deepEqual(problems, [], 'no script errors in the page')
  } finally {
    await context.close()
  }
})
