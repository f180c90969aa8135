/**
 * What every analytics chart shares: fonts and sizes readable on a laptop and a projector, the
 * colour-blind-safe palette cycled with marker shapes, escaped HTML tooltips, and the text
 * alternative (`aria`). Pure: no ECharts import, so server rendering pays nothing for it.
 */
import type { ChartOption } from '$lib/components/charts/echarts-core';
import { MANY_SERIES_COLORS, SERIES_COLORS, SERIES_SYMBOLS } from '$lib/components/charts/palette';
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

/**
 * The colour of series `i` of `n`: the seven Okabe–Ito colours while they suffice, else the
 * twenty of `MANY_SERIES_COLORS` (a bloc of 14 units gets 14 different colours, not 7 twice).
 */
export function manySeriesColor(i: number, n: number): string {
	const colors = n <= SERIES_COLORS.length ? SERIES_COLORS : MANY_SERIES_COLORS;
	return colors[i % colors.length]!;
}

/** The marker of series `i` of `n`: changes each time the colours of `manySeriesColor` repeat. */
export function manySeriesSymbol(i: number, n: number): string {
	const colors = n <= SERIES_COLORS.length ? SERIES_COLORS : MANY_SERIES_COLORS;
	return SERIES_SYMBOLS[Math.floor(i / colors.length) % SERIES_SYMBOLS.length]!;
}

/** Below this chart width (px) a chart shows fewer axis labels and no side labels (phones). */
export const NARROW_WIDTH = 600;

/** An ECharts media query: applies `option` when the chart is narrower than `NARROW_WIDTH`. */
export function whenNarrow(option: ChartOption): { query: { maxWidth: number }; option: ChartOption } {
	return { query: { maxWidth: NARROW_WIDTH - 1 }, option };
}

/**
 * The title written above a chart saved as PNG: what it shows, the bloc (or "all blocs") and the
 * year or years, so that a picture pasted into a report still says what it is.
 */
export function pngTitle(what: string, bloc: string, years: string | number): string {
	return `${what} · ${bloc} · ${years}`;
}

/**
 * Where to draw labels that want to be at `ys` (pixels, any order) so that none overlaps another:
 * each at least `gap` below the one above it, all between `lo` and `hi`, each as near its wish
 * as that allows. Returned in the order of `ys`. (ECharts moves overlapping point labels, not the
 * labels at the ends of lines.)
 */
export function spreadLabels(ys: readonly number[], gap: number, lo: number, hi: number): number[] {
	const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
	const placed = order.map((o) => Math.min(Math.max(o.y, lo), hi));
	for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k]!, placed[k - 1]! + gap);
	// Pushed below the bottom: move the last ones up again, as far as the top allows.
	const over = (placed[placed.length - 1] ?? hi) - hi;
	if (over > 0) {
		placed[placed.length - 1] = hi;
		for (let k = placed.length - 2; k >= 0; k--) placed[k] = Math.min(placed[k]!, placed[k + 1]! - gap);
		for (let k = 0; k < placed.length && placed[k]! < lo; k++)
			placed[k] = Math.max(lo, k > 0 ? placed[k - 1]! + gap : lo);
	}
	const out = new Array<number>(ys.length);
	order.forEach((o, k) => (out[o.i] = placed[k]!));
	return out;
}

/**
 * Names without the words every one of them starts with ("Trường THPT Tân Lập" → "Tân Lập"
 * when all units are "Trường THPT …"), for labels at the ends of lines: the part that tells them
 * apart. A name that would be left empty keeps its words.
 */
export function shortNames(names: readonly string[]): Map<string, string> {
	const words = names.map((n) => n.split(/\s+/).filter(Boolean));
	let common = 0;
	if (names.length > 1)
		while (words.every((w) => w.length > common + 1 && w[common] === words[0]![common])) common++;
	return new Map(names.map((n, i) => [n, common > 0 ? words[i]!.slice(common).join(' ') : n]));
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
