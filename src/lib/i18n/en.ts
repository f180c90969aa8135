import type { Messages } from './vi';

/** English messages. Typed as `Messages`: a missing or extra key is a compile error. */
export const en: Messages = {
	'app.name': 'Emulation & Commendation',
	'app.skipToContent': 'Skip to main content',
	'app.footer':
		'Rankings use the scores agreed by the bloc; self-scores nobody has reviewed yet are marked ⚠.',

	'nav.label': 'Main navigation',
	'nav.overview': 'Overview',

	'lang.label': 'Language',
	'lang.vi': 'Tiếng Việt',
	'lang.en': 'English',

	'tier.excellent': 'Excellent',
	'tier.good': 'Good',
	'tier.fair': 'Fair',
	'tier.average': 'Average',
	'tier.weak': 'Weak',

	'role.leader': 'Bloc leader',
	'role.deputy': 'Deputy leader',
	'role.member': 'Member',

	'proposal.flag': 'Propose emulation flag',
	'proposal.certificate': 'Propose certificate of merit',
	'proposal.none': '—',
	'proposal.vote': 'vote needed',
	'proposal.voteTitle':
		'More qualifying units share a score than there are places: the bloc votes by secret ballot',

	'unitType.commune': 'Commune',
	'unitType.ward': 'Ward',
	'unitType.party_agency': 'Party agency',
	'unitType.mass_org': 'Front / mass organisation',
	'unitType.department': 'Department',
	'unitType.school': 'School',
	'unitType.enterprise': 'Enterprise',
	'unitType.other': 'Other',

	'kind.content': 'Content',
	'kind.bonus': 'Bonus',
	'kind.deduction': 'Deduction',

	'rank.tie': 'tied',
	'rank.tieTitle': 'Same total as another unit, so the same rank',

	'mark.unreviewed': '⚠ criteria not reviewed by the bloc: {count}',
	'mark.missing': 'criteria without a score: {count}',
	'mark.unitsUnreviewed': '⚠ units: {count}',
	'mark.none': 'All reviewed',

	'year.label': 'Emulation year',
	'year.submit': 'Show',

	'overview.title': 'Overview {year}',
	'overview.intro':
		'Member units of each emulation bloc ranked by the criteria of their signed pledge. Choose a bloc to see its full ranking.',
	'overview.summaryLabel': 'Key figures {year}',
	'overview.blocs': 'Emulation blocs',
	'overview.units': 'Member units',
	'overview.unreviewedUnits': 'Units with self-scores not yet reviewed by the bloc',
	'overview.caption': 'Emulation blocs in {year}: leading unit, members and review status',
	'overview.col.bloc': 'Emulation bloc',
	'overview.col.leading': 'Leading unit',
	'overview.col.members': 'Units',
	'overview.col.average': 'Average (% of maximum)',
	'overview.col.unreviewed': 'Scoring status',
	'overview.col.leader': 'Bloc leader',
	'overview.leadingScore': '{total} points',
	'overview.noRanking': 'No scores yet',
	'overview.noBlocs': 'No emulation pledge was signed in {year}.',
	'overview.noData': "No data yet. Import the council's CSV files (npm run import).",
	'overview.legend':
		"The average is the mean, over the bloc's units, of the total as a percentage of the content maximum. ⚠ counts units with criteria that only have a self-score.",

	'bloc.title': '{bloc} – {year}',
	'bloc.years': 'Years with a pledge',
	'bloc.back': '← Overview {year}',
	'bloc.pledge': 'Emulation pledge',
	'bloc.pledgeTitle': 'Title',
	'bloc.signedDate': 'Signed on',
	'bloc.signedUnknown': 'not recorded',
	'bloc.contentMax': 'Content maximum',
	'bloc.bonusCap': 'Bonus cap',
	'bloc.bonusNoCap': "no cap beyond each criterion's maximum",
	'bloc.thresholds': 'Tier thresholds (% of maximum)',
	'bloc.threshold': '{tier} ≥ {pct}',
	'bloc.proposals': 'Proposal places',
	'bloc.proposalSlots':
		'Emulation flag: {flags} (tier {flagTier} or better); certificate of merit: {certificates} (tier {certificateTier} or better)',
	'bloc.leaderUnits': 'Bloc leader, deputy',
	'bloc.ranking': 'Ranking',
	'bloc.caption': 'Ranking of the {count} units of {bloc} in {year}, by total score, highest first',
	'bloc.noMembers': 'The bloc has no member units this year.',
	'bloc.col.rank': 'Rank',
	'bloc.col.unit': 'Unit',
	'bloc.col.groupMax': 'max {max}',
	'bloc.col.content': 'Content',
	'bloc.col.bonus': 'Bonus',
	'bloc.col.deduction': 'Deduction',
	'bloc.col.total': 'Total',
	'bloc.col.percent': '% of max',
	'bloc.col.tier': 'Tier',
	'bloc.col.proposal': 'Proposal',
	'bloc.bonusCapped': 'Bonus {raw} is above the cap; only {capped} counts',
	'bloc.legend': 'Legend',
	'bloc.legend.tie':
		'Units with equal totals share a rank, marked “tied”; the next rank skips accordingly (1, 2, 2, 4). Ties are not broken by secondary criteria.',
	'bloc.legend.unreviewed':
		'⚠ criteria not reviewed by the bloc: those points are still the unit’s own self-score, not yet cross-checked.',
	'bloc.legend.missing': 'Criteria without any score count as 0.',
	'bloc.legend.bonus': 'Bonus shown as “a → b”: the bonus a is above the pledge’s cap, only b counts.',
	'bloc.legend.vote':
		'“Vote needed”: more qualifying units share a score than there are proposal places; the bloc decides by secret ballot.',
	'bloc.legend.percent': 'Percentages are of the content maximum ({max} points).',
	'bloc.chart': 'Total scores chart',
	'bloc.chartNoScript': 'The chart needs JavaScript; the ranking table above has all the figures.',
	'bloc.criteria': 'Criteria of the pledge ({count} criteria)',
	'bloc.criteriaCaption': 'Criteria and maximum points by group',
	'bloc.crit.code': 'Code',
	'bloc.crit.name': 'Criterion',
	'bloc.crit.kind': 'Kind',
	'bloc.crit.max': 'Maximum',
	'bloc.crit.weight': 'Weight',

	'chart.summary':
		'Horizontal bar chart of the total scores of {count} units, {bloc}, {year}, in ranking order. Highest: {top} ({topTotal} points). Lowest: {bottom} ({bottomTotal} points). The ranking table has the detailed figures.',
	'chart.empty': 'No scores to chart yet.',
	'chart.rank': 'Rank {rank}',
	'chart.total': 'Total',
	'chart.points': 'points',

	'error.title': 'Something went wrong',
	'error.notFoundTitle': 'Page not found',
	'error.notFound': 'The page you asked for does not exist.',
	'error.unexpected': 'An unexpected error occurred. Please try again later or tell the administrator.',
	'error.yearNotFound': 'There is no emulation data for {year}.',
	'error.blocNotFound': 'No bloc “{bloc}” with an emulation pledge in {year}.',
	'error.home': 'Back to the overview'
};
