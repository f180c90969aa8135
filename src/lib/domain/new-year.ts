/**
 * A new year from the last one (issue 14, part 4): what an admin's "make 2026 from 2025" will
 * create, planned without I/O. Per chosen bloc: the members of the source year with the units'
 * lineage applied (a merged or renamed unit replaced by its successor, once), the leader and
 * deputy rotated, the pledge's title with the year replaced, and what refuses the whole creation.
 *
 * The bloc's order is the unit codes' order (the order of the membership file and the bloc's
 * member lists). DOMAIN.md says only that leadership goes "usually by rotation", so the rule is
 * the common practice: this year's deputy leads next year, and the next member after them in the
 * bloc's order (wrapping round to the first) becomes deputy. A bloc without a deputy: the next
 * member after the leader leads. Either may be chosen by hand per bloc.
 */

export type MemberRole = 'leader' | 'deputy' | 'member';
export type LineageEvent = 'merge' | 'split' | 'rename';

export interface SourceMember {
	unitCode: string;
	role: MemberRole;
}

export interface LineageLink {
	predecessor: string;
	successor: string;
	/** Effective from this year. */
	year: number;
	event: LineageEvent;
}

/** One bloc of the source year, as read. */
export interface SourceBloc {
	blocCode: string;
	blocName: string;
	members: SourceMember[];
	/** Null: the bloc signed no pledge in the source year (it cannot be copied). */
	pledge: SourcePledge | null;
	criteria: SourceCriterion[];
}

/** The pledge's settings as stored (decimals as text, exact), copied as they are but the title. */
export interface SourcePledge {
	title: string;
	signedDate: string | null;
	bonusCap: string | null;
	tiers: (string | null)[];
	flagCount: number | null;
	flagMinTier: string | null;
	certificateCount: number | null;
	certificateMinTier: string | null;
}

export interface SourceCriterion {
	code: string;
	groupCode: string;
	groupName: string;
	name: string;
	max: string;
	weight: string;
	kind: 'content' | 'bonus' | 'deduction';
	order: number;
}

export interface NewYearInput {
	targetYear: number;
	sourceYear: number;
	/** The chosen blocs of the source year, in bloc code order. */
	blocs: SourceBloc[];
	/** Every bloc membership of the source year: unit → bloc (to tell a successor that is elsewhere). */
	sourceMembership: ReadonlyMap<string, string>;
	/** Every bloc membership already in the target year: unit → bloc. */
	targetMembership: ReadonlyMap<string, string>;
	/** Blocs that already have a pledge in the target year. */
	targetPledges: ReadonlySet<string>;
	/** Units of the catalogue: a member or successor not in it no longer exists. */
	units: ReadonlySet<string>;
	lineage: readonly LineageLink[];
	/** Leader / deputy chosen by hand, per bloc (absent or '': by rotation). */
	choices: ReadonlyMap<string, { leader?: string; deputy?: string }>;
}

/** A member of the new bloc-year. */
export interface PlannedMember {
	unitCode: string;
	role: MemberRole;
	/** The role it (or the units it continues) held in the source year. */
	previousRole: MemberRole;
	/** The source-year members it replaces (empty: the unit itself was a member). */
	replaces: string[];
	/** How it continues them, when it replaces any. */
	event: LineageEvent | null;
}

/** A source-year member (or successor) that the new bloc-year will not have. */
export interface DroppedUnit {
	unitCode: string;
	/** The source-year member it comes from (itself, or the predecessor of a successor). */
	from: string;
	/** gone: not in the unit catalogue; elsewhere: a member of another bloc (bloc named). */
	reason: 'gone' | 'elsewhere';
	bloc: string | null;
}

export type Refusal =
	| { kind: 'no_pledge'; bloc: string }
	| { kind: 'pledge_exists'; bloc: string }
	| { kind: 'membership_exists'; bloc: string; units: string[] }
	| { kind: 'unit_elsewhere'; bloc: string; unit: string; other: string }
	| { kind: 'no_members'; bloc: string }
	| { kind: 'choice_not_member'; bloc: string; unit: string }
	| { kind: 'same_leader_deputy'; bloc: string; unit: string };

export interface BlocPlan {
	blocCode: string;
	blocName: string;
	title: string;
	sourceTitle: string;
	members: PlannedMember[];
	dropped: DroppedUnit[];
	leader: string | null;
	deputy: string | null;
	/** The source year's leader and deputy (as members of the source year). */
	sourceLeader: string | null;
	sourceDeputy: string | null;
	/** Which of leader/deputy were chosen by hand. */
	manual: { leader: boolean; deputy: boolean };
	/** Leader and deputy by the rotation alone (what the hand choice replaces). */
	rotated: { leader: string | null; deputy: string | null };
	criteria: { content: number; bonus: number; deduction: number };
}

export interface NewYearPlan {
	targetYear: number;
	sourceYear: number;
	blocs: BlocPlan[];
	refusals: Refusal[];
}

/** The title with every standalone mention of the source year replaced by the target year. */
export function newTitle(title: string, sourceYear: number, targetYear: number): string {
	return title.replace(new RegExp(`(?<!\\d)${sourceYear}(?!\\d)`, 'g'), String(targetYear));
}

const ROLE_WEIGHT: Record<MemberRole, number> = { leader: 2, deputy: 1, member: 0 };
const stronger = (a: MemberRole, b: MemberRole): MemberRole => (ROLE_WEIGHT[a] >= ROLE_WEIGHT[b] ? a : b);
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The units that continue `code` in `targetYear`: its successors by the links effective by then,
 * followed to the end of a chain (A → B → C gives C), each once; `code` itself without links.
 */
export function successorsOf(
	code: string,
	lineage: readonly LineageLink[],
	targetYear: number
): { units: string[]; event: LineageEvent | null } {
	const out: string[] = [];
	let event: LineageEvent | null = null;
	const seen = new Set<string>();
	const walk = (c: string) => {
		if (seen.has(c)) return;
		seen.add(c);
		const next = lineage
			.filter((l) => l.predecessor === c && l.year <= targetYear)
			.sort((a, b) => byCode(a.successor, b.successor));
		if (next.length === 0) {
			if (!out.includes(c)) out.push(c);
			return;
		}
		event ??= next.length > 1 ? 'split' : next[0]!.event;
		for (const l of next) walk(l.successor);
	};
	walk(code);
	// A cycle in the links (bad data) leaves nothing: keep the unit.
	if (out.length === 0) return { units: [code], event: null };
	return { units: out.sort(byCode), event };
}

/** The member after `code` in the bloc's order (codes sorted), wrapping round; `code` need not be one. */
function nextAfter(order: readonly string[], code: string, skip: ReadonlySet<string>): string | null {
	const start = order.findIndex((c) => c > code);
	for (let i = 0; i < order.length; i++) {
		const c = order[((start < 0 ? 0 : start) + i) % order.length]!;
		if (c !== code && !skip.has(c)) return c;
	}
	return null;
}

/**
 * Next year's leader and deputy by rotation: leader ← this year's deputy; deputy ← the next member
 * after the new leader (unit code order, wrapping round). Without a deputy among the members, the
 * next member after this year's leader (or after where it stood, if it is gone) leads; without
 * either, the first member. `order`: the new members, sorted by code.
 */
export function rotate(
	order: readonly string[],
	leader: string | null,
	deputy: string | null
): { leader: string | null; deputy: string | null } {
	if (order.length === 0) return { leader: null, deputy: null };
	let next: string | null;
	if (deputy !== null && order.includes(deputy)) next = deputy;
	else if (leader !== null) next = nextAfter(order, leader, new Set()) ?? leader;
	else next = order[0]!;
	if (!order.includes(next)) next = order[0]!;
	return { leader: next, deputy: nextAfter(order, next, new Set([next])) };
}

/** The plan of one chosen bloc; `claimed`: units already placed by the blocs before it. */
function planBloc(
	input: NewYearInput,
	src: SourceBloc,
	claimed: Map<string, string>,
	refusals: Refusal[]
): BlocPlan {
	const { targetYear, sourceYear } = input;
	const members = new Map<string, PlannedMember>();
	const dropped: DroppedUnit[] = [];
	const sourceCodes = new Set(src.members.map((m) => m.unitCode));
	const sorted = [...src.members].sort((a, b) => byCode(a.unitCode, b.unitCode));
	for (const m of sorted) {
		const { units, event } = successorsOf(m.unitCode, input.lineage, targetYear);
		const replaced = !(units.length === 1 && units[0] === m.unitCode);
		// A split: the role goes to the first successor (by code) that the bloc keeps.
		let role: MemberRole = m.role;
		for (const u of units) {
			if (!input.units.has(u)) {
				dropped.push({ unitCode: u, from: m.unitCode, reason: 'gone', bloc: null });
				continue;
			}
			// A successor that is a member of another bloc in the source year stays there.
			const elsewhere = input.sourceMembership.get(u);
			if (replaced && elsewhere !== undefined && elsewhere !== src.blocCode && !sourceCodes.has(u)) {
				dropped.push({ unitCode: u, from: m.unitCode, reason: 'elsewhere', bloc: elsewhere });
				continue;
			}
			const other = claimed.get(u);
			if (other !== undefined && other !== src.blocCode) {
				dropped.push({ unitCode: u, from: m.unitCode, reason: 'elsewhere', bloc: other });
				continue;
			}
			const had = members.get(u);
			if (had) {
				had.previousRole = stronger(had.previousRole, role);
				if (replaced && !had.replaces.includes(m.unitCode)) had.replaces.push(m.unitCode);
				had.event ??= replaced ? event : null;
			} else {
				members.set(u, {
					unitCode: u,
					role: 'member',
					previousRole: role,
					replaces: replaced ? [m.unitCode] : [],
					event: replaced ? event : null
				});
				claimed.set(u, src.blocCode);
			}
			role = 'member';
		}
	}
	const list = [...members.values()].sort((a, b) => byCode(a.unitCode, b.unitCode));
	for (const m of list) m.replaces.sort(byCode);
	const order = list.map((m) => m.unitCode);
	const sourceLeader = src.members.find((m) => m.role === 'leader')?.unitCode ?? null;
	const sourceDeputy = src.members.find((m) => m.role === 'deputy')?.unitCode ?? null;
	// The roles carried through the lineage: a leader replaced by its successor keeps the role.
	const heldLeader = list.find((m) => m.previousRole === 'leader')?.unitCode ?? sourceLeader;
	const heldDeputy = list.find((m) => m.previousRole === 'deputy')?.unitCode ?? null;
	const rotated = rotate(order, heldLeader, heldDeputy);

	const choice = input.choices.get(src.blocCode) ?? {};
	const chosenLeader = choice.leader || null;
	const chosenDeputy = choice.deputy || null;
	for (const u of [chosenLeader, chosenDeputy])
		if (u !== null && !order.includes(u))
			refusals.push({ kind: 'choice_not_member', bloc: src.blocCode, unit: u });
	let leader = chosenLeader ?? rotated.leader;
	let deputy = chosenDeputy;
	if (chosenLeader === null && leader !== null && leader === chosenDeputy)
		leader = nextAfter(order, chosenDeputy, new Set([chosenDeputy]));
	if (deputy === null)
		deputy =
			chosenLeader === null
				? rotated.deputy
				: leader === null
					? null
					: nextAfter(order, leader, new Set([leader]));
	if (deputy !== null && deputy === leader) {
		if (chosenLeader !== null && chosenDeputy !== null)
			refusals.push({ kind: 'same_leader_deputy', bloc: src.blocCode, unit: deputy });
		else deputy = nextAfter(order, leader!, new Set([leader!]));
	}
	for (const m of list)
		m.role = m.unitCode === leader ? 'leader' : m.unitCode === deputy ? 'deputy' : 'member';

	const criteria = { content: 0, bonus: 0, deduction: 0 };
	for (const c of src.criteria) criteria[c.kind]++;
	const sourceTitle = src.pledge?.title ?? '';
	return {
		blocCode: src.blocCode,
		blocName: src.blocName,
		title: newTitle(sourceTitle, sourceYear, targetYear),
		sourceTitle,
		members: list,
		dropped,
		leader,
		deputy,
		sourceLeader,
		sourceDeputy,
		manual: { leader: chosenLeader !== null, deputy: chosenDeputy !== null },
		rotated,
		criteria
	};
}

/**
 * What making `targetYear` from `sourceYear` creates for the chosen blocs, and what refuses it:
 * a bloc without a pledge to copy, a bloc that already has a pledge or members in the target
 * year, a new member already in another bloc of the target year, a bloc left without members,
 * a chosen leader or deputy who is not a member, or the same unit chosen for both.
 */
export function planNewYear(input: NewYearInput): NewYearPlan {
	const refusals: Refusal[] = [];
	const claimed = new Map<string, string>();
	// A chosen bloc's own source members are claimed first: a successor never pushes a member out.
	for (const b of input.blocs) for (const m of b.members) claimed.set(m.unitCode, b.blocCode);
	const blocs = input.blocs.map((b) => {
		if (!b.pledge) refusals.push({ kind: 'no_pledge', bloc: b.blocCode });
		if (input.targetPledges.has(b.blocCode)) refusals.push({ kind: 'pledge_exists', bloc: b.blocCode });
		const already = [...input.targetMembership]
			.filter(([, bloc]) => bloc === b.blocCode)
			.map(([u]) => u)
			.sort(byCode);
		if (already.length) refusals.push({ kind: 'membership_exists', bloc: b.blocCode, units: already });
		const plan = planBloc(input, b, claimed, refusals);
		if (plan.members.length === 0) refusals.push({ kind: 'no_members', bloc: b.blocCode });
		for (const m of plan.members) {
			const other = input.targetMembership.get(m.unitCode);
			if (other !== undefined && other !== b.blocCode)
				refusals.push({ kind: 'unit_elsewhere', bloc: b.blocCode, unit: m.unitCode, other });
		}
		return plan;
	});
	return { targetYear: input.targetYear, sourceYear: input.sourceYear, blocs, refusals };
}

/**
 * The text a preview's token is the digest of: the plan and everything copied with it (pledge
 * settings and criteria of the source year), in a fixed order. Any change to what would be
 * created changes it.
 */
export function planFingerprint(plan: NewYearPlan, sources: readonly SourceBloc[]): string {
	return JSON.stringify({
		plan,
		sources: sources.map((s) => ({ bloc: s.blocCode, pledge: s.pledge, criteria: s.criteria }))
	});
}
