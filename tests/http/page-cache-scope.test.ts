/**
 * Scoped invalidation over HTTP, on the built app with the sample data: a sheet saved in bloc
 * K04 2025 leaves the cached pages of other blocs, other years and the award balance in place,
 * makes the pages that show K04 2025 render again (with the new figure), and logins, failed
 * logins and logouts empty nothing. `X-Page-Cache` tells whether a page was rendered for the
 * request (miss) or replayed (hit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../helpers/app-server';

let app: RunningApp;
let analyst: string;
let leader: string;

/** Pages that read nothing of K04 2025. */
const OTHERS = [
	'/blocs/K01/2025',
	'/blocs/K04/2024',
	'/blocs/K01/2025/units/XA13/history',
	'/awards?year=2025',
	'/analytics/gaps?bloc=K01&year=2025',
	'/analytics/trends?bloc=K01',
	'/api/analytics/cells?bloc=K01&year=2025'
];
/** Pages that show K04 2025. */
const K04 = [
	'/blocs/K04/2025',
	'/?year=2025',
	'/analytics/gaps?bloc=K04&year=2025',
	'/blocs/K04/2025/units/SO22/history'
];

async function cacheState(path: string, cookie = analyst): Promise<string | null> {
	const res = await app.request(path, { cookie });
	expect(res.status, path).toBe(200);
	await res.arrayBuffer();
	return res.headers.get('x-page-cache');
}

async function states(paths: string[]): Promise<Record<string, string | null>> {
	const out: Record<string, string | null> = {};
	for (const p of paths) out[p] = await cacheState(p);
	return out;
}
const all = (paths: string[], state: string) => Object.fromEntries(paths.map((p) => [p, state]));

async function saveK04(value: string): Promise<void> {
	const path = '/blocs/K04/2025/units/SO22';
	const page = await (await app.request(path, { cookie: leader })).text();
	const version = /name="version" value="(\d+)"/.exec(page)?.[1];
	expect(version).toBeDefined();
	const res = await app.post(`${path}?/review`, { version: version!, 'value.I.2': value }, leader);
	expect(res.status, await res.text()).toBe(303);
	expect(res.headers.get('location')).toMatch(/saved=1/);
}

beforeAll(async () => {
	app = await startApp();
	analyst = await app.login('phantich');
	leader = await app.login('truongkhoi.k04');
}, 120_000);
afterAll(() => app?.stop());

describe('a write empties only the cached pages of what it changed', () => {
	it('keeps other blocs’ pages through a save in K04 2025, renders K04’s again', async () => {
		await states([...OTHERS, ...K04]); // rendered once
		expect(await states([...OTHERS, ...K04])).toEqual(all([...OTHERS, ...K04], 'hit'));

		const before = await (await app.request('/blocs/K04/2025', { cookie: analyst })).text();
		await saveK04('31,5');
		expect(await states(OTHERS)).toEqual(all(OTHERS, 'hit'));
		expect(await states(K04)).toEqual(all(K04, 'miss'));
		// … and what it renders is the new data: the bloc page changed with the save.
		const after = await (await app.request('/blocs/K04/2025', { cookie: analyst })).text();
		expect(after).not.toEqual(before);
		expect(await states(K04)).toEqual(all(K04, 'hit'));
	});

	it('keeps every page through logins, failed logins and logouts', async () => {
		await states([...OTHERS, ...K04]);
		const viewer = await app.login('lanhdao');
		const failed = await app.post('/login', { username: 'phantich', password: 'sai-mat-khau', next: '/' });
		expect(failed.status).toBe(400);
		const out = await app.post('/logout', {}, viewer);
		expect(out.status).toBe(303);
		expect(await states([...OTHERS, ...K04])).toEqual(all([...OTHERS, ...K04], 'hit'));
		// The logged-out session is gone, at once.
		const after = await app.request('/blocs/K01/2025', { cookie: viewer });
		expect(after.status).toBe(303);
	});
});
