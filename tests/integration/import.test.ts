import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitHistory } from '../../src/lib/server/audit';
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

describe('a year’s first import (nothing stored in its bloc-years)', () => {
	it('counts per table, bloc-year, field and file as when rows are stored beside it', async () => {
		const fresh = await tempDatabase();
		const beside = await tempDatabase();
		try {
			const others = readdirSync(FIXTURE)
				.filter((f) => f !== 'scores.csv')
				.map((f) => join(FIXTURE, f));
			for (const env of [fresh, beside]) expect((await importPaths(env.db, others)).committed).toBe(true);
			// A stored row of K01 2024 that the files do not hold: the import compares with it.
			await beside.db.run(
				`INSERT INTO score (year, bloc_code, unit_code, criterion_code, self_score) VALUES (2024, 'K01', 'XA01', 'TC06', 1)`
			);
			const files = () => [
				{ name: 'scores.csv', content: readFileSync(join(FIXTURE, 'scores.csv')) },
				csv(
					'diem_them.csv',
					'year,bloc_code,unit_code,criterion_code,self_score,reviewed_score,note\n2024,K01,PH01,TC02,5,,ghi\n'
				)
			];
			const a = await importFiles(fresh.db, files(), { dryRun: true });
			const b = await importFiles(beside.db, files(), { dryRun: true });
			expect(a.issues).toEqual([]);
			expect(a).toEqual(b);
			expect(a.counts).toEqual([{ table: 'scores', rows: 26, added: 26, replaced: 0, unchanged: 0 }]);
			expect(a.blocYears.find((y) => y.year === 2024 && y.blocCode === 'K01')).toMatchObject({
				rows: 15,
				added: 15,
				changed: { self: 15, review: 11, note: 3 }
			});
			// Committed, each file's batch counts its own rows.
			expect((await importFiles(fresh.db, files())).committed).toBe(true);
			expect(
				await fresh.db.all(
					"SELECT file_name, rows, added FROM import_batch WHERE table_name = 'scores' ORDER BY file_name"
				)
			).toEqual([
				{ file_name: 'diem_them.csv', rows: 1, added: 1 },
				{ file_name: 'scores.csv', rows: 25, added: 25 }
			]);
		} finally {
			fresh.cleanup();
			beside.cleanup();
		}
	});
});

describe('a file wrong on every row', () => {
	it('reports every row, read by DuckDB and by papaparse alike (no spread of a huge array)', async () => {
		const env = await tempDatabase();
		try {
			expect((await importPaths(env.db, [FIXTURE])).committed).toBe(true);
			const lines = ['Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm'];
			for (let i = 1; i <= 250_000; i++) lines.push(`2024,K01,XX${String(i).padStart(6, '0')},TC01,10`);
			const text = lines.join('\n') + '\n';
			for (const content of [new TextEncoder().encode(text), text]) {
				const r = await importFiles(env.db, [{ name: 'scores.csv', content }], { dryRun: true });
				expect(r.committed).toBe(false);
				expect(r.issues).toHaveLength(250_000);
				expect(r.issues[249_999]).toMatchObject({
					row: 250_001,
					column: 'C "Mã đơn vị"',
					message: 'không có đơn vị mã XX250000'
				});
			}
		} finally {
			env.cleanup();
		}
	}, 120_000);
});

describe('imports and the scoring lifecycle', () => {
	let env: Awaited<ReturnType<typeof tempDatabase>>;
	let db: Database;
	const header = 'year,bloc_code,unit_code,criterion_code,self_score,reviewed_score,note\n';
	const audit = () =>
		db.all<{
			action: string;
			username: string;
			unit_code: string;
			criterion_code: string;
			old_value: string | null;
			new_value: string | null;
			reason: string;
		}>(
			`SELECT action, username, unit_code, criterion_code, old_value, new_value, reason FROM audit_log ORDER BY id`
		);
	/** What the history shows of every sheet of the import. */
	const loadTrail = async () => {
		const sheets = await db.all<{ year: number; bloc: string; unit: string }>(
			'SELECT DISTINCT year, bloc_code AS bloc, unit_code AS unit FROM score ORDER BY ALL'
		);
		const all = await Promise.all(
			sheets.map((s) => unitHistory(db, { year: s.year, blocCode: s.bloc }, s.unit))
		);
		return all.flat();
	};
	const versions = async () =>
		Object.fromEntries(
			(
				await db.all<{ k: string; version: number }>(
					`SELECT year || '|' || bloc_code || '|' || unit_code AS k, version FROM score_sheet`
				)
			).map((r) => [r.k, r.version])
		);

	beforeAll(async () => {
		env = await tempDatabase();
		db = env.db;
		expect((await importPaths(db, [FIXTURE])).committed).toBe(true);
	});
	afterAll(() => env.cleanup());

	it('records the first load once per file and row, no audit row per value, and opens version 1 of every sheet', async () => {
		// New rows have no audit row: the file is recorded once, its rows link to it.
		expect((await audit()).filter((r) => r.action.startsWith('score.'))).toEqual([]);
		const [batch] = await db.all<Record<string, unknown>>(
			`SELECT id::INTEGER AS id, username, source, table_name, rows, added, replaced, unchanged, bytes::INTEGER AS bytes,
			        sha256, user_id FROM import_batch WHERE file_name = 'scores.csv'`
		);
		const bytes = readFileSync(join(FIXTURE, 'scores.csv'));
		expect(batch).toEqual({
			id: expect.any(Number),
			username: 'import', // the default source
			source: 'import',
			table_name: 'scores',
			rows: 25,
			added: 25,
			replaced: 0,
			unchanged: 0,
			bytes: bytes.byteLength,
			sha256: createHash('sha256').update(bytes).digest('hex'),
			user_id: null
		});
		const links = await db.all<{ batch: number; added: boolean; n: number }>(
			`SELECT import_batch::INTEGER AS batch, import_added AS added, count(*)::INTEGER AS n FROM score GROUP BY ALL`
		);
		expect(links).toEqual([{ batch: batch!.id, added: true, n: 25 }]);
		// The history shows them as before: 25 self-scores, 20 bloc scores (5 rows without), 2 notes.
		const trail = await loadTrail();
		expect(trail.filter((r) => r.action === 'score.self')).toHaveLength(25);
		expect(trail.filter((r) => r.action === 'score.review')).toHaveLength(20);
		expect(trail.filter((r) => r.action === 'score.note')).toHaveLength(2);
		expect(trail.every((r) => r.username === 'import')).toBe(true);
		expect(trail.every((r) => r.oldValue === null && r.reason === 'Nhập tệp scores.csv')).toBe(true);
		expect(Object.values(await versions())).toEqual(Array(9).fill(1));
	});

	it('writes one audit row per value it replaced, shows the new row in the history, and bumps the version of each changed sheet', async () => {
		const before = await versions();
		const seen = (await audit()).length;
		const r = await importFiles(
			db,
			[
				csv(
					'diem_sua.csv',
					header +
						'2024,K01,XA01,TC01,40,37,Sai số liệu\n' + // bloc 38 → 37, note – → text
						'2024,K01,XA01,TC02,20,19,\n' + // identical
						'2024,K01,PH01,TC02,"12,5",,\n' + // new row: self – → 12.5
						'2024,K02,SO01,TC01,55,54,\n' // identical
				)
			],
			{ source: 'cli' }
		);
		expect(r.committed).toBe(true);
		const added = (await audit()).slice(seen);
		expect(added).toEqual([
			{
				action: 'score.note',
				username: 'import:cli',
				unit_code: 'XA01',
				criterion_code: 'TC01',
				old_value: null,
				new_value: 'Sai số liệu',
				reason: 'Nhập tệp diem_sua.csv'
			},
			{
				action: 'score.review',
				username: 'import:cli',
				unit_code: 'XA01',
				criterion_code: 'TC01',
				old_value: '38',
				new_value: '37',
				reason: 'Nhập tệp diem_sua.csv'
			}
		]);
		const ph01 = await unitHistory(db, { blocCode: 'K01', year: 2024 }, 'PH01', 'TC02');
		expect(ph01.map((e) => [e.action, e.username, e.oldValue, e.newValue, e.reason])).toEqual([
			['score.self', 'import:cli', null, '12.5', 'Nhập tệp diem_sua.csv']
		]);
		const after = await versions();
		expect(after).toEqual({ ...before, '2024|K01|XA01': 2, '2024|K01|PH01': 2 });
		// The file's batch counts what it wrote.
		expect(
			await db.all(
				`SELECT rows, added, replaced, unchanged FROM import_batch WHERE file_name = 'diem_sua.csv'`
			)
		).toEqual([{ rows: 4, added: 1, replaced: 1, unchanged: 2 }]);

		// A dry run and an identical import write no audit row, no batch and bump nothing.
		const batches = await db.all('SELECT * FROM import_batch');
		await importFiles(db, [csv('diem_sua.csv', header + '2024,K01,XA01,TC01,40,36,\n')], { dryRun: true });
		await importFiles(db, [csv('diem_sua.csv', header + '2024,K01,XA01,TC01,40,37,Sai số liệu\n')]);
		expect((await audit()).length).toBe(seen + added.length);
		expect(await db.all('SELECT * FROM import_batch')).toEqual(batches);
		expect(await versions()).toEqual(after);
	});

	it('gives a sheet without a version row version 1 when an import changes it', async () => {
		await db.run(`DELETE FROM score_sheet WHERE year = 2025 AND unit_code = 'PH01'`);
		const r = await importFiles(db, [csv('scores.csv', header + '2025,K01,PH01,TC02,15,,\n')]);
		expect(r.committed).toBe(true);
		expect((await versions())['2025|K01|PH01']).toBe(1);
	});

	it('refuses any change to a bloc-year finalised before the import, and nothing else is written', async () => {
		// Finalised through an import of the pledge's stage (the fixture's row plus a stage):
		// allowed, as the bloc-year was not finalised before this import.
		const [pledgeHeader, k02Row] = fixture('pledges.csv')
			.split('\n')
			.filter((l) => l.startsWith('year,') || l.startsWith('2024,K02,'));
		const finalise = csv('pledges.csv', `${pledgeHeader},stage\n${k02Row},Đã chốt\n`);
		const fin = await importFiles(db, [finalise]);
		expect(fin.issues.filter((i) => i.severity === 'error')).toEqual([]);
		expect((await audit()).at(-1)).toMatchObject({
			action: 'stage',
			old_value: 'open',
			new_value: 'finalised'
		});
		const digest = await contentDigest(db);
		const locked = (file: string, row: number) =>
			expect.objectContaining({
				file,
				row,
				field: 'bloc_code',
				value: 'K02',
				message: 'khối K02 năm 2024 đã chốt kết quả: không thể thay đổi; quản trị viên cần mở lại trước'
			});

		// Each frozen table, beside rows of other bloc-years that would be fine on their own.
		const r2 = await importFiles(db, [
			csv('units.csv', 'unit_code,unit_name,unit_type\nXA20,Xã Mới,Xã\n'),
			csv('memberships.csv', 'year,bloc_code,unit_code\n2024,K02,XA20\n'), // joins K02 2024
			csv(
				'pledges.csv',
				'year,bloc_code,title,stage\n2024,K02,Giao ước đã sửa tên,\n2025,K01,Giao ước 2025,Khối chấm\n'
			),
			csv(
				'criteria.csv',
				'year,bloc_code,criterion_code,group_code,group_name,criterion_name,max_points\n2024,K02,TC09,II,Cải cách hành chính,Chuyển đổi số,10\n'
			),
			csv(
				'scores.csv',
				header + '2024,K02,SO01,TC01,55,54,\n2024,K02,SO02,TC02,35,36,\n2024,K01,XA01,TC01,40,36,\n'
			)
		]);
		expect(r2.committed).toBe(false);
		expect(r2.counts).toEqual([]);
		expect(r2.issues.filter((i) => i.severity === 'error')).toEqual([
			locked('memberships.csv', 2),
			locked('pledges.csv', 2),
			locked('criteria.csv', 2),
			locked('scores.csv', 3)
		]);
		expect(await contentDigest(db)).toBe(digest);

		// Leaving a finalised bloc changes it as much as joining it.
		const leave = await importFiles(db, [
			csv('memberships.csv', 'year,bloc_code,unit_code\n2024,K01,SO02\n')
		]);
		expect(leave.issues.filter((i) => i.severity === 'error')).toEqual([locked('memberships.csv', 2)]);

		// Reopening through an import is a change of the finalised pledge too.
		const r3 = await importFiles(db, [csv('pledges.csv', `${pledgeHeader},stage\n${k02Row},Khối chấm\n`)]);
		expect(r3.issues.filter((i) => i.severity === 'error')).toEqual([locked('pledges.csv', 2)]);
		expect(await contentDigest(db)).toBe(digest);

		// The whole folder again: every K02 2024 row is identical, so it goes through.
		const again = await importPaths(db, [FIXTURE]);
		expect(again.issues.filter((i) => i.severity === 'error')).toEqual([]);
		expect(again.committed).toBe(true);
	});
});
