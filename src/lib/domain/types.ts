/** Shared vocabulary of the domain. Pure types and constants: no I/O. */

export const TIERS = ['excellent', 'good', 'fair', 'average', 'weak'] as const;
/** Xuất sắc / Tốt / Khá / Trung bình / Yếu. */
export type Tier = (typeof TIERS)[number];

export const CRITERION_KINDS = ['content', 'bonus', 'deduction'] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

export const ROLES = ['leader', 'deputy', 'member'] as const;
/** Trưởng khối / Phó khối / Thành viên. */
export type Role = (typeof ROLES)[number];

export const UNIT_TYPES = [
	'commune',
	'ward',
	'party_agency',
	'mass_org',
	'department',
	'school',
	'enterprise',
	'other'
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const RECIPIENT_CATEGORIES = ['leader', 'manager', 'staff', 'direct_worker', 'citizen'] as const;
export type RecipientCategory = (typeof RECIPIENT_CATEGORIES)[number];

/** Cá nhân / Tập thể / Hộ gia đình (issue 15 part 6: households, Thông tư 2/2023/TT-BNV). */
export const RECIPIENT_KINDS = ['individual', 'collective', 'household'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/**
 * The five classes of individuals of Biểu 0602/0603 (Thông tư 2/2023/TT-BNV), in the forms'
 * order: Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên; Lãnh đạo cấp vụ, sở, ngành và tương
 * đương; Doanh nhân; Các cấp lãnh đạo khác từ phó phòng trở lên; Người trực tiếp công tác, lao
 * động, học tập, chiến đấu và phục vụ chiến đấu. See domain/official-class.ts for how they map
 * to and from RecipientCategory.
 */
export const OFFICIAL_CLASSES = [
	'senior_leader',
	'department_leader',
	'entrepreneur',
	'other_leader',
	'direct_worker'
] as const;
export type OfficialClass = (typeof OFFICIAL_CLASSES)[number];

/** Phương thức khen thưởng: Thường xuyên, Chuyên đề, Đột xuất, Đối ngoại, Cống hiến, Niên hạn, Kháng chiến. */
export const AWARD_METHODS = [
	'regular',
	'thematic',
	'sudden',
	'foreign',
	'dedication',
	'seniority',
	'resistance'
] as const;
export type AwardMethod = (typeof AWARD_METHODS)[number];

export const AWARD_LEVELS = ['grassroots', 'district', 'province', 'ministry', 'national'] as const;
export type AwardLevel = (typeof AWARD_LEVELS)[number];

export const GENDERS = ['female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

export const LINEAGE_EVENTS = ['merge', 'split', 'rename'] as const;
export type LineageEvent = (typeof LINEAGE_EVENTS)[number];

export type Proposal = 'flag' | 'certificate' | null;

/** Tier thresholds in percent of the content maximum (a unit reaches a tier at ≥ threshold). */
export interface TierThresholds {
	excellent: number;
	good: number;
	fair: number;
	average: number;
}

/** The pledge settings that drive a bloc's ranking, with council defaults already applied. */
export interface RankingSettings {
	bonusCap: number | null;
	thresholds: TierThresholds;
	flagCount: number;
	flagMinTier: Tier;
	certificateCount: number;
	certificateMinTier: Tier;
}

export interface CriterionDef {
	code: string;
	groupCode: string;
	groupName: string;
	name: string;
	maxPoints: number;
	weight: number;
	kind: CriterionKind;
	sortOrder: number;
}

/** One unit's score on one criterion; either side may be missing. */
export interface ScoreEntry {
	unitCode: string;
	criterionCode: string;
	selfScore: number | null;
	reviewedScore: number | null;
}

export interface BlocMember {
	unitCode: string;
	unitName: string;
	role: Role;
}

/** Everything needed to rank one bloc in one year. */
export interface BlocInput {
	settings: RankingSettings;
	criteria: CriterionDef[];
	members: BlocMember[];
	scores: ScoreEntry[];
	/** Issue 15: the bloc's recorded votes (bloc_vote), at most one per proposal; none when absent. */
	votes?: RecordedVote[];
}

/**
 * Issue 15: a recorded secret ballot on the units tied at the last place of a proposal, as the
 * ranking rule uses it: it applies while the units tied now are exactly `units` and the places
 * the vote fills now are `places`.
 */
export interface RecordedVote {
	kind: 'flag' | 'certificate';
	places: number;
	/** Every unit voted on. */
	units: string[];
	/** The units the bloc chose (as many as the places). */
	chosen: string[];
}

export interface GroupSubtotal {
	groupCode: string;
	groupName: string;
	/** Σ weight × points of the group's content criteria. */
	points: number;
	/** Σ weight × max_points of the group's content criteria. */
	max: number;
}

/** One line of a bloc's ranking. Numbers are rounded to 2 decimals for display only. */
export interface RankingRow {
	unitCode: string;
	unitName: string;
	role: Role;
	groups: GroupSubtotal[];
	content: number;
	contentMax: number;
	/** Σ weight × bonus points before the cap. */
	bonusRaw: number;
	/** Bonus after the pledge's cap. */
	bonus: number;
	deduction: number;
	total: number;
	/** total / contentMax × 100. */
	percent: number;
	/** Standard competition rank: 1, 2, 2, 4. */
	rank: number;
	/** Another unit has the same total. */
	tied: boolean;
	tier: Tier;
	proposal: Proposal;
	/** More units qualify for the proposal than there are places (tie): the bloc must vote. */
	proposalTie: boolean;
	/**
	 * Issue 15 (the vote): the recorded vote that decided this unit's proposal (the unit was one of
	 * the units tied at its last place, chosen or not), or null. A unit not chosen for the flag may
	 * then be in a certificate vote: 'certificate' when that one is recorded too.
	 */
	vote: Proposal;
	/** Criteria whose points come from a self-score nobody reviewed. */
	unreviewedCount: number;
	/** Content criteria with no score at all (counted as 0); bonus and deduction lines may be left out. */
	missingCount: number;
}
