import { launch, openPage, login } from '/work/main/tests/browser/lib.mjs';
const b = await launch();
const { page, problems } = await openPage(b);
await login(page, { login: 't_haizhu', password: process.env.MZ_TEST_PASSWORD });
for (const [p, n] of [['/eldercare/calls', 'calls'], ['/eldercare/waitlist', 'wait'], ['/eldercare/visits', 'visits']]) {
  await page.goto(process.env.BASE_URL + p);
  await page.waitForTimeout(1500);
  if (n === 'wait') { await page.click('[data-test="wait-homes"] .el-table__row >> nth=0').catch(() => {}); await page.waitForTimeout(800); }
  await page.screenshot({ path: `/tmp/ecs/${n}.png` });
}
console.log(problems.join("\n")); await b.close();
