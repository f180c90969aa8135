/**
 * `use:echarts={option}`: draws an ECharts chart in the element, in the browser only.
 * - ECharts is imported lazily (see echarts-core.ts), never during server rendering.
 * - `setOption` runs only when a different option object arrives.
 * - Resizes follow the element through a ResizeObserver, debounced to one per animation frame;
 *   the observer's first call (made as soon as it starts observing) is skipped, since resizing
 *   then would cut the first animation.
 * - The chart is disposed when the element goes away.
 * - Animation is off for people who ask the system for reduced motion.
 */
import type { EChartsType } from 'echarts/core';
import type { ActionReturn } from 'svelte/action';
import type { ChartOption } from './echarts-core';

export type { ChartOption } from './echarts-core';

/** The option as given, without animation when the user prefers reduced motion. */
function withMotionPreference(option: ChartOption): ChartOption {
	return matchMedia('(prefers-reduced-motion: reduce)').matches ? { ...option, animation: false } : option;
}

export function echarts(node: HTMLElement, option: ChartOption): ActionReturn<ChartOption> {
	let chart: EChartsType | null = null;
	let current = option;
	let destroyed = false;
	let frame = 0;
	let observer: ResizeObserver | null = null;

	import('./echarts-core')
		.then(({ init }) => {
			if (destroyed) return;
			chart = init(node, null, { renderer: 'canvas' });
			chart.setOption(withMotionPreference(current));
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
			chart?.dispose();
			chart = null;
		}
	};
}
