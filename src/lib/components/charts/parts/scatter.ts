/** ECharts part «scatter», loaded and registered only for the charts that need it (../echarts-parts.ts). */
import { ScatterChart } from 'echarts/charts';
import { use } from '../echarts-core';

use(ScatterChart);
