/**
 * A new year from the last one (issue 14, part 4) on the sample province: 2026 from 2025 for every
 * bloc, with two lineage links added for 2026 (the K07 deputy renamed, two K04 members merged).
 * Every bloc gets 2025's members with the lineage applied, the leader and deputy by the rotation
 * rule, the same criteria and pledge settings (title with 2026, no signed date, stage open), its
 * stored totals (zeros, every content criterion missing), one audit row; a second attempt, and a
 * confirm whose preview no longer matches the data, are refused and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import type { Database } from '../../src/lib/server/db';
import { importPaths } from '../../src/lib/server/import';
import { blocHeader } from '../../src/lib/server/overview/bloc';
import { rankBloc } from '../../src/lib/server/ranking';
import { STORED_TOTALS_SQL, TOTALS_COLUMNS, TOTALS_SQL } from '../../src/lib/server/ranking/queries';
import {
	createNewYear,
	newYearOptions,
	parseRequest,
	previewNewYear,
	type NewYearRequest
} from '../../src/lib/server/admin/new-year';
import { getBlocYear } from '../../src/lib/server/scoring/stage';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

const admin: Principal = {
	userId: 1,
	username: 'admin',
	displayName: 'Quản trị',
	grants: [{ role: 'admin' }]
};
const analyst: Principal = {
	userId: 2,
	username: 'phantich',
	displayName: 'Phân tích',
	grants: [{ role: 'analyst' }]
};

let db: Database;
let cleanup: () => void;

beforeAll(async () => {
	({ db, cleanup } = await tempDatabase());
	expect((await importPaths(db, ['data/sample'], { source: 'test' })).committed).toBe(true);
	// 2026 lineage: K07's deputy DN07 renamed DN08; K04's SO22 and SO23 merged into SO30.
	await db.run(`INSERT INTO unit (unit_code, unit_name, unit_type) VALUES
		('DN08', 'Doanh nghiệp mới tên', 'enterprise'), ('SO30', 'Sở hợp nhất', 'department')`);
	await db.run(`INSERT INTO unit_lineage (predecessor_code, successor_code, year, event) VALUES
		('DN07', 'DN08', 2026, 'rename'), ('SO22', 'SO30', 2026, 'merge'), ('SO23', 'SO30', 2026, 'merge')`);
}, 120_000);
afterAll(() => cleanup?.());

const members = (year: number, bloc: string) =>
	db.all<{ unit: string; role: string }>(
		`SELECT unit_code AS unit, role FROM bloc_membership WHERE year = $1 AND bloc_code = $2 ORDER BY unit_code`,
		[year, bloc]
	);
const successor: Record<string, string> = { DN07: 'DN08', SO22: 'SO30', SO23: 'SO30' };

async function defaultRequest(): Promise<NewYearRequest> {
	const options = await newYearOptions(db);
	const { request } = parseRequest(
		() => null,
		() => [],
		options
	);
	return request!;
}

describe('a new year from the last one, on the sample', () => {
	let digestBefore = '';

	it('defaults: 2026 from 2025, every bloc', async () => {
		const req = await defaultRequest();
		expect([req.targetYear, req.sourceYear, req.blocs]).toEqual([
			2026,
			2025,
			['K01', 'K02', 'K03', 'K04', 'K05', 'K06', 'K07']
		]);
		expect(await previewNewYear(db, analyst, req)).toBeNull();
	});

	it('says what is wrong with the form, field by field', async () => {
		const options = await newYearOptions(db);
		const parse = (q: string) => {
			const p = new URLSearchParams(q);
			return parseRequest(
				(n) => p.get(n),
				(n) => p.getAll(n),
				options
			).errors;
		};
		expect(parse('year=20x6')).toEqual([{ key: 'year', values: { min: 1990, max: 2100 } }]);
		expect(parse('year=2031')).toEqual([{ key: 'source', values: { year: 2030 } }]);
		expect(parse('year=2025&from=2025')).toEqual([{ key: 'sameYear' }]);
		expect(parse('year=2026&from=2025&blocs=1')).toEqual([{ key: 'noBlocs' }]);
		expect(parse('year=2026&from=2025&blocs=1&bloc=K99')).toEqual([
			{ key: 'unknownBloc', values: { bloc: 'K99', year: 2025 } }
		]);
		expect(parse('year=2026&from=2025&blocs=1&bloc=K04')).toEqual([]);
	});

	it('refuses a confirm whose token is not the preview of the data now, writing nothing', async () => {
		const req = await defaultRequest();
		const preview = (await previewNewYear(db, admin, req))!;
		expect(preview.plan.refusals).toEqual([]);
		digestBefore = await contentDigest(db);
		// the data changes after the preview: a criterion's maximum
		await db.run(
			`UPDATE criterion SET max_points = max_points + 1 WHERE year = 2025 AND bloc_code = 'K02' AND sort_order = 1`
		);
		const changed = await contentDigest(db);
		const stale = await createNewYear(db, admin, req, preview.token);
		expect(stale.ok).toBe(false);
		expect(!stale.ok && stale.refusal).toBe('stale');
		expect(await contentDigest(db)).toBe(changed);
		await db.run(
			`UPDATE criterion SET max_points = max_points - 1 WHERE year = 2025 AND bloc_code = 'K02' AND sort_order = 1`
		);
		expect(await contentDigest(db)).toBe(digestBefore);
		expect((await createNewYear(db, analyst, req, preview.token)).ok).toBe(false);
	});

	it('creates 2026 for every bloc in one go: members with lineage, rotated roles, same criteria and settings', async () => {
		const req = await defaultRequest();
		const preview = (await previewNewYear(db, admin, req))!;
		const k04 = preview.plan.blocs.find((b) => b.blocCode === 'K04')!;
		expect(k04.members.find((m) => m.unitCode === 'SO30')).toMatchObject({
			replaces: ['SO22', 'SO23'],
			event: 'merge'
		});
		const result = await createNewYear(db, admin, req, preview.token);
		expect(result.ok).toBe(true);
		for (const bloc of req.blocs) {
			const before = await members(2025, bloc);
			const after = await members(2026, bloc);
			const expected = [...new Set(before.map((m) => successor[m.unit] ?? m.unit))].sort();
			expect(
				after.map((m) => m.unit),
				bloc
			).toEqual(expected);
			// the rule: this year's deputy (or its successor) leads, the next member by code is deputy
			const deputy = before.find((m) => m.role === 'deputy')!.unit;
			const leader = successor[deputy] ?? deputy;
			const next = expected[(expected.indexOf(leader) + 1) % expected.length];
			expect(
				after.filter((m) => m.role !== 'member').sort((a, b) => a.role.localeCompare(b.role)),
				bloc
			).toEqual([
				{ unit: next, role: 'deputy' },
				{ unit: leader, role: 'leader' }
			]);
			const criteria = (year: number) =>
				db.all(
					`SELECT criterion_code, group_code, group_name, criterion_name, CAST(max_points AS VARCHAR) AS m,
						CAST(weight AS VARCHAR) AS w, kind, sort_order
					 FROM criterion WHERE year = $1 AND bloc_code = $2 ORDER BY criterion_code`,
					[year, bloc]
				);
			expect(await criteria(2026), bloc).toEqual(await criteria(2025));
			const pledge = (year: number) =>
				db.all<Record<string, unknown>>(
					`SELECT title, signed_date, CAST(bonus_cap AS VARCHAR) AS cap, CAST(tier_good_pct AS VARCHAR) AS good,
						flag_count, flag_min_tier, certificate_count, certificate_min_tier, stage
					 FROM pledge WHERE year = $1 AND bloc_code = $2`,
					[year, bloc]
				);
			const [p25] = await pledge(2025);
			const [p26] = await pledge(2026);
			expect(p26).toEqual({
				...p25,
				title: String(p25!.title).replaceAll('2025', '2026'),
				signed_date: null,
				stage: 'open'
			});
			expect(String(p26!.title)).toContain('2026');
			expect(await getBlocYear(db, 2026, bloc)).toEqual({ blocCode: bloc, year: 2026, stage: 'open' });
			const header = await blocHeader(db, 2026, bloc);
			expect(header?.pledge.stage).toBe('open');
			// stored totals: one row per member, nothing scored
			const rows = await rankBloc(db, 2026, bloc);
			expect(rows.map((r) => r.unitCode).sort()).toEqual(expected);
			expect(rows.every((r) => r.total === 0)).toBe(true);
		}
		expect(await db.all(`SELECT COUNT(*)::INTEGER AS n FROM score WHERE year = 2026`)).toEqual([{ n: 0 }]);
		const order = 'ORDER BY year, bloc_code, unit_code';
		expect(await db.all(`SELECT ${TOTALS_COLUMNS} FROM unit_total WHERE year = 2026 ${order}`)).toEqual(
			await db.all(`SELECT * FROM (${TOTALS_SQL}) ${order}`, [2026, null, null])
		);
		expect(await db.all(`SELECT * FROM unit_total WHERE year = 2026 ${order}`)).toEqual(
			await db.all(`SELECT * FROM (${STORED_TOTALS_SQL}) ${order}`, [2026, null, null])
		);
		const audit = await db.all<{ bloc: string; user: string; value: string }>(
			`SELECT bloc_code AS bloc, username AS "user", new_value AS value FROM audit_log
			 WHERE action = 'year.create' AND year = 2026 ORDER BY bloc_code`
		);
		expect(audit.map((a) => a.bloc)).toEqual(req.blocs);
		expect(JSON.parse(audit.find((a) => a.bloc === 'K07')!.value)).toMatchObject({
			from: 2025,
			leader: 'DN08',
			deputy: 'DN01',
			replaced: { DN08: ['DN07'] },
			criteria: expect.any(Number)
		});
	});

	it('a second attempt is refused, says which blocs exist, and writes nothing', async () => {
		// now that 2026 exists the defaults are 2027 from 2026: ask for 2026 from 2025 again
		const req: NewYearRequest = { ...(await defaultRequest()), targetYear: 2026, sourceYear: 2025 };
		expect((await defaultRequest()).targetYear).toBe(2027);
		const preview = (await previewNewYear(db, admin, req))!;
		const kinds = new Set(preview.plan.refusals.map((r) => r.kind));
		expect(kinds).toEqual(new Set(['pledge_exists', 'membership_exists']));
		expect(preview.plan.refusals.filter((r) => r.kind === 'pledge_exists').map((r) => r.bloc)).toEqual(
			req.blocs
		);
		const before = await contentDigest(db);
		const again = await createNewYear(db, admin, req, preview.token);
		expect(!again.ok && again.refusal).toBe('refused');
		expect(await contentDigest(db)).toBe(before);
	});
});
