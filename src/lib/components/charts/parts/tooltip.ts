/** ECharts part «tooltip», loaded and registered only for the charts that need it (../echarts-parts.ts). */
import { TooltipComponent } from 'echarts/components';
import { use } from '../echarts-core';

use(TooltipComponent);
