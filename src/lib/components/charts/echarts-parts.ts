/**
 * Which parts of ECharts a chart needs, read from its option: the kinds of its series, and the
 * components the option names (axes → grid, tooltip, aria, legend, markLine, visualMap). Only
 * these are downloaded and registered for the chart (see echarts.ts), so a page with one bar chart
 * never loads the code of line charts, heatmaps or legends. Pure: no ECharts import.
 */
import type { ChartOption } from './echarts-core';

export const CHART_PARTS = [
	'bar',
	'line',
	'scatter',
	'heatmap',
	'grid',
	'tooltip',
	'aria',
	'legend',
	'legendScroll',
	'markLine',
	'visualMap'
] as const;
export type ChartPart = (typeof CHART_PARTS)[number];

const SERIES_PARTS: Record<string, ChartPart> = {
	bar: 'bar',
	line: 'line',
	scatter: 'scatter',
	heatmap: 'heatmap'
};

/** ECharts lets most options be one object or a list of them. */
function list(value: unknown): Record<string, unknown>[] {
	const items = Array.isArray(value) ? value : [value];
	return items.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
}

/**
 * The parts an option needs, each once, in a fixed order. An option that asks for something no
 * part provides (a series kind or a visualMap type not listed here) is an error: ECharts would
 * otherwise skip it silently and the chart would miss it.
 */
export function chartParts(option: ChartOption): ChartPart[] {
	const o = option as Record<string, unknown>;
	const parts = new Set<ChartPart>();
	for (const series of list(o.series)) {
		const part = SERIES_PARTS[String(series.type)];
		if (!part) throw new Error(`chart series of type «${String(series.type)}» has no ECharts part`);
		parts.add(part);
		if (series.markLine) parts.add('markLine');
	}
	if (list(o.xAxis).length > 0 || list(o.yAxis).length > 0 || list(o.grid).length > 0) parts.add('grid');
	if (list(o.tooltip).length > 0) parts.add('tooltip');
	if (list(o.aria).length > 0) parts.add('aria');
	for (const legend of list(o.legend)) parts.add(legend.type === 'scroll' ? 'legendScroll' : 'legend');
	for (const map of list(o.visualMap)) {
		if (map.type !== undefined && map.type !== 'continuous')
			throw new Error(`visualMap of type «${String(map.type)}» has no ECharts part`);
		parts.add('visualMap');
	}
	return CHART_PARTS.filter((p) => parts.has(p));
}
