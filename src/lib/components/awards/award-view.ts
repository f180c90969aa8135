/**
 * What the award-balance components share: the page's data and how its figures are written
 * (numbers the Vietnamese way, verdicts against the council's target, names of blocs and awards).
 */
import { resolve } from '$app/paths';
import { AWARDS_BY_CODE } from '$lib/domain/awards';
import type { Balance } from '$lib/domain/award-balance';
import type { Translator } from '$lib/i18n';
import type { AwardBalanceView } from '$lib/server/analytics/awards';
import type { Cell, Column } from '$lib/components/table/data-table';

export type { AwardBalanceView };

export interface AwardView {
	b: AwardBalanceView;
	tr: Translator;
	/** The bloc chosen, or the whole province. */
	scopeName: string;
	blocName(code: string | null): string;
	awardName(code: string): string;
	/** Direct workers per leader or manager, `1,25`, or a dash. */
	ratioText(x: Balance): string;
	verdict(x: Balance): string;
	/** The verdict as a table cell (green when met, orange when not). */
	verdictCell(x: Balance): Cell;
	share(v: number | null): string;
	/** `260/1.037` with the share below. */
	fraction(count: number, base: number, pct: number | null, strong?: boolean): Cell;
	drillHref(unit: string, year: number): string;
	/** Unit, bloc, leaders and managers, direct workers, direct workers per leader. */
	unitColumns(): Column[];
}

export function awardView(b: AwardBalanceView, tr: Translator): AwardView {
	const blocs = new Map(b.blocs.map((x) => [x.blocCode, x.blocName]));
	const blocName = (code: string | null) =>
		code === null ? tr.t('awards.noBloc') : (blocs.get(code) ?? code);
	const share = (v: number | null) => (v === null ? '—' : tr.pct(v, 1));
	const verdict = (x: Balance) =>
		x.leadersManagers === 0 && x.directWorker === 0
			? tr.t('awards.verdict.none')
			: x.meets
				? tr.t('awards.verdict.meets')
				: tr.t('awards.verdict.misses', { shortfall: tr.num(x.shortfall, 0) });
	return {
		b,
		tr,
		scopeName: b.filter.blocCode ? blocName(b.filter.blocCode) : tr.t('awards.scopeAll'),
		blocName,
		awardName: (code) => {
			const a = AWARDS_BY_CODE.get(code);
			return a ? (tr.lang === 'vi' ? a.vi : a.en) : code;
		},
		ratioText: (x) => (x.directPerLeader === null ? '—' : tr.num(x.directPerLeader, 2)),
		verdict,
		verdictCell: (x) => ({ value: verdict(x), class: x.meets ? 'meets' : 'misses' }),
		share,
		fraction: (count, base, pct, strong = false) => ({
			value: count,
			text: `${tr.num(count, 0)}/${tr.num(base, 0)}`,
			sub: share(pct),
			strong
		}),
		drillHref: (unit, year) =>
			resolve('/awards/[year]/[unit]', { year: String(year), unit: encodeURIComponent(unit) }),
		unitColumns: () => [
			{ label: tr.t('analytics.col.unit') },
			{ label: tr.t('analytics.col.bloc') },
			{ label: tr.t('awards.col.leadersManagers'), num: true, digits: 0 },
			{ label: tr.t('awards.col.direct'), num: true, digits: 0 },
			{ label: tr.t('awards.col.perLeader'), num: true, digits: 2 }
		]
	};
}
