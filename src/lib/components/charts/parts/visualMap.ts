/** ECharts part «visualMap», loaded and registered only for the charts that need it (../echarts-parts.ts). */
import { VisualMapContinuousComponent } from 'echarts/components';
import { use } from '../echarts-core';

use(VisualMapContinuousComponent);
