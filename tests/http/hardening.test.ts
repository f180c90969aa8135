/**
 * Smaller findings of issue 11, over HTTP against the built app (behind a trusted proxy:
 * TRUST_PROXY=1, so that X-Forwarded-Proto decides http or https):
 * - the security headers are on every answer, also those SvelteKit never sees (static files of
 *   build/client, the server's own 413), and Strict-Transport-Security only over https;
 * - a sheet form that sends a criterion twice is refused, naming it, and nothing is written.
 * (The policy cases, an anonymous unit request and a move to the current stage, are in
 * authorization.test.ts.)
 */
import { request as httpRequest } from 'node:http';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app-server';

let app: RunningApp;

beforeAll(async () => {
	app = await startApp({ TRUST_PROXY: '1' });
}, 150_000);

afterAll(async () => {
	await app?.stop();
}, 30_000);

const HEADERS = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin'
};

/**
 * A request whose body is announced but never sent: the server must answer from the headers
 * alone (as its 413 does). Resolves with the status and headers.
 */
function headersOnly(
	method: string,
	path: string,
	headers: Record<string, string>
): Promise<{ status: number; headers: Headers }> {
	const url = new URL(path, app.base);
	return new Promise((ok, fail) => {
		const req = httpRequest(
			{ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers },
			(res) => {
				const h = new Headers();
				for (const [k, v] of Object.entries(res.headers))
					if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
				ok({ status: res.statusCode ?? 0, headers: h });
				res.resume();
				req.destroy();
			}
		);
		req.on('error', fail);
		req.flushHeaders();
	});
}

/** A file adapter-node serves from build/client/_app/immutable (sirv, outside SvelteKit). */
function immutableAsset(): string {
	const dir = join('build', 'client', '_app', 'immutable', 'entry');
	const file = readdirSync(dir).find((f) => f.endsWith('.js'));
	if (!file) throw new Error(`no .js file in ${dir}: build the app first`);
	return `/_app/immutable/entry/${file}`;
}

describe('security headers on every answer', () => {
	const answers: [string, (proto: string | null) => Promise<{ status: number; headers: Headers }>][] = [
		[
			'a static file (favicon.svg)',
			async (proto) => {
				const res = await app.request('/favicon.svg', {
					headers: proto ? { 'x-forwarded-proto': proto } : {}
				});
				await res.arrayBuffer();
				return res;
			}
		],
		[
			'an immutable asset of build/client',
			async (proto) => {
				const res = await app.request(immutableAsset(), {
					headers: proto ? { 'x-forwarded-proto': proto } : {}
				});
				await res.arrayBuffer();
				return res;
			}
		],
		[
			"the server's own 413",
			(proto) =>
				headersOnly('POST', '/login', {
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': String(600 * 1024),
					...(proto ? { 'x-forwarded-proto': proto } : {})
				})
		],
		[
			'a SvelteKit page (login)',
			async (proto) => {
				const res = await app.request('/login', { headers: proto ? { 'x-forwarded-proto': proto } : {} });
				await res.arrayBuffer();
				return res;
			}
		]
	];

	for (const [what, get] of answers) {
		it(`${what}: the header set, no HSTS over plain http`, async () => {
			for (const proto of [null, 'http']) {
				const res = await get(proto);
				expect(res.status, what).toBe(what.includes('413') ? 413 : 200);
				for (const [name, value] of Object.entries(HEADERS)) expect(res.headers.get(name), name).toBe(value);
				expect(res.headers.get('strict-transport-security')).toBeNull();
			}
		});

		it(`${what}: HSTS when the trusted proxy says https`, async () => {
			const res = await get('https');
			for (const [name, value] of Object.entries(HEADERS)) expect(res.headers.get(name), name).toBe(value);
			expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
		});
	}
});

describe('a sheet form that sends a criterion twice', () => {
	const GRID5 = '/blocs/K05/2025/units/SO11'; // K05 2025 is self-scoring; so11 is SO11's officer

	async function gridContext(cookie: string) {
		const html = await (await app.request(GRID5, { cookie })).text();
		const version = /<dd data-version[^>]*>(\d+)</.exec(html)?.[1];
		const criterion = /<tr data-criterion="([^"]+)"/.exec(html)?.[1];
		if (!version || !criterion) throw new Error(`${GRID5}: no version or criterion in the grid`);
		const value = new RegExp(
			`name="value\\.${criterion.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*value="([^"]*)"`
		).exec(html);
		return { version, criterion, html, value: value?.[1] ?? null };
	}

	it('is refused with a Vietnamese message naming the criterion, and nothing is written', async () => {
		const cookie = await app.login('so11');
		const before = await gridContext(cookie);
		expect(before.value).not.toBeNull();
		const body = new URLSearchParams();
		body.append('version', before.version);
		body.append(`value.${before.criterion}`, '1');
		body.append(`value.${before.criterion}`, '2');
		const res = await app.request(`${GRID5}?/self`, {
			method: 'POST',
			cookie,
			headers: { origin: app.base, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: body.toString()
		});
		const html = await res.text();
		expect(res.status).toBe(400);
		expect(html).toContain(`Tiêu chí ${before.criterion} được gửi hai lần.`);
		const after = await gridContext(cookie);
		expect(after.version).toBe(before.version);
		expect(after.value).toBe(before.value);
	});

	it('the same form with the criterion once is saved (the refusal is the repetition)', async () => {
		const cookie = await app.login('so11');
		const before = await gridContext(cookie);
		const value = before.value === '1' ? '2' : '1';
		const res = await app.post(
			`${GRID5}?/self`,
			{ version: before.version, [`value.${before.criterion}`]: value },
			cookie
		);
		await res.arrayBuffer();
		expect(res.status).toBe(303);
		expect(Number((await gridContext(cookie)).version)).toBeGreaterThan(Number(before.version));
	});
});
