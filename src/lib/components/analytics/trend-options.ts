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
	manySeriesColor,
	spreadLabels,
	manySeriesSymbol,
	shortNames,
	splitLine,
	whenNarrow
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
	const n = data.units.length;
	return new Map(
		data.units.map((unit, i) => {
			const strong = group.size === 0 || group.has(unit.unitCode);
			return [
				unit.unitCode,
				{
					unit,
					color: strong ? manySeriesColor(i, n) : MUTED,
					symbol: manySeriesSymbol(i, n),
					strong
				}
			];
		})
	);
}

/** Lines that end in the last year carry their name there; the rest are named in the tooltip. */
const END_LABEL_WIDTH = 190;

/** Hovering a line brings it forward and greys the others (the tooltip still lists every line). */
const HOVER_FOCUS = {
	triggerLineEvent: true,
	emphasis: { focus: 'series' as const, blurScope: 'coordinateSystem' as const, lineStyle: { width: 4 } },
	blur: { lineStyle: { opacity: 0.12 }, itemStyle: { opacity: 0.12 }, label: { opacity: 0.25 } }
};

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

/** Plot margins of the bloc line charts (px). */
const LINES_TOP = 16;
const LINES_BOTTOM = 56;
/** Height of a line's label (px): labels at the ends of lines are kept this far apart. */
const LABEL_GAP = 17;

interface ValueScale {
	min: number;
	max: number;
	maxRank: number;
	/** A value's distance from the chart's top edge (px). */
	px: (v: number) => number;
	height: number;
}

/** The value axis of a bloc's line chart, as drawn: its range and where a value lands. */
export function valueScale(data: BlocTrends, metric: Metric): ValueScale {
	const maxRank = Math.max(1, ...data.units.flatMap((u) => u.points.map((p) => p.members)));
	const values = data.units.flatMap((u) => u.points.map((p) => p.percent));
	const [min, max] =
		metric === 'rank'
			? [0.5, maxRank + 0.5]
			: [
					Math.floor((Math.min(100, ...values) - 1) / 5) * 5,
					Math.ceil((Math.max(0, ...values) + 0.5) / 5) * 5
				];
	const height = linesChartHeight(data, metric);
	const plot = height - LINES_TOP - LINES_BOTTOM;
	const share = (v: number) => (v - min) / (max - min || 1);
	return {
		min,
		max,
		maxRank,
		height,
		px: (v) => LINES_TOP + (metric === 'rank' ? share(v) : 1 - share(v)) * plot
	};
}

/**
 * How far (px, down) to move the label of each unit whose `point` falls in `year`, so that the
 * labels at that end of the lines never overlap (units of 14, ties of rank).
 */
export function labelOffsets(
	data: BlocTrends,
	metric: Metric,
	scale: ValueScale,
	year: number | undefined,
	point: (u: TrendUnit) => TrendUnit['points'][number] | undefined
): Map<string, number> {
	const at = data.units
		.map((u) => ({ u, p: point(u) }))
		.filter((x): x is { u: TrendUnit; p: TrendUnit['points'][number] } => x.p?.year === year);
	const wanted = at.map((x) => scale.px(value(x.p, metric)));
	const placed = spreadLabels(wanted, LABEL_GAP, LINES_TOP, scale.height - LINES_BOTTOM);
	return new Map(at.map((x, i) => [x.u.unitCode, placed[i]! - wanted[i]!]));
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
	const short = shortNames(data.units.map((u) => u.unitName));
	const scale = valueScale(data, metric);
	const endOffset = labelOffsets(data, metric, scale, lastYear, (u) => u.points[u.points.length - 1]);
	const startOffset = labelOffsets(data, metric, scale, firstYear, (u) => u.points[0]);
	/** What changes on a phone: no names beside the lines (the tooltip and the table name them). */
	const narrowSeries: Record<string, unknown>[] = [];
	for (const s of ordered) {
		const byYear = new Map(s.unit.points.map((p) => [p.year, p]));
		const firstPoint = s.unit.points[0];
		const lastPoint = s.unit.points[s.unit.points.length - 1];
		const ends = lastPoint?.year === lastYear;
		const labelColor = s.strong ? '#1b1f24' : '#6b7280';
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
			...HOVER_FOCUS,
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
							color: labelColor,
							width: END_LABEL_WIDTH - 20,
							overflow: 'truncate',
							offset: [0, startOffset.get(s.unit.unitCode) ?? 0],
							formatter: (p: { dataIndex: number }) =>
								firstPoint && firstPoint.year === firstYear && p.dataIndex === 0
									? `${firstPoint.rank}. ${short.get(s.unit.unitName)}`
									: ''
						},
						endLabel: {
							show: ends,
							color: labelColor,
							width: END_LABEL_WIDTH - 20,
							overflow: 'truncate',
							offset: [0, endOffset.get(s.unit.unitCode) ?? 0],
							formatter: () => `${lastPoint?.rank ?? ''}. ${short.get(s.unit.unitName)}`
						}
					}
				: {
						endLabel: {
							show: ends,
							color: labelColor,
							fontSize: 13,
							width: END_LABEL_WIDTH - 20,
							overflow: 'truncate',
							offset: [0, endOffset.get(s.unit.unitCode) ?? 0],
							formatter: () => short.get(s.unit.unitName) ?? s.unit.unitName
						}
					})
		});
		narrowSeries.push({
			id: `unit:${s.unit.unitCode}`,
			endLabel: { show: false },
			...(metric === 'rank' ? { label: { show: false } } : {})
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

	const maxRank = scale.maxRank;
	return {
		...baseOption(summary),
		// No legend (14 names do not fit one without paging it): lines are named at their ends.
		grid:
			metric === 'rank'
				? { left: END_LABEL_WIDTH, right: END_LABEL_WIDTH, top: LINES_TOP, bottom: LINES_BOTTOM }
				: { left: 60, right: END_LABEL_WIDTH, top: LINES_TOP, bottom: LINES_BOTTOM },
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
						min: scale.min,
						max: scale.max,
						interval: 1,
						axisLabel: { show: false },
						axisTick: { show: false },
						splitLine: { show: false }
					}
				: {
						type: 'value',
						min: scale.min,
						max: scale.max,
						interval: 5,
						name: tr.t('trends.axis.percent'),
						nameLocation: 'middle',
						nameGap: 40,
						axisLabel: { ...axisLabel, formatter: (v: number) => tr.num(v, 0) },
						splitLine
					},
		series,
		media: [
			whenNarrow({
				grid: metric === 'rank' ? { left: 36, right: 16, bottom: 56 } : { left: 48, right: 16 },
				yAxis:
					metric === 'rank'
						? {
								axisLabel: {
									...axisLabel,
									show: true,
									fontSize: 12,
									customValues: Array.from({ length: maxRank }, (_, i) => i + 1)
								}
							}
						: { nameGap: 32, axisLabel: { fontSize: 12 } },
				xAxis: { axisLabel: { fontSize: 12, hideOverlap: true } },
				series: narrowSeries
			} as ChartOption)
		]
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
	// The percent axis as drawn (420 px high, 16 + 48 px margins), to keep end labels apart.
	const means = data.blocs.flatMap((b) => b.points.map((p) => p.mean));
	const lo = Math.floor((Math.min(100, ...means) - 1) / 5) * 5;
	const hi = Math.ceil((Math.max(0, ...means) + 0.5) / 5) * 5;
	const ending = data.blocs.filter((b) => b.points.some((p) => p.year === lastYear));
	const wanted = ending.map(
		(b) => 16 + (1 - (b.points.find((p) => p.year === lastYear)!.mean - lo) / (hi - lo || 1)) * (420 - 64)
	);
	const placed = spreadLabels(wanted, LABEL_GAP, 16, 420 - 48);
	const endOffset = new Map(ending.map((b, i) => [b.blocCode, placed[i]! - wanted[i]!]));
	return {
		...baseOption(summary),
		// Each line named at its end, no legend.
		grid:
			metric === 'rank'
				? { left: 240, right: 240, top: 16, bottom: 48 }
				: { left: 60, right: 240, top: 16, bottom: 48 },
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
						min: lo,
						max: hi,
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
				color: manySeriesColor(i, data.blocs.length),
				symbol: manySeriesSymbol(i, data.blocs.length),
				symbolSize: 9,
				lineStyle: { width: 2.5 },
				...HOVER_FOCUS,
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
					: {
							endLabel: {
								show: byYear.has(lastYear!),
								fontSize: 13,
								width: 220,
								overflow: 'truncate' as const,
								offset: [0, endOffset.get(b.blocCode) ?? 0],
								formatter: () => b.blocName
							}
						})
			};
		}),
		media: [
			whenNarrow({
				grid: metric === 'rank' ? { left: 36, right: 16 } : { left: 48, right: 16 },
				yAxis:
					metric === 'rank'
						? {
								axisLabel: {
									...axisLabel,
									show: true,
									fontSize: 12,
									customValues: data.blocs.map((_, i) => i + 1)
								}
							}
						: { nameGap: 32, axisLabel: { fontSize: 12 } },
				xAxis: { axisLabel: { fontSize: 12, hideOverlap: true } },
				series: data.blocs.map((b) => ({
					id: `bloc:${b.blocCode}`,
					endLabel: { show: false },
					...(metric === 'rank' ? { label: { show: false } } : {})
				}))
			} as ChartOption)
		]
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
		// Room beyond the longest bars for their labels (they must not reach the criterion codes).
		xAxis: {
			type: 'value',
			min: (v: { min: number }) => Math.min(-2, Math.floor((v.min - 1.5) / 2) * 2),
			max: (v: { max: number }) => Math.max(2, Math.ceil((v.max + 1.5) / 2) * 2),
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
		],
		media: [
			whenNarrow({
				grid: { left: 52, right: 24 },
				xAxis: {
					min: (v: { min: number }) => Math.min(-1, Math.floor(v.min - 3)),
					max: (v: { max: number }) => Math.max(1, Math.ceil(v.max + 3)),
					axisLabel: { fontSize: 12, hideOverlap: true }
				}
			} as ChartOption)
		]
	};
}

export function criteriaChangeHeight(n: number): number {
	return Math.max(200, n * 24 + 60);
}
