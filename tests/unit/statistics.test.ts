/**
 * Biểu 0602/0603 (Thông tư 2/2023/TT-BNV) from award rows: the emulation period, each award in
 * exactly one column, the rows by recipient and method, a hand-counted grid, and every total
 * the sum of its parts.
 */
import { describe, expect, it } from 'vitest';
import {
	cellAwards,
	checkSums,
	columnOf,
	computeForm,
	emulationPeriod,
	FORMS,
	formOf,
	TOTAL,
	type StatAward
} from '../../src/lib/domain/statistics';
import {
	agrees,
	CATEGORY_OF_CLASS,
	CLASS_OF_CATEGORY,
	officialClassOf
} from '../../src/lib/domain/official-class';
import { OFFICIAL_CLASSES, RECIPIENT_CATEGORIES } from '../../src/lib/domain/types';

const F0602 = formOf('0602')!;
const F0603 = formOf('0603')!;

let n = 0;
function award(p: Partial<StatAward>): StatAward {
	n += 1;
	return {
		awardId: `A${n}`,
		unitCode: 'XA01',
		recipientKind: 'individual',
		officialClass: 'direct_worker',
		enterprise: false,
		awardCode: 'BK_TTG',
		level: 'national',
		method: 'regular',
		decisionDate: '2024-06-01',
		...p
	};
}
const collective = (p: Partial<StatAward>) =>
	award({ recipientKind: 'collective', officialClass: null, ...p });
const household = (p: Partial<StatAward>) => award({ recipientKind: 'household', officialClass: null, ...p });

describe('the emulation year', () => {
	it('runs from 1 December of the year before to 30 November by default', () => {
		expect(emulationPeriod(2024)).toEqual({ from: '2023-12-01', to: '2024-11-30' });
	});
	it('follows the council’s first day, and a calendar year when it starts on 1 January', () => {
		expect(emulationPeriod(2024, 1, 1)).toEqual({ from: '2024-01-01', to: '2024-12-31' });
		expect(emulationPeriod(2024, 10, 15)).toEqual({ from: '2023-10-15', to: '2024-10-14' });
		// 31 February is the month's last day: 29/02/2024 (leap), then to 27/02/2025.
		expect(emulationPeriod(2025, 2, 31)).toEqual({ from: '2024-02-29', to: '2025-02-27' });
	});
});

describe('official classes and recipient categories', () => {
	it('map both ways and agree with each other', () => {
		for (const c of RECIPIENT_CATEGORIES) expect(agrees(c, CLASS_OF_CATEGORY[c])).toBe(true);
		for (const k of OFFICIAL_CLASSES) expect(agrees(CATEGORY_OF_CLASS[k], k)).toBe(true);
		expect(agrees('leader', 'direct_worker')).toBe(false);
		expect(agrees('citizen', 'entrepreneur')).toBe(false);
		expect(officialClassOf('manager', null)).toBe('other_leader');
		expect(officialClassOf('leader', 'senior_leader')).toBe('senior_leader');
	});
});

describe('Biểu 0602', () => {
	it('puts each state-level award in one column by its form and recipient, and nothing else', () => {
		expect(columnOf(F0602, award({ awardCode: 'HC_LD' }))).toBe('HC_LD.individual');
		expect(columnOf(F0602, collective({ awardCode: 'HC_LD' }))).toBe('HC_LD.collective');
		expect(columnOf(F0602, household({ awardCode: 'BK_TTG' }))).toBe('BK_TTG.collective');
		expect(columnOf(F0602, collective({ awardCode: 'CO_CP' }))).toBe('CO_CP.collective');
		expect(columnOf(F0602, award({ awardCode: 'CSTD_TQ' }))).toBe('CSTD_TQ.individual');
		expect(columnOf(F0602, award({ awardCode: 'GK' }))).toBe('OTHER.individual');
		expect(columnOf(F0602, award({ awardCode: 'BK_TINH', level: 'province' }))).toBeNull();
	});

	it('agrees with a hand count, and every total is the sum of its parts', () => {
		const p = emulationPeriod(2024);
		const awards = [
			// Counted: 2 collectives (1 enterprise), 1 household, 4 individuals.
			collective({ awardCode: 'CO_CP', decisionDate: '2023-12-01' }),
			collective({ awardCode: 'BK_TTG', enterprise: true, method: 'thematic' }),
			household({ awardCode: 'BK_TTG', method: 'thematic' }),
			award({ awardCode: 'HC_LD', officialClass: 'senior_leader', method: 'dedication' }),
			award({ awardCode: 'BK_TTG', officialClass: 'entrepreneur' }),
			award({ awardCode: 'CSTD_TQ', officialClass: 'direct_worker', decisionDate: '2024-11-30' }),
			award({ awardCode: 'BK_TTG', officialClass: 'direct_worker', method: 'sudden' }),
			// Not counted: outside the period, or not state-level.
			award({ awardCode: 'BK_TTG', decisionDate: '2023-11-30' }),
			award({ awardCode: 'BK_TTG', decisionDate: '2024-12-01' }),
			award({ awardCode: 'BK_TINH', level: 'province' })
		];
		const g = computeForm(F0602, awards, p);
		expect(g.counted).toBe(7);
		expect(g.cells['01']).toMatchObject({
			[TOTAL]: 7,
			'HC_LD.individual': 1,
			'CO_CP.collective': 1,
			'BK_TTG.collective': 2,
			'BK_TTG.individual': 2,
			'CSTD_TQ.individual': 1,
			'OTHER.individual': 0
		});
		expect(g.cells['03']![TOTAL]).toBe(7);
		expect(g.cells['02']![TOTAL]).toBe(0);
		expect(g.cells['06']).toMatchObject({ [TOTAL]: 2, 'CO_CP.collective': 1, 'BK_TTG.collective': 1 });
		expect(g.cells['07']).toMatchObject({ [TOTAL]: 1, 'BK_TTG.collective': 1 });
		expect(g.cells['08']).toMatchObject({ [TOTAL]: 1, 'BK_TTG.collective': 1 });
		expect(g.cells['09']![TOTAL]).toBe(4);
		expect(['10', '11', '12', '13', '14'].map((r) => g.cells[r]![TOTAL])).toEqual([1, 0, 1, 0, 2]);
		expect(['15', '16', '17', '18', '19', '20', '21'].map((r) => g.cells[r]![TOTAL])).toEqual([
			3, 2, 1, 0, 1, 0, 0
		]);
		expect(checkSums(g)).toEqual([]);
		// The drill list of a cell is exactly its awards.
		expect(cellAwards(F0602, awards, p, '08', 'BK_TTG.collective')!.map((a) => a.recipientKind)).toEqual([
			'household'
		]);
		expect(cellAwards(F0602, awards, p, '01', TOTAL)).toHaveLength(7);
		expect(cellAwards(F0602, awards, p, '01', 'nope')).toBeNull();
		// A ministry submits: the same awards in row 02, none in 03.
		const m = computeForm(F0602, awards, p, 'ministry');
		expect([m.cells['02']![TOTAL], m.cells['03']![TOTAL]]).toEqual([7, 0]);
		expect(checkSums(m)).toEqual([]);
	});

	it('says where a total does not add up', () => {
		const g = computeForm(F0602, [award({})], emulationPeriod(2024));
		g.cells['09']!['BK_TTG.individual'] = 5;
		const breaks = checkSums(g);
		expect(breaks).toContainEqual(expect.objectContaining({ row: '09', column: TOTAL, total: 1, sum: 5 }));
		expect(breaks).toContainEqual(
			expect.objectContaining({ row: '01', column: 'BK_TTG.individual', total: 1, sum: 5 })
		);
	});
});

describe('Biểu 0603', () => {
	it('counts the province’s certificates, fighters and flags, and names what it has no column for', () => {
		const p = emulationPeriod(2024);
		const awards = [
			award({ awardCode: 'BK_TINH', level: 'province', officialClass: 'other_leader' }),
			household({ awardCode: 'BK_TINH', level: 'province', method: 'thematic' }),
			award({ awardCode: 'CSTD_TINH', level: 'province' }),
			collective({ awardCode: 'CO_TINH', level: 'province', enterprise: true }),
			collective({ awardCode: 'CO_BO', level: 'ministry' }),
			collective({ awardCode: 'TTLDXS', level: 'province' }),
			award({ awardCode: 'BK_TTG' })
		];
		const g = computeForm(F0603, awards, p);
		expect(g.cells['01']).toEqual({ [TOTAL]: 5, BK: 2, CSTD: 1, CO: 2, HUY_HIEU: 0 });
		expect(['02', '03', '04', '05'].map((r) => g.cells[r]![TOTAL])).toEqual([2, 1, 1, 2]);
		expect(g.cells['09']![TOTAL]).toBe(1);
		expect(g.cells['12']![TOTAL]).toBe(1);
		expect(g.outside).toEqual([{ awardCode: 'TTLDXS', count: 1 }]);
		expect(checkSums(g)).toEqual([]);
	});

	it('every form states its sums over rows that exist, and every value row has a code', () => {
		for (const f of FORMS) {
			const codes = new Set(f.rows.filter((r) => r.filter).map((r) => r.code));
			for (const s of f.sums) for (const c of [s.total, ...s.parts]) expect(codes.has(c)).toBe(true);
			expect(f.rows.filter((r) => r.filter && !r.code)).toEqual([]);
			expect(new Set(f.groups.flatMap((g) => g.columns.map((c) => c.key))).size).toBe(
				f.groups.flatMap((g) => g.columns).length
			);
		}
	});
});
