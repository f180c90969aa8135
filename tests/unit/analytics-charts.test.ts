/**
 * The analytics chart options of issue 13: many-series colours, lines named at their ends (no
 * paged legend), labels kept apart, phone layouts (ECharts media queries), the unit profile's
 * axes, the gaps strip plot's years, PNG titles, and the links between the analytics pages.
 */
import { describe, expect, it } from 'vitest';
import { analyticsLinks } from '../../src/lib/components/analytics/analytics-links';
import {
	NARROW_WIDTH,
	manySeriesColor,
	pngTitle,
	shortNames,
	spreadLabels
} from '../../src/lib/components/analytics/chart-kit';
import { yearColor } from '../../src/lib/components/analytics/gap-options';
import {
	allBlocsOption,
	blocLinesOption,
	criteriaChangeOption,
	labelOffsets,
	valueScale
} from '../../src/lib/components/analytics/trend-options';
import { unitCriteriaOption, unitHistoryOption } from '../../src/lib/components/analytics/unit-options';
import { slopeOption } from '../../src/lib/components/analytics/whatif-options';
import { MANY_SERIES_COLORS, MUTED } from '../../src/lib/components/charts/palette';
import { chartParts } from '../../src/lib/components/charts/echarts-parts';
import type { RankingRow } from '../../src/lib/domain/types';
import { translator } from '../../src/lib/i18n';
import type { AllTrends, BlocTrends, TrendUnit } from '../../src/lib/server/analytics/trends';
import type { UnitProfile } from '../../src/lib/server/analytics/unit';

const tr = translator('vi');
const YEARS = [2020, 2021, 2022, 2023, 2024, 2025];

/** A bloc of `n` units over six years; units 0 and 1 end on the same percent (labels collide). */
function bloc(n: number): BlocTrends {
	const units: TrendUnit[] = Array.from({ length: n }, (_, i) => ({
		unitCode: `U${i}`,
		unitName: `Trường THPT Số ${i + 1}`,
		points: YEARS.map((year, k) => ({
			year,
			percent: i < 2 ? 90 : 70 + ((i * 7 + k * 3) % 29),
			total: 900,
			rank: i + 1,
			members: n,
			tied: i < 2,
			tier: 'good' as const,
			provisional: year === 2025
		})),
		predecessors: [],
		successors: []
	}));
	return {
		kind: 'bloc',
		blocCode: 'K06',
		blocName: 'Khối các trường THPT',
		years: YEARS,
		provisionalYears: [2025],
		units,
		lineage: [],
		events: [],
		pairs: [],
		criteria: null,
		focus: null
	};
}

type AnyOption = Record<string, unknown> & {
	series: Record<string, unknown>[];
	media?: { query: { maxWidth: number }; option: Record<string, unknown> }[];
};
const asAny = (o: unknown) => o as AnyOption;
const unitSeries = (o: AnyOption) => o.series.filter((s) => String(s.id).startsWith('unit:'));

describe('palette: many series', () => {
	it('has at least 20 distinct colours, none of them the muted grey', () => {
		const set = new Set(MANY_SERIES_COLORS.map((c) => c.toLowerCase()));
		expect(set.size).toBeGreaterThanOrEqual(20);
		expect(set.size).toBe(MANY_SERIES_COLORS.length);
		expect(set.has(MUTED.toLowerCase())).toBe(false);
	});

	it('gives 14 units 14 different colours (7 colours twice before)', () => {
		const colours = Array.from({ length: 14 }, (_, i) => manySeriesColor(i, 14));
		expect(new Set(colours).size).toBe(14);
	});

	it('gives the years of the strip plot six clearly different colours', () => {
		const colours = [0, 1, 2, 3, 4, 5].map(yearColor);
		expect(new Set(colours).size).toBe(6);
	});
});

describe('trend charts with 14 units', () => {
	const data = bloc(14);

	it('have no paged legend: every line is named at its end instead', () => {
		for (const metric of ['percent', 'rank'] as const) {
			const o = asAny(blocLinesOption(data, tr, metric, null, 's'));
			expect(o.legend).toBeUndefined();
			expect(chartParts(o as never)).not.toContain('legendScroll');
			const units = unitSeries(o);
			expect(units).toHaveLength(14);
			for (const s of units) expect((s.endLabel as { show: boolean }).show).toBe(true);
			expect(new Set(units.map((s) => s.color)).size).toBe(14);
		}
		const all: AllTrends = {
			kind: 'all',
			years: YEARS,
			provisionalYears: [],
			blocs: Array.from({ length: 7 }, (_, i) => ({
				blocCode: `K0${i + 1}`,
				blocName: `Khối ${i + 1}`,
				points: YEARS.map((year) => ({ year, mean: 85, median: 85, members: 8, provisional: false }))
			})),
			changes: [],
			unitCount: 56,
			units: null
		};
		expect(asAny(allBlocsOption(all, tr, 'percent', 's')).legend).toBeUndefined();
	});

	it('bring the hovered line forward and grey the others', () => {
		const o = asAny(blocLinesOption(data, tr, 'percent', null, 's'));
		const s = unitSeries(o)[0]!;
		expect(s.emphasis).toMatchObject({ focus: 'series' });
		expect(s.triggerLineEvent).toBe(true);
	});

	it('keep the labels at the ends of the lines apart (two units end on the same value)', () => {
		const scale = valueScale(data, 'percent');
		const offsets = labelOffsets(data, 'percent', scale, 2025, (u) => u.points[u.points.length - 1]);
		const at = data.units.map((u) => scale.px(u.points[5]!.percent) + offsets.get(u.unitCode)!);
		const sorted = [...at].sort((a, b) => a - b);
		for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(16.99);
	});

	it('on a phone drop the names beside the lines and show the rank axis', () => {
		for (const metric of ['percent', 'rank'] as const) {
			const o = asAny(blocLinesOption(data, tr, metric, null, 's'));
			const narrow = o.media?.find((m) => m.query.maxWidth < NARROW_WIDTH);
			expect(narrow).toBeDefined();
			const series = narrow!.option.series as { id: string; endLabel: { show: boolean } }[];
			expect(series).toHaveLength(14);
			expect(series.every((s) => s.endLabel.show === false)).toBe(true);
			expect((narrow!.option.grid as { left: number }).left).toBeLessThan(60);
		}
	});

	it('name lines by what tells them apart', () => {
		const names = shortNames(['Trường THPT Tân Lập', 'Trường THPT Phú Lộc', 'Trường THPT Trần Hưng Đạo']);
		expect([...names.values()]).toEqual(['Tân Lập', 'Phú Lộc', 'Trần Hưng Đạo']);
		// nothing in common, or a name that would be left empty: names kept whole
		expect([...shortNames(['Sở Tài chính', 'UBND xã A']).values()]).toEqual(['Sở Tài chính', 'UBND xã A']);
		expect([...shortNames(['Trường THPT', 'Trường THPT A']).values()]).toEqual(['THPT', 'THPT A']);
	});
});

describe('criteria change bars', () => {
	it('leave room beyond the longest bar for its label, on a laptop and on a phone', () => {
		const o = asAny(criteriaChangeOption([], tr, 2024, 2025, 's'));
		type Fn = (v: { min: number; max: number }) => number;
		const x = o.xAxis as { min: Fn; max: Fn };
		expect(x.min({ min: -5.4, max: 2.5 })).toBeLessThanOrEqual(-5.4 - 1.5);
		expect(x.max({ min: -5.4, max: 2.5 })).toBeGreaterThanOrEqual(2.5 + 1.5);
		const narrow = o.media![0]!.option.xAxis as { min: Fn };
		expect(narrow.min({ min: -5.4, max: 2.5 })).toBeLessThanOrEqual(-5.4 - 3);
	});
});

describe('spreadLabels', () => {
	it('moves only what overlaps, keeps the order, and stays inside the plot', () => {
		expect(spreadLabels([10, 100, 200], 17, 0, 300)).toEqual([10, 100, 200]);
		expect(spreadLabels([100, 100, 100], 17, 0, 300)).toEqual([100, 117, 134]);
		const low = spreadLabels([295, 296, 299], 17, 0, 300);
		expect(low).toEqual([266, 283, 300]);
	});
});

describe('unit profile', () => {
	const year = (y: number, rank: number) => ({
		year: y,
		blocCode: 'K02',
		blocName: 'Khối kinh tế',
		rank,
		members: 4,
		tied: false,
		total: 900,
		percent: 90,
		tier: 'good' as const,
		proposal: null,
		provisional: false
	});
	const profile = {
		history: [year(2024, 1), year(2025, 2)],
		inherited: [],
		predecessors: []
	} as unknown as UnitProfile;

	it('draws years in the middle of their bands: the last point and its label clear of the rank axis', () => {
		const o = asAny(unitHistoryOption(profile, tr, 's'));
		expect((o.xAxis as { boundaryGap: boolean }).boundaryGap).toBe(true);
		expect((o.legend as { type?: string }).type).not.toBe('scroll');
	});

	it('starts the criteria bars at 0', () => {
		const rows = [
			{
				code: 'I.1',
				name: 'A',
				groupName: 'I',
				points: 18,
				maxPoints: 20,
				percent: 90,
				median: 85,
				leader: 95,
				toMedian: 5
			}
		];
		const o = asAny(unitCriteriaOption(rows, tr, 's'));
		expect((o.xAxis as { min: unknown }).min).toBe(0);
	});
});

describe('what-if slope on a phone', () => {
	it('keeps every point’s value in the narrow layout (media replaces data, it does not merge it)', () => {
		const row = (code: string, rank: number): RankingRow =>
			({ unitCode: code, unitName: `Đơn vị ${code}`, rank, total: 900, percent: 90 }) as RankingRow;
		const changes = [
			{ after: row('A', 1), before: row('A', 2), delta: 1, tierChanged: false, proposalChanged: false },
			{ after: row('B', 2), before: row('B', 1), delta: -1, tierChanged: false, proposalChanged: false }
		];
		const o = asAny(slopeOption(changes, tr, 's'));
		const narrow = o.media![0]!.option.series as { data: { value: number }[] }[];
		expect(narrow.map((s) => s.data.map((d) => d.value))).toEqual(
			o.series.map((s) => (s.data as { value: number }[]).map((d) => d.value))
		);
	});
});

describe('PNG titles and links between the analytics pages', () => {
	it('a PNG title carries the bloc and the year', () => {
		const title = pngTitle(tr.t('ax.png.whatif'), 'Khối các trường THPT', 2025);
		expect(title).toContain('Khối các trường THPT');
		expect(title).toContain('2025');
	});

	it('every link keeps the bloc and the year', () => {
		const links = analyticsLinks('K06', 2023, [2020, 2021, 2022, 2023, 2024]);
		expect(links.map((l) => l.href)).toEqual([
			'/analytics/trends?bloc=K06&from=2022&to=2023',
			'/analytics/gaps?bloc=K06&year=2023',
			'/analytics/whatif?bloc=K06&year=2023',
			'/blocs/K06/2023'
		]);
		// the bloc's first year has no pair ending with it: the years compared open on their default
		expect(analyticsLinks('K06', 2020, [2020, 2021])[0]!.href).toBe('/analytics/trends?bloc=K06');
	});
});
