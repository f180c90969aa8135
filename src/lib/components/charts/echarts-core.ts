/**
 * ECharts, tree-shaken: only what the dashboard draws is registered. Loaded with a dynamic
 * `import()` from the `echarts` action, so it never runs during server rendering and stays out
 * of the first page load.
 */
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
	AriaComponent,
	GridComponent,
	TooltipComponent,
	type AriaComponentOption,
	type GridComponentOption,
	type TooltipComponentOption
} from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

/** The options the registered parts understand. */
export type ChartOption = ComposeOption<
	BarSeriesOption | GridComponentOption | TooltipComponentOption | AriaComponentOption
>;

export { init };
