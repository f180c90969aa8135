/** ECharts part «legend», loaded and registered only for the charts that need it (../echarts-parts.ts). */
import { LegendComponent } from 'echarts/components';
import { use } from '../echarts-core';

use(LegendComponent);
