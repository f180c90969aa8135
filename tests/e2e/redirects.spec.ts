import { expect, test, type Page } from '@playwright/test';

/**
 * Open redirects as Chromium follows them (issue 11): a `Location` of `/<TAB>/evil.example` or
 * `/<TAB>\evil.example` is another site to Chromium, which drops the tab and reads `\` as `/`.
 * Every request the page makes, redirects included, is recorded when it leaves the app's origin
 * (`evil.example` is a reserved name: such a request cannot reach anyone).
 */
function watchOffSite(page: Page, origin: string): string[] {
	const offSite: string[] = [];
	page.on('request', (request) => {
		if (new URL(request.url()).origin !== origin) offSite.push(request.url());
	});
	return offSite;
}

async function signIn(page: Page) {
	await page.getByLabel('Tên đăng nhập').fill('phantich');
	await page.getByLabel('Mật khẩu').fill('thidua2025');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

test.describe('after signing in, the browser stays on the app', () => {
	for (const next of ['/%09/evil.example', '/%09%5Cevil.example', '/.//evil.example'])
		test(`/login?next=${next}`, async ({ page, baseURL }) => {
			const origin = new URL(baseURL!).origin;
			const offSite = watchOffSite(page, origin);
			await page.goto(`/login?next=${next}`);
			await signIn(page);
			await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
			expect(new URL(page.url()).origin).toBe(origin);
			expect(new URL(page.url()).pathname).toBe('/');
			// Signed in already: the login page with the same next sends the browser home too.
			await page.goto(`/login?next=${next}`);
			await expect(page.getByText(/Đang đăng nhập:/)).toBeVisible();
			expect(new URL(page.url()).origin).toBe(origin);
			expect(offSite).toEqual([]);
		});

	test('the language switch with /lang?back=/.//evil.example', async ({ page, baseURL }) => {
		const origin = new URL(baseURL!).origin;
		const offSite = watchOffSite(page, origin);
		await page.goto('/lang?to=vi&back=/.//evil.example');
		expect(new URL(page.url()).origin).toBe(origin);
		expect(offSite).toEqual([]);
	});

	test('a same-site next is still followed', async ({ page, baseURL }) => {
		const origin = new URL(baseURL!).origin;
		await page.goto(`/login?next=${encodeURIComponent('/blocs/K04/2024')}`);
		await signIn(page);
		await expect(page).toHaveURL(`${origin}/blocs/K04/2024`);
	});
});
