/**
 * ECharts, tree-shaken: the core and the canvas renderer, which every chart uses. The charts and
 * components are registered one by one, as each chart needs them (`parts/`, chosen by
 * `chartParts`). Loaded with a dynamic `import()` from the `echarts` action when a chart comes into
 * view, so it never runs during server rendering and stays out of the first page load.
 *
 * `ChartOption` is only a type: it names every part this dashboard can register.
 */
import type {
	BarSeriesOption,
	HeatmapSeriesOption,
	LineSeriesOption,
	ScatterSeriesOption
} from 'echarts/charts';
import type {
	AriaComponentOption,
	GridComponentOption,
	LegendComponentOption,
	MarkLineComponentOption,
	TooltipComponentOption,
	VisualMapComponentOption
} from 'echarts/components';
import { init, use, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([CanvasRenderer]);

/** The options the registrable parts understand. */
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

export { init, use };
