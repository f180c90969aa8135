import { describe, expect, it } from 'vitest';
import type { ChartOption } from '../../src/lib/components/charts/echarts-core';
import { chartParts } from '../../src/lib/components/charts/echarts-parts';
import { totalsOption } from '../../src/lib/components/charts/totals-option';
import type { RankingRow } from '../../src/lib/domain/types';
import { translator } from '../../src/lib/i18n';

const row = (unitCode: string, total: number, rank: number): RankingRow => ({
	unitCode,
	unitName: `Đơn vị ${unitCode}`,
	role: 'member',
	groups: [],
	content: total,
	contentMax: 1000,
	bonusRaw: 0,
	bonus: 0,
	deduction: 0,
	total,
	percent: total / 10,
	rank,
	tied: false,
	tier: 'good',
	proposal: null,
	proposalTie: false,
	vote: null,
	unreviewedCount: 0,
	missingCount: 0
});

describe('chartParts: the ECharts parts a chart downloads', () => {
	it('a bloc totals chart needs bars on a grid, the tooltip and aria: no line, heatmap or legend', () => {
		const tr = translator('vi');
		const option = totalsOption([row('A', 900, 1), row('B', 850, 2)], tr, 'tóm tắt');
		expect(chartParts(option)).toEqual(['bar', 'grid', 'tooltip', 'aria']);
	});

	it('reads every series, a series markLine, a scroll legend and a visualMap', () => {
		const option: ChartOption = {
			xAxis: { type: 'category' },
			yAxis: { type: 'value' },
			legend: { type: 'scroll' },
			visualMap: { type: 'continuous', min: 0, max: 1 },
			series: [
				{ type: 'line', data: [1], markLine: { data: [{ yAxis: 1 }] } },
				{ type: 'scatter', data: [[1, 1]] },
				{ type: 'heatmap', data: [[0, 0, 1]] }
			]
		};
		expect(chartParts(option)).toEqual([
			'line',
			'scatter',
			'heatmap',
			'grid',
			'legendScroll',
			'markLine',
			'visualMap'
		]);
	});

	it('a plain legend is not the scrolling one; an option left undefined needs nothing', () => {
		const option: ChartOption = {
			grid: {},
			legend: [{ bottom: 0 }],
			tooltip: undefined,
			series: { type: 'bar', data: [1] }
		};
		expect(chartParts(option)).toEqual(['bar', 'grid', 'legend']);
		expect(chartParts({})).toEqual([]);
	});

	it('refuses what no part provides, rather than drawing a chart without it', () => {
		expect(() => chartParts({ series: [{ type: 'pie' }] } as unknown as ChartOption)).toThrow(/pie/);
		expect(() => chartParts({ visualMap: { type: 'piecewise' } })).toThrow(/piecewise/);
	});
});
