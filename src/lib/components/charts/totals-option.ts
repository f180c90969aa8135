/**
 * The ECharts option of a bloc's totals chart: one horizontal bar per unit in ranking order,
 * coloured by tier, labelled with the total and the tier (so colour is never the only cue).
 * Pure: no ECharts import, so it costs nothing during server rendering.
 */
import type { RankingRow } from '$lib/domain/types';
import type { Translator } from '$lib/i18n';
import type { ChartOption } from './echarts-core';
import { OKABE_ITO, TIER_COLORS } from './palette';

export const CHART_FONT = 'system-ui, "Segoe UI", "Noto Sans", Roboto, Arial, sans-serif';

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

/** Tooltips are HTML: unit names from the database must be escaped. */
export function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** The sentence that describes the chart to screen readers (`aria-label`). */
export function totalsSummary(rows: RankingRow[], tr: Translator, blocName: string, year: number): string {
	const top = rows[0];
	const bottom = rows[rows.length - 1];
	if (!top || !bottom) return tr.t('chart.empty');
	return tr.t('chart.summary', {
		count: rows.length,
		bloc: blocName,
		year,
		top: rows
			.filter((r) => r.rank === 1)
			.map((r) => r.unitName)
			.join(', '),
		topTotal: tr.num(top.total),
		bottom: bottom.unitName,
		bottomTotal: tr.num(bottom.total)
	});
}

/** Height in pixels that gives every bar room for its label (two lines of a unit name when narrow). */
export function totalsChartHeight(count: number, narrow = false): number {
	return Math.max(160, count * (narrow ? 40 : 34) + 60);
}

/** Below this width (CSS pixels) the chart draws fewer axis labels and narrower unit names. */
export const NARROW_CHART = 560;

export function totalsOption(
	rows: RankingRow[],
	tr: Translator,
	summary: string,
	{ narrow = false }: { narrow?: boolean } = {}
): ChartOption {
	const rowAt = (i: number) => rows[i];
	const tooltip = (dataIndex: number): string => {
		const r = rowAt(dataIndex);
		if (!r) return '';
		const rank = tr.t('chart.rank', { rank: r.rank }) + (r.tied ? ` (${tr.t('rank.tie')})` : '');
		const lines = [
			`<strong>${escapeHtml(r.unitName)}</strong>`,
			escapeHtml(rank),
			`${escapeHtml(tr.t('chart.total'))}: <strong>${tr.num(r.total)}</strong> (${tr.pct(r.percent)})`,
			`${escapeHtml(tr.t('bloc.col.tier'))}: ${escapeHtml(tr.tier(r.tier))}`,
			`${escapeHtml(tr.t('bloc.col.content'))}: ${tr.num(r.content)} / ${tr.num(r.contentMax)}`,
			`${escapeHtml(tr.t('bloc.col.bonus'))}: ${tr.num(r.bonus)}` +
				(r.bonusRaw > r.bonus ? ` (${tr.num(r.bonusRaw)} → ${tr.num(r.bonus)})` : ''),
			`${escapeHtml(tr.t('bloc.col.deduction'))}: ${r.deduction > 0 ? '−' : ''}${tr.num(r.deduction)}`
		];
		if (r.unreviewedCount > 0) lines.push(escapeHtml(tr.t('mark.unreviewed', { count: r.unreviewedCount })));
		return lines.join('<br>');
	};

	return {
		animationDuration: 500,
		textStyle: { fontFamily: CHART_FONT, fontSize: 13 },
		aria: { enabled: true, label: { enabled: true, description: summary } },
		grid: { left: 8, right: narrow ? 96 : 120, top: 8, bottom: 28 },
		tooltip: {
			trigger: 'item',
			confine: true,
			formatter: (params) => (Array.isArray(params) ? '' : tooltip(params.dataIndex))
		},
		xAxis: {
			type: 'value',
			min: 0,
			// A phone has room for a few round numbers only; labels never overlap.
			splitNumber: narrow ? 2 : 5,
			axisLabel: { formatter: (v: number) => tr.num(v, 0), color: '#333', hideOverlap: true },
			splitLine: { lineStyle: { color: '#ddd' } }
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: rows.map((r) => r.unitName),
			axisTick: { show: false },
			axisLabel: {
				color: '#222',
				width: narrow ? 120 : 260,
				overflow: narrow ? 'break' : 'truncate',
				lineHeight: 14,
				formatter: (name: string, i: number) => `${rowAt(i)?.rank ?? ''}. ${name}`
			}
		},
		series: [
			{
				type: 'bar',
				name: tr.t('chart.total'),
				barMaxWidth: 22,
				data: rows.map((r) => ({ value: r.total, itemStyle: { color: TIER_COLORS[r.tier] } })),
				label: {
					show: true,
					position: 'right',
					color: OKABE_ITO.black,
					fontSize: narrow ? 12 : 13,
					formatter: (p) => {
						const r = rowAt(p.dataIndex);
						return r ? `${tr.num(r.total)} · ${tr.tier(r.tier)}` : '';
					}
				}
			}
		]
	};
}
