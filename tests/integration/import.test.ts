import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db';
import { importFiles, importPaths, type ImportResult } from '../../src/lib/server/import';
import type { InputFile } from '../../src/lib/server/import/parse';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

const FIXTURE = 'tests/fixtures/small';
const fixture = (name: string) => readFileSync(join(FIXTURE, name), 'utf8');
const csv = (name: string, text: string): InputFile => ({ name, content: new TextEncoder().encode(text) });
const errors = (r: ImportResult) => r.issues.filter((i) => i.severity === 'error');

describe('import of a good folder', () => {
	let env: Awaited<ReturnType<typeof tempDatabase>>;
	beforeAll(async () => {
		env = await tempDatabase();
	});
	afterAll(() => env.cleanup());

	it('commits every table in one go and counts what it added', async () => {
		const r = await importPaths(env.db, [FIXTURE]);
		expect(errors(r)).toEqual([]);
		expect(r.committed).toBe(true);
		expect(Object.fromEntries(r.counts.map((c) => [c.table, [c.added, c.replaced, c.unchanged]]))).toEqual({
			units: [7, 0, 0],
			blocs: [2, 0, 0],
			lineage: [2, 0, 0],
			memberships: [9, 0, 0],
			pledges: [3, 0, 0],
			criteria: [11, 0, 0],
			scores: [25, 0, 0],
			awards: [5, 0, 0]
		});
	});

	it('stores Vietnamese numbers, enums and dates as values', async () => {
		const [score] = await env.db.all(
			`SELECT self_score::DOUBLE AS s, reviewed_score::DOUBLE AS r FROM score
			 WHERE year = 2024 AND unit_code = 'XA01' AND criterion_code = 'TC03'`
		);
		expect(score).toEqual({ s: 28.5, r: 28 });
		const [crit] = await env.db.all(
			`SELECT weight::DOUBLE AS w, kind FROM criterion WHERE year = 2024 AND bloc_code = 'K01' AND criterion_code = 'TC02'`
		);
		expect(crit).toEqual({ w: 1.5, kind: 'content' });
		const roles = await env.db.all(
			`SELECT unit_code, role FROM bloc_membership WHERE year = 2024 AND bloc_code = 'K01' ORDER BY unit_code`
		);
		expect(roles).toEqual([
			{ unit_code: 'PH01', role: 'member' },
			{ unit_code: 'XA01', role: 'leader' },
			{ unit_code: 'XA02', role: 'deputy' },
			{ unit_code: 'XA03', role: 'member' }
		]);
		const [pledge] = await env.db.all(
			`SELECT strftime(signed_date, '%d/%m/%Y') AS d FROM pledge WHERE year = 2024 AND bloc_code = 'K01'`
		);
		expect(pledge).toEqual({ d: '15/01/2024' });
		const [award] = await env.db.all(
			`SELECT award_class, level, recipient_category FROM award WHERE recipient_name = 'Lê Văn Cường'`
		);
		expect(award).toEqual({ award_class: 'form', level: 'province', recipient_category: 'manager' });
	});

	it('gives the same database when the same folder is imported again', async () => {
		const before = await contentDigest(env.db, { exclude: ['import_log'] });
		const r = await importPaths(env.db, [FIXTURE]);
		expect(r.committed).toBe(true);
		expect(r.counts.every((c) => c.added === 0 && c.replaced === 0)).toBe(true);
		expect(await contentDigest(env.db, { exclude: ['import_log'] })).toBe(before);
	});

	it('replaces a changed row by its key and says so', async () => {
		const r = await importFiles(env.db, [
			csv(
				'scores.csv',
				'year,bloc_code,unit_code,criterion_code,self_score,reviewed_score\n2024,K01,XA03,TC01,35,34\n'
			)
		]);
		expect(r.counts).toEqual([{ table: 'scores', rows: 1, added: 0, replaced: 1, unchanged: 0 }]);
		const [row] = await env.db.all(
			`SELECT reviewed_score::DOUBLE AS r FROM score WHERE year = 2024 AND unit_code = 'XA03' AND criterion_code = 'TC01'`
		);
		expect(row).toEqual({ r: 34 });
	});

	it('checks without writing on a dry run', async () => {
		const before = await contentDigest(env.db);
		const r = await importFiles(
			env.db,
			[csv('scores.csv', 'year,bloc_code,unit_code,criterion_code,self_score\n2024,K01,PH01,TC02,10\n')],
			{ dryRun: true }
		);
		expect(r.committed).toBe(false);
		expect(r.counts).toEqual([{ table: 'scores', rows: 1, added: 1, replaced: 0, unchanged: 0 }]);
		expect(await contentDigest(env.db)).toBe(before);
	});
});

/** Each bad input, the location and reason it must report. */
interface BadCase {
	name: string;
	files: () => InputFile[];
	expect: {
		file: string;
		row: number | null;
		column?: string | null;
		field?: string | null;
		message: RegExp;
	};
}

const scoresHeader = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm\n';
const badCases: BadCase[] = [
	{
		name: 'a score above the criterion maximum',
		files: () => [
			csv('scores.csv', scoresHeader + '2024,K01,XA01,TC01,40,38\n2024,K01,XA02,TC03,30,"31,5"\n')
		],
		expect: {
			file: 'scores.csv',
			row: 3,
			column: 'F "Điểm khối chấm"',
			field: 'reviewed_score',
			message: /31,5 vượt điểm tối đa 30 của tiêu chí TC03/
		}
	},
	{
		name: 'a negative score',
		files: () => [csv('scores.csv', scoresHeader + '2024,K01,XA01,TC01,-2,\n')],
		expect: {
			file: 'scores.csv',
			row: 2,
			column: 'E "Điểm tự chấm"',
			field: 'self_score',
			message: /là số âm/
		}
	},
	{
		name: 'a bonus above the pledge cap (weighted points)',
		files: () => [
			csv(
				'criteria.csv',
				fixture('criteria.csv') + '2024,K01,TC08,III,Điểm thưởng,Giải thưởng quốc gia,15,1,bonus,7\n'
			),
			csv('scores.csv', scoresHeader + '2024,K01,XA01,TC08,12,12\n')
		],
		expect: { file: 'scores.csv', row: 2, field: 'self_score', message: /vượt trần điểm thưởng 10/ }
	},
	{
		name: 'an unknown unit',
		files: () => [csv('scores.csv', scoresHeader + '2024,K01,XA77,TC01,30,30\n')],
		expect: { file: 'scores.csv', row: 2, field: 'unit_code', message: /không có đơn vị mã XA77/ }
	},
	{
		name: 'an unknown bloc',
		files: () => [csv('scores.csv', scoresHeader + '2024,K99,XA01,TC01,30,30\n')],
		expect: { file: 'scores.csv', row: 2, field: 'bloc_code', message: /không có khối mã K99/ }
	},
	{
		name: 'an unknown criterion',
		files: () => [csv('scores.csv', scoresHeader + '2024,K01,XA01,TC99,3,3\n')],
		expect: { file: 'scores.csv', row: 2, field: 'criterion_code', message: /không có tiêu chí TC99/ }
	},
	{
		name: 'a unit scored in a bloc it does not belong to that year',
		files: () => [csv('scores.csv', scoresHeader + '2024,K02,XA01,TC01,30,30\n')],
		expect: {
			file: 'scores.csv',
			row: 2,
			field: 'unit_code',
			message: /XA01 không thuộc khối K02 năm 2024 \(năm đó thuộc khối K01\)/
		}
	},
	{
		name: 'a unit that is no member that year',
		files: () => [csv('scores.csv', scoresHeader + '2025,K01,XA01,TC01,30,30\n')],
		expect: {
			file: 'scores.csv',
			row: 2,
			field: 'unit_code',
			message: /không là thành viên khối nào năm 2025/
		}
	},
	{
		name: 'duplicate rows',
		files: () => [
			csv(
				'scores.csv',
				scoresHeader + '2024,K01,XA01,TC01,40,38\n2024,K01,XA02,TC01,39,39\n2024,K01,XA01,TC01,40,37\n'
			)
		],
		expect: { file: 'scores.csv', row: 4, message: /dòng trùng khóa .* với scores.csv dòng 2/ }
	},
	{
		name: 'a missing column',
		files: () => [csv('scores.csv', 'Năm,Mã khối,Mã tiêu chí,Điểm tự chấm\n2024,K01,TC01,30\n')],
		expect: { file: 'scores.csv', row: null, message: /thiếu cột bắt buộc "Mã đơn vị" \(unit_code\)/ }
	},
	{
		name: 'a value that is not a number',
		files: () => [csv('scores.csv', scoresHeader + '2024,K01,XA01,TC01,ba mươi,\n')],
		expect: { file: 'scores.csv', row: 2, column: 'E "Điểm tự chấm"', message: /không phải là số/ }
	},
	{
		name: 'a row with neither self-score nor bloc score',
		files: () => [csv('scores.csv', scoresHeader + '2024,K01,XA01,TC01,,\n')],
		expect: { file: 'scores.csv', row: 2, message: /cần ít nhất một trong hai/ }
	},
	{
		name: 'two leaders of one bloc in one year (counting the database)',
		files: () => [csv('memberships.csv', 'year,bloc_code,unit_code,role\n2024,K01,PH01,Trưởng khối\n')],
		expect: {
			file: 'memberships.csv',
			row: 2,
			field: 'role',
			message: /khối K01 năm 2024 có 2 đơn vị cùng vai trò Trưởng khối/
		}
	},
	{
		name: 'criteria of a pledge that does not exist',
		files: () => [
			csv(
				'criteria.csv',
				'year,bloc_code,criterion_code,group_code,group_name,criterion_name,max_points\n2023,K01,TC01,I,A,B,10\n'
			)
		],
		expect: {
			file: 'criteria.csv',
			row: 2,
			field: 'bloc_code',
			message: /khối K01 chưa có giao ước năm 2023/
		}
	},
	{
		name: 'an individual award without a recipient category',
		files: () => [
			csv(
				'awards.csv',
				'year,unit_code,recipient_kind,recipient_name,award_code\n2024,XA02,Cá nhân,Phạm Văn Dũng,LDTT\n'
			)
		],
		expect: { file: 'awards.csv', row: 2, field: 'recipient_category', message: /cần ghi thành phần/ }
	},
	{
		name: 'an individual title given to a collective',
		files: () => [
			csv(
				'awards.csv',
				'year,unit_code,recipient_kind,recipient_name,award_code\n2024,XA02,Tập thể,Tổ Một cửa,CSTDCS\n'
			)
		],
		expect: { file: 'awards.csv', row: 2, field: 'award_code', message: /danh hiệu dành cho cá nhân/ }
	},
	{
		name: 'an impossible date',
		files: () => [csv('pledges.csv', 'year,bloc_code,title,signed_date\n2024,K02,Giao ước,30/02/2024\n')],
		expect: { file: 'pledges.csv', row: 2, column: 'D "signed_date"', message: /không phải ngày có thật/ }
	},
	{
		name: 'Windows-1258 bytes',
		files: () => [
			{
				name: 'units.csv',
				content: new Uint8Array([
					...new TextEncoder().encode('unit_code,unit_name,unit_type\nXA05,X'),
					0xe3,
					0x20,
					0x41,
					0x0a
				])
			}
		],
		expect: { file: 'units.csv', row: null, message: /không được mã hóa UTF-8/ }
	},
	{
		name: 'an empty file',
		files: () => [csv('scores.csv', '')],
		expect: { file: 'scores.csv', row: null, message: /tệp rỗng/ }
	},
	{
		name: 'a file of unknown kind',
		files: () => [csv('bang_tinh.csv', 'cot1,cot2\n1,2\n')],
		expect: { file: 'bang_tinh.csv', row: null, message: /không nhận ra loại dữ liệu/ }
	},
	{
		name: 'a good file together with a bad one (nothing of the good one is written)',
		files: () => [
			csv('units.csv', 'unit_code,unit_name,unit_type\nXA10,Xã Mới,Xã\n'),
			csv('scores.csv', scoresHeader + '2024,K01,XA01,TC01,45,\n')
		],
		expect: { file: 'scores.csv', row: 2, field: 'self_score', message: /45 vượt điểm tối đa 40/ }
	}
];

describe('a bad import changes nothing', () => {
	let env: Awaited<ReturnType<typeof tempDatabase>>;
	let db: Database;
	let digest: string;
	beforeAll(async () => {
		env = await tempDatabase();
		db = env.db;
		const r = await importPaths(db, [FIXTURE]);
		expect(r.committed).toBe(true);
		digest = await contentDigest(db);
	});
	afterAll(() => env.cleanup());

	it.each(badCases)('$name', async (c) => {
		const r = await importFiles(db, c.files());
		expect(r.committed).toBe(false);
		expect(r.counts).toEqual([]);
		const found = errors(r);
		expect(found.length).toBeGreaterThan(0);
		expect(found).toContainEqual(
			expect.objectContaining({
				file: c.expect.file,
				row: c.expect.row,
				...(c.expect.column !== undefined ? { column: c.expect.column } : {}),
				...(c.expect.field !== undefined ? { field: c.expect.field } : {}),
				message: expect.stringMatching(c.expect.message)
			})
		);
		expect(await contentDigest(db)).toBe(digest);
	});

	it('reports every error of a file, not only the first', async () => {
		const r = await importFiles(db, [
			csv(
				'scores.csv',
				scoresHeader + '2024,K01,XA01,TC01,41,\n2024,K01,XA01,TC02,21,\n2024,K01,XA01,TC03,31,\n'
			)
		]);
		expect(errors(r).map((e) => e.row)).toEqual([2, 3, 4]);
	});

	it('keeps the fixture folder covering every table', () => {
		expect(readdirSync(FIXTURE).sort()).toEqual([
			'awards.csv',
			'blocs.csv',
			'criteria.csv',
			'lineage.csv',
			'memberships.csv',
			'pledges.csv',
			'scores.csv',
			'units.csv'
		]);
	});
});

describe('the bundled sample province', () => {
	it('imports cleanly, and importing it again gives the same database', async () => {
		const env = await tempDatabase();
		try {
			const first = await importPaths(env.db, ['data/sample']);
			expect(errors(first)).toEqual([]);
			expect(first.counts.find((c) => c.table === 'scores')?.added).toBeGreaterThan(8000);
			const digest = await contentDigest(env.db, { exclude: ['import_log'] });
			const second = await importPaths(env.db, ['data/sample']);
			expect(second.committed).toBe(true);
			expect(second.counts.map((c) => [c.table, c.added, c.replaced])).toEqual(
				second.counts.map((c) => [c.table, 0, 0])
			);
			expect(await contentDigest(env.db, { exclude: ['import_log'] })).toBe(digest);
		} finally {
			env.cleanup();
		}
	});
});
