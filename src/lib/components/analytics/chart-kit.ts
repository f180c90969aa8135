/**
 * What every analytics chart shares: fonts and sizes readable on a laptop and a projector, the
 * colour-blind-safe palette cycled with marker shapes, escaped HTML tooltips, and the text
 * alternative (`aria`). Pure: no ECharts import, so server rendering pays nothing for it.
 */
import type { ChartOption } from '$lib/components/charts/echarts-core';
import { SERIES_COLORS, SERIES_SYMBOLS } from '$lib/components/charts/palette';
import { CHART_FONT, escapeHtml } from '$lib/components/charts/totals-option';

export { escapeHtml };

export const FONT_SIZE = 14;
export const AXIS_COLOR = '#2b2f36';
export const GRID_LINE = '#dde2e8';

export function seriesColor(i: number): string {
	return SERIES_COLORS[i % SERIES_COLORS.length]!;
}

export function seriesSymbol(i: number): string {
	return SERIES_SYMBOLS[Math.floor(i / SERIES_COLORS.length) % SERIES_SYMBOLS.length]!;
}

/** The options every chart starts from. */
export function baseOption(summary: string): ChartOption {
	return {
		animationDuration: 400,
		textStyle: { fontFamily: CHART_FONT, fontSize: FONT_SIZE, color: AXIS_COLOR },
		aria: { enabled: true, label: { enabled: true, description: summary } }
	};
}

/** Tooltip lines joined as HTML; each line is escaped unless it is marked as HTML already. */
export function lines(parts: (string | { html: string } | null | false | undefined)[]): string {
	return parts
		.filter(
			(p): p is string | { html: string } => typeof p === 'string' || (typeof p === 'object' && p !== null)
		)
		.map((p) => (typeof p === 'string' ? escapeHtml(p) : p.html))
		.join('<br>');
}

/** A coloured dot for a tooltip line. */
export function dot(color: string): string {
	return `<span style="display:inline-block;width:10px;height:10px;border-radius:50%;background:${color};margin-right:6px"></span>`;
}

export const axisLabel = { color: AXIS_COLOR, fontSize: FONT_SIZE };
export const splitLine = { lineStyle: { color: GRID_LINE } };
