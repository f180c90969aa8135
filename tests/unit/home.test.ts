import { describe, expect, it } from 'vitest';
import {
	blocsByStage,
	grantScopes,
	homeSections,
	latestFinalisedYear,
	latestFinalisedYearOfBloc,
	openYear,
	sheetProgress,
	splitUnits,
	unitState,
	visibleTotal,
	type SheetCounts,
	type YearStage
} from '../../src/lib/domain/home';
import type { Grant } from '../../src/lib/domain/policy';
import { translator } from '../../src/lib/i18n';
import type { RecentChange } from '../../src/lib/server/home';
import { changeAuthor, presentChange } from '../../src/lib/server/home/present';

const counts = (c: Partial<SheetCounts>): SheetCounts => ({
	contentCriteria: 20,
	selfMissingContent: 0,
	reviewMissingContent: 0,
	unreviewed: 0,
	...c
});

describe('homeSections: what each role sees first', () => {
	it('a unit officer: the own sheets only', () => {
		expect(homeSections([{ role: 'unit_officer', unitCode: 'SO11' }])).toEqual(['sheets']);
	});

	it('a bloc leader who is also the officer of the leading unit: the review before the own sheet', () => {
		const grants: Grant[] = [
			{ role: 'unit_officer', unitCode: 'SO24' },
			{ role: 'bloc_leader', blocCode: 'K04', year: 2025 }
		];
		expect(homeSections(grants)).toEqual(['review', 'sheets']);
		expect(homeSections([{ role: 'bloc_deputy', blocCode: 'K04', year: 2025 }])).toEqual(['review']);
	});

	it('an analyst: blocs by stage and the latest changes; an admin also the admin links, last', () => {
		expect(homeSections([{ role: 'analyst' }])).toEqual(['stages', 'changes']);
		expect(homeSections([{ role: 'admin' }])).toEqual(['stages', 'changes', 'admin']);
	});

	it('leadership: the finalised results; nobody without grants: nothing', () => {
		expect(homeSections([{ role: 'viewer' }])).toEqual(['finalised']);
		expect(homeSections([])).toEqual([]);
	});
});

describe('grantScopes', () => {
	it('lists the led bloc-years newest first, once each, and the officer units once each', () => {
		const scopes = grantScopes([
			{ role: 'bloc_deputy', blocCode: 'K02', year: 2024 },
			{ role: 'bloc_leader', blocCode: 'K04', year: 2025 },
			{ role: 'bloc_leader', blocCode: 'K01', year: 2025 },
			{ role: 'bloc_deputy', blocCode: 'K04', year: 2025 },
			{ role: 'unit_officer', unitCode: 'SO24' },
			{ role: 'unit_officer', unitCode: 'SO24' },
			{ role: 'analyst' }
		]);
		expect(scopes.ledBlocs).toEqual([
			{ blocCode: 'K01', year: 2025, role: 'bloc_leader' },
			{ blocCode: 'K04', year: 2025, role: 'bloc_leader' },
			{ blocCode: 'K02', year: 2024, role: 'bloc_deputy' }
		]);
		expect(scopes.units).toEqual(['SO24']);
	});
});

describe('sheetProgress: content criteria filled out of all content criteria', () => {
	it('counts what is filled, for the self-score and the bloc score', () => {
		expect(sheetProgress(counts({ selfMissingContent: 8, reviewMissingContent: 20 }))).toEqual({
			self: { filled: 12, total: 20 },
			review: { filled: 0, total: 20 }
		});
	});

	it('a complete sheet is 20/20 whatever the optional bonus criteria; never below 0 or above the total', () => {
		expect(sheetProgress(counts({})).self).toEqual({ filled: 20, total: 20 });
		expect(sheetProgress(counts({ selfMissingContent: 25 })).self).toEqual({ filled: 0, total: 20 });
		expect(sheetProgress(counts({ selfMissingContent: -3 })).self).toEqual({ filled: 20, total: 20 });
		expect(sheetProgress(counts({ contentCriteria: 0 })).self).toEqual({ filled: 0, total: 0 });
	});
});

describe('unitState and splitUnits: what a bloc leader waits for', () => {
	it('not self-scored while a content criterion lacks the unit’s own score', () => {
		expect(unitState(counts({ selfMissingContent: 20 }))).toBe('notSelfScored');
		expect(unitState(counts({ selfMissingContent: 1, unreviewed: 5 }))).toBe('notSelfScored');
	});

	it('awaiting review once self-scored with criteria the bloc has not scored', () => {
		expect(unitState(counts({ unreviewed: 1 }))).toBe('awaitingReview');
		expect(unitState(counts({ reviewMissingContent: 3 }))).toBe('awaitingReview');
	});

	it('done when nothing is left', () => {
		expect(unitState(counts({}))).toBe('done');
	});

	it('splits the units keeping their order', () => {
		const units = [
			{ ...counts({ unreviewed: 2 }), unitCode: 'A' },
			{ ...counts({ selfMissingContent: 4 }), unitCode: 'B' },
			{ ...counts({}), unitCode: 'C' },
			{ ...counts({ reviewMissingContent: 1 }), unitCode: 'D' }
		];
		const split = splitUnits(units);
		expect(split.awaitingReview.map((u) => u.unitCode)).toEqual(['A', 'D']);
		expect(split.notSelfScored.map((u) => u.unitCode)).toEqual(['B']);
		expect(split.done.map((u) => u.unitCode)).toEqual(['C']);
	});
});

const Y = (year: number, blocCode: string, stage: YearStage['stage']): YearStage => ({
	year,
	blocCode,
	stage
});

describe('latestFinalisedYear: where leadership lands', () => {
	const sample = [
		Y(2025, 'K01', 'review'),
		Y(2025, 'K05', 'self_scoring'),
		Y(2024, 'K01', 'finalised'),
		Y(2024, 'K05', 'finalised'),
		Y(2023, 'K01', 'finalised')
	];

	it('the latest year whose every bloc is finalised, not the open year', () => {
		expect(latestFinalisedYear(sample)).toBe(2024);
	});

	it('one finalised bloc of the open year does not make it the finalised year', () => {
		expect(latestFinalisedYear([...sample, Y(2025, 'K07', 'finalised')])).toBe(2024);
	});

	it('when no year is wholly finalised: the latest with a finalised bloc; with none: null', () => {
		expect(
			latestFinalisedYear([Y(2025, 'K01', 'review'), Y(2024, 'K01', 'finalised'), Y(2024, 'K02', 'open')])
		).toBe(2024);
		expect(latestFinalisedYear([Y(2025, 'K01', 'review')])).toBeNull();
		expect(latestFinalisedYear([])).toBeNull();
	});

	it('of one bloc: its latest finalised year', () => {
		expect(latestFinalisedYearOfBloc(sample, 'K01')).toBe(2024);
		expect(latestFinalisedYearOfBloc([Y(2025, 'K05', 'review')], 'K05')).toBeNull();
		expect(latestFinalisedYearOfBloc(sample, 'K99')).toBeNull();
	});

	it('the open year is the latest year with a pledge', () => {
		expect(openYear(sample)).toBe(2025);
		expect(openYear([])).toBeNull();
	});
});

describe('blocsByStage', () => {
	it('groups in lifecycle order, leaving out stages without a bloc', () => {
		const groups = blocsByStage([
			{ code: 'K01', stage: 'review' as const },
			{ code: 'K05', stage: 'self_scoring' as const },
			{ code: 'K06', stage: 'review' as const }
		]);
		expect(groups.map((g) => [g.stage, g.blocs.map((b) => b.code)])).toEqual([
			['self_scoring', ['K05']],
			['review', ['K01', 'K06']]
		]);
	});
});

describe('visibleTotal: a sum over blocs, never a hidden figure shown as 0', () => {
	it('is unknown (null) as soon as one bloc is hidden from the reader', () => {
		expect(visibleTotal([{ hidden: true, value: 0 }])).toBeNull();
		expect(
			visibleTotal([
				{ hidden: false, value: 2 },
				{ hidden: true, value: 0 }
			])
		).toBeNull();
	});

	it('is the sum when every bloc is visible', () => {
		expect(
			visibleTotal([
				{ hidden: false, value: 2 },
				{ hidden: false, value: 3 }
			])
		).toBe(5);
		expect(visibleTotal([])).toBe(0);
	});
});

describe('the latest changes as shown', () => {
	const tr = translator('vi');
	const change = (c: Partial<RecentChange>): RecentChange => ({
		id: 1,
		changedAt: Date.UTC(2025, 2, 4, 1, 30),
		username: 'truongkhoi.k04',
		displayName: 'Sở Xây dựng (Trưởng khối)',
		action: 'score.review',
		year: 2025,
		blocCode: 'K04',
		blocName: 'Khối các sở, ngành kinh tế',
		unitCode: 'SO22',
		unitName: 'Sở Tài chính',
		criterionCode: 'I.1',
		oldValue: '17.5',
		newValue: '18',
		fileName: null,
		tableName: null,
		rows: null,
		...c
	});

	it('a score: who by name, when in Vietnam’s time, values the Vietnamese way, the bloc-year', () => {
		const line = presentChange(change({}), tr);
		expect(line.who).toBe('Sở Xây dựng (Trưởng khối)');
		expect(line.when).toBe('04/03/2025 08:30');
		expect(line.what).toBe(tr.t('audit.action.score.review'));
		expect([line.oldValue, line.newValue]).toEqual(['17,5', '18']);
		expect(line.bloc).toEqual({ blocCode: 'K04', blocName: 'Khối các sở, ngành kinh tế', year: 2025 });
		expect(line.unitName).toBe('Sở Tài chính');
		expect(line.file).toBeNull();
	});

	it('a stage change by stage names; an imported file by its name and rows, without a bloc', () => {
		const stage = presentChange(change({ action: 'stage', oldValue: 'review', newValue: 'finalised' }), tr);
		expect([stage.oldValue, stage.newValue]).toEqual(['Khối chấm, kiểm tra chéo', 'Đã chốt kết quả']);
		const file = presentChange(
			change({
				action: 'import.batch',
				username: 'import:sample',
				displayName: null,
				year: null,
				blocCode: null,
				blocName: null,
				unitCode: null,
				unitName: null,
				criterionCode: null,
				oldValue: null,
				newValue: null,
				fileName: 'scores.csv',
				tableName: 'scores',
				rows: 13055
			}),
			tr
		);
		expect(file.what).toBe('Nhập tệp');
		expect(file.who).toBe('Nạp dữ liệu mẫu');
		expect(file.bloc).toBeNull();
		expect(file.file).toEqual({ name: 'scores.csv', rows: 13055 });
	});

	it('an import without an account is named by its source, never by the internal account name', () => {
		expect(changeAuthor('import:cli', null, tr)).toBe('Nhập tệp từ dòng lệnh');
		expect(changeAuthor('import:upload', null, tr)).toBe('Tải tệp lên');
		expect(changeAuthor('import:other', null, tr)).toBe('Nhập tệp');
		expect(changeAuthor('import:upload', 'Chuyên viên', tr)).toBe('Chuyên viên');
		expect(changeAuthor('xa08', null, tr)).toBe('xa08');
	});
});
