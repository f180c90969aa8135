/**
 * The bloc ranking rule (xếp hạng trong khối), as a pure TypeScript reference.
 *
 * The SQL in `src/lib/server/ranking/queries.ts` is what the product runs; this file states the
 * same rule in plain code and the property test checks that both agree on every field.
 *
 * Exactness: points have 2 decimals and weights 3 (DECIMAL(9,2) / DECIMAL(9,3) in DuckDB), so all
 * arithmetic here is done on integers: points × 100 and weight × 1000, products in units of
 * 1e-5 point, as BigInt. Numbers are rounded to 2 decimals (half away from zero, as DuckDB's ROUND
 * on DECIMAL) only when a row is built for display. Ties and tier boundaries are therefore exact.
 */
import { compareVi } from './text';
import {
	TIERS,
	type BlocInput,
	type CriterionDef,
	type GroupSubtotal,
	type Proposal,
	type RankingRow,
	type RankingSettings,
	type RecordedVote,
	type Tier,
	type TierThresholds
} from './types';

// ---------------------------------------------------------------------------------------------
// Tiers

/** Higher is better: excellent 4, good 3, fair 2, average 1, weak 0. */
export const TIER_LEVEL: Readonly<Record<Tier, number>> = {
	excellent: 4,
	good: 3,
	fair: 2,
	average: 1,
	weak: 0
};

/** True when `tier` is `min` or better (excellent > good > fair > average > weak). */
export function tierAtLeast(tier: Tier, min: Tier): boolean {
	return TIER_LEVEL[tier] >= TIER_LEVEL[min];
}

export function isTier(s: unknown): s is Tier {
	return typeof s === 'string' && (TIERS as readonly string[]).includes(s);
}

/** A tier name from the database or a form; throws on anything else. */
export function parseTier(s: unknown): Tier {
	if (!isTier(s)) throw new RangeError(`Mức xếp loại không hợp lệ: ${String(s)}`);
	return s;
}

/**
 * The tier of a total against the content maximum, compared exactly:
 * reached when total × 100 ≥ threshold × contentMax, tested from excellent down.
 * `total` and `contentMax` are exact integers in the same unit (e.g. 1e-5 point, as in
 * {@link scaled}); thresholds are percents with at most 2 decimals.
 * With contentMax = 0 the percent counts as 0, so a tier is reached only by a threshold ≤ 0.
 */
export function tierFor(total: bigint, contentMax: bigint, thresholds: TierThresholds): Tier {
	const reached = (pct: number): boolean => {
		const pctCenti = scaled(pct, 2); // threshold × 100
		if (contentMax === 0n) return pctCenti <= 0n;
		// total × 100 ≥ (pctCenti / 100) × contentMax  ⇔  total × 10000 ≥ pctCenti × contentMax
		return total * 10000n >= pctCenti * contentMax;
	};
	if (reached(thresholds.excellent)) return 'excellent';
	if (reached(thresholds.good)) return 'good';
	if (reached(thresholds.fair)) return 'fair';
	if (reached(thresholds.average)) return 'average';
	return 'weak';
}

// ---------------------------------------------------------------------------------------------
// Settings: the pledge's own values, each falling back to the council's

/** The ranking columns of a pledge (giao ước); NULL means "use the council default". */
export interface PledgeRankingSettings {
	bonusCap: number | null;
	tierExcellentPct: number | null;
	tierGoodPct: number | null;
	tierFairPct: number | null;
	tierAveragePct: number | null;
	flagCount: number | null;
	flagMinTier: Tier | null;
	certificateCount: number | null;
	certificateMinTier: Tier | null;
}

/** The council-wide defaults (council_setting). There is no council-wide bonus cap. */
export type CouncilRankingDefaults = Omit<RankingSettings, 'bonusCap'>;

/** A pledge with every setting left to the council (also used when a bloc has no pledge row). */
export const EMPTY_PLEDGE_SETTINGS: PledgeRankingSettings = {
	bonusCap: null,
	tierExcellentPct: null,
	tierGoodPct: null,
	tierFairPct: null,
	tierAveragePct: null,
	flagCount: null,
	flagMinTier: null,
	certificateCount: null,
	certificateMinTier: null
};

/** Each pledge setting, or the council's when the pledge leaves it NULL. */
export function resolveSettings(
	pledge: PledgeRankingSettings | null,
	council: CouncilRankingDefaults
): RankingSettings {
	const p = pledge ?? EMPTY_PLEDGE_SETTINGS;
	return {
		bonusCap: p.bonusCap,
		thresholds: {
			excellent: p.tierExcellentPct ?? council.thresholds.excellent,
			good: p.tierGoodPct ?? council.thresholds.good,
			fair: p.tierFairPct ?? council.thresholds.fair,
			average: p.tierAveragePct ?? council.thresholds.average
		},
		flagCount: p.flagCount ?? council.flagCount,
		flagMinTier: p.flagMinTier ?? council.flagMinTier,
		certificateCount: p.certificateCount ?? council.certificateCount,
		certificateMinTier: p.certificateMinTier ?? council.certificateMinTier
	};
}

// ---------------------------------------------------------------------------------------------
// Exact arithmetic

/** Scale of a weighted product: points (2 decimals) × weight (3 decimals) → 1e-5 point. */
export const PRODUCT_DIGITS = 5;

/**
 * `x` as an exact integer in units of 10^-digits, rounded half away from zero, as DuckDB
 * stores a number in a DECIMAL column of that scale. scaled(8.25, 2) = 825n.
 */
export function scaled(x: number, digits: number): bigint {
	if (!Number.isFinite(x)) throw new RangeError(`Không phải số hữu hạn: ${x}`);
	const v = Math.round(Math.abs(x) * 10 ** digits);
	if (!Number.isSafeInteger(v)) throw new RangeError(`Số quá lớn: ${x}`);
	return x < 0 ? -BigInt(v) : BigInt(v);
}

/** n / d rounded half away from zero (d > 0). */
export function divRoundHalfAway(n: bigint, d: bigint): bigint {
	const q = ((n < 0n ? -n : n) * 2n + d) / (2n * d);
	return n < 0n ? -q : q;
}

/** A 1e-5-point amount as a display number with 2 decimals (as CAST(ROUND(x, 2) AS DOUBLE)). */
export function toDisplay(amount: bigint): number {
	return Number(divRoundHalfAway(amount, 10n ** BigInt(PRODUCT_DIGITS - 2))) / 100;
}

/** total / contentMax × 100, rounded to 2 decimals; 0 when contentMax is 0. */
export function percentOf(total: bigint, contentMax: bigint): number {
	if (contentMax === 0n) return 0;
	return Number(divRoundHalfAway(total * 10000n, contentMax)) / 100;
}

/** Plain code-unit order, for codes (DuckDB compares VARCHAR byte-wise; same for BMP text). */
export function compareCodes(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Standard competition ranks (1, 2, 2, 4) of exact values, highest first; the result is
 * parallel to `values`.
 */
export function competitionRanks(values: readonly bigint[]): number[] {
	return values.map((v) => 1 + values.filter((w) => w > v).length);
}

/** Row order of a ranking: rank, then unit name in Vietnamese collation, then unit code. */
export function compareRankingRows(
	a: Pick<RankingRow, 'rank' | 'unitName' | 'unitCode'>,
	b: Pick<RankingRow, 'rank' | 'unitName' | 'unitCode'>
): number {
	return a.rank - b.rank || compareVi(a.unitName, b.unitName) || compareCodes(a.unitCode, b.unitCode);
}

// ---------------------------------------------------------------------------------------------
// The ranking

interface GroupDef {
	groupCode: string;
	groupName: string;
	order: number;
	criteria: CriterionDef[];
}

/**
 * Content groups in display order: by the smallest sort_order of the group, then group code.
 * A group's name is taken from its first criterion (sort_order, then criterion code).
 */
function contentGroups(criteria: readonly CriterionDef[]): GroupDef[] {
	const byCode = new Map<string, GroupDef>();
	const sorted = criteria
		.filter((c) => c.kind === 'content')
		.sort((a, b) => a.sortOrder - b.sortOrder || compareCodes(a.code, b.code));
	for (const c of sorted) {
		const g = byCode.get(c.groupCode);
		if (g) g.criteria.push(c);
		else
			byCode.set(c.groupCode, {
				groupCode: c.groupCode,
				groupName: c.groupName,
				order: c.sortOrder,
				criteria: [c]
			});
	}
	return [...byCode.values()].sort((a, b) => a.order - b.order || compareCodes(a.groupCode, b.groupCode));
}

interface Computed {
	row: Omit<RankingRow, 'rank' | 'tied' | 'tier' | 'proposal' | 'proposalTie' | 'vote'>;
	total: bigint;
	contentMax: bigint;
}

/**
 * Who needs a vote among the `selected` units of one proposal with `places` places: when more
 * units are selected than there are places, the units tied at the last selected total (the
 * lowest); those above it fit in the places and are proposed outright. Parallel to `selected`.
 */
export function lastPlaceVote(
	selected: readonly boolean[],
	totals: readonly bigint[],
	places: number
): boolean[] {
	const picked = totals.filter((_, i) => selected[i]);
	if (picked.length === 0 || picked.length <= places) return selected.map(() => false);
	const last = picked.reduce((a, b) => (b < a ? b : a));
	return selected.map((s, i) => s && totals[i] === last);
}

/**
 * The places a vote on `vote` (the units tied at the last place, from {@link lastPlaceVote})
 * fills: the proposal's `places` less the units selected above the tie.
 */
export function votePlacesOf(selected: readonly boolean[], vote: readonly boolean[], places: number): number {
	return places - selected.filter((s, i) => s && !vote[i]).length;
}

/**
 * Whether a recorded vote applies to the tie as it is now: the units tied now are exactly its
 * units, the places it fills now are its places, and it chose that many units.
 */
export function voteApplies(
	recorded: Pick<RecordedVote, 'places' | 'units' | 'chosen'>,
	tiedNow: readonly string[],
	placesNow: number
): boolean {
	const units = new Set(recorded.units);
	return (
		tiedNow.length > 0 &&
		units.size === recorded.units.length &&
		tiedNow.length === units.size &&
		tiedNow.every((u) => units.has(u)) &&
		recorded.places === placesNow &&
		recorded.chosen.filter((u) => units.has(u)).length === placesNow &&
		new Set(recorded.chosen).size === recorded.chosen.length
	);
}

/**
 * Applies a recorded vote to one proposal, in place: when it applies (see {@link voteApplies})
 * the tied units take the proposal when chosen and lose it otherwise, their tie mark is cleared
 * and `decided` notes the vote's kind. Otherwise nothing changes: the tie still needs a vote.
 */
function applyVote(
	recorded: RecordedVote | undefined,
	selected: boolean[],
	vote: boolean[],
	codes: readonly string[],
	places: number,
	decided: Proposal[]
): void {
	if (!recorded) return;
	const tied = codes.filter((_, i) => vote[i]);
	if (!voteApplies(recorded, tied, votePlacesOf(selected, vote, places))) return;
	const chosen = new Set(recorded.chosen);
	vote.forEach((v, i) => {
		if (!v) return;
		selected[i] = chosen.has(codes[i]!);
		vote[i] = false;
		decided[i] = recorded.kind;
	});
}

/** One proposal of a ranking as the bloc prints it: who is proposed outright, who is voted on. */
export interface ProposalSlate {
	/** The pledge's places. */
	places: number;
	/** Proposed outright: above the vote, or all of them when they fit in the places. */
	outright: RankingRow[];
	/** Tied at the last place, more of them than the places left: the bloc votes on them. */
	vote: RankingRow[];
	/** Places the vote fills (0 without a vote). */
	votePlaces: number;
	/**
	 * Certificates only: places that go to the units of the flag vote not chosen for the flag
	 * (they outrank every other candidate), when they reach the certificate's tier.
	 */
	runnersUpPlaces: number;
}

/**
 * The flag and certificate lines of a ranking (rows from {@link rankBloc} or the SQL), for the
 * printed report: outright + votePlaces (+ runnersUpPlaces) never exceeds the places.
 */
export function proposalSlates(
	rows: readonly RankingRow[],
	settings: Pick<RankingSettings, 'flagCount' | 'certificateCount' | 'certificateMinTier'>
): { flag: ProposalSlate; certificate: ProposalSlate } {
	const slate = (kind: 'flag' | 'certificate', places: number, runnersUpPlaces: number): ProposalSlate => {
		const outright = rows.filter((r) => r.proposal === kind && !r.proposalTie);
		const vote = rows.filter((r) => r.proposal === kind && r.proposalTie);
		const votePlaces = vote.length === 0 ? 0 : Math.max(0, places - runnersUpPlaces - outright.length);
		return { places, outright, vote, votePlaces, runnersUpPlaces };
	};
	const flag = slate('flag', settings.flagCount, 0);
	const runnersUp = flag.vote.length - flag.votePlaces;
	const reach = flag.vote.length > 0 && tierAtLeast(flag.vote[0]!.tier, settings.certificateMinTier);
	const certificate = slate(
		'certificate',
		settings.certificateCount,
		reach ? Math.min(runnersUp, settings.certificateCount) : 0
	);
	return { flag, certificate };
}

/** Ranks every member of one bloc in one year. Pure; see the module comment for the rule. */
export function rankBloc(input: BlocInput): RankingRow[] {
	const { settings, criteria, members } = input;
	const memberCodes = new Set(members.map((m) => m.unitCode));
	const criterionCodes = new Set(criteria.map((c) => c.code));

	// unit → criterion → [self, reviewed]; scores of non-members or unknown criteria are ignored.
	const scores = new Map<string, Map<string, { self: number | null; reviewed: number | null }>>();
	for (const s of input.scores) {
		if (!memberCodes.has(s.unitCode) || !criterionCodes.has(s.criterionCode)) continue;
		let perUnit = scores.get(s.unitCode);
		if (!perUnit) scores.set(s.unitCode, (perUnit = new Map()));
		perUnit.set(s.criterionCode, { self: s.selfScore, reviewed: s.reviewedScore });
	}

	const weight = new Map(criteria.map((c) => [c.code, scaled(c.weight, 3)]));
	const wmax = new Map(criteria.map((c) => [c.code, scaled(c.weight, 3) * scaled(c.maxPoints, 2)]));
	const groups = contentGroups(criteria);
	const bonusCap = settings.bonusCap === null ? null : scaled(settings.bonusCap, 2) * 1000n;

	const computed: Computed[] = members.map((m) => {
		const perUnit = scores.get(m.unitCode);
		const wpoints = new Map<string, bigint>();
		let unreviewedCount = 0;
		let missingCount = 0;
		for (const c of criteria) {
			const s = perUnit?.get(c.code);
			let points = 0n;
			if (s && s.reviewed !== null) points = scaled(s.reviewed, 2);
			else if (s && s.self !== null) {
				points = scaled(s.self, 2);
				unreviewedCount++;
			} else if (c.kind === 'content') missingCount++;
			wpoints.set(c.code, (weight.get(c.code) ?? 0n) * points);
		}
		const sum = (kind: CriterionDef['kind'], of: Map<string, bigint>): bigint =>
			criteria.filter((c) => c.kind === kind).reduce((acc, c) => acc + (of.get(c.code) ?? 0n), 0n);

		const content = sum('content', wpoints);
		const contentMax = sum('content', wmax);
		const bonusRaw = sum('bonus', wpoints);
		const bonus = bonusCap !== null && bonusRaw > bonusCap ? bonusCap : bonusRaw;
		const deduction = sum('deduction', wpoints);
		const total = content + bonus - deduction;

		const subtotals: GroupSubtotal[] = groups.map((g) => ({
			groupCode: g.groupCode,
			groupName: g.groupName,
			points: toDisplay(g.criteria.reduce((acc, c) => acc + (wpoints.get(c.code) ?? 0n), 0n)),
			max: toDisplay(g.criteria.reduce((acc, c) => acc + (wmax.get(c.code) ?? 0n), 0n))
		}));

		return {
			total,
			contentMax,
			row: {
				unitCode: m.unitCode,
				unitName: m.unitName,
				role: m.role,
				groups: subtotals,
				content: toDisplay(content),
				contentMax: toDisplay(contentMax),
				bonusRaw: toDisplay(bonusRaw),
				bonus: toDisplay(bonus),
				deduction: toDisplay(deduction),
				total: toDisplay(total),
				percent: percentOf(total, contentMax),
				unreviewedCount,
				missingCount
			}
		};
	});

	const totals = computed.map((c) => c.total);
	const ranks = competitionRanks(totals);
	const tiers = computed.map((c) => tierFor(c.total, c.contentMax, settings.thresholds));

	// Flag (Cờ thi đua): rank within flagCount and tier at least flagMinTier.
	const flag = computed.map(
		(_, i) => ranks[i]! <= settings.flagCount && tierAtLeast(tiers[i]!, settings.flagMinTier)
	);
	const flagVote = lastPlaceVote(flag, totals, settings.flagCount);
	const codes = computed.map((c) => c.row.unitCode);
	const decided: Proposal[] = computed.map(() => null);
	const votes = input.votes ?? [];
	// A recorded flag vote that applies: its chosen units keep the flag, the others lose it.
	applyVote(
		votes.find((v) => v.kind === 'flag'),
		flag,
		flagVote,
		codes,
		settings.flagCount,
		decided
	);

	// The units of a flag vote that are not chosen (flagged − places) come first for the
	// certificates, ahead of every unit below them: they take that many certificate places. (Should
	// they not reach certificateMinTier, nobody below them does either: the tier grows with the
	// total, against the same content maximum for the whole bloc.)
	const flagged = flag.filter(Boolean).length;
	const certificatePlaces = settings.certificateCount - Math.max(0, flagged - settings.flagCount);

	// Certificate (Bằng khen): the others reaching certificateMinTier, ranked again among themselves,
	// for the places the flag vote leaves.
	const eligible = computed.map((_, i) => !flag[i] && tierAtLeast(tiers[i]!, settings.certificateMinTier));
	const eligibleIdx = computed.map((_, i) => i).filter((i) => eligible[i]);
	const certRanks = competitionRanks(eligibleIdx.map((i) => totals[i]!));
	const certificate = computed.map(() => false);
	eligibleIdx.forEach((i, k) => {
		if (certRanks[k]! <= certificatePlaces) certificate[i] = true;
	});
	const certificateVote = lastPlaceVote(certificate, totals, certificatePlaces);
	applyVote(
		votes.find((v) => v.kind === 'certificate'),
		certificate,
		certificateVote,
		codes,
		certificatePlaces,
		decided
	);

	const rows: RankingRow[] = computed.map((c, i) => {
		const proposal: Proposal = flag[i] ? 'flag' : certificate[i] ? 'certificate' : null;
		const r = c.row;
		return {
			unitCode: r.unitCode,
			unitName: r.unitName,
			role: r.role,
			groups: r.groups,
			content: r.content,
			contentMax: r.contentMax,
			bonusRaw: r.bonusRaw,
			bonus: r.bonus,
			deduction: r.deduction,
			total: r.total,
			percent: r.percent,
			rank: ranks[i]!,
			tied: totals.some((t, j) => j !== i && t === c.total),
			tier: tiers[i]!,
			proposal,
			proposalTie: flagVote[i]! || certificateVote[i]!,
			vote: decided[i]!,
			unreviewedCount: r.unreviewedCount,
			missingCount: r.missingCount
		};
	});
	return rows.sort(compareRankingRows);
}
