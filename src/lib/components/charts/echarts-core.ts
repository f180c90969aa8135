/**
 * ECharts, tree-shaken: only what the dashboard draws is registered. Loaded with a dynamic
 * `import()` from the `echarts` action, so it never runs during server rendering and stays out
 * of the first page load.
 */
import {
	BarChart,
	HeatmapChart,
	LineChart,
	ScatterChart,
	type BarSeriesOption,
	type HeatmapSeriesOption,
	type LineSeriesOption,
	type ScatterSeriesOption
} from 'echarts/charts';
import {
	AriaComponent,
	GridComponent,
	LegendComponent,
	LegendScrollComponent,
	MarkLineComponent,
	TooltipComponent,
	VisualMapContinuousComponent,
	type AriaComponentOption,
	type GridComponentOption,
	type LegendComponentOption,
	type MarkLineComponentOption,
	type TooltipComponentOption,
	type VisualMapComponentOption
} from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([
	BarChart,
	LineChart,
	HeatmapChart,
	ScatterChart,
	GridComponent,
	TooltipComponent,
	AriaComponent,
	LegendComponent,
	LegendScrollComponent,
	MarkLineComponent,
	VisualMapContinuousComponent,
	CanvasRenderer
]);

/** The options the registered parts understand. */
export type ChartOption = ComposeOption<
	| BarSeriesOption
	| LineSeriesOption
	| HeatmapSeriesOption
	| ScatterSeriesOption
	| GridComponentOption
	| TooltipComponentOption
	| AriaComponentOption
	| LegendComponentOption
	| MarkLineComponentOption
	| VisualMapComponentOption
>;

export { init };
