/**
 * Award balance charts: individual awards by recipient category per bloc (stacked bars), the
 * direct-worker ratio over the years against the council's target, and the shares of the groups
 * regulations ask to favour. Pure.
 */
import type { ChartOption } from '$lib/components/charts/echarts-core';
import { OKABE_ITO } from '$lib/components/charts/palette';
import type { AwardCounts, Balance, FocusGroup, GroupShare } from '$lib/domain/award-balance';
import type { RecipientCategory } from '$lib/domain/types';
import type { Translator } from '$lib/i18n';
import { axisLabel, baseOption, dot, escapeHtml, lines, seriesSymbol, splitLine } from './chart-kit';

/** Leaders warm, direct workers green: the contrast the page is about. */
export const CATEGORY_COLORS: Record<RecipientCategory, string> = {
	leader: OKABE_ITO.vermillion,
	manager: OKABE_ITO.orange,
	staff: OKABE_ITO.skyBlue,
	direct_worker: OKABE_ITO.bluishGreen,
	citizen: OKABE_ITO.reddishPurple
};

export const GROUP_COLORS: Record<FocusGroup, string> = {
	direct_worker: OKABE_ITO.bluishGreen,
	women: OKABE_ITO.reddishPurple,
	minority: OKABE_ITO.orange,
	remote: OKABE_ITO.blue,
	small_collective: OKABE_ITO.black
};

const CATEGORIES: RecipientCategory[] = ['leader', 'manager', 'staff', 'direct_worker', 'citizen'];

const countOf = (c: AwardCounts, k: RecipientCategory) =>
	k === 'direct_worker' ? c.directWorker : c[k as Exclude<RecipientCategory, 'direct_worker'>];

export interface CategoryRow {
	label: string;
	counts: AwardCounts;
	balance: Balance;
}

/** One stacked bar per row (bloc or unit): individual awards by category. */
export function categoryBarsOption(rows: CategoryRow[], tr: Translator, summary: string): ChartOption {
	return {
		...baseOption(summary),
		grid: { left: 250, right: 90, top: 40, bottom: 28 },
		legend: {
			top: 0,
			textStyle: { fontSize: 13 },
			data: CATEGORIES.map((k) => tr.t(`awards.category.${k}`))
		},
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			confine: true,
			formatter: (params) => {
				const list = Array.isArray(params) ? params : [params];
				const r = rows[list[0]?.dataIndex ?? -1];
				if (!r) return '';
				const b = r.balance;
				return lines([
					{ html: `<strong>${escapeHtml(r.label)}</strong>` },
					...CATEGORIES.map((k) => ({
						html:
							dot(CATEGORY_COLORS[k]) +
							escapeHtml(
								`${tr.t(`awards.category.${k}`)}: ${countOf(r.counts, k)} (${tr.pct(share(countOf(r.counts, k), r.counts.individuals), 1)})`
							)
					})),
					tr.t('awards.tooltip.ratio', {
						leaders: b.leadersManagers,
						direct: b.directWorker,
						ratio: b.directPerLeader === null ? '—' : tr.num(b.directPerLeader, 2),
						target: tr.num(b.target, 2)
					}),
					b.meets ? tr.t('awards.verdict.meets') : tr.t('awards.verdict.misses', { shortfall: b.shortfall })
				]);
			}
		},
		xAxis: {
			type: 'value',
			axisLabel,
			splitLine,
			name: tr.t('awards.axis.count'),
			nameLocation: 'middle',
			nameGap: 26
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: rows.map((r) => r.label),
			axisTick: { show: false },
			axisLabel: { ...axisLabel, width: 235, overflow: 'truncate' }
		},
		series: CATEGORIES.map((k, i) => ({
			type: 'bar' as const,
			name: tr.t(`awards.category.${k}`),
			stack: 'individuals',
			color: CATEGORY_COLORS[k],
			barMaxWidth: 26,
			emphasis: { focus: 'series' as const },
			data: rows.map((r) => countOf(r.counts, k)),
			...(i === CATEGORIES.length - 1
				? {
						label: {
							show: true,
							position: 'right' as const,
							color: '#1b1f24',
							formatter: (p: { dataIndex: number }) => {
								const b = rows[p.dataIndex]?.balance;
								return b
									? `${b.meets ? '✓' : '✗'} ${b.directPerLeader === null ? '—' : tr.num(b.directPerLeader, 2)}`
									: '';
							}
						}
					}
				: {})
		}))
	};
}

function share(n: number, d: number): number {
	return d === 0 ? 0 : (n * 100) / d;
}

export function categoryBarsHeight(n: number): number {
	return Math.max(220, n * 36 + 90);
}

/** Direct-worker awards per leader-and-manager award, per year, against the target line. */
export function ratioTrendOption(
	trend: { year: number; balance: Balance }[],
	target: number,
	tr: Translator,
	summary: string
): ChartOption {
	return {
		...baseOption(summary),
		grid: { left: 64, right: 130, top: 24, bottom: 40 },
		tooltip: {
			trigger: 'axis',
			confine: true,
			formatter: (params) => {
				const list = Array.isArray(params) ? params : [params];
				const t = trend[list[0]?.dataIndex ?? -1];
				if (!t) return '';
				const b = t.balance;
				return lines([
					{ html: `<strong>${t.year}</strong>` },
					tr.t('awards.tooltip.ratio', {
						leaders: b.leadersManagers,
						direct: b.directWorker,
						ratio: b.directPerLeader === null ? '—' : tr.num(b.directPerLeader, 2),
						target: tr.num(target, 2)
					}),
					tr.t('awards.tooltip.share', { pct: b.directShare === null ? '—' : tr.pct(b.directShare, 2) }),
					b.meets ? tr.t('awards.verdict.meets') : tr.t('awards.verdict.misses', { shortfall: b.shortfall })
				]);
			}
		},
		xAxis: { type: 'category', data: trend.map((t) => String(t.year)), axisLabel, boundaryGap: false },
		yAxis: {
			type: 'value',
			min: 0,
			max: (v: { max: number }) => Math.max(Math.ceil(v.max * 10 + 1) / 10, Math.ceil(target * 10 + 2) / 10),
			name: tr.t('awards.axis.ratio'),
			nameLocation: 'middle',
			nameGap: 44,
			axisLabel: { ...axisLabel, formatter: (v: number) => tr.num(v, 1) },
			splitLine
		},
		series: [
			{
				type: 'line',
				name: tr.t('awards.axis.ratio'),
				color: OKABE_ITO.bluishGreen,
				symbolSize: 10,
				lineStyle: { width: 3 },
				label: {
					show: true,
					position: 'top',
					formatter: (p) => {
						const b = trend[p.dataIndex]?.balance;
						return b?.directPerLeader === null || !b ? '—' : tr.num(b.directPerLeader, 2);
					}
				},
				data: trend.map((t) => t.balance.directPerLeader ?? '-'),
				markLine: {
					silent: true,
					symbol: 'none',
					lineStyle: { color: OKABE_ITO.black, type: 'dashed', width: 2 },
					label: {
						position: 'end',
						formatter: () => tr.t('awards.targetLine', { target: tr.num(target, 2) })
					},
					data: [{ yAxis: target }]
				}
			}
		]
	};
}

/** The share of each favoured group in its awards, per year. */
export function sharesTrendOption(
	trend: { year: number; shares: GroupShare[] }[],
	tr: Translator,
	summary: string
): ChartOption {
	const groups = trend[0]?.shares.map((s) => s.group) ?? [];
	return {
		...baseOption(summary),
		grid: { left: 56, right: 40, top: 36, bottom: 70 },
		legend: { bottom: 0, textStyle: { fontSize: 13 }, data: groups.map((g) => tr.t(`awards.group.${g}`)) },
		tooltip: {
			trigger: 'axis',
			confine: true,
			formatter: (params) => {
				const list = Array.isArray(params) ? params : [params];
				const t = trend[list[0]?.dataIndex ?? -1];
				if (!t) return '';
				return lines([
					{ html: `<strong>${t.year}</strong>` },
					...t.shares.map((s) => ({
						html:
							dot(GROUP_COLORS[s.group]) +
							escapeHtml(
								tr.t('awards.tooltip.groupShare', {
									group: tr.t(`awards.group.${s.group}`),
									count: s.count,
									base: s.base,
									pct: s.pct === null ? '—' : tr.pct(s.pct, 2)
								})
							)
					}))
				]);
			}
		},
		xAxis: { type: 'category', data: trend.map((t) => String(t.year)), axisLabel, boundaryGap: false },
		yAxis: {
			type: 'value',
			min: 0,
			max: 100,
			name: '%',
			axisLabel: { ...axisLabel, formatter: (v: number) => tr.num(v, 0) },
			splitLine
		},
		series: groups.map((g, i) => ({
			type: 'line' as const,
			name: tr.t(`awards.group.${g}`),
			color: GROUP_COLORS[g],
			symbol: seriesSymbol(i * 7),
			symbolSize: 9,
			lineStyle: { width: 2.5, type: g === 'small_collective' ? ('dashed' as const) : ('solid' as const) },
			data: trend.map((t) => t.shares.find((s) => s.group === g)?.pct ?? '-')
		}))
	};
}
