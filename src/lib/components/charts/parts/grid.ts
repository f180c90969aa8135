/** ECharts part «grid», loaded and registered only for the charts that need it (../echarts-parts.ts). */
import { GridComponent } from 'echarts/components';
import { use } from '../echarts-core';

use(GridComponent);
