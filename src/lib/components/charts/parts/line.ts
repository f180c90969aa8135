/** ECharts part «line», loaded and registered only for the charts that need it (../echarts-parts.ts). */
import { LineChart } from 'echarts/charts';
import { use } from '../echarts-core';

use(LineChart);
