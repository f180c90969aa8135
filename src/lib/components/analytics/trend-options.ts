/**
 * Years compared: percent of the content maximum per unit and year (lines), rank movement (a bump
 * chart: lines on an inverted rank axis), and the criteria change between two pledges. Merged
 * units continue through dashed links from their predecessors; units entering or leaving the bloc
 * are marked with triangles. Pure.
 */
import type { ChartOption } from '$lib/components/charts/echarts-core';
import { CHANGE_COLORS, MUTED, OKABE_ITO } from '$lib/components/charts/palette';
import { lineageConnectors, type CriterionChange, type SeriesPoint } from '$lib/domain/trends';
import type { Translator } from '$lib/i18n';
import type { AllTrends, BlocTrends, TrendUnit } from '$lib/server/analytics/trends';
import {
	axisLabel,
	baseOption,
	dot,
	escapeHtml,
	lines,
	seriesColor,
	seriesSymbol,
	splitLine
} from './chart-kit';

type Metric = 'percent' | 'rank';

/** Units related to the focus unit through lineage (drawn in colour with it). */
export function focusGroup(data: BlocTrends, focus: string | null): Set<string> {
	if (!focus) return new Set();
	const out = new Set([focus]);
	let grew = true;
	while (grew) {
		grew = false;
		for (const l of data.lineage)
			if (out.has(l.successor) && !out.has(l.predecessor)) {
				out.add(l.predecessor);
				grew = true;
			} else if (out.has(l.predecessor) && !out.has(l.successor)) {
				out.add(l.successor);
				grew = true;
			}
	}
	return out;
}

function yearLabel(data: { provisionalYears: number[] }, tr: Translator) {
	return (y: string | number) =>
		data.provisionalYears.includes(Number(y)) ? `${y}\n${tr.t('analytics.provisionalShort')}` : String(y);
}

interface Styled {
	unit: TrendUnit;
	color: string;
	symbol: string;
	strong: boolean;
}

function styles(data: BlocTrends, focus: string | null): Map<string, Styled> {
	const group = focusGroup(data, focus);
	return new Map(
		data.units.map((unit, i) => {
			const strong = group.size === 0 || group.has(unit.unitCode);
			return [
				unit.unitCode,
				{ unit, color: strong ? seriesColor(i) : MUTED, symbol: seriesSymbol(i), strong }
			];
		})
	);
}

const value = (p: TrendUnit['points'][number], metric: Metric) => (metric === 'percent' ? p.percent : p.rank);

/** Entering / leaving markers: first point after the bloc's first year, last point before its last year. */
function eventMarkers(data: BlocTrends, metric: Metric) {
	const first = data.years[0];
	const last = data.years[data.years.length - 1];
	const entering: [string, number, string][] = [];
	const leaving: [string, number, string][] = [];
	for (const e of data.events) {
		const unit = data.units.find((u) => u.unitCode === e.unitCode);
		const p = unit?.points.find((x) => x.year === e.year);
		if (!unit || !p) continue;
		if (['joined', 'returned', 'moved_in', 'merged_in'].includes(e.kind) && e.year !== first)
			entering.push([String(e.year), value(p, metric), e.unitCode]);
		if (['left', 'moved_out', 'merged_into'].includes(e.kind) && e.year !== last)
			leaving.push([String(e.year), value(p, metric), e.unitCode]);
	}
	return { entering, leaving };
}

function unitTooltip(data: BlocTrends, tr: Translator, year: number, unitCodes: string[]): string {
	const rows = data.units
		.filter((u) => unitCodes.includes(u.unitCode))
		.map((u) => ({ u, p: u.points.find((p) => p.year === year) }))
		.filter((x): x is { u: TrendUnit; p: NonNullable<typeof x.p> } => x.p !== undefined)
		.sort((a, b) => a.p.rank - b.p.rank);
	const head = `${year}${data.provisionalYears.includes(year) ? ` (${tr.t('analytics.provisional')})` : ''}`;
	return lines([
		{ html: `<strong>${escapeHtml(head)}</strong>` },
		...rows.map(({ u, p }) => ({
			html:
				escapeHtml(`${p.rank}${p.tied ? '=' : ''}. ${u.unitName}: `) +
				`<strong>${escapeHtml(tr.pct(p.percent, 2))}</strong>` +
				escapeHtml(` · ${tr.num(p.total)} ${tr.t('chart.points')}`)
		}))
	]);
}

/** The lines of a bloc: percent of the maximum or rank, per unit and year. */
export function blocLinesOption(
	data: BlocTrends,
	tr: Translator,
	metric: Metric,
	focus: string | null,
	summary: string
): ChartOption {
	const style = styles(data, focus);
	const years = data.years.map(String);
	const series: NonNullable<ChartOption['series']> = [];
	const ordered = [...style.values()].sort((a, b) => Number(a.strong) - Number(b.strong));
	const lastYear = data.years[data.years.length - 1];
	const firstYear = data.years[0];
	for (const s of ordered) {
		const byYear = new Map(s.unit.points.map((p) => [p.year, p]));
		const firstPoint = s.unit.points[0];
		const lastPoint = s.unit.points[s.unit.points.length - 1];
		series.push({
			id: `unit:${s.unit.unitCode}`,
			name: s.unit.unitName,
			type: 'line',
			z: s.strong ? 3 : 2,
			color: s.color,
			symbol: s.symbol,
			symbolSize: s.strong ? 9 : 6,
			connectNulls: false,
			lineStyle: { width: s.strong ? (focus ? 4 : 2.5) : 1.5 },
			emphasis: { focus: 'series', lineStyle: { width: 4 } },
			data: years.map((y) => {
				const p = byYear.get(Number(y));
				return p ? value(p, metric) : '-';
			}),
			...(metric === 'rank'
				? {
						label: {
							show: true,
							position: 'left',
							distance: 8,
							color: s.strong ? '#1b1f24' : '#6b7280',
							width: 170,
							overflow: 'truncate',
							formatter: (p: { dataIndex: number }) =>
								firstPoint && firstPoint.year === firstYear && p.dataIndex === 0
									? `${firstPoint.rank}. ${s.unit.unitName}`
									: ''
						},
						endLabel: {
							show: lastPoint?.year === lastYear,
							color: s.strong ? '#1b1f24' : '#6b7280',
							width: 170,
							overflow: 'truncate',
							formatter: () => `${lastPoint?.rank ?? ''}. ${s.unit.unitName}`
						}
					}
				: {})
		});
	}
	// Lineage: dashed links from each predecessor's last point to the successor's first point.
	const lineOf = new Map<string, SeriesPoint[]>(
		data.units.map((u) => [u.unitCode, u.points.map((p) => ({ year: p.year, value: value(p, metric) }))])
	);
	for (const c of lineageConnectors(lineOf, data.lineage)) {
		const succ = style.get(c.successor);
		series.push({
			id: `link:${c.predecessor}:${c.successor}`,
			name: tr.t('trends.mergeLink'),
			type: 'line',
			z: succ?.strong ? 4 : 1,
			color: succ?.color ?? MUTED,
			symbol: 'none',
			lineStyle: { type: 'dashed', width: succ?.strong ? 2.5 : 1.5 },
			tooltip: { show: false },
			silent: true,
			data: [
				[String(c.from.year), c.from.value],
				[String(c.to.year), c.to.value]
			]
		});
	}
	const { entering, leaving } = eventMarkers(data, metric);
	series.push(
		{
			id: 'events:in',
			name: tr.t('trends.legend.entering'),
			type: 'scatter',
			z: 5,
			symbol: 'triangle',
			symbolSize: 15,
			itemStyle: { color: '#ffffff', borderColor: OKABE_ITO.black, borderWidth: 2 },
			data: entering
		},
		{
			id: 'events:out',
			name: tr.t('trends.legend.leaving'),
			type: 'scatter',
			z: 5,
			symbol: 'triangle',
			symbolRotate: 180,
			symbolSize: 15,
			itemStyle: { color: OKABE_ITO.black, borderColor: OKABE_ITO.black, borderWidth: 1 },
			data: leaving
		}
	);

	const maxRank = Math.max(1, ...data.units.flatMap((u) => u.points.map((p) => p.members)));
	return {
		...baseOption(summary),
		grid:
			metric === 'rank'
				? { left: 200, right: 200, top: 16, bottom: 56 }
				: { left: 60, right: 64, top: 16, bottom: 110 },
		legend:
			metric === 'percent'
				? {
						type: 'scroll',
						bottom: 0,
						itemGap: 14,
						textStyle: { fontSize: 13 },
						data: [
							...data.units.map((u) => u.unitName),
							tr.t('trends.legend.entering'),
							tr.t('trends.legend.leaving')
						]
					}
				: undefined,
		tooltip: {
			trigger: 'axis',
			confine: true,
			formatter: (params) => {
				const list = Array.isArray(params) ? params : [params];
				const year = Number(list[0]?.name);
				const codes = list
					.map((p) => String(p.seriesId ?? ''))
					.filter((id) => id.startsWith('unit:'))
					.map((id) => id.slice(5));
				return unitTooltip(data, tr, year, codes);
			}
		},
		xAxis: {
			type: 'category',
			data: years,
			boundaryGap: false,
			axisLabel: { ...axisLabel, formatter: yearLabel(data, tr) },
			axisLine: { lineStyle: { color: '#8a929c' } }
		},
		yAxis:
			metric === 'rank'
				? {
						type: 'value',
						inverse: true,
						min: 0.5,
						max: maxRank + 0.5,
						interval: 1,
						axisLabel: { show: false },
						axisTick: { show: false },
						splitLine: { show: false }
					}
				: {
						type: 'value',
						min: (v: { min: number }) => Math.floor((v.min - 1) / 5) * 5,
						max: (v: { max: number }) => Math.ceil((v.max + 0.5) / 5) * 5,
						interval: 5,
						name: tr.t('trends.axis.percent'),
						nameLocation: 'middle',
						nameGap: 40,
						axisLabel: { ...axisLabel, formatter: (v: number) => tr.num(v, 0) },
						splitLine
					},
		series
	};
}

export function linesChartHeight(data: BlocTrends, metric: Metric): number {
	if (metric === 'percent') return 460;
	const maxRank = Math.max(1, ...data.units.flatMap((u) => u.points.map((p) => p.members)));
	return Math.max(320, maxRank * 30 + 90);
}

/** All blocs: one line per bloc (mean percent of its members), or blocs ranked by that mean. */
export function allBlocsOption(
	data: AllTrends,
	tr: Translator,
	metric: Metric,
	summary: string
): ChartOption {
	const years = data.years.map(String);
	const rankOf = new Map<string, number>();
	for (const y of data.years) {
		const means = data.blocs
			.map((b) => ({ b: b.blocCode, m: b.points.find((p) => p.year === y)?.mean }))
			.filter((x): x is { b: string; m: number } => x.m !== undefined);
		for (const x of means) rankOf.set(`${x.b}|${y}`, 1 + means.filter((o) => o.m > x.m).length);
	}
	const lastYear = data.years[data.years.length - 1];
	const firstYear = data.years[0];
	return {
		...baseOption(summary),
		grid:
			metric === 'rank'
				? { left: 240, right: 240, top: 16, bottom: 48 }
				: { left: 60, right: 64, top: 16, bottom: 90 },
		legend:
			metric === 'percent'
				? { type: 'scroll', bottom: 0, textStyle: { fontSize: 13 }, data: data.blocs.map((b) => b.blocName) }
				: undefined,
		tooltip: {
			trigger: 'axis',
			confine: true,
			formatter: (params) => {
				const list = Array.isArray(params) ? params : [params];
				const year = Number(list[0]?.name);
				const rows = data.blocs
					.map((b) => ({ b, p: b.points.find((p) => p.year === year) }))
					.filter((x) => x.p)
					.sort((a, b) => b.p!.mean - a.p!.mean);
				return lines([
					{
						html: `<strong>${escapeHtml(String(year))}${data.provisionalYears.includes(year) ? ` (${escapeHtml(tr.t('analytics.provisional'))})` : ''}</strong>`
					},
					...rows.map((x) =>
						tr.t('trends.all.tooltip', {
							bloc: x.b.blocName,
							mean: tr.pct(x.p!.mean, 2),
							median: tr.pct(x.p!.median, 2),
							members: x.p!.members
						})
					)
				]);
			}
		},
		xAxis: {
			type: 'category',
			data: years,
			boundaryGap: false,
			axisLabel: { ...axisLabel, formatter: yearLabel(data, tr) }
		},
		yAxis:
			metric === 'rank'
				? {
						type: 'value',
						inverse: true,
						min: 0.5,
						max: data.blocs.length + 0.5,
						interval: 1,
						axisLabel: { show: false },
						axisTick: { show: false },
						splitLine: { show: false }
					}
				: {
						type: 'value',
						min: (v: { min: number }) => Math.floor((v.min - 1) / 5) * 5,
						max: (v: { max: number }) => Math.ceil((v.max + 0.5) / 5) * 5,
						interval: 5,
						name: tr.t('trends.axis.meanPercent'),
						nameLocation: 'middle',
						nameGap: 40,
						axisLabel: { ...axisLabel, formatter: (v: number) => tr.num(v, 0) },
						splitLine
					},
		series: data.blocs.map((b, i) => {
			const byYear = new Map(b.points.map((p) => [p.year, p]));
			return {
				id: `bloc:${b.blocCode}`,
				name: b.blocName,
				type: 'line' as const,
				color: seriesColor(i),
				symbol: seriesSymbol(i),
				symbolSize: 9,
				lineStyle: { width: 2.5 },
				emphasis: { focus: 'series' as const },
				data: years.map((y) => {
					const p = byYear.get(Number(y));
					if (!p) return '-';
					return metric === 'percent' ? p.mean : (rankOf.get(`${b.blocCode}|${y}`) ?? '-');
				}),
				...(metric === 'rank'
					? {
							label: {
								show: true,
								position: 'left' as const,
								width: 210,
								overflow: 'truncate' as const,
								formatter: (p: { dataIndex: number }) =>
									p.dataIndex === 0 && byYear.has(firstYear!)
										? `${rankOf.get(`${b.blocCode}|${firstYear}`) ?? ''}. ${b.blocName}`
										: ''
							},
							endLabel: {
								show: byYear.has(lastYear!),
								width: 210,
								overflow: 'truncate' as const,
								formatter: () => `${rankOf.get(`${b.blocCode}|${lastYear}`) ?? ''}. ${b.blocName}`
							}
						}
					: {})
			};
		})
	};
}

/** Change of the bloc median (percent of the maximum) per criterion between two years. */
export function criteriaChangeOption(
	changes: CriterionChange[],
	tr: Translator,
	from: number,
	to: number,
	summary: string
): ChartOption {
	const codes = changes.map((c) => c.code);
	const label = (c: CriterionChange) =>
		c.status === 'added'
			? tr.t('trends.status.added')
			: c.status === 'removed'
				? tr.t('trends.status.removed')
				: `${c.delta! > 0 ? '+' : ''}${tr.num(c.delta ?? 0, 1)}`;
	return {
		...baseOption(summary),
		grid: { left: 70, right: 70, top: 8, bottom: 40 },
		tooltip: {
			trigger: 'item',
			confine: true,
			formatter: (p) => {
				const c = changes[Array.isArray(p) ? 0 : p.dataIndex];
				if (!c) return '';
				const name = (c.after ?? c.before)?.name ?? c.code;
				return lines([
					{ html: `<strong>${escapeHtml(`${c.code} · ${name}`)}</strong>` },
					{ html: dot(CHANGE_COLORS[c.status]) + escapeHtml(tr.t(`trends.status.${c.status}`)) },
					c.medianBefore !== null &&
						tr.t('trends.tooltip.median', { year: from, value: tr.pct(c.medianBefore, 2) }),
					c.medianAfter !== null &&
						tr.t('trends.tooltip.median', { year: to, value: tr.pct(c.medianAfter, 2) }),
					c.delta !== null &&
						tr.t('trends.tooltip.delta', { value: `${c.delta > 0 ? '+' : ''}${tr.num(c.delta, 2)}` })
				]);
			}
		},
		xAxis: {
			type: 'value',
			name: tr.t('trends.axis.delta'),
			nameLocation: 'middle',
			nameGap: 26,
			axisLabel: { ...axisLabel, formatter: (v: number) => tr.num(v, 0) },
			splitLine
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: codes,
			axisTick: { show: false },
			axisLabel: { ...axisLabel, fontWeight: 600 }
		},
		series: [
			{
				type: 'bar',
				name: tr.t('trends.axis.delta'),
				barMaxWidth: 16,
				data: changes.map((c) => ({
					value: c.delta ?? 0,
					itemStyle: {
						color:
							c.status === 'added' || c.status === 'removed'
								? CHANGE_COLORS[c.status]
								: (c.delta ?? 0) >= 0
									? OKABE_ITO.blue
									: OKABE_ITO.vermillion
					},
					label: {
						show: true,
						position: (c.delta ?? 0) >= 0 ? 'right' : 'left',
						color: c.status === 'added' || c.status === 'removed' ? CHANGE_COLORS[c.status] : '#1b1f24',
						fontWeight: c.status === 'added' || c.status === 'removed' ? 700 : 400,
						formatter: () => label(c)
					}
				})),
				markLine: {
					silent: true,
					symbol: 'none',
					lineStyle: { color: '#1b1f24', width: 1 },
					label: { show: false },
					data: [{ xAxis: 0 }]
				}
			}
		]
	};
}

export function criteriaChangeHeight(n: number): number {
	return Math.max(200, n * 24 + 60);
}
