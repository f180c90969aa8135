/**
 * `use:echarts={option}`: draws an ECharts chart in the element, in the browser only.
 * - ECharts is imported lazily (see echarts-core.ts), never during server rendering.
 * - `setOption` runs only when a different option object arrives.
 * - Resizes follow the element through a ResizeObserver, debounced to one per animation frame;
 *   the observer's first call (made as soon as it starts observing) is skipped, since resizing
 *   then would cut the first animation.
 * - The chart is disposed when the element goes away.
 * - Animation is off for people who ask the system for reduced motion.
 * - Every chart can be downloaded as a PNG image: once drawn, a labelled button ("Tải ảnh PNG")
 *   is placed right after the element (removed with it); the file is named after the element's
 *   `data-chart` attribute. ECharts renders the image (`getDataURL`), the browser saves it from a
 *   blob: URL, so the Content-Security-Policy needs nothing more.
 */
import type { EChartsType } from 'echarts/core';
import type { ActionReturn } from 'svelte/action';
import { DEFAULT_LANG, isLang, t } from '$lib/i18n';
import type { ChartOption } from './echarts-core';

export type { ChartOption } from './echarts-core';

/** The option as given, without animation when the user prefers reduced motion. */
function withMotionPreference(option: ChartOption): ChartOption {
	return matchMedia('(prefers-reduced-motion: reduce)').matches ? { ...option, animation: false } : option;
}

/** A data: URL (as `getDataURL` returns) to a Blob. */
function dataUrlToBlob(url: string): Blob {
	const [head, body = ''] = url.split(',');
	const type = /data:([^;]+)/.exec(head ?? '')?.[1] ?? 'image/png';
	const bytes = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
	return new Blob([bytes], { type });
}

/** Saves the chart drawn in `node` as a PNG file (white background, twice the screen resolution). */
export function downloadPng(chart: EChartsType, fileName: string): void {
	const url = URL.createObjectURL(
		dataUrlToBlob(chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }))
	);
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
		if (c) downloadPng(c, `${name}.png`);
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

	import('./echarts-core')
		.then(({ init }) => {
			if (destroyed) return;
			chart = init(node, null, { renderer: 'canvas' });
			chart.setOption(withMotionPreference(current));
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
		})
		.catch((e: unknown) => console.error('ECharts could not be loaded', e));

	return {
		update(next) {
			if (next === current) return;
			current = next;
			chart?.setOption(withMotionPreference(next), { notMerge: true });
		},
		destroy() {
			destroyed = true;
			cancelAnimationFrame(frame);
			observer?.disconnect();
			button?.remove();
			chart?.dispose();
			chart = null;
		}
	};
}
