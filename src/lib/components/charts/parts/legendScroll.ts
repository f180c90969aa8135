/** ECharts part «legendScroll», loaded and registered only for the charts that need it (../echarts-parts.ts). */
import { LegendScrollComponent } from 'echarts/components';
import { use } from '../echarts-core';

use(LegendScrollComponent);
