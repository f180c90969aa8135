import { describe, expect, it } from 'vitest';
import type { BlocYear, Principal } from '../../src/lib/domain/policy';
import {
	canonicalScore,
	checkEntries,
	checkNote,
	checkNoteHasScore,
	checkScore,
	countedPoints,
	formatStamp,
	normalizeNote,
	normalizeReason,
	problemText,
	rankMove,
	scoreDiff,
	sheetAccess,
	signedText,
	standingText,
	sheetFormEntries,
	sheetTotals,
	type SheetCriterionDef
} from '../../src/lib/domain/sheet';
import { translator } from '../../src/lib/i18n';

const crit = (
	code: string,
	groupCode: string,
	kind: SheetCriterionDef['kind'],
	maxPoints: number,
	weight = 1
): SheetCriterionDef => ({
	code,
	name: `Tiêu chí ${code}`,
	groupCode,
	groupName: `Nhóm ${groupCode}`,
	kind,
	maxPoints,
	weight,
	sortOrder: 0
});

/*
 * A small pledge: content max = 1 × 40 + 1,5 × 20 + 1 × 30 = 100; bonus cap 10.
 *   I:   A1 content max 40 w 1, A2 content max 20 w 1,5
 *   II:  B1 content max 30 w 1
 *   TH:  T1 bonus max 8 w 1, T2 bonus max 6 w 2
 *   TRU: D1 deduction max 8 w 1
 */
const CRITERIA = [
	crit('A1', 'I', 'content', 40),
	crit('A2', 'I', 'content', 20, 1.5),
	crit('B1', 'II', 'content', 30),
	crit('T1', 'TH', 'bonus', 8),
	crit('T2', 'TH', 'bonus', 6, 2),
	crit('D1', 'TRU', 'deduction', 8)
];
const byCode = (c: string) => CRITERIA.find((x) => x.code === c)!;

describe('sheetTotals', () => {
	it('sums weighted points per group, caps the bonus and subtracts deductions', () => {
		const points: Record<string, number> = { A1: 35.5, A2: 18.25, B1: 27, T1: 6, T2: 3, D1: 2 };
		const t = sheetTotals(CRITERIA, (c) => points[c], 10);
		// Group I: 1 × 35,5 + 1,5 × 18,25 = 35,5 + 27,375 = 62,875 → 62,88 (half away from zero)
		// Group II: 27
		expect(t.groups).toEqual([
			{ groupCode: 'I', groupName: 'Nhóm I', points: 62.88, max: 70 }, // max 40 + 1,5 × 20 = 70
			{ groupCode: 'II', groupName: 'Nhóm II', points: 27, max: 30 }
		]);
		// Content: 62,875 + 27 = 89,875 → 89,88 (computed exactly, rounded once)
		expect(t.content).toBe(89.88);
		expect(t.contentMax).toBe(100);
		// Bonus: 1 × 6 + 2 × 3 = 12, above the cap 10 → 10
		expect(t.bonusRaw).toBe(12);
		expect(t.bonus).toBe(10);
		expect(t.bonusCap).toBe(10);
		// Deduction: 1 × 2 = 2
		expect(t.deduction).toBe(2);
		// Total: 89,875 + 10 − 2 = 97,875 → 97,88; percent 97,875 / 100 × 100 = 97,875 → 97,88
		expect(t.total).toBe(97.88);
		expect(t.percent).toBe(97.88);
	});

	it('counts missing points as 0 and leaves the bonus alone without a cap', () => {
		const points: Record<string, number | null> = { A1: 40, A2: null, T1: 8, T2: 6 };
		const t = sheetTotals(CRITERIA, (c) => points[c], null);
		// Content 40 + 0 + 0 = 40; bonus 8 + 2 × 6 = 20 (no cap); total 60; percent 60 %
		expect([t.content, t.bonusRaw, t.bonus, t.deduction, t.total, t.percent]).toEqual([
			40, 20, 20, 0, 60, 60
		]);
		expect(t.groups.map((g) => g.points)).toEqual([40, 0]);
	});

	it('is exact where floating point is not: 0,1 + 0,2 three times', () => {
		const cs = [crit('X', 'I', 'content', 1), crit('Y', 'I', 'content', 1), crit('Z', 'I', 'content', 1)];
		const v: Record<string, number> = { X: 0.1, Y: 0.2, Z: 0.3 };
		// 0,1 + 0,2 + 0,3 = 0,6 exactly (in doubles: 0.6000000000000001)
		expect(sheetTotals(cs, (c) => v[c], null).total).toBe(0.6);
	});

	it('the ranking counts the reviewed score, else the self-score', () => {
		expect(countedPoints(30, 28)).toBe(28);
		expect(countedPoints(30, null)).toBe(30);
		expect(countedPoints(null, null)).toBeNull();
		expect(countedPoints(null, 0)).toBe(0);
	});
});

describe('checkScore', () => {
	const A1 = byCode('A1'); // content, max 40
	const T2 = byCode('T2'); // bonus, max 6, weight 2

	it('accepts an empty cell as "no score", and Vietnamese or point decimals', () => {
		expect(checkScore(A1, '  ', 10)).toEqual({ value: null, problems: [] });
		expect(checkScore(A1, '8,5', 10)).toEqual({ value: 8.5, problems: [] });
		expect(checkScore(A1, '8.25', 10)).toEqual({ value: 8.25, problems: [] });
		expect(checkScore(A1, '40', 10)).toEqual({ value: 40, problems: [] });
		expect(checkScore(A1, '0', 10)).toEqual({ value: 0, problems: [] });
	});

	it('reports every problem of a cell', () => {
		expect(checkScore(A1, 'tám', 10).problems.map((p) => p.kind)).toEqual(['notNumber']);
		expect(checkScore(A1, '-1,255', 10).problems.map((p) => p.kind)).toEqual(['negative', 'decimals']);
		expect(checkScore(A1, '40,001', 10).problems.map((p) => p.kind)).toEqual(['decimals', 'aboveMax']);
		// "1.000" is one thousand the Vietnamese way: above the maximum 40
		expect(checkScore(A1, '1.000', 10).problems.map((p) => [p.kind, p.params.value])).toEqual([
			['aboveMax', 1000]
		]);
		expect(checkScore(A1, '41', 10).value).toBeNull();
	});

	it('checks a bonus against the cap after its weight: 2 × 5 = 10 ≤ 10, 2 × 5,5 = 11 > 10', () => {
		expect(checkScore(T2, '5', 10).problems).toEqual([]);
		const over = checkScore(T2, '5,5', 10).problems;
		expect(over.map((p) => [p.kind, p.params.weighted, p.params.cap])).toEqual([['aboveCap', 11, 10]]);
		// No cap: only the criterion's maximum (6) applies
		expect(checkScore(T2, '5,5', null).problems).toEqual([]);
		// Above the maximum and, weighted, above the cap: 2 × 7 = 14 > 10
		expect(checkScore(T2, '7', 10).problems.map((p) => p.kind)).toEqual(['aboveMax', 'aboveCap']);
	});

	it('words each problem in Vietnamese (and English) with numbers written the Vietnamese way in both', () => {
		const vi = translator('vi');
		const en = translator('en');
		const [above] = checkScore(byCode('A2'), '20,5', 10).problems;
		expect(problemText(vi, above!)).toBe('20,5 vượt điểm tối đa 20 của tiêu chí A2.');
		expect(problemText(en, above!)).toBe('20,5 is above the maximum 20 of criterion A2.');
		const [cap] = checkScore(T2, '5,5', 10).problems;
		expect(problemText(vi, cap!)).toBe(
			'Điểm thưởng tính 11 (hệ số 2 × 5,5) vượt mức điểm thưởng tối đa 10 của giao ước.'
		);
		const [nan] = checkScore(A1, '8,5,1', 10).problems;
		expect(problemText(vi, nan!)).toBe('«8,5,1» không phải là số (viết 8,5 hoặc 8).');
		const [dec] = checkScore(A1, '8,125', 10).problems;
		expect(problemText(vi, dec!)).toBe('«8,125» có quá 2 chữ số thập phân.');
	});
});

describe('notes and entries', () => {
	it('normalises notes and refuses one longer than 1000 characters', () => {
		expect(normalizeNote('  Đã đối chiếu\r\nbáo cáo  ')).toBe('Đã đối chiếu\nbáo cáo');
		expect(normalizeNote(' \r\n ')).toBeNull();
		expect(checkNote('A1', 'ề'.repeat(1000))).toEqual([]);
		expect(checkNote('A1', 'ề'.repeat(1001)).map((p) => [p.kind, p.params.length])).toEqual([
			['noteTooLong', 1001]
		]);
	});

	it('keeps a note only with a score on one side', () => {
		expect(checkNoteHasScore('A1', null, null, 'ghi chú').map((p) => p.kind)).toEqual(['noteWithoutScore']);
		expect(checkNoteHasScore('A1', 30, null, 'ghi chú')).toEqual([]);
		expect(checkNoteHasScore('A1', null, null, null)).toEqual([]);
	});

	it('checks every entry: unknown and repeated criteria too, missing fields stay unchanged', () => {
		const { entries, problems } = checkEntries(CRITERIA, 10, [
			{ criterionCode: 'A1', value: '35', note: ' ' },
			{ criterionCode: 'A2', note: 'chỉ ghi chú' },
			{ criterionCode: 'A1', value: '36' },
			{ criterionCode: 'NOPE', value: '1' },
			{ criterionCode: 'B1', value: '31' }
		]);
		expect(entries.map((e) => [e.criterion.code, e.value, e.note])).toEqual([
			['A1', 35, null],
			['A2', undefined, 'chỉ ghi chú'],
			['B1', null, undefined]
		]);
		expect(problems.map((p) => [p.criterionCode, p.kind])).toEqual([
			['A1', 'duplicate'],
			['NOPE', 'unknownCriterion'],
			['B1', 'aboveMax']
		]);
	});

	it('reads a sheet form into entries, in form order, ignoring other fields', () => {
		const form = new FormData();
		form.append('version', '3');
		form.append('value.A1', '35');
		form.append('note.A1', 'đủ hồ sơ');
		form.append('note.A2', 'chỉ ghi chú');
		form.append('value.B1', '');
		form.append('value.', 'no code');
		form.append('other', 'x');
		form.append('value.B2', new Blob(['1']));
		expect(sheetFormEntries(form)).toEqual({
			entries: [
				{ criterionCode: 'A1', value: '35', note: 'đủ hồ sơ' },
				{ criterionCode: 'A2', note: 'chỉ ghi chú' },
				{ criterionCode: 'B1', value: '' }
			],
			values: { A1: '35', B1: '' },
			notes: { A1: 'đủ hồ sơ', A2: 'chỉ ghi chú' }
		});
	});

	it('keeps a criterion sent twice as two entries, which checkEntries refuses (no silent pick)', () => {
		const form = new FormData();
		form.append('value.A1', '35');
		form.append('note.A1', 'lần 1');
		form.append('value.A1', '1');
		form.append('note.A2', 'a');
		form.append('note.A2', 'b');
		const { entries, values, notes } = sheetFormEntries(form);
		expect(entries).toEqual([
			{ criterionCode: 'A1', value: '35', note: 'lần 1' },
			{ criterionCode: 'A1', value: '1' },
			{ criterionCode: 'A2', note: 'a' },
			{ criterionCode: 'A2', note: 'b' }
		]);
		// What is shown back is what came first.
		expect(values).toEqual({ A1: '35' });
		expect(notes).toEqual({ A1: 'lần 1', A2: 'a' });
		const { problems } = checkEntries(CRITERIA, 10, entries);
		expect(problems.map((p) => [p.criterionCode, p.kind])).toEqual([
			['A1', 'duplicate'],
			['A2', 'duplicate']
		]);
		expect(problemText(translator('vi'), problems[0]!)).toBe('Tiêu chí A1 được gửi hai lần.');
	});

	it('writes scores for the audit trail as plain decimals', () => {
		expect([8.5, 40, 0.25, 0, 19.999999999].map(canonicalScore)).toEqual(['8.5', '40', '0.25', '0', '20']);
		expect(canonicalScore(null)).toBeNull();
	});
});

describe('who edits which column', () => {
	const bloc = (stage: BlocYear['stage']): BlocYear => ({ blocCode: 'K01', year: 2025, stage });
	const leader: Principal = {
		userId: 1,
		username: 'tk',
		displayName: 'Trưởng khối',
		grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2025 }]
	};
	const officer: Principal = {
		userId: 2,
		username: 'xa01',
		displayName: 'Cán bộ',
		grants: [{ role: 'unit_officer', unitCode: 'XA01' }]
	};
	const analyst: Principal = {
		userId: 3,
		username: 'pt',
		displayName: 'Phân tích',
		grants: [{ role: 'analyst' }]
	};

	const R = { leaderUnit: 'XA09', deputyReviews: false };
	const access = (p: Principal, b: BlocYear, unit: string, rule = R) => {
		const a = sheetAccess(p, b, unit, rule, false);
		return { side: a.side, reason: a.reason };
	};

	it('self-scores in self_scoring, reviews in review, nobody once finalised', () => {
		expect(access(officer, bloc('self_scoring'), 'XA01')).toEqual({ side: 'self', reason: null });
		expect(access(leader, bloc('self_scoring'), 'XA01')).toEqual({
			side: null,
			reason: 'selfScoringLeader'
		});
		expect(access(leader, bloc('review'), 'XA01')).toEqual({ side: 'review', reason: null });
		expect(access(officer, bloc('review'), 'XA01')).toEqual({ side: null, reason: 'reviewOfficer' });
		expect(access(officer, bloc('review'), 'XA02')).toEqual({ side: null, reason: 'viewOnly' });
		expect(access(analyst, bloc('review'), 'XA01')).toEqual({ side: null, reason: 'viewOnly' });
		expect(access(leader, bloc('finalised'), 'XA01')).toEqual({ side: null, reason: 'finalised' });
		expect(access(officer, bloc('open'), 'XA01')).toEqual({ side: null, reason: 'open' });
	});

	it('warns the leader on the leader’s own unit, and makes it read-only when the deputy reviews it', () => {
		const leaderOfficer: Principal = {
			...leader,
			grants: [...leader.grants, { role: 'unit_officer', unitCode: 'XA05' }]
		};
		const deputy: Principal = {
			...leader,
			grants: [{ role: 'bloc_deputy', blocCode: 'K01', year: 2025 }]
		};
		// Allowed with a warning (the default): on the bloc's leader unit and on the account's own unit.
		expect(sheetAccess(leader, bloc('review'), 'XA09', R, false)).toEqual({
			side: 'review',
			reason: null,
			ownUnit: true
		});
		expect(sheetAccess(leaderOfficer, bloc('review'), 'XA05', R, false).ownUnit).toBe(true);
		expect(sheetAccess(leader, bloc('review'), 'XA01', R, false).ownUnit).toBe(false);
		expect(sheetAccess(deputy, bloc('review'), 'XA09', R, false).ownUnit).toBe(false);
		// Not in review: nothing to warn about.
		expect(sheetAccess(leader, bloc('self_scoring'), 'XA09', R, false).ownUnit).toBe(false);
		// The council has the deputy review it: the leader reads, the deputy writes.
		const on = { ...R, deputyReviews: true };
		expect(sheetAccess(leader, bloc('review'), 'XA09', on, false)).toEqual({
			side: null,
			reason: 'leaderOwnUnit',
			ownUnit: true
		});
		expect(access(leaderOfficer, bloc('review'), 'XA05', on)).toEqual({
			side: null,
			reason: 'leaderOwnUnit'
		});
		expect(access(leader, bloc('review'), 'XA01', on)).toEqual({ side: 'review', reason: null });
		expect(access(deputy, bloc('review'), 'XA09', on)).toEqual({ side: 'review', reason: null });
	});

	it('marks the difference of the bloc score from the self-score, exactly', () => {
		expect(scoreDiff(10, 8.5)).toBe(-1.5);
		expect(scoreDiff(0.1, 0.3)).toBe(0.2);
		expect(scoreDiff(7, 7)).toBeNull();
		expect(scoreDiff(null, 7)).toBeNull();
		expect(scoreDiff(7, null)).toBeNull();
		const vi = translator('vi');
		expect(signedText(vi, -1.5)).toBe('−1,5');
		expect(signedText(vi, 2.25)).toBe('+2,25');
		expect(signedText(translator('en'), -1.5)).toBe('−1,5');
	});

	it('tells the standing after a save: total, rank and the move', () => {
		expect(rankMove(5, 3)).toEqual({ dir: 'up', by: 2 });
		expect(rankMove(3, 4)).toEqual({ dir: 'down', by: 1 });
		expect(rankMove(3, 3)).toEqual({ dir: 'same', by: 0 });
		expect(rankMove(null, 3)).toEqual({ dir: 'same', by: 0 });
		const vi = translator('vi');
		expect(standingText(vi, { total: 92.5, rank: 3, was: 5, of: 14 })).toBe(
			'Tổng 92,5 điểm · hạng 3/14 (↑2)'
		);
		expect(standingText(vi, { total: 1234.5, rank: 4, was: 3, of: 14 })).toBe(
			'Tổng 1.234,5 điểm · hạng 4/14 (↓1)'
		);
		expect(standingText(translator('en'), { total: 92.5, rank: 3, was: 3, of: 14 })).toBe(
			'Total 92,5 points · rank 3 of 14 (rank unchanged)'
		);
	});

	it('keeps a reason on one line, trimmed, and nothing for an empty one', () => {
		expect(normalizeReason('  Theo biên bản\r\nkiểm tra  ')).toBe('Theo biên bản kiểm tra');
		expect(normalizeReason('   ')).toBeNull();
		expect(normalizeReason(null)).toBeNull();
	});

	it('shows times in Vietnam’s time zone as dd/mm/yyyy HH:mm', () => {
		// 2025-11-21 02:05 UTC = 09:05 in Hà Nội (UTC+7)
		expect(formatStamp(Date.UTC(2025, 10, 21, 2, 5))).toBe('21/11/2025 09:05');
		expect(formatStamp(null)).toBe('');
	});
});
