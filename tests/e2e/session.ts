/** Signing in and watching for page errors, for browser tests (a spec may import them instead of copying). */
import { expect, type Page } from '@playwright/test';

/** Signs in after hydration (so nothing typed is reset), with the sample password. */
export async function signIn(page: Page, username: string, password = 'thidua2025') {
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
}

/** Console errors and uncaught exceptions of the page, collected from now on. */
export function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(`console: ${m.text()}`);
	});
	page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
	return errors;
}
