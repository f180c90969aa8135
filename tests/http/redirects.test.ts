/**
 * Open redirects (issue 11), over HTTP against the built app: every redirect answers a path of
 * this site, or its fallback. The reproductions are sent byte for byte as the issue gives them;
 * then other known bypasses through each redirect that takes a target from the request (`back`
 * of /lang, GET and POST; `next` of /login, signed in and signing in), and the redirects the app
 * builds itself (the guard's login redirect, the sheet's save, logout).
 * What Chromium does with such a `Location` is tested in tests/e2e/redirects.spec.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PASSWORD, startApp, type RunningApp } from '../helpers/app-server';

let app: RunningApp;
/** Signed in as the sample council analyst. */
let analyst = '';

beforeAll(async () => {
	app = await startApp();
	analyst = await app.login('phantich');
}, 150_000);

afterAll(async () => {
	await app?.stop();
}, 30_000);

/**
 * The answer is a redirect (303) whose Location a browser follows to this origin: a path with
 * one leading slash, no whitespace, control character or backslash, resolving to the app's
 * origin. Returns the Location.
 */
async function sameSiteRedirect(res: Response, what: string): Promise<string> {
	await res.arrayBuffer();
	expect(res.status, what).toBe(303);
	const location = res.headers.get('location') ?? '';
	expect(location, what).toMatch(/^\/(?![/\\])/);
	expect(location, what).not.toMatch(/[\s\\]|\p{Cc}/u);
	expect(new URL(location, app.base + '/a/b').origin, what).toBe(app.base);
	return location;
}

/** Known bypasses, as the decoded parameter value (each is sent percent-encoded). */
const BYPASSES = [
	'/.//evil.example',
	'/\t/evil.example',
	'/\t\\evil.example',
	'//evil.example',
	'///evil.example',
	'/\\evil.example',
	'/\\/evil.example',
	'/%2F%2Fevil.example',
	'/%5Cevil.example',
	'/%09/evil.example',
	'/..//evil.example',
	'/a/..//evil.example',
	'/%2e%2e//evil.example',
	'/\r\nLocation: https://evil.example',
	'/%0d%0aSet-Cookie:%20session=x',
	' //evil.example',
	'/／evil.example',
	'/⧵evil.example',
	'/\u200b/evil.example',
	'https://evil.example/',
	'https:evil.example',
	'//127.0.0.1@evil.example',
	'javascript:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'/' + 'a'.repeat(5000)
];

describe('the reproductions of issue 11 get the fallback', () => {
	for (const query of ['back=/.//evil.example', 'back=/.%2F%2Fevil.example'])
		it(`GET /lang?${query}, nobody signed in`, async () => {
			const res = await app.request(`/lang?to=vi&${query}`);
			expect(await sameSiteRedirect(res, query)).toBe('/');
		});

	for (const query of ['next=/%09/evil.example', 'next=/%09%5Cevil.example'])
		it(`GET /login?${query}, signed in`, async () => {
			const res = await app.request(`/login?${query}`, { cookie: analyst });
			expect(await sameSiteRedirect(res, query)).toBe('/');
		});

	it('GET /login?next=/%09/evil.example, then signing in with the form the page gives', async () => {
		const page = await app.request('/login?next=/%09/evil.example');
		const html = await page.text();
		expect(page.status).toBe(200);
		const next = /<input type="hidden" name="next" value="([^"]*)"/.exec(html)?.[1];
		expect(next).toBe('/');
		const res = await app.post('/login', { username: 'phantich', password: SAMPLE_PASSWORD, next: next! });
		expect(await sameSiteRedirect(res, 'login form')).toBe('/');
	});
});

describe('other bypasses get the fallback, through every redirect that takes a target', () => {
	it('GET /lang?back=…, signed in and not', async () => {
		for (const back of BYPASSES)
			for (const cookie of [undefined, analyst]) {
				const res = await app.request(`/lang?to=vi&back=${encodeURIComponent(back)}`, { cookie });
				expect(await sameSiteRedirect(res, JSON.stringify(back))).toBe('/');
			}
	});

	it('POST /lang with a back field', async () => {
		for (const back of BYPASSES) {
			const res = await app.post('/lang', { to: 'vi', back });
			expect(await sameSiteRedirect(res, JSON.stringify(back))).toBe('/');
		}
	});

	it('GET /login?next=…, signed in', async () => {
		for (const next of BYPASSES) {
			const res = await app.request(`/login?next=${encodeURIComponent(next)}`, { cookie: analyst });
			expect(await sameSiteRedirect(res, JSON.stringify(next))).toBe('/');
		}
	});

	it('POST /login with a next field: signed in, sent to the overview', async () => {
		for (const next of BYPASSES.slice(0, 8)) {
			const res = await app.post('/login', { username: 'phantich', password: SAMPLE_PASSWORD, next });
			expect(res.headers.getSetCookie().some((c) => c.startsWith('session='))).toBe(true);
			expect(await sameSiteRedirect(res, JSON.stringify(next))).toBe('/');
		}
	});

	it('the login page never carries an unsafe next into its form', async () => {
		for (const next of BYPASSES) {
			const html = await (await app.request(`/login?next=${encodeURIComponent(next)}`)).text();
			expect(/<input type="hidden" name="next" value="([^"]*)"/.exec(html)?.[1], JSON.stringify(next)).toBe(
				'/'
			);
		}
	});
});

describe('same-site targets still work', () => {
	it('back and next go where they say, in the URL normal form', async () => {
		const cases: [string, string][] = [
			['/blocs/K04/2024', '/blocs/K04/2024'],
			['/analytics/trends?bloc=K05&year=2024', '/analytics/trends?bloc=K05&year=2024'],
			['/awards?q=Nguyễn', '/awards?q=Nguy%E1%BB%85n'], // encoded, not a 500 (no raw UTF-8 header)
			['/blocs/K01/../K02/2025', '/blocs/K02/2025']
		];
		for (const [target, location] of cases) {
			const lang = await app.request(`/lang?to=vi&back=${encodeURIComponent(target)}`);
			expect(await sameSiteRedirect(lang, target)).toBe(location);
			const login = await app.request(`/login?next=${encodeURIComponent(target)}`, { cookie: analyst });
			expect(await sameSiteRedirect(login, target)).toBe(location);
		}
	});

	it('the guard sends an anonymous reader to the login page and back', async () => {
		const res = await app.request('/blocs/K04/2024?tab=1');
		expect(await sameSiteRedirect(res, 'guard')).toBe(
			`/login?next=${encodeURIComponent('/blocs/K04/2024?tab=1')}`
		);
		const odd = await app.request('/blocs/K04/2024?x=%09%5C');
		await sameSiteRedirect(odd, 'guard, odd query');
	});

	it('signing out goes to the login page', async () => {
		const cookie = await app.login('lanhdao');
		expect(await sameSiteRedirect(await app.post('/logout', {}, cookie), 'logout')).toBe('/login');
	});
});
