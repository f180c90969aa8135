/** ECharts part «bar», loaded and registered only for the charts that need it (../echarts-parts.ts). */
import { BarChart } from 'echarts/charts';
import { use } from '../echarts-core';

use(BarChart);
