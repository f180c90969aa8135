/** ECharts part «heatmap», loaded and registered only for the charts that need it (../echarts-parts.ts). */
import { HeatmapChart } from 'echarts/charts';
import { use } from '../echarts-core';

use(HeatmapChart);
