import { chromium } from '@playwright/test';
const base = 'http://127.0.0.1:4650';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
const page = await ctx.newPage();
await page.goto(base + '/login', { waitUntil: 'networkidle' });
await page.getByLabel('Tên đăng nhập').fill('admin');
await page.getByLabel('Mật khẩu').fill('thidua2025');
await page.getByRole('button', { name: 'Đăng nhập' }).click();
await page.waitForURL((u) => !u.pathname.startsWith('/login'));
await page.goto(base + process.argv[2], { waitUntil: 'networkidle' });
const r = await page.evaluate(() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const b = el.getBoundingClientRect();
    if (b.right > window.innerWidth + 1) out.push(`${el.tagName}.${el.className} ${Math.round(b.left)}-${Math.round(b.right)}`);
  }
  return out.slice(0, 15);
});
console.log(r.join('\n'));
await browser.close();
