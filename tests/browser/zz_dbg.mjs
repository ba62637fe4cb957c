import { launch, openPage, login } from './lib.mjs'
const b = await launch()
for (const [who, pw, url, name] of [['admin','MzLdhF9577','/persons?division=440105001001','casc-admin'], ['haizhu_community','MzFnLd2277','/persons','casc-comm'], ['haizhu_officer','MzChxZ8049','/users','users-officer'], ['provider','MzVdyF6801','/','home-provider']]) {
  const { page, problems, context } = await openPage(b)
  await login(page, { login: who, password: pw })
  await page.goto('http://127.0.0.1:8091' + url); await page.waitForTimeout(2500)
  await page.screenshot({ path: `/tmp/mzshots2/${name}.png` }); console.log(name, problems)
  if (name === 'casc-comm') { await page.locator('[data-test="division-cascader"]').first().click(); await page.waitForTimeout(1200); await page.screenshot({ path: `/tmp/mzshots2/${name}-open.png` }) }
  await context.close()
}
await b.close()
