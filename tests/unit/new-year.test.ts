import { describe, expect, it } from 'vitest';
import { translator } from '../../src/lib/i18n';
import { auditActionKey, formatAuditValue } from '../../src/lib/server/audit/format';
import {
	newTitle,
	planFingerprint,
	planNewYear,
	rotate,
	successorsOf,
	type LineageLink,
	type NewYearInput,
	type SourceBloc,
	type SourceMember
} from '../../src/lib/domain/new-year';

const pledge = {
	title: 'Giao ước thi đua năm 2025 của Khối A',
	signedDate: '2025-02-10',
	bonusCap: '50.00',
	tiers: [null, null, null, null],
	flagCount: 1,
	flagMinTier: 'good',
	certificateCount: 2,
	certificateMinTier: null
};

function bloc(code: string, members: [string, SourceMember['role']][]): SourceBloc {
	return {
		blocCode: code,
		blocName: `Khối ${code}`,
		members: members.map(([unitCode, role]) => ({ unitCode, role })),
		pledge: { ...pledge, title: `Giao ước thi đua năm 2025 của Khối ${code}` },
		criteria: [
			{
				code: 'I.1',
				groupCode: 'I',
				groupName: 'Nhóm I',
				name: 'A',
				max: '20.00',
				weight: '1.000',
				kind: 'content',
				order: 1
			},
			{
				code: 'II.1',
				groupCode: 'II',
				groupName: 'Cộng',
				name: 'B',
				max: '5.00',
				weight: '1.000',
				kind: 'bonus',
				order: 2
			}
		]
	};
}

function input(blocs: SourceBloc[], over: Partial<NewYearInput> = {}): NewYearInput {
	const units = new Set<string>();
	const sourceMembership = new Map<string, string>();
	for (const b of blocs)
		for (const m of b.members) {
			units.add(m.unitCode);
			sourceMembership.set(m.unitCode, b.blocCode);
		}
	for (const l of over.lineage ?? []) units.add(l.successor);
	return {
		targetYear: 2026,
		sourceYear: 2025,
		blocs,
		sourceMembership,
		targetMembership: new Map(),
		targetPledges: new Set(),
		units,
		lineage: [],
		choices: new Map(),
		...over
	};
}

const roles = (plan: ReturnType<typeof planNewYear>, i = 0) =>
	plan.blocs[i]!.members.map((m) => `${m.unitCode}:${m.role}`);

describe('newTitle', () => {
	it('replaces the source year, standalone only', () => {
		expect(newTitle('Giao ước thi đua năm 2025 (ký 2025)', 2025, 2026)).toBe(
			'Giao ước thi đua năm 2026 (ký 2026)'
		);
		expect(newTitle('Giao ước số 12025/GU', 2025, 2026)).toBe('Giao ước số 12025/GU');
		expect(newTitle('Giao ước thi đua', 2025, 2026)).toBe('Giao ước thi đua');
	});
});

describe('rotate', () => {
	it('the deputy leads, the next member after them becomes deputy', () => {
		expect(rotate(['A', 'B', 'C', 'D'], 'A', 'B')).toEqual({ leader: 'B', deputy: 'C' });
	});
	it('wraps round to the first member', () => {
		expect(rotate(['A', 'B', 'C', 'D'], 'C', 'D')).toEqual({ leader: 'D', deputy: 'A' });
	});
	it('without a deputy, the next after the leader leads, also when the leader is gone', () => {
		expect(rotate(['A', 'B', 'C'], 'B', null)).toEqual({ leader: 'C', deputy: 'A' });
		// B is no longer a member: the next after where it stood
		expect(rotate(['A', 'C', 'D'], 'B', null)).toEqual({ leader: 'C', deputy: 'D' });
		expect(rotate(['A', 'C'], null, null)).toEqual({ leader: 'A', deputy: 'C' });
	});
	it('a single member leads without deputy; no members, nobody', () => {
		expect(rotate(['A'], 'A', null)).toEqual({ leader: 'A', deputy: null });
		expect(rotate([], 'A', 'B')).toEqual({ leader: null, deputy: null });
	});
});

describe('successorsOf', () => {
	const links: LineageLink[] = [
		{ predecessor: 'A', successor: 'B', year: 2024, event: 'rename' },
		{ predecessor: 'B', successor: 'C', year: 2026, event: 'merge' },
		{ predecessor: 'S', successor: 'S2', year: 2026, event: 'split' },
		{ predecessor: 'S', successor: 'S1', year: 2026, event: 'split' },
		{ predecessor: 'F', successor: 'G', year: 2027, event: 'merge' }
	];
	it('follows a chain to its end, only links effective by the target year', () => {
		expect(successorsOf('A', links, 2026)).toEqual({ units: ['C'], event: 'rename' });
		expect(successorsOf('A', links, 2025)).toEqual({ units: ['B'], event: 'rename' });
		expect(successorsOf('F', links, 2026)).toEqual({ units: ['F'], event: null });
	});
	it('a split gives every successor', () => {
		expect(successorsOf('S', links, 2026)).toEqual({ units: ['S1', 'S2'], event: 'split' });
	});
	it('a cycle keeps the unit', () => {
		const cycle: LineageLink[] = [
			{ predecessor: 'X', successor: 'Y', year: 2020, event: 'rename' },
			{ predecessor: 'Y', successor: 'X', year: 2021, event: 'rename' }
		];
		expect(successorsOf('X', cycle, 2026).units).toEqual(['X']);
	});
});

describe('planNewYear', () => {
	it('copies the members with the roles rotated, the title with the new year, the criteria counts', () => {
		const plan = planNewYear(
			input([
				bloc('K1', [
					['U1', 'leader'],
					['U2', 'deputy'],
					['U3', 'member']
				])
			])
		);
		expect(plan.refusals).toEqual([]);
		expect(roles(plan)).toEqual(['U1:member', 'U2:leader', 'U3:deputy']);
		expect(plan.blocs[0]!.title).toBe('Giao ước thi đua năm 2026 của Khối K1');
		expect(plan.blocs[0]!.criteria).toEqual({ content: 1, bonus: 1, deduction: 0 });
		expect(plan.blocs[0]!.members.map((m) => m.previousRole)).toEqual(['leader', 'deputy', 'member']);
	});

	it('two predecessors merged into one: the successor once, replacing both', () => {
		const lineage: LineageLink[] = [
			{ predecessor: 'U1', successor: 'M', year: 2026, event: 'merge' },
			{ predecessor: 'U3', successor: 'M', year: 2026, event: 'merge' }
		];
		const plan = planNewYear(
			input(
				[
					bloc('K1', [
						['U1', 'member'],
						['U2', 'leader'],
						['U3', 'member'],
						['U4', 'deputy']
					])
				],
				{ lineage }
			)
		);
		const members = plan.blocs[0]!.members;
		expect(members.map((m) => m.unitCode)).toEqual(['M', 'U2', 'U4']);
		expect(members[0]).toMatchObject({ unitCode: 'M', replaces: ['U1', 'U3'], event: 'merge' });
		expect(plan.refusals).toEqual([]);
	});

	it('a leader replaced by its successor keeps the role it held (the rotation starts from it)', () => {
		const lineage: LineageLink[] = [{ predecessor: 'U2', successor: 'N2', year: 2026, event: 'rename' }];
		const plan = planNewYear(
			input(
				[
					bloc('K1', [
						['U1', 'member'],
						['U2', 'leader'],
						['U3', 'member']
					])
				],
				{ lineage }
			)
		);
		const n2 = plan.blocs[0]!.members.find((m) => m.unitCode === 'N2')!;
		expect(n2).toMatchObject({ previousRole: 'leader', replaces: ['U2'], event: 'rename' });
		// no deputy: the next member after the leader N2 in code order (N2, U1, U3) leads
		expect(roles(plan)).toEqual(['N2:member', 'U1:leader', 'U3:deputy']);
		// renamed deputy: its successor leads next year
		const lineage2: LineageLink[] = [{ predecessor: 'U3', successor: 'N3', year: 2026, event: 'rename' }];
		const plan2 = planNewYear(
			input(
				[
					bloc('K1', [
						['U1', 'leader'],
						['U2', 'member'],
						['U3', 'deputy']
					])
				],
				{ lineage: lineage2 }
			)
		);
		expect(roles(plan2)).toEqual(['N3:leader', 'U1:deputy', 'U2:member']);
	});

	it('a split: every successor joins, the role goes to the first', () => {
		const lineage: LineageLink[] = [
			{ predecessor: 'U2', successor: 'S1', year: 2026, event: 'split' },
			{ predecessor: 'U2', successor: 'S2', year: 2026, event: 'split' }
		];
		const plan = planNewYear(
			input(
				[
					bloc('K1', [
						['U1', 'leader'],
						['U2', 'deputy'],
						['U3', 'member']
					])
				],
				{ lineage }
			)
		);
		expect(plan.blocs[0]!.members.map((m) => [m.unitCode, m.previousRole, m.event])).toEqual([
			['S1', 'deputy', 'split'],
			['S2', 'member', 'split'],
			['U1', 'leader', null],
			['U3', 'member', null]
		]);
		expect(plan.blocs[0]!.leader).toBe('S1');
		expect(plan.blocs[0]!.deputy).toBe('S2');
	});

	it('reports units that no longer exist and successors already in another bloc', () => {
		const lineage: LineageLink[] = [{ predecessor: 'U1', successor: 'V1', year: 2026, event: 'merge' }];
		const blocs = [
			bloc('K1', [
				['U1', 'leader'],
				['U2', 'deputy'],
				['GONE', 'member']
			]),
			bloc('K2', [
				['V1', 'leader'],
				['V2', 'deputy']
			])
		];
		const inp = input(blocs, { lineage });
		const units = new Set(inp.units);
		units.delete('GONE');
		const plan = planNewYear({ ...inp, units });
		expect(plan.blocs[0]!.dropped).toEqual([
			{ unitCode: 'GONE', from: 'GONE', reason: 'gone', bloc: null },
			{ unitCode: 'V1', from: 'U1', reason: 'elsewhere', bloc: 'K2' }
		]);
		expect(plan.blocs[0]!.members.map((m) => m.unitCode)).toEqual(['U2']);
		expect(plan.blocs[1]!.members.map((m) => m.unitCode)).toEqual(['V1', 'V2']);
		// K2 not chosen: the successor stays where it is, still reported
		const alone = planNewYear({ ...inp, units, blocs: [blocs[0]!] });
		expect(alone.blocs[0]!.dropped.map((d) => [d.unitCode, d.reason, d.bloc])).toContainEqual([
			'V1',
			'elsewhere',
			'K2'
		]);
	});

	it('leader and deputy chosen by hand; a clash or a non-member is refused', () => {
		const b = bloc('K1', [
			['U1', 'leader'],
			['U2', 'deputy'],
			['U3', 'member'],
			['U4', 'member']
		]);
		const leaderOnly = planNewYear(input([b], { choices: new Map([['K1', { leader: 'U4' }]]) }));
		expect([leaderOnly.blocs[0]!.leader, leaderOnly.blocs[0]!.deputy]).toEqual(['U4', 'U1']);
		expect(leaderOnly.blocs[0]!.manual).toEqual({ leader: true, deputy: false });
		// the rotated leader U2 chosen as deputy: the next one leads
		const deputyOnly = planNewYear(input([b], { choices: new Map([['K1', { deputy: 'U2' }]]) }));
		expect([deputyOnly.blocs[0]!.leader, deputyOnly.blocs[0]!.deputy]).toEqual(['U3', 'U2']);
		const clash = planNewYear(input([b], { choices: new Map([['K1', { leader: 'U3', deputy: 'U3' }]]) }));
		expect(clash.refusals).toEqual([{ kind: 'same_leader_deputy', bloc: 'K1', unit: 'U3' }]);
		const stranger = planNewYear(input([b], { choices: new Map([['K1', { leader: 'X9' }]]) }));
		expect(stranger.refusals).toEqual([{ kind: 'choice_not_member', bloc: 'K1', unit: 'X9' }]);
	});

	it('refuses a bloc that already has a pledge or members in the target year, or a unit in two blocs', () => {
		const blocs = [
			bloc('K1', [
				['U1', 'leader'],
				['U2', 'deputy']
			]),
			bloc('K2', [
				['V1', 'leader'],
				['V2', 'deputy']
			])
		];
		const plan = planNewYear(
			input(blocs, {
				targetPledges: new Set(['K1']),
				targetMembership: new Map([
					['U1', 'K1'],
					['V2', 'K9']
				])
			})
		);
		expect(plan.refusals).toEqual([
			{ kind: 'pledge_exists', bloc: 'K1' },
			{ kind: 'membership_exists', bloc: 'K1', units: ['U1'] },
			{ kind: 'unit_elsewhere', bloc: 'K2', unit: 'V2', other: 'K9' }
		]);
		const noPledge = planNewYear(input([{ ...bloc('K3', [['W1', 'leader']]), pledge: null }]));
		expect(noPledge.refusals).toEqual([{ kind: 'no_pledge', bloc: 'K3' }]);
	});

	it('the fingerprint changes with what would be copied', () => {
		const b = bloc('K1', [
			['U1', 'leader'],
			['U2', 'deputy']
		]);
		const a = planFingerprint(planNewYear(input([b])), [b]);
		expect(planFingerprint(planNewYear(input([b])), [b])).toBe(a);
		const changed = { ...b, criteria: b.criteria.map((c) => ({ ...c, max: '25.00' })) };
		expect(planFingerprint(planNewYear(input([changed])), [changed])).not.toBe(a);
		const chosen = planNewYear(input([b], { choices: new Map([['K1', { leader: 'U1' }]]) }));
		expect(planFingerprint(chosen, [b])).not.toBe(a);
	});
});

describe('the audit row of a created bloc-year', () => {
	it('reads as a sentence, and falls back to the stored text', () => {
		const tr = translator('vi');
		const value = JSON.stringify({
			from: 2025,
			members: ['A', 'B', 'C'],
			leader: 'B',
			deputy: 'C',
			criteria: 27
		});
		expect(formatAuditValue('year.create', value, tr)).toBe(
			'Từ năm 2025: 3 đơn vị, trưởng khối B, phó khối C, 27 tiêu chí'
		);
		expect(formatAuditValue('year.create', 'không phải JSON', tr)).toBe('không phải JSON');
		expect(auditActionKey('year.create')).toBe('audit.action.year.create');
	});
});
