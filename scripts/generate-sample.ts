/**
 * Writes the sample dataset of the fictional province of Sơn Hà to data/sample/*.csv:
 * 7 emulation blocs, 2020–2025, the 2025 mergers, pledges, criteria, scores, awards and the
 * headcount of every unit and year.
 * Deterministic: seeded random numbers only, so every run writes byte-identical files.
 *
 *   npx tsx scripts/generate-sample.ts   (npm run sample)
 */
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';
import { BLOCS, LAST_YEAR, LINEAGE, MOVES, UNITS, YEARS } from './sample/catalog';
import { writeAccounts } from './sample/accounts';
import { buildMemberships, buildPledges } from './sample/blocs';
import { buildScores, ranking, TIES, UNREVIEWED } from './sample/scores';
import { buildAwards, type Standings } from './sample/awards';
import { buildHeadcounts } from './sample/headcounts';
import {
	MILL,
	enPoints,
	enWeight,
	viBool,
	viDate,
	viEnum,
	viPoints,
	writeTable,
	type Row
} from './sample/csv';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'data', 'sample');

const { members, rosters } = buildMemberships();
const pledges = buildPledges();
const scores = buildScores(pledges, rosters);

const pledgeKey = (bloc: string, year: number): string => `${bloc}:${year}`;
const blocOrder = new Map(BLOCS.map((b, i) => [b.code, i]));
const sortOrder = new Map(
	pledges.flatMap((p) => p.criteria.map((c) => [`${p.bloc}:${p.year}:${c.code}`, c.sortOrder] as const))
);
scores.sort(
	(a, b) =>
		a.year - b.year ||
		(blocOrder.get(a.bloc) ?? 0) - (blocOrder.get(b.bloc) ?? 0) ||
		a.unit.localeCompare(b.unit) ||
		(sortOrder.get(`${a.bloc}:${a.year}:${a.criterion}`) ?? 0) -
			(sortOrder.get(`${b.bloc}:${b.year}:${b.criterion}`) ?? 0)
);

// Standings decide who receives the province flag and certificates (not while the review is open).
const standings: Standings = new Map();
const rankings = new Map<string, { unit: string; total: number }[]>();
for (const p of pledges) {
	const order = ranking(scores, p);
	rankings.set(pledgeKey(p.bloc, p.year), order);
	if (p.bloc === UNREVIEWED.bloc && p.year === UNREVIEWED.year) continue;
	standings.set(
		pledgeKey(p.bloc, p.year),
		order.map((r) => r.unit)
	);
}
const blocOfUnit = new Map(members.map((m) => [`${m.unit}:${m.year}`, m.bloc]));
const awards = buildAwards(standings, (unit, year) => blocOfUnit.get(`${unit}:${year}`) ?? null);
const headcounts = buildHeadcounts(
	members.map((m) => ({ unit: m.unit, year: m.year })),
	awards
);

// ---------------------------------------------------------------------------------------------
// Rows

const moveNotes = new Map(MOVES.map((m) => [m.unit, m.note]));
const successorNote = new Map(LINEAGE.map((l) => [l.successor, l.note]));
const predecessorNote = new Map(
	LINEAGE.flatMap((l) =>
		l.predecessors.map((p) => [p, `Đã sáp nhập, tổ chức lại vào ${l.successor} từ năm 2025`])
	)
);

const unitRows: Row[] = UNITS.map((u) => ({
	unit_code: u.code,
	unit_name: u.name,
	unit_type: u.type,
	remote_area: u.remote ? 'true' : 'false',
	note: u.note ?? successorNote.get(u.code) ?? predecessorNote.get(u.code) ?? moveNotes.get(u.code) ?? null
}));

const blocRows: Row[] = BLOCS.map((b) => ({
	bloc_code: b.code,
	bloc_name: b.name,
	description: b.description
}));

const lineageRows: Row[] = LINEAGE.flatMap((l) =>
	l.predecessors.map((p) => ({
		predecessor_code: p,
		successor_code: l.successor,
		year: 2025,
		event: l.event,
		note: l.note
	}))
);

const membershipRows: Row[] = members.map((m) => ({
	year: m.year,
	bloc_code: m.bloc,
	unit_code: m.unit,
	role: m.role
}));

const pledgeRows: Row[] = pledges.map((p) => ({
	year: p.year,
	bloc_code: p.bloc,
	title: p.title,
	signed_date: viDate(p.year, p.signed.month, p.signed.day),
	bonus_cap: enPoints(p.bonusCap),
	tier_excellent_pct: p.settings.tier_excellent_pct ?? null,
	tier_good_pct: p.settings.tier_good_pct ?? null,
	tier_fair_pct: p.settings.tier_fair_pct ?? null,
	tier_average_pct: p.settings.tier_average_pct ?? null,
	flag_count: p.settings.flag_count ?? null,
	flag_min_tier: p.settings.flag_min_tier ?? null,
	certificate_count: p.settings.certificate_count ?? null,
	certificate_min_tier: p.settings.certificate_min_tier ?? null,
	// Past years are finalised; in the last year one bloc is still self-scoring, the others in review.
	stage: p.year < LAST_YEAR ? 'finalised' : p.bloc === UNREVIEWED.bloc ? 'self_scoring' : 'review'
}));

const criterionRows: Row[] = pledges.flatMap((p) =>
	p.criteria.map((c) => ({
		year: p.year,
		bloc_code: p.bloc,
		criterion_code: c.code,
		group_code: c.groupCode,
		group_name: c.groupName,
		criterion_name: c.name,
		max_points: enPoints(c.max),
		weight: enWeight(c.weight),
		kind: c.kind,
		sort_order: c.sortOrder
	}))
);

const scoreRows: Row[] = scores.map((s) => ({
	year: s.year,
	bloc_code: s.bloc,
	unit_code: s.unit,
	criterion_code: s.criterion,
	self_score: s.self === null ? null : viPoints(s.self),
	reviewed_score: s.reviewed === null ? null : viPoints(s.reviewed),
	note: s.note
}));

const awardRows: Row[] = awards.map((a) => ({
	award_id: a.id,
	year: a.year,
	unit_code: a.unit,
	recipient_kind: viEnum('awards', 'recipient_kind', a.kind),
	recipient_name: a.name,
	recipient_category: a.category ? viEnum('awards', 'recipient_category', a.category) : null,
	official_class: a.officialClass ? viEnum('awards', 'official_class', a.officialClass) : null,
	award_code: viEnum('awards', 'award_code', a.code),
	level: a.level ? viEnum('awards', 'level', a.level) : null,
	award_method: viEnum('awards', 'award_method', a.method),
	gender: a.gender ? viEnum('awards', 'gender', a.gender) : null,
	ethnic_minority: a.minority === null ? null : viBool(a.minority),
	remote_area: viBool(a.remote),
	small_collective: a.small === null ? null : viBool(a.small),
	enterprise: a.enterprise === null ? null : viBool(a.enterprise),
	decision_no: a.decisionNo,
	decision_date: viDate(a.decision.year, a.decision.month, a.decision.day)
}));

const headcountRows: Row[] = headcounts.map((h) => ({
	year: h.year,
	unit_code: h.unit,
	members: h.members,
	tasks_completed: h.tasksCompleted,
	note: null
}));

const english = { vietnameseHeaders: false, bom: false };
const excel = { vietnameseHeaders: true, bom: true };
const written: [string, number][] = [
	[writeTable(outDir, 'units', unitRows, english), unitRows.length],
	[writeTable(outDir, 'blocs', blocRows, english), blocRows.length],
	[writeTable(outDir, 'lineage', lineageRows, english), lineageRows.length],
	[writeTable(outDir, 'memberships', membershipRows, english), membershipRows.length],
	[writeTable(outDir, 'pledges', pledgeRows, english), pledgeRows.length],
	[writeTable(outDir, 'criteria', criterionRows, english), criterionRows.length],
	[writeTable(outDir, 'scores', scoreRows, excel), scoreRows.length],
	[writeTable(outDir, 'awards', awardRows, excel), awardRows.length],
	[writeTable(outDir, 'headcounts', headcountRows, excel), headcountRows.length],
	await writeAccounts(outDir, members, LAST_YEAR)
];

// ---------------------------------------------------------------------------------------------
// Summary

const points = (total: number): string => viPoints(Math.round(total / MILL));
console.log(`Dữ liệu mẫu (${YEARS[0]}–${YEARS[YEARS.length - 1]}):`);
for (const [path, n] of written) console.log(`  ${relative(root, path)}: ${n} dòng`);
for (const t of TIES) {
	const order = rankings.get(pledgeKey(t.bloc, t.year)) ?? [];
	const a = order[t.rank - 1];
	const b = order[t.rank];
	if (a && b)
		console.log(`  Bằng điểm: ${t.bloc} năm ${t.year}, ${a.unit} = ${b.unit} = ${points(a.total)} điểm`);
}
console.log(`  Chưa thẩm định: ${UNREVIEWED.bloc} năm ${UNREVIEWED.year}`);
