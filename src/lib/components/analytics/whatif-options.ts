/**
 * What-if: each unit's rank in the SQL ranking (left) and under the changed weights (right), one
 * line per unit; units that move are coloured (up green, down vermillion), the rest muted. Pure.
 */
import type { ChartOption } from '$lib/components/charts/echarts-core';
import { MUTED, OKABE_ITO } from '$lib/components/charts/palette';
import type { RankChange } from '$lib/domain/whatif';
import type { Translator } from '$lib/i18n';
import { axisLabel, baseOption, escapeHtml, lines, shortNames, whenNarrow } from './chart-kit';

export function slopeOption(changes: RankChange[], tr: Translator, summary: string): ChartOption {
	const cats = [tr.t('whatif.chart.before'), tr.t('whatif.chart.after')];
	// Lines go from the unit's row in the original ranking to its row in the what-if one (rows,
	// not ranks, so that units sharing a rank do not overlap); labels give the ranks.
	const beforeRow = new Map(
		[...changes]
			.sort(
				(a, b) =>
					(a.before?.rank ?? a.after.rank) - (b.before?.rank ?? b.after.rank) ||
					a.after.unitName.localeCompare(b.after.unitName, 'vi')
			)
			.map((c, i) => [c.after.unitCode, i + 1])
	);
	const max = changes.length;
	const short = shortNames(changes.map((c) => c.after.unitName));
	/** A unit's two points: its row before (left) and after (right), with their labels. */
	const points = (c: RankChange, i: number, narrow: boolean) => {
		const move = c.delta > 0 ? ` ▲${c.delta}` : c.delta < 0 ? ` ▼${-c.delta}` : '';
		const before = String(c.before?.rank ?? '');
		// The part of the name that tells the units apart ("Trường THPT" dropped when all share it).
		const name = short.get(c.after.unitName) ?? c.after.unitName;
		return [
			{
				value: beforeRow.get(c.after.unitCode) ?? i + 1,
				label: {
					position: 'left' as const,
					formatter: () => (narrow ? before : `${name}  ${before}`)
				}
			},
			{
				value: i + 1,
				label: {
					position: 'right' as const,
					formatter: () => `${c.after.rank}  ${name}${move}`
				}
			}
		];
	};
	return {
		...baseOption(summary),
		animationDuration: 250,
		grid: { left: 170, right: 190, top: 30, bottom: 4 },
		tooltip: {
			trigger: 'item',
			confine: true,
			formatter: (p) => {
				if (Array.isArray(p)) return '';
				const c = changes[p.seriesIndex ?? -1];
				if (!c) return '';
				return lines([
					{ html: `<strong>${escapeHtml(c.after.unitName)}</strong>` },
					c.before &&
						tr.t('whatif.tooltip.before', {
							rank: c.before.rank,
							total: tr.num(c.before.total),
							pct: tr.pct(c.before.percent, 2)
						}),
					tr.t('whatif.tooltip.after', {
						rank: c.after.rank,
						total: tr.num(c.after.total),
						pct: tr.pct(c.after.percent, 2)
					})
				]);
			}
		},
		xAxis: {
			type: 'category',
			data: cats,
			boundaryGap: false,
			position: 'top',
			axisLabel: { ...axisLabel, fontWeight: 600 },
			axisTick: { show: false }
		},
		yAxis: {
			type: 'value',
			inverse: true,
			min: 0.5,
			max: max + 0.5,
			interval: 1,
			axisLabel: { show: false },
			axisTick: { show: false },
			splitLine: { show: false }
		},
		series: changes.map((c, i) => {
			const color = c.delta > 0 ? OKABE_ITO.bluishGreen : c.delta < 0 ? OKABE_ITO.vermillion : MUTED;
			const moved = c.delta !== 0;
			return {
				type: 'line' as const,
				name: c.after.unitName,
				color,
				z: moved ? 3 : 2,
				symbolSize: moved ? 10 : 7,
				lineStyle: { width: moved ? 3 : 1.5 },
				label: {
					show: true,
					color: moved ? '#1b1f24' : '#555d66',
					fontWeight: moved ? 700 : 400,
					width: 160,
					overflow: 'truncate' as const
				},
				data: points(c, i, false)
			};
		}),
		// A phone: the old rank alone on the left, the name once, on the right.
		media: [
			whenNarrow({
				grid: { left: 36, right: 150 },
				xAxis: { axisLabel: { alignMinLabel: 'left', alignMaxLabel: 'right', fontSize: 12 } },
				series: changes.map((c, i) => ({ label: { width: 140 }, data: points(c, i, true) }))
			} as ChartOption)
		]
	};
}

export function slopeHeight(n: number): number {
	return Math.max(200, n * 28 + 60);
}
