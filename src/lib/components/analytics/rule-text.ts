/** Rule findings and rule years in words, with the arithmetic behind each verdict. Pure. */
import type { Finding, RuleDef } from '$lib/domain/rules';
import type { Translator } from '$lib/i18n';

/** "40,97%", "15%" */
function pct(tr: Translator, v: number | undefined): string {
	return tr.pct(v ?? 0, 2);
}

/** The verdict of a finding with the numbers that cause it. */
export function findingText(f: Finding, tr: Translator): string {
	const n = f.numbers;
	const num = (k: string) => tr.num(n[k] ?? 0, 0);
	switch (f.code) {
		case 'cstdcs_over_cap':
			return tr.t('rules.finding.cstdcs_over_cap', {
				cstdcs: num('cstdcs'),
				ldtt: num('ldtt'),
				pct: pct(tr, n.pct),
				cap: pct(tr, n.cap),
				allowed: num('allowed'),
				excess: num('excess')
			});
		case 'ttldxs_ldtt_share':
			return tr.t('rules.finding.ttldxs_ldtt_share', {
				ldtt: num('ldtt'),
				members: num('members'),
				pct: pct(tr, n.pct),
				min: pct(tr, n.min),
				required: num('required'),
				missing: num('missing')
			});
		case 'ttldxs_no_cstdcs':
			return tr.t('rules.finding.ttldxs_no_cstdcs', { cstdcs: num('cstdcs'), min: num('min') });
		case 'ttldxs_tasks':
			return tr.t('rules.finding.ttldxs_tasks', {
				tasksCompleted: num('tasksCompleted'),
				members: num('members'),
				pct: pct(tr, n.pct),
				notCompleted: num('notCompleted')
			});
		case 'ttldxs_no_headcount':
			return tr.t('rules.finding.ttldxs_no_headcount', { ldtt: num('ldtt'), cstdcs: num('cstdcs') });
		case 'gov_flag_over_cap':
			return tr.t('rules.finding.gov_flag_over_cap', {
				nominees: num('nominees'),
				leaders: num('leaders'),
				pct: pct(tr, n.pct),
				cap: pct(tr, n.cap),
				allowed: num('allowed'),
				excess: num('excess')
			});
		case 'gov_flag_not_leader':
			return tr.t('rules.finding.gov_flag_not_leader', { leaders: num('leaders') });
		case 'gov_flag_unknown_leaders':
			return tr.t('rules.finding.gov_flag_unknown_leaders', { nominees: num('nominees') });
	}
}

/** "2017–2023", "từ 2024". */
export function ruleYears(r: Pick<RuleDef, 'effectiveFrom' | 'effectiveTo'>, tr: Translator): string {
	return r.effectiveTo === null
		? tr.t('rules.yearsFrom', { from: r.effectiveFrom })
		: tr.t('rules.yearsRange', { from: r.effectiveFrom, to: r.effectiveTo });
}
