/**
 * Gaps: the unit × criterion heatmap of one bloc-year, and the distribution of every unit-year
 * cell per criterion across years, fed straight from typed columns (Arrow or JSON). Pure.
 */
import type { ChartOption } from '$lib/components/charts/echarts-core';
import {
	GAP_RAMP,
	OKABE_ITO,
	PERCENT_RAMP,
	SERIES_SYMBOLS,
	YEAR_COLORS
} from '$lib/components/charts/palette';
import type { Translator } from '$lib/i18n';
import type { GapsView } from '$lib/server/analytics/gaps';
import { dictColumn, floatColumn, intColumn, type DecodedTable } from '$lib/transport/schema';
import { axisLabel, baseOption, escapeHtml, lines, shortNames, splitLine, whenNarrow } from './chart-kit';

export type GapMetric = 'percent' | 'median' | 'leader';

export function isGapMetric(s: unknown): s is GapMetric {
	return s === 'percent' || s === 'median' || s === 'leader';
}

/** The value shown for a cell under a metric (null: no leader to compare with). */
export function metricValue(cell: GapsView['cells'][string][string], metric: GapMetric): number | null {
	return metric === 'percent' ? cell.percent : metric === 'median' ? cell.toMedian : cell.toLeader;
}

export function heatmapOption(
	data: GapsView,
	tr: Translator,
	metric: GapMetric,
	summary: string
): ChartOption {
	const codes = data.criteria.map((c) => c.code);
	const units = data.units;
	const short = shortNames(units.map((u) => u.unitName));
	const points: [number, number, number][] = [];
	let lo = Infinity;
	let hi = -Infinity;
	units.forEach((u, y) =>
		codes.forEach((code, x) => {
			const cell = data.cells[u.unitCode]?.[code];
			const v = cell ? metricValue(cell, metric) : null;
			if (v === null) return;
			points.push([x, y, v]);
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		})
	);
	const span = Math.max(Math.abs(lo), Math.abs(hi), 1);
	const range =
		metric === 'percent'
			? { min: Math.min(Math.floor(lo / 5) * 5, 90), max: Math.max(100, Math.ceil(hi)) }
			: { min: -Math.ceil(span), max: Math.ceil(span) };
	return {
		...baseOption(summary),
		grid: { left: 240, right: 16, top: 70, bottom: 24 },
		tooltip: {
			trigger: 'item',
			confine: true,
			formatter: (p) => {
				if (Array.isArray(p)) return '';
				const [x, y] = p.value as [number, number, number];
				const u = units[y];
				const c = data.criteria[x];
				const cell = u && c ? data.cells[u.unitCode]?.[c.code] : undefined;
				const s = c ? data.stats[c.code] : undefined;
				if (!u || !c || !cell || !s) return '';
				return lines([
					{ html: `<strong>${escapeHtml(u.unitName)}</strong>` },
					`${c.code} · ${c.name}`,
					tr.t('gaps.tooltip.points', {
						points: tr.num(cell.points),
						max: tr.num(c.maxPoints),
						pct: tr.pct(cell.percent, 2)
					}),
					tr.t('gaps.tooltip.median', { value: tr.pct(s.median, 2), gap: signed(tr, cell.toMedian) }),
					s.leader !== null &&
						cell.toLeader !== null &&
						tr.t('gaps.tooltip.leader', { value: tr.pct(s.leader, 2), gap: signed(tr, cell.toLeader) }),
					cell.unreviewed && tr.t('gaps.tooltip.unreviewed'),
					cell.missing && tr.t('gaps.tooltip.missing')
				]);
			}
		},
		xAxis: {
			type: 'category',
			data: codes,
			position: 'top',
			splitArea: { show: false },
			axisTick: { show: false },
			axisLabel: {
				...axisLabel,
				fontSize: 13,
				fontWeight: 600,
				interval: 0,
				rotate: codes.length > 16 ? 45 : 0
			}
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: units.map((u) => `${u.rank}. ${u.unitName}`),
			axisTick: { show: false },
			axisLabel: { ...axisLabel, width: 225, overflow: 'truncate' }
		},
		visualMap: {
			type: 'continuous',
			min: range.min,
			max: range.max,
			calculable: false,
			orient: 'horizontal',
			left: 'center',
			top: 0,
			itemWidth: 14,
			itemHeight: 220,
			text:
				metric === 'percent'
					? [tr.t('gaps.scale.high'), tr.t('gaps.scale.low')]
					: [tr.t('gaps.scale.above'), tr.t('gaps.scale.below')],
			textStyle: { fontSize: 13 },
			inRange: { color: [...(metric === 'percent' ? PERCENT_RAMP : GAP_RAMP)] },
			formatter: (v) => tr.num(Number(v), 0)
		},
		series: [
			{
				type: 'heatmap',
				name: tr.t(`gaps.metric.${metric}`),
				data: points,
				itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
				label: {
					show: codes.length <= 36,
					color: OKABE_ITO.black,
					fontSize: 12,
					formatter: (p) => {
						const v = Math.round((p.value as [number, number, number])[2]);
						if (metric === 'percent') return tr.num(v, 0);
						return v > 0 ? `+${tr.num(v, 0)}` : v < 0 ? `−${tr.num(-v, 0)}` : '0';
					}
				},
				emphasis: { itemStyle: { borderColor: OKABE_ITO.black, borderWidth: 2 } }
			}
		],
		media: [
			whenNarrow({
				grid: { left: 116, right: 8, top: 84 },
				xAxis: { axisLabel: { fontSize: 10, rotate: 90 } },
				yAxis: {
					data: units.map((u) => `${u.rank}. ${short.get(u.unitName) ?? u.unitName}`),
					axisLabel: { fontSize: 11, width: 106 }
				},
				visualMap: { itemHeight: 160 },
				series: [{ label: { show: false } }]
			} as ChartOption)
		]
	};
}

function signed(tr: Translator, v: number): string {
	return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${tr.num(Math.abs(v), 2)}`;
}

export function heatmapHeight(units: number): number {
	return Math.max(260, units * 32 + 110);
}

/**
 * Every unit-year cell of a bloc by criterion (x: criteria in `order`, weakest first, each year
 * shifted a little to its own column; y: percent of the maximum), one series per year. The data
 * are typed arrays built from the decoded columns in one pass: no row objects.
 */
export function distributionOption(
	table: DecodedTable,
	order: string[],
	tr: Translator,
	summary: string,
	names: Record<string, string>
): ChartOption {
	const year = intColumn(table, 'year');
	const criterion = dictColumn(table, 'criterionCode');
	const unit = dictColumn(table, 'unitCode');
	const pct = floatColumn(table, 'percent');
	const points = floatColumn(table, 'points');
	const max = floatColumn(table, 'maxPoints');
	const position = new Map(order.map((code, i) => [code, i]));
	// Dictionary index → x position (−1: not in the order).
	const xOf = Int32Array.from(criterion.dictionary, (code) => position.get(code) ?? -1);
	const years = [...new Set(year)].sort((a, b) => a - b);
	const slot = new Map(years.map((y, i) => [y, i]));
	const width = 0.7;
	const step = years.length > 1 ? width / (years.length - 1) : 0;

	// Per year: flat [x, y, x, y, …] and the row behind each point (for the tooltip).
	const counts = new Int32Array(years.length);
	for (let i = 0; i < table.rowCount; i++)
		if (xOf[criterion.indices[i]!]! >= 0) counts[slot.get(year[i]!)!]!++;
	const flat = years.map((_, k) => new Float64Array(counts[k]! * 2));
	const rows = years.map((_, k) => new Int32Array(counts[k]!));
	const fill = new Int32Array(years.length);
	for (let i = 0; i < table.rowCount; i++) {
		const x = xOf[criterion.indices[i]!]!;
		if (x < 0) continue;
		const k = slot.get(year[i]!)!;
		const at = fill[k]!++;
		flat[k]![at * 2] = x - width / 2 + k * step;
		flat[k]![at * 2 + 1] = pct[i]!;
		rows[k]![at] = i;
	}

	return {
		...baseOption(summary),
		grid: { left: 56, right: 16, top: 16, bottom: 64 },
		legend: { bottom: 0, textStyle: { fontSize: 13 }, data: years.map(String) },
		tooltip: {
			trigger: 'item',
			confine: true,
			formatter: (p) => {
				if (Array.isArray(p)) return '';
				const k = p.seriesIndex ?? 0;
				const i = rows[k]?.[p.dataIndex];
				if (i === undefined) return '';
				const code = criterion.dictionary[criterion.indices[i]!]!;
				return lines([
					{ html: `<strong>${escapeHtml(unit.dictionary[unit.indices[i]!] ?? '')}</strong> · ${year[i]}` },
					`${code} · ${names[code] ?? ''}`,
					tr.t('gaps.tooltip.points', {
						points: tr.num(points[i]!),
						max: tr.num(max[i]!),
						pct: tr.pct(pct[i]!, 2)
					})
				]);
			}
		},
		// Each criterion's code right under the middle of its column of years (never rotated on a
		// wide chart: a rotated label ends at its tick and so reads as the next column's), and thin
		// lines between the columns.
		xAxis: {
			type: 'value',
			min: -0.5,
			max: order.length - 0.5,
			axisTick: { customValues: order.map((_, i) => i) },
			axisLabel: {
				...axisLabel,
				fontSize: 13,
				fontWeight: 600,
				rotate: 0,
				customValues: order.map((_, i) => i),
				formatter: (v: number) => order[Math.round(v)] ?? ''
			},
			splitLine: { show: false }
		},
		yAxis: {
			type: 'value',
			min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10),
			max: 100,
			name: tr.t('gaps.axis.percent'),
			nameLocation: 'middle',
			nameGap: 40,
			axisLine: { onZero: false },
			axisLabel: { ...axisLabel, formatter: (v: number) => tr.num(v, 0) },
			splitLine
		},
		// Years in colours far apart (and each its own marker), not shades of the same two hues.
		series: years.map((y, k) => ({
			type: 'scatter' as const,
			name: String(y),
			color: yearColor(k),
			symbol: SERIES_SYMBOLS[k % SERIES_SYMBOLS.length],
			symbolSize: 7,
			large: counts[k]! > 2000,
			itemStyle: { opacity: 0.85 },
			dimensions: ['x', 'y'],
			data: flat[k]!,
			...(k === 0
				? {
						markLine: {
							silent: true,
							symbol: 'none',
							label: { show: false },
							lineStyle: { color: '#dde2e8', type: 'solid' as const, width: 1 },
							data: order.slice(1).map((_, i) => ({ xAxis: i + 0.5 }))
						}
					}
				: {})
		})),
		media: [
			whenNarrow({
				grid: { left: 44, right: 8, bottom: 96 },
				legend: { itemWidth: 14, itemHeight: 10, itemGap: 8 },
				xAxis: { axisLabel: { fontSize: 10, rotate: 90 } },
				yAxis: { nameGap: 30, axisLabel: { fontSize: 12 } },
				series: years.map(() => ({ symbolSize: 4 }))
			} as ChartOption)
		]
	};
}

/** The colour of the `k`-th year of a strip plot. */
export function yearColor(k: number): string {
	return YEAR_COLORS[k % YEAR_COLORS.length]!;
}
