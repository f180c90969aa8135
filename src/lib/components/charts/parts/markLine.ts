/** ECharts part «markLine», loaded and registered only for the charts that need it (../echarts-parts.ts). */
import { MarkLineComponent } from 'echarts/components';
import { use } from '../echarts-core';

use(MarkLineComponent);
