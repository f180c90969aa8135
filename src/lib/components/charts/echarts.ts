/**
 * `use:echarts={option}`: draws an ECharts chart in the element, in the browser only.
 * - ECharts is imported lazily (see echarts-core.ts), never during server rendering, and only
 *   when the element comes near the screen (an IntersectionObserver): a chart further down the
 *   page costs nothing until someone scrolls to it. The element keeps its height meanwhile, and
 *   the same numbers are always in the page's table and the element's `aria-label`.
 * - Only the ECharts parts the option names are downloaded and registered (`chartParts`): a bar
 *   chart loads the bar series, the grid, the tooltip and aria, not lines, heatmaps or legends.
 * - `setOption` runs only when a different option object arrives (loading first the parts it
 *   needs that the chart had not needed yet).
 * - Resizes follow the element through a ResizeObserver, debounced to one per animation frame;
 *   the observer's first call (made as soon as it starts observing) is skipped, since resizing
 *   then would cut the first animation.
 * - The chart is disposed when the element goes away.
 * - Animation is off for people who ask the system for reduced motion.
 * - Every chart can be downloaded as a PNG image: once drawn, a labelled button ("Tải ảnh PNG")
 *   is placed right after the element (removed with it); the file is named after the element's
 *   `data-chart` attribute and titled with its `data-png-title` (bloc and year), written in a band
 *   above the chart. ECharts renders the image (`renderToCanvas`), the browser saves it from a
 *   blob: URL, so the Content-Security-Policy needs nothing more.
 */
import type { EChartsType } from 'echarts/core';
import type { ActionReturn } from 'svelte/action';
import { DEFAULT_LANG, isLang, t } from '$lib/i18n';
import type { ChartOption } from './echarts-core';
import { chartParts, type ChartPart } from './echarts-parts';
import { CHART_FONT } from './totals-option';

export type { ChartOption } from './echarts-core';

/**
 * One chunk per part, each registering itself with the core it imports: a page downloads the
 * parts its charts use, each once.
 */
const PARTS: Record<ChartPart, () => Promise<unknown>> = {
	bar: () => import('./parts/bar'),
	line: () => import('./parts/line'),
	scatter: () => import('./parts/scatter'),
	heatmap: () => import('./parts/heatmap'),
	grid: () => import('./parts/grid'),
	tooltip: () => import('./parts/tooltip'),
	aria: () => import('./parts/aria'),
	legend: () => import('./parts/legend'),
	legendScroll: () => import('./parts/legendScroll'),
	markLine: () => import('./parts/markLine'),
	visualMap: () => import('./parts/visualMap')
};

/** ECharts' core with every part `option` needs registered. */
async function echartsFor(option: ChartOption) {
	const [core] = await Promise.all([import('./echarts-core'), ...chartParts(option).map((p) => PARTS[p]())]);
	return core;
}

/** Calls `show` once, when `node` comes within `margin` of the screen. Returns a canceller. */
function whenNearScreen(node: HTMLElement, show: () => void, margin = '300px'): () => void {
	if (typeof IntersectionObserver === 'undefined') {
		show();
		return () => {};
	}
	const observer = new IntersectionObserver(
		(entries) => {
			if (!entries.some((e) => e.isIntersecting)) return;
			observer.disconnect();
			show();
		},
		{ rootMargin: `${margin} 0px` }
	);
	observer.observe(node);
	return () => observer.disconnect();
}

/** The option as given, without animation when the user prefers reduced motion. */
function withMotionPreference(option: ChartOption): ChartOption {
	return matchMedia('(prefers-reduced-motion: reduce)').matches ? { ...option, animation: false } : option;
}

/**
 * The chart drawn in `chart` as a PNG (white background, twice the screen resolution), with
 * `title` written in a band above it when given: a picture pasted into a report still says which
 * bloc and year it shows.
 */
export async function chartPng(chart: EChartsType, title: string): Promise<Blob> {
	const ratio = 2;
	const drawn = chart.renderToCanvas({ pixelRatio: ratio, backgroundColor: '#ffffff' });
	let canvas = drawn;
	if (title) {
		const size = 16 * ratio;
		const pad = 10 * ratio;
		canvas = document.createElement('canvas');
		canvas.width = drawn.width;
		canvas.height = drawn.height + size + 2 * pad;
		const ctx = canvas.getContext('2d');
		if (ctx) {
			ctx.fillStyle = '#ffffff';
			ctx.fillRect(0, 0, canvas.width, canvas.height);
			ctx.fillStyle = '#1b1f24';
			ctx.font = `600 ${size}px ${CHART_FONT}`;
			ctx.textBaseline = 'top';
			ctx.fillText(title, pad, pad, canvas.width - 2 * pad);
			ctx.drawImage(drawn, 0, size + 2 * pad);
		}
	}
	return new Promise((done, fail) =>
		canvas.toBlob((b) => (b ? done(b) : fail(new Error('PNG could not be made'))), 'image/png')
	);
}

/** Saves the chart drawn in `chart` as a PNG file, titled with `title` (see `chartPng`). */
export async function downloadPng(chart: EChartsType, fileName: string, title = ''): Promise<void> {
	const url = URL.createObjectURL(await chartPng(chart, title));
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The "download PNG" button placed after a chart's element. */
function pngButton(node: HTMLElement, chart: () => EChartsType | null): HTMLButtonElement {
	const lang = isLang(document.documentElement.lang) ? document.documentElement.lang : DEFAULT_LANG;
	const name = (node.dataset.chart || 'bieu-do').replace(/[^\p{L}\p{N}._-]+/gu, '-');
	const button = document.createElement('button');
	button.type = 'button';
	button.className = 'chart-png';
	button.textContent = t(lang)('export.chartPng');
	button.title = t(lang)('export.chartPngTitle');
	Object.assign(button.style, {
		display: 'block',
		margin: '0.25rem 0 1rem',
		padding: '0.2rem 0.6rem',
		fontSize: '0.85rem',
		color: 'var(--accent-dark, #083a66)',
		background: '#fff',
		border: '1px solid var(--accent-dark, #083a66)',
		borderRadius: '4px'
	});
	button.addEventListener('click', () => {
		const c = chart();
		if (c)
			downloadPng(c, `${name}.png`, node.dataset.pngTitle ?? '').catch((e: unknown) =>
				console.error('PNG could not be saved', e)
			);
	});
	node.after(button);
	return button;
}

export function echarts(node: HTMLElement, option: ChartOption): ActionReturn<ChartOption> {
	let chart: EChartsType | null = null;
	let current = option;
	let destroyed = false;
	let frame = 0;
	let observer: ResizeObserver | null = null;
	let button: HTMLButtonElement | null = null;
	/** Counts `setOption` requests, so that a slower load never draws an older option. */
	let version = 0;

	const failed = (e: unknown) => console.error('ECharts could not be loaded', e);

	async function draw() {
		try {
			// The option may change while its parts load: load again until they match the latest.
			let shown: ChartOption;
			let core: Awaited<ReturnType<typeof echartsFor>>;
			do {
				shown = current;
				core = await echartsFor(shown);
			} while (shown !== current && !destroyed);
			if (destroyed) return;
			chart = core.init(node, null, { renderer: 'canvas' });
			chart.setOption(withMotionPreference(shown));
			button = pngButton(node, () => chart);
			let first = true;
			observer = new ResizeObserver(() => {
				if (first) {
					first = false;
					return;
				}
				cancelAnimationFrame(frame);
				frame = requestAnimationFrame(() => chart?.resize());
			});
			observer.observe(node);
		} catch (e) {
			failed(e);
		}
	}

	const stopWatching = whenNearScreen(node, () => void draw());

	return {
		update(next) {
			if (next === current) return;
			current = next;
			if (!chart) return; // not drawn yet: drawn with the latest option when shown
			const mine = ++version;
			echartsFor(next)
				.then(() => {
					if (mine === version && !destroyed)
						chart?.setOption(withMotionPreference(next), { notMerge: true });
				})
				.catch(failed);
		},
		destroy() {
			destroyed = true;
			stopWatching();
			cancelAnimationFrame(frame);
			observer?.disconnect();
			button?.remove();
			chart?.dispose();
			chart = null;
		}
	};
}
