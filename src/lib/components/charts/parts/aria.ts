/** ECharts part «aria», loaded and registered only for the charts that need it (../echarts-parts.ts). */
import { AriaComponent } from 'echarts/components';
import { use } from '../echarts-core';

use(AriaComponent);
