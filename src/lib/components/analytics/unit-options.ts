/**
 * A unit's profile charts: percent of the maximum and rank over the years (its predecessors'
 * lines dashed, as inherited history), and its criteria against the bloc median. Pure.
 */
import type { ChartOption } from '$lib/components/charts/echarts-core';
import { OKABE_ITO } from '$lib/components/charts/palette';
import type { Translator } from '$lib/i18n';
import type { UnitProfile } from '$lib/server/analytics/unit';
import { axisLabel, baseOption, dot, escapeHtml, lines, splitLine, whenNarrow } from './chart-kit';

const INHERITED = ['#7f8a96', '#a0522d', '#4b6584', '#8e7dbe'];

export function unitHistoryOption(p: UnitProfile, tr: Translator, summary: string): ChartOption {
	const years = [
		...new Set([...p.history.map((h) => h.year), ...p.inherited.flatMap((i) => i.history.map((h) => h.year))])
	].sort((a, b) => a - b);
	const cat = years.map(String);
	const own = new Map(p.history.map((h) => [h.year, h]));
	const series: NonNullable<ChartOption['series']> = [
		{
			id: 'percent',
			type: 'line',
			name: tr.t('unit.chart.percent'),
			color: OKABE_ITO.blue,
			z: 5,
			symbolSize: 11,
			lineStyle: { width: 3 },
			data: cat.map((y) => own.get(Number(y))?.percent ?? '-'),
			label: {
				show: true,
				position: 'top',
				distance: 10,
				formatter: (x) => {
					const h = own.get(Number(cat[x.dataIndex]));
					return h ? tr.num(h.percent, 1) : '';
				}
			}
		},
		{
			id: 'rank',
			type: 'line',
			name: tr.t('unit.chart.rank'),
			yAxisIndex: 1,
			color: OKABE_ITO.orange,
			symbol: 'rect',
			symbolSize: 10,
			lineStyle: { width: 2, type: 'dotted' },
			data: cat.map((y) => own.get(Number(y))?.rank ?? '-')
		}
	];
	// The unit's first own year: inherited lines run into it (the unit continues them).
	const first = p.history[0];
	p.inherited.forEach((u, i) => {
		const byYear = new Map<number, { percent: number }>(u.history.map((h) => [h.year, h]));
		const last = u.history[u.history.length - 1];
		const joins = p.predecessors.some((x) => x.unitCode === u.unitCode);
		if (first && last && joins && last.year < first.year && !byYear.has(first.year))
			byYear.set(first.year, { percent: first.percent });
		series.push({
			id: `inherited:${u.unitCode}`,
			type: 'line',
			name: tr.t('unit.chart.inherited', { unit: u.unitName }),
			color: INHERITED[i % INHERITED.length],
			symbol: 'emptyCircle',
			symbolSize: 8,
			lineStyle: { width: 2, type: 'dashed' },
			data: cat.map((y) => byYear.get(Number(y))?.percent ?? '-')
		});
	});
	return {
		...baseOption(summary),
		grid: { left: 56, right: 64, top: 44, bottom: 80 },
		// A plain legend: three or four entries, wrapped on a phone, never paged.
		legend: { bottom: 0, textStyle: { fontSize: 13 } },
		tooltip: {
			trigger: 'axis',
			confine: true,
			formatter: (params) => {
				const list = Array.isArray(params) ? params : [params];
				const year = Number(list[0]?.name);
				const h = own.get(year);
				const inherited = p.inherited
					.map((u) => ({ u, h: u.history.find((x) => x.year === year) }))
					.filter((x) => x.h);
				return lines([
					{ html: `<strong>${year}</strong>` },
					h &&
						tr.t('unit.tooltip.year', {
							bloc: h.blocName,
							rank: h.rank,
							members: h.members,
							total: tr.num(h.total),
							pct: tr.pct(h.percent, 2)
						}),
					h?.provisional && tr.t('analytics.provisional'),
					...inherited.map((x) => ({
						html:
							dot('#7f8a96') +
							escapeHtml(
								tr.t('unit.tooltip.inherited', {
									unit: x.u.unitName,
									rank: x.h!.rank,
									members: x.h!.members,
									pct: tr.pct(x.h!.percent, 2)
								})
							)
					}))
				]);
			}
		},
		// Years in the middle of their bands: the first and last points (and their labels) stay
		// clear of the two value axes and their labels.
		xAxis: { type: 'category', data: cat, boundaryGap: true, axisLabel: { ...axisLabel, hideOverlap: true } },
		yAxis: [
			{
				type: 'value',
				name: tr.t('trends.axis.percent'),
				min: (v: { min: number }) => Math.floor((v.min - 1) / 5) * 5,
				max: (v: { max: number }) => Math.ceil((v.max + 0.5) / 5) * 5,
				interval: 5,
				axisLabel: { ...axisLabel, formatter: (v: number) => tr.num(v, 0) },
				splitLine
			},
			{
				type: 'value',
				name: tr.t('trends.axis.rank'),
				nameLocation: 'start',
				inverse: true,
				min: 1,
				max: (v: { max: number }) => Math.max(v.max, 2),
				interval: 1,
				axisLabel,
				splitLine: { show: false }
			}
		],
		series,
		media: [
			whenNarrow({
				grid: { left: 40, right: 36, bottom: 96 },
				legend: { textStyle: { fontSize: 12 }, itemGap: 8 },
				xAxis: { axisLabel: { fontSize: 12 } },
				yAxis: [{ axisLabel: { fontSize: 12 } }, { axisLabel: { fontSize: 12 } }],
				series: [{ id: 'percent', label: { fontSize: 11, distance: 6 } }]
			} as ChartOption)
		]
	};
}

/** The unit's percent on each content criterion (bars), with the bloc median (black marks). */
export function unitCriteriaOption(
	rows: NonNullable<UnitProfile['criteria']>['rows'],
	tr: Translator,
	summary: string
): ChartOption {
	const sorted = [...rows].sort((a, b) => a.toMedian - b.toMedian || a.code.localeCompare(b.code));
	return {
		...baseOption(summary),
		grid: { left: 70, right: 40, top: 36, bottom: 36 },
		legend: { top: 0, textStyle: { fontSize: 13 } },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			confine: true,
			formatter: (params) => {
				const list = Array.isArray(params) ? params : [params];
				const r = sorted[list[0]?.dataIndex ?? -1];
				if (!r) return '';
				return lines([
					{ html: `<strong>${escapeHtml(`${r.code} · ${r.name}`)}</strong>` },
					tr.t('gaps.tooltip.points', {
						points: tr.num(r.points),
						max: tr.num(r.maxPoints),
						pct: tr.pct(r.percent, 2)
					}),
					tr.t('gaps.tooltip.median', {
						value: tr.pct(r.median, 2),
						gap: `${r.toMedian > 0 ? '+' : r.toMedian < 0 ? '−' : '±'}${tr.num(Math.abs(r.toMedian), 2)}`
					})
				]);
			}
		},
		// Bars start at 0: a bar's length is the unit's percent, never cut to an axis minimum.
		xAxis: {
			type: 'value',
			min: 0,
			max: 100,
			axisLabel: { ...axisLabel, formatter: (v: number) => tr.num(v, 0), hideOverlap: true },
			splitLine
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: sorted.map((r) => r.code),
			axisTick: { show: false },
			axisLabel: { ...axisLabel, fontWeight: 600 }
		},
		series: [
			{
				type: 'bar',
				name: tr.t('unit.chart.own'),
				color: OKABE_ITO.blue,
				barMaxWidth: 16,
				data: sorted.map((r) => ({
					value: r.percent,
					itemStyle: { color: r.toMedian < 0 ? OKABE_ITO.vermillion : OKABE_ITO.blue }
				}))
			},
			{
				type: 'scatter',
				name: tr.t('unit.chart.median'),
				symbol: 'rect',
				symbolSize: [4, 20],
				color: OKABE_ITO.black,
				z: 5,
				data: sorted.map((r, i) => [r.median, i])
			}
		]
	};
}

export function unitCriteriaHeight(n: number): number {
	return Math.max(220, n * 26 + 80);
}
