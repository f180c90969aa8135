/**
 * The analytics on the sample province (real DuckDB, real import): years compared with the 2025
 * mergers, gaps, the rule checks' deliberate violations, unit profiles, who sees drafts, and the
 * cells endpoint in both wire formats through the real route handler.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import type { Principal } from '../../src/lib/domain/policy';
import { lineageConnectors } from '../../src/lib/domain/trends';
import { findingText } from '../../src/lib/components/analytics/rule-text';
import { translator } from '../../src/lib/i18n';
import {
	analyticsAccess,
	blocGaps,
	cellRows,
	ruleReport,
	unitProfile,
	yearsCompared,
	type AllTrends,
	type BlocTrends
} from '../../src/lib/server/analytics';
import { getDatabase, type Database } from '../../src/lib/server/db';
import { importPaths } from '../../src/lib/server/import';
import { decodeArrow } from '../../src/lib/transport/arrow';
import { decodeJson, type ColumnsJson } from '../../src/lib/transport/json';
import { ARROW_MIME, CELL_SCHEMA, dictColumn, floatColumn, intColumn } from '../../src/lib/transport/schema';
import { GET as cellsGet } from '../../src/routes/api/analytics/cells/+server';

const dir = mkdtempSync(join(tmpdir(), 'ktd-analytics-test-'));
process.env.DATABASE_PATH = join(dir, 'app.duckdb');
let db: Database;

const analyst: Principal = {
	userId: 1,
	username: 'phantich',
	displayName: 'Phân tích',
	grants: [{ role: 'analyst' }]
};
const viewer: Principal = {
	userId: 2,
	username: 'lanhdao',
	displayName: 'Lãnh đạo',
	grants: [{ role: 'viewer' }]
};
const leaderK04: Principal = {
	userId: 3,
	username: 'truongkhoi.k04',
	displayName: 'Trưởng khối K04',
	grants: [{ role: 'bloc_leader', blocCode: 'K04', year: 2025 }]
};

beforeAll(async () => {
	db = await getDatabase();
	const r = await importPaths(db, ['data/sample']);
	expect(r.committed).toBe(true);
	expect(r.counts.find((c) => c.table === 'headcounts')?.added).toBe(481);
});
afterAll(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('years compared', () => {
	it('continues the 2025 mergers of K01 through the lineage: Xã Tân Khoang inherits Tân Lập and Nà Khoang', async () => {
		const t = (await yearsCompared(db, await analyticsAccess(db, analyst), 'K01')) as BlocTrends;
		expect(t.kind).toBe('bloc');
		expect(t.years).toEqual([2020, 2021, 2022, 2023, 2024, 2025]);
		expect(t.provisionalYears).toEqual([2025]);
		const xa17 = t.units.find((u) => u.unitCode === 'XA17')!;
		expect(xa17.points.map((p) => p.year)).toEqual([2025]);
		expect([...xa17.predecessors].sort()).toEqual(['XA01', 'XA02']);
		expect(t.units.find((u) => u.unitCode === 'XA01')!.successors).toEqual(['XA17']);
		// The chart links each predecessor's 2024 point to the successor's 2025 point.
		const lines = new Map(
			t.units.map((u) => [u.unitCode, u.points.map((p) => ({ year: p.year, value: p.percent }))])
		);
		const links = lineageConnectors(lines, t.lineage).filter((c) => c.successor === 'XA17');
		expect(links.map((c) => [c.predecessor, c.from.year, c.to.year])).toEqual([
			['XA01', 2024, 2025],
			['XA02', 2024, 2025]
		]);
		expect(links[0]!.to.value).toBe(xa17.points[0]!.percent);
		// Membership changes: the successors enter in 2025, the seven old communes leave after 2024.
		const merged = t.events.filter((e) => e.kind === 'merged_in').map((e) => [e.unitCode, e.related]);
		expect(merged).toEqual([
			['XA17', ['XA01', 'XA02']],
			['XA18', ['XA03', 'XA04', 'XA05']],
			['XA19', ['XA06', 'XA07']]
		]);
		expect(t.events.filter((e) => e.kind === 'merged_into')).toHaveLength(7);
	});

	it('matches criteria by code between two years, marking the new and dropped ones', async () => {
		const access = await analyticsAccess(db, analyst);
		const t = (await yearsCompared(db, access, 'K01', { from: 2024, to: 2025, focus: 'XA17' })) as BlocTrends;
		const c = t.criteria!;
		expect([c.from, c.to]).toEqual([2024, 2025]);
		expect(c.counts).toEqual({ kept: 29, changed: 0, added: 1, removed: 1 });
		expect(c.changes.filter((x) => x.status !== 'kept').map((x) => [x.code, x.status])).toEqual([
			['II.6', 'added'],
			['II.5', 'removed']
		]);
		// The bloc median of each year comes from the cells: check one by hand.
		const cells = (await cellRows(db, access, { blocCode: 'K01', year: 2024 })).filter(
			(x) => x.criterionCode === 'I.1'
		);
		const sorted = cells.map((x) => x.percent).sort((a, b) => a - b);
		const mid = sorted.length >> 1;
		const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
		expect(c.changes.find((x) => x.code === 'I.1')!.medianBefore).toBeCloseTo(median, 2);
		// Followed unit: XA17 did not exist in 2024; its 2024 value is the mean of XA01 and XA02.
		const focus = t.focus!.criteria.find((x) => x.code === 'I.1')!;
		expect(focus.inheritedFrom).toEqual(['XA01', 'XA02']);
		const at = (u: string) => cells.find((x) => x.unitCode === u)!.percent;
		expect(focus.from).toBeCloseTo((at('XA01') + at('XA02')) / 2, 2);
	});

	it('shows a unit moving to another bloc and coming back', async () => {
		const t = (await yearsCompared(db, await analyticsAccess(db, analyst), 'K04')) as BlocTrends;
		const so10 = t.events.filter((e) => e.unitCode === 'SO10').map((e) => [e.year, e.kind, e.related]);
		expect(so10).toEqual([
			[2022, 'moved_out', ['K07']],
			[2024, 'returned', []]
		]);
		expect(t.units.find((u) => u.unitCode === 'SO10')!.points.map((p) => p.year)).toEqual([
			2020, 2021, 2022, 2024, 2025
		]);
	});

	it('compares all blocs by their mean percent', async () => {
		const t = (await yearsCompared(db, await analyticsAccess(db, analyst), null)) as AllTrends;
		expect(t.kind).toBe('all');
		expect(t.blocs.map((b) => b.blocCode)).toEqual(['K01', 'K02', 'K03', 'K04', 'K05', 'K06', 'K07']);
		expect(t.changes.find((c) => c.blocCode === 'K01' && c.from === 2024)?.counts).toEqual({
			kept: 29,
			changed: 0,
			added: 1,
			removed: 1
		});
		// The units table, only when asked for: one entry per year, the bloc of that year (SO10
		// spent 2023 in K07).
		expect(t.units).toBeNull();
		const withUnits = (await yearsCompared(db, await analyticsAccess(db, analyst), null, {
			units: true
		})) as AllTrends;
		expect({ ...withUnits, units: null }).toEqual(t);
		expect(withUnits.units).toHaveLength(t.unitCount);
		const k04 = (await yearsCompared(db, await analyticsAccess(db, analyst), 'K04')) as BlocTrends;
		const so10 = withUnits.units!.find((u) => u.unitCode === 'SO10')!;
		expect(so10.blocCode).toEqual(t.years.map((y) => (y === 2023 ? 'K07' : y >= 2020 ? 'K04' : null)));
		const inK04 = k04.units.find((u) => u.unitCode === 'SO10')!.points;
		expect(inK04).toHaveLength(t.years.length - 1);
		for (const p of inK04) {
			const i = t.years.indexOf(p.year);
			expect([so10.percent[i], so10.rank[i]]).toEqual([p.percent, p.rank]);
		}
		expect(so10.percent[t.years.indexOf(2023)]).not.toBeNull();
	});

	it('hides drafts from leadership and from other blocs’ leaders', async () => {
		const v = (await yearsCompared(db, await analyticsAccess(db, viewer), 'K01')) as BlocTrends;
		expect(v.years).toEqual([2020, 2021, 2022, 2023, 2024]);
		expect(v.units.some((u) => u.unitCode === 'XA17')).toBe(false);
		const leader = await analyticsAccess(db, leaderK04);
		expect(leader.canRead('K04', 2025)).toBe(true);
		expect(leader.canRead('K03', 2025)).toBe(false);
		expect((await cellRows(db, leader, { blocCode: 'K03', year: 2025 })).length).toBe(0);
		expect((await cellRows(db, leader, { blocCode: 'K04', year: 2025 })).length).toBeGreaterThan(0);
	});
});

describe('gaps', () => {
	it('gives each unit its gap to the bloc median and to the leader per criterion', async () => {
		const g = (await blocGaps(db, await analyticsAccess(db, analyst), 'K04', 2024))!;
		expect(g.units[0]!.rank).toBe(1);
		expect(g.leaders).toEqual(g.units.filter((u) => u.rank === 1).map((u) => u.unitCode));
		for (const c of g.criteria) {
			const values = g.units.map((u) => g.cells[u.unitCode]![c.code]!.percent).sort((a, b) => a - b);
			const mid = values.length >> 1;
			const median = values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
			expect(g.stats[c.code]!.median).toBeCloseTo(median, 1);
			const leader = g.cells[g.leaders[0]!]![c.code]!;
			expect(leader.toLeader).toBe(0);
			for (const u of g.units) {
				const cell = g.cells[u.unitCode]![c.code]!;
				expect(cell.percent).toBeCloseTo((cell.points / c.maxPoints) * 100, 1);
				expect(cell.toMedian).toBeCloseTo(cell.percent - g.stats[c.code]!.median, 1);
			}
		}
		// The marks are on the cells they concern only, as `true` (a bloc-year with self-scores
		// nobody reviewed).
		const [marked] = await db.all<{ blocCode: string; year: number }>(
			`SELECT bloc_code AS "blocCode", CAST(year AS INTEGER) AS year FROM score
			 WHERE reviewed_score IS NULL GROUP BY ALL ORDER BY year, bloc_code LIMIT 1`
		);
		const access = await analyticsAccess(db, analyst);
		const raw = await cellRows(db, access, { blocCode: marked!.blocCode, year: marked!.year });
		const m = (await blocGaps(db, access, marked!.blocCode, marked!.year))!;
		expect(raw.some((c) => c.unreviewed)).toBe(true);
		for (const c of raw) {
			const cell = m.cells[c.unitCode]![c.criterionCode]!;
			expect(cell.unreviewed, `${c.unitCode} ${c.criterionCode}`).toBe(c.unreviewed ? true : undefined);
			expect(cell.missing, `${c.unitCode} ${c.criterionCode}`).toBe(c.missing ? true : undefined);
		}
		// The weakest criterion of the year has the lowest median.
		const lowest = Math.min(...Object.values(g.stats).map((s) => s.median));
		expect(g.weakest[0]!.median).toBe(lowest);
		expect(g.acrossYears[0]!.medians.length).toBeGreaterThan(1);
		expect(g.order).toHaveLength(new Set(g.order).size);
	});
});

describe('rule checks on the sample', () => {
	it('lists the deliberate violations with the numbers behind them', async () => {
		const r = await ruleReport(db, await analyticsAccess(db, analyst));
		const list = (code: string) =>
			r.findings
				.filter((f) => f.code === code)
				.map((f) => `${f.year} ${f.unitCode}`)
				.sort();
		// scripts/sample/catalog.ts: CSTDCS_VIOLATIONS.
		expect(list('cstdcs_over_cap')).toEqual([
			'2021 XA04',
			'2022 SO05',
			'2023 TR03',
			'2024 DN03',
			'2025 DG05',
			'2025 PH07'
		]);
		// scripts/sample/catalog.ts: HEADCOUNT_PLANTS.
		expect(list('ttldxs_ldtt_share')).toEqual(['2022 DT06', '2024 PH07', '2025 SO11']);
		expect(list('ttldxs_tasks')).toEqual(['2024 TR06']);
		expect(list('ttldxs_no_headcount')).toEqual(['2025 XA12']);
		expect(r.findings.filter((f) => f.kind === 'gov_flag_cap')).toEqual([]);

		const xa04 = r.findings.find((f) => f.unitCode === 'XA04')!;
		const [row] = await db.all<{ ldtt: number; cstdcs: number }>(
			`SELECT CAST(count(*) FILTER (WHERE award_code = 'LDTT') AS INTEGER) AS ldtt,
			        CAST(count(*) FILTER (WHERE award_code = 'CSTDCS') AS INTEGER) AS cstdcs
			 FROM award WHERE unit_code = 'XA04' AND year = 2021`
		);
		expect(xa04.numbers).toMatchObject({ ldtt: row!.ldtt, cstdcs: row!.cstdcs });
		expect(xa04.ruleId).toBe('cstdcs_cap@nd91-2017');
		expect(findingText(xa04, translator('vi'))).toMatch(
			/^3 Chiến sĩ thi đua cơ sở trên 10 Lao động tiên tiến = 30%/
		);
		const dn03 = r.findings.find((f) => f.unitCode === 'DN03')!;
		expect(dn03).toMatchObject({ ruleId: 'cstdcs_cap@2024', toConfirm: true });
		const so11 = r.findings.find((f) => f.unitCode === 'SO11')!;
		const [hc] = await db.all<{ members: number }>(
			"SELECT members FROM unit_headcount WHERE unit_code = 'SO11' AND year = 2025"
		);
		expect(so11.numbers.members).toBe(hc!.members);
	});

	it('checks one year on request, and every checked unit-year under the version in force', async () => {
		const r = await ruleReport(db, await analyticsAccess(db, analyst), 2024);
		expect(new Set(r.findings.map((f) => f.year))).toEqual(new Set([2024]));
		// The sample has Government flags since issue 15 part 6 (state-level awards): their cap is checked too.
		expect(Object.keys(r.checked).sort()).toEqual([
			'cstdcs_cap@2024',
			'gov_flag_cap@2024',
			'ttldxs_standard@luat-2022'
		]);
		expect(r.notApplied).toEqual([]);
	});
});

describe('unit profile', () => {
	it('shows a merged unit with its predecessors’ history, its criteria against the bloc median and its awards', async () => {
		const p = (await unitProfile(db, await analyticsAccess(db, analyst), 'XA17'))!;
		expect(p.predecessors.map((x) => x.unitCode)).toEqual(['XA01', 'XA02']);
		expect(p.history.map((h) => h.year)).toEqual([2025]);
		expect(p.inherited.map((i) => [i.unitCode, i.history.length])).toEqual([
			['XA01', 5],
			['XA02', 5]
		]);
		expect(p.criteria?.year).toBe(2025);
		expect(p.criteria!.rows.every((r) => Math.abs(r.toMedian - (r.percent - r.median)) < 0.011)).toBe(true);
		expect(p.awards.map((a) => a.year)).toEqual([2025]);
		expect(p.headcounts).toHaveLength(1);
		// Leadership does not see the 2025 draft: only the predecessors' finalised years remain.
		const v = (await unitProfile(db, await analyticsAccess(db, viewer), 'XA17'))!;
		expect(v.history).toEqual([]);
		expect(v.hiddenYears).toEqual([2025]);
		expect(v.criteria).toBeNull();
	});
});

describe('GET /api/analytics/cells', () => {
	const call = (query: string, user: Principal | null) =>
		cellsGet({
			url: new URL(`http://localhost/api/analytics/cells${query}`),
			locals: { user, lang: 'vi' },
			request: new Request(`http://localhost/api/analytics/cells${query}`)
		} as unknown as Parameters<typeof cellsGet>[0] & RequestEvent);

	it('sends a bloc’s cells of every year (over 1 000 rows) as Arrow IPC with typed columns', async () => {
		const res = await call('?bloc=K05', analyst);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe(ARROW_MIME);
		const rows = Number(res.headers.get('x-row-count'));
		expect(rows).toBeGreaterThan(1000);
		const bytes = new Uint8Array(await res.arrayBuffer());
		const t = decodeArrow(bytes, CELL_SCHEMA);
		expect(t.rowCount).toBe(rows);
		const expected = await cellRows(db, await analyticsAccess(db, analyst), { blocCode: 'K05', year: null });
		expect(t.rowCount).toBe(expected.length);
		const year = intColumn(t, 'year');
		const unit = dictColumn(t, 'unitCode');
		const pct = floatColumn(t, 'percent');
		for (const i of [0, 17, expected.length - 1]) {
			expect(year[i]).toBe(expected[i]!.year);
			expect(unit.dictionary[unit.indices[i]!]).toBe(expected[i]!.unitCode);
			expect(pct[i]).toBe(expected[i]!.percent);
		}
	});

	it('sends one bloc-year (under 1 000 rows) as column-wise JSON, and either format on request', async () => {
		const res = await call('?bloc=K05&year=2024', analyst);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		const t = decodeJson((await res.json()) as ColumnsJson, CELL_SCHEMA);
		expect(t.rowCount).toBeLessThan(1000);
		expect(new Set(intColumn(t, 'year'))).toEqual(new Set([2024]));
		const forced = await call('?bloc=K05&year=2024&format=arrow', analyst);
		expect(forced.headers.get('content-type')).toBe(ARROW_MIME);
		expect(decodeArrow(new Uint8Array(await forced.arrayBuffer()), CELL_SCHEMA)).toEqual(t);
	});

	it('leaves out drafts the reader may not see, and refuses anonymous readers and bad parameters', async () => {
		const res = await call('?bloc=K05&year=2025', viewer);
		expect(Number(res.headers.get('x-row-count'))).toBe(0);
		await expect(call('?bloc=K05', null)).rejects.toMatchObject({ status: 401 });
		await expect(call('?bloc=K05&year=20x5', analyst)).rejects.toMatchObject({ status: 400 });
		await expect(call('?bloc=K05', { ...viewer, grants: [] })).rejects.toMatchObject({ status: 403 });
	});
});
