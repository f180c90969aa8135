/**
 * Issue 15 part 5, publication, on a real DuckDB file with the sample province (2024: every bloc
 * finalised; 2025: none, K04 in review, K05 self-scoring). Nothing is public by default; the
 * admin makes a year public in one transaction with its audit row; a public year shows its
 * finalised bloc-years only (one finalised now appears, its draft neighbour does not), with only
 * the published fields; a withdrawn year is gone at once, through the cached reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formFields } from '../../src/lib/domain/council-settings';
import type { Principal } from '../../src/lib/domain/policy';
import { loadPrincipal } from '../../src/lib/server/auth/users';
import type { Database } from '../../src/lib/server/db';
import { importPaths } from '../../src/lib/server/import';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import {
	publicationYears,
	publicOverview,
	publicYearPage,
	readPublicYears,
	savePublication
} from '../../src/lib/server/publication';
import { rankBloc } from '../../src/lib/server/ranking';
import { changeStage, getBlocYear } from '../../src/lib/server/scoring/stage';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;
let admin: Principal;

const fields = (f: Record<string, string[]>) =>
	formFields(Object.entries(f).flatMap(([k, v]) => v.map((x) => [k, x] as [string, string])));
const publish = (year: number, on: boolean) =>
	savePublication(db, admin, fields({ [`public.${year}`]: on ? ['off', 'on'] : ['off'] }));

async function principalOf(username: string): Promise<Principal> {
	const [row] = await db.all<{ id: number }>('SELECT user_id AS id FROM app_user WHERE username = $1', [
		username
	]);
	return (await loadPrincipal(db, row!.id))!;
}

beforeAll(async () => {
	env = await tempDatabase();
	db = env.db;
	expect((await importPaths(db, ['data/sample'])).committed).toBe(true);
	await loadSampleAccounts(db, 'data/sample');
	admin = await principalOf('admin');
}, 120_000);
afterAll(() => env.cleanup());

describe('publication of the finalised rankings', () => {
	it('nothing is public by default', async () => {
		expect(await readPublicYears(db)).toEqual([]);
		expect(await publicOverview(db)).toEqual([]);
		expect(await publicYearPage(db, 2024)).toBeNull();
		expect(await publicYearPage(db, 2024, 'K04')).toBeNull();
		const years = await publicationYears(db);
		expect(years.find((y) => y.year === 2024)).toEqual({ year: 2024, blocs: 7, finalised: 7, public: false });
		expect(years.find((y) => y.year === 2025)).toMatchObject({ finalised: 0, public: false });
	});

	it('only the admin publishes; a year the council does not have is refused; neither writes anything', async () => {
		const before = await contentDigest(db);
		expect(
			await savePublication(db, await principalOf('phantich'), fields({ 'public.2024': ['on'] }))
		).toEqual({ status: 'forbidden' });
		expect(
			await savePublication(db, await principalOf('truongkhoi.k04'), fields({ 'public.2024': ['on'] }))
		).toEqual({ status: 'forbidden' });
		const bad = await savePublication(db, admin, fields({ 'public.2024': ['on'], 'public.2099': ['on'] }));
		expect(bad).toEqual({
			status: 'invalid',
			problems: [{ field: 'public.2099', code: 'unknownYear', params: { year: '2099' } }]
		});
		expect(await contentDigest(db)).toBe(before);
	});

	it('a public year shows every finalised bloc, in its ranking order, with only the published fields', async () => {
		expect(await publish(2024, true)).toEqual({ status: 'saved', changes: [{ year: 2024, public: true }] });
		expect(await readPublicYears(db)).toEqual([2024]);
		const page = (await publicYearPage(db, 2024))!;
		expect(page.blocs.map((b) => b.blocCode)).toEqual(['K01', 'K02', 'K03', 'K04', 'K05', 'K06', 'K07']);
		const k04 = page.blocs.find((b) => b.blocCode === 'K04')!;
		const ranking = await rankBloc(db, 2024, 'K04');
		expect(k04.rows.map((r) => [r.rank, r.unitName, r.total, r.tier])).toEqual(
			ranking.map((r) => [r.rank, r.unitName, r.total, r.tier])
		);
		expect(k04.members).toBe(ranking.length);
		for (const row of k04.rows)
			expect(Object.keys(row).sort()).toEqual(
				['contentMax', 'percent', 'proposal', 'rank', 'tied', 'tier', 'total', 'unitName'].sort()
			);
		// One bloc-year alone, as on its own page.
		expect((await publicYearPage(db, 2024, 'K04'))!.blocs.map((b) => b.blocCode)).toEqual(['K04']);
		expect(await publicYearPage(db, 2024, 'KHONGCO')).toBeNull();
		expect(await publicYearPage(db, 2023)).toBeNull();
		// Saving the same again changes nothing and writes nothing.
		const before = await contentDigest(db);
		expect(await publish(2024, true)).toEqual({ status: 'saved', changes: [] });
		expect(await contentDigest(db)).toBe(before);
	});

	it('a draft bloc of a public year is absent; once finalised it appears', async () => {
		expect((await publish(2025, true)).status).toBe('saved');
		const empty = (await publicYearPage(db, 2025))!;
		expect(empty.blocs).toEqual([]);
		expect(empty.otherYears).toEqual([2024]);
		expect(await publicYearPage(db, 2025, 'K04')).toBeNull();
		const k04 = (await getBlocYear(db, 2025, 'K04'))!;
		expect(k04.stage).toBe('review');
		expect(await changeStage(db, admin, k04, 'finalised', '')).toMatchObject({ ok: true });
		const after = (await publicYearPage(db, 2025))!;
		expect(after.blocs.map((b) => b.blocCode)).toEqual(['K04']);
		expect(await publicYearPage(db, 2025, 'K05')).toBeNull(); // self-scoring: a draft
		expect((await publicYearPage(db, 2025, 'K04'))!.blocs[0]!.rows.length).toBeGreaterThan(0);
		// Reopened: gone again from the public year at once.
		expect(
			await changeStage(db, admin, (await getBlocYear(db, 2025, 'K04'))!, 'review', 'Kiểm tra lại')
		).toMatchObject({ ok: true });
		expect((await publicYearPage(db, 2025))!.blocs).toEqual([]);
		const overview = await publicOverview(db);
		expect(overview.map((y) => [y.year, y.blocs.length])).toEqual([
			[2025, 0],
			[2024, 7]
		]);
	});

	it('two admins publishing the same year at once: one change, one audit row, no failure', async () => {
		const audit = () =>
			db.all<{ n: number }>(
				"SELECT CAST(count(*) AS INTEGER) AS n FROM audit_log WHERE criterion_code = 'public_year:2023'"
			);
		const results = await Promise.allSettled([publish(2023, true), publish(2023, true), publish(2023, true)]);
		// Each save reads what the one before it wrote: the first changes the year, the others find it done.
		expect(results.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason)))).toEqual([
			{ status: 'saved', changes: [{ year: 2023, public: true }] },
			{ status: 'saved', changes: [] },
			{ status: 'saved', changes: [] }
		]);
		expect(await readPublicYears(db)).toEqual([2023, 2024, 2025]);
		expect((await audit())[0]!.n).toBe(1);
		expect(await publish(2023, false)).toEqual({ status: 'saved', changes: [{ year: 2023, public: false }] });
	});

	it('a withdrawn year is gone at once; every change is in the settings history', async () => {
		expect(await publish(2025, false)).toEqual({ status: 'saved', changes: [{ year: 2025, public: false }] });
		expect(await publish(2024, false)).toEqual({ status: 'saved', changes: [{ year: 2024, public: false }] });
		expect(await publicYearPage(db, 2024)).toBeNull();
		expect(await publicYearPage(db, 2024, 'K04')).toBeNull();
		expect(await publicOverview(db)).toEqual([]);
		const audit = await db.all<{ line: string }>(
			`SELECT username || ' ' || year || ' ' || criterion_code || ': ' || old_value || ' → ' || new_value AS line
			 FROM audit_log WHERE action = 'setting' AND criterion_code LIKE 'public_year:%' ORDER BY id`
		);
		expect(audit.map((a) => a.line)).toEqual([
			'admin 2024 public_year:2024: false → true',
			'admin 2025 public_year:2025: false → true',
			'admin 2023 public_year:2023: false → true',
			'admin 2023 public_year:2023: true → false',
			'admin 2025 public_year:2025: true → false',
			'admin 2024 public_year:2024: true → false'
		]);
	});
});
