/**
 * The bad-file corpus (tests/fixtures/bad/, see its README): every file goes through the real
 * import against the sample province. A file that cannot be imported gets a clear Vietnamese
 * message and leaves the database exactly as it was (contentDigest); a valid one, however odd
 * its encoding or separators, is imported with the right values. The large cases (20 MB of
 * random bytes, 200,000 rows) are generated here into memory, never committed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeExcelFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { checkAccountsFile } from '../../src/lib/server/accounts/bulk-file';
import { defaultTemplate } from '../../src/lib/server/decision/docx';
import { currentTemplate, uploadTemplate } from '../../src/lib/server/decision/templates';
import { importFiles, importPaths, type ImportResult } from '../../src/lib/server/import';
import type { InputFile } from '../../src/lib/server/import/parse';
import { toCsv } from '../../src/lib/server/export/formats';
import { scoresTable } from '../../src/lib/server/export/datasets';
import { bigProvince, randomBytes } from '../fixtures/bad/generate';
import {
	endlessSheet,
	formulasWithoutValues,
	hiddenFirstSheet,
	textFormulaWithoutValue,
	twoRowHeader,
	zipBombs
} from '../fixtures/bad/workbooks';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

const BAD = 'tests/fixtures/bad';
const file = (name: string): InputFile => ({ name, content: readFileSync(join(BAD, name)) });
const errors = (r: ImportResult) => r.issues.filter((i) => i.severity === 'error');
const warnings = (r: ImportResult) => r.issues.filter((i) => i.severity === 'warning');
/** Vietnamese: at least one letter with a Vietnamese diacritic. */
const VIETNAMESE = /[\u00C0-\u024F\u1EA0-\u1EF9]/;

let env: Awaited<ReturnType<typeof tempDatabase>>;
beforeAll(async () => {
	env = await tempDatabase();
	const sample = await importPaths(env.db, ['data/sample']);
	expect(sample.committed).toBe(true);
});
afterAll(() => env.cleanup());

const selfScore = async (unit: string, criterion: string) =>
	(
		await env.db.all<{ s: number | null; note: string | null }>(
			`SELECT self_score::DOUBLE AS s, note FROM score
			 WHERE year = 2025 AND bloc_code = 'K05' AND unit_code = $1 AND criterion_code = $2`,
			[unit, criterion]
		)
	)[0];

/** A K04 2025 score row (the bloc in review): self-score, bloc score and note. */
const k04 = async (unit: string, criterion: string) =>
	(
		await env.db.all<{ self: number | null; reviewed: number | null; note: string | null }>(
			`SELECT self_score::DOUBLE AS self, reviewed_score::DOUBLE AS reviewed, note FROM score
			 WHERE year = 2025 AND bloc_code = 'K04' AND unit_code = $1 AND criterion_code = $2`,
			[unit, criterion]
		)
	)[0];

const HEADER = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú';
const text = (name: string, lines: string[]): InputFile => ({
	name,
	content: new TextEncoder().encode(lines.join('\r\n') + '\r\n')
});

/** Imports `inputs`; expects a refusal whose messages match `message`, and no change at all. */
async function refused(
	inputs: InputFile[],
	message: RegExp,
	where?: { row?: number | null; column?: RegExp }
) {
	const before = await contentDigest(env.db);
	const r = await importFiles(env.db, inputs);
	expect(r.committed).toBe(false);
	const errs = errors(r);
	expect(errs.length, JSON.stringify(r.issues)).toBeGreaterThan(0);
	const hit = errs.find((e) => message.test(e.message));
	expect(hit, `no error matches ${message}: ${JSON.stringify(errs)}`).toBeDefined();
	expect(hit!.message).toMatch(VIETNAMESE);
	if (where?.row !== undefined) expect(hit!.row).toBe(where.row);
	if (where?.column) expect(hit!.column ?? '').toMatch(where.column);
	expect(await contentDigest(env.db)).toBe(before);
	return r;
}

describe('files that are refused, with the database unchanged', () => {
	it('an empty file', async () => {
		await refused([file('empty.csv')], /^tệp rỗng$/);
	});

	it('wrong headers: a file that is no table of the product', async () => {
		await refused([file('wrong-headers.csv')], /không nhận ra loại dữ liệu của tệp/);
	});

	it('Windows-1258 bytes, with advice to save as CSV UTF-8', async () => {
		await refused([file('windows-1258.csv')], /không được mã hóa UTF-8.*Windows-1258.*CSV UTF-8/);
	});

	it('TCVN3 (ABC) bytes, likewise', async () => {
		await refused([file('tcvn3.csv')], /không được mã hóa UTF-8.*TCVN3/);
	});

	it('duplicate rows: the second names the first', async () => {
		await refused([file('duplicate-rows.csv')], /dòng trùng khóa .* với duplicate-rows\.csv dòng 2/, {
			row: 3,
			column: /^D "Mã tiêu chí"$/
		});
	});

	it('an unknown unit', async () => {
		await refused([file('unknown-units.csv')], /không có đơn vị mã XX99/, {
			row: 3,
			column: /^C "Mã đơn vị"$/
		});
	});

	// Issue 15 part 6: the award columns Biểu 0602/0603 count, each contradiction at its cell.
	it('award rows whose household, official class, enterprise flag or method contradict the row', async () => {
		const r = await refused([file('award-statistics-columns.csv')], /không dành cho hộ gia đình/, {
			row: 2,
			column: /^G "Danh hiệu\/Hình thức"$/
		});
		const at = (row: number) => errors(r).filter((e) => e.row === row);
		expect(at(3)).toContainEqual(
			expect.objectContaining({
				column: 'F "Phân loại cá nhân"',
				message: expect.stringMatching(
					/«Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên» không khớp thành phần «Nhân dân»/
				)
			})
		);
		expect(at(4)).toContainEqual(
			expect.objectContaining({
				column: 'I "Doanh nghiệp"',
				message: expect.stringMatching(/chỉ tập thể mới ghi «Doanh nghiệp»/)
			})
		);
		expect(at(5)).toContainEqual(
			expect.objectContaining({
				message: expect.stringMatching(/khen thưởng tập thể không ghi phân loại cá nhân/)
			})
		);
		expect(at(6)).toContainEqual(expect.objectContaining({ column: 'H "Phương thức khen thưởng"' }));
	});

	it('scores above the criterion maximum, each located', async () => {
		const r = await refused([file('above-max.csv')], /31 vượt điểm tối đa 30 của tiêu chí I\.1/, {
			row: 2,
			column: /^E "Điểm tự chấm"$/
		});
		expect(errors(r).map((e) => e.message)).toContainEqual(expect.stringMatching(/60,5 vượt điểm tối đa 60/));
	});

	it('a formula where a unit code belongs is just an unknown unit', async () => {
		await refused([file('formula-in-code.csv')], /không có đơn vị mã =1\+1/, { row: 2 });
	});

	it('a legacy .xls workbook, a renamed text file and a broken .xlsx', async () => {
		await refused([file('legacy.xls')], /Excel 97-2003 \(\.xls\) không được hỗ trợ.*\.xlsx/);
		await refused([file('fake.xlsx')], /đuôi \.xlsx nhưng không phải bảng tính Excel/);
		await refused([file('broken.xlsx')], /không đọc được tệp Excel \(\.xlsx\)/);
	});

	it('hostile workbooks: a zip bomb, the same bomb whose directory lies about sizes, a sheet to XFD1048576', async () => {
		const { honest, lying } = await zipBombs();
		await refused(
			[{ name: 'bang-diem.xlsx', content: honest }],
			/nén [\d.]+ byte thành 286 MB .*"bom nén" \(zip bomb\)/
		);
		await refused(
			[{ name: 'bang-diem.xlsx', content: lying }],
			/bị hỏng hoặc bị sửa, mục lục của tệp nén không khớp với nội dung \("xl\/sharedStrings\.xml" giải nén ra nhiều hơn 1\.024 byte đã khai\)/
		);
		await refused(
			[{ name: 'bang-diem.xlsx', content: endlessSheet() }],
			/^trang tính "Bảng điểm" của tệp Excel trải tới ô XFD1048576 \(1\.048\.576 dòng × 16\.384 cột\): cả tệp cần hơn 2\.000\.000 ô, quá lớn để đọc/
		);
	});

	it('an Excel file with wrong headers', async () => {
		const xlsx = await writeExcelFile([
			['Họ và tên', 'Chức vụ'],
			['Nguyễn Văn An', 'Giám đốc']
		]).toBuffer();
		await refused([{ name: 'danh-sach.xlsx', content: new Uint8Array(xlsx) }], /không nhận ra loại dữ liệu/);
		const scores = await writeExcelFile([
			['Năm', 'Mã khối', 'Mã đơn vị', 'Điểm tự chấm'],
			[2025, 'K05', 'SO11', 20]
		]).toBuffer();
		await refused(
			[{ name: 'scores.xlsx', content: new Uint8Array(scores) }],
			/thiếu cột bắt buộc "Mã tiêu chí" \(criterion_code\)/
		);
	});

	it('20 MB of random bytes, quickly', async () => {
		const started = Date.now();
		await refused([{ name: 'ngau-nhien.csv', content: randomBytes(20 * 1024 * 1024) }], /byte rỗng|UTF-8/);
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	it('a short row (5 of 7 cells) names the missing columns; the stored bloc score and note stay', async () => {
		const set = await importFiles(env.db, [
			text('diem.csv', [HEADER, '2025,K04,SO03,I.1,"24,5","24,5",Biên bản kiểm tra số 7'])
		]);
		expect(set.committed).toBe(true);
		expect(await k04('SO03', 'I.1')).toEqual({ self: 24.5, reviewed: 24.5, note: 'Biên bản kiểm tra số 7' });
		await refused(
			[file('short-row.csv')],
			/^dòng chỉ có 5 ô nhưng tiêu đề có 7 cột: thiếu ô của cột F "Điểm khối chấm" \(reviewed_score\), G "Ghi chú" \(note\)/,
			{
				row: 2,
				column: /^F "Điểm khối chấm", G "Ghi chú"$/
			}
		);
		expect(await k04('SO03', 'I.1')).toEqual({ self: 24.5, reviewed: 24.5, note: 'Biên bản kiểm tra số 7' });
	});

	it('a no-break space inside a number is refused like an ordinary one, the character named', async () => {
		const r = await refused(
			[file('space-in-number.csv')],
			/^"2\u00a09" có U\+00A0 \(dấu cách không ngắt dòng/,
			{
				row: 2,
				column: /^E "Điểm tự chấm"$/
			}
		);
		expect(errors(r).map((e) => [e.row, e.message])).toEqual([
			[2, expect.stringMatching(/^"2\u00a09" có U\+00A0 .* giữa các chữ số: không rõ là một số hay hai số/)],
			[
				3,
				expect.stringMatching(
					/^"1 000" có U\+0020 \(dấu cách\) giữa các chữ số: không rõ là một số hay hai số/
				)
			]
		]);
	});

	it('a zero-width space inside a unit code, named with its place', async () => {
		await refused(
			[file('invisible-in-code.csv')],
			/^mã "SO\u200b10" chứa ký tự vô hình U\+200B .* ở vị trí 3/,
			{
				row: 2,
				column: /^C "Mã đơn vị"$/
			}
		);
	});

	it('a workbook whose formulas were never calculated: each such cell is an error, not "no data"', async () => {
		const r = await refused(
			[{ name: 'scores.xlsx', content: await formulasWithoutValues() }],
			/^ô có công thức nhưng chưa có giá trị đã tính/,
			{ row: 2, column: /^E "Điểm tự chấm"$/ }
		);
		expect(errors(r).map((e) => [e.row, e.column])).toEqual([
			[2, 'E "Điểm tự chấm"'],
			[3, 'E "Điểm tự chấm"']
		]);
		expect(r.issues.map((i) => i.message)).not.toContain('tệp chỉ có dòng tiêu đề, không có dữ liệu');
		// A note computed by a text formula without its value would clear the stored note.
		await refused(
			[{ name: 'scores.xlsx', content: await textFormulaWithoutValue() }],
			/chưa có giá trị đã tính/,
			{
				row: 2,
				column: /^G "Ghi chú"$/
			}
		);
	});

	it('one bad file refuses the good files sent with it', async () => {
		await refused([file('bom-utf8.csv'), file('above-max.csv')], /vượt điểm tối đa/);
	});
});

describe('files that are valid however they are written, imported correctly', () => {
	it('a header-only file: a warning, nothing to write', async () => {
		const before = await contentDigest(env.db, { exclude: ['import_log'] });
		const r = await importFiles(env.db, [file('header-only.csv')]);
		expect(errors(r)).toEqual([]);
		expect(warnings(r).map((w) => w.message)).toEqual(['tệp chỉ có dòng tiêu đề, không có dữ liệu']);
		expect(r.counts).toEqual([{ table: 'scores', rows: 0, added: 0, replaced: 0, unchanged: 0 }]);
		expect(await contentDigest(env.db, { exclude: ['import_log'] })).toBe(before);
	});

	it('UTF-8 with a BOM', async () => {
		const r = await importFiles(env.db, [file('bom-utf8.csv')]);
		expect(errors(r)).toEqual([]);
		expect(r.files[0]).toMatchObject({ encoding: 'utf-8-bom', delimiter: ',' });
		expect(await selfScore('SO11', 'I.1')).toEqual({ s: 28, note: 'Minh chứng: Báo cáo số 12/BC-SVHTTDL' });
	});

	it('UTF-16 LE and BE with tabs, as Excel saves "Unicode text"', async () => {
		const r = await importFiles(env.db, [file('utf16le.csv'), file('utf16be.csv')]);
		expect(errors(r)).toEqual([]);
		expect(r.files.map((f) => [f.encoding, f.delimiter])).toEqual([
			['utf-16le', '\t'],
			['utf-16be', '\t']
		]);
		expect(await selfScore('SO12', 'I.1')).toEqual({ s: 27.5, note: 'Đã rà soát' });
		expect((await selfScore('SO13', 'I.1'))?.s).toBe(26);
	});

	it('mixed decimal styles: both read as decimals, with a warning to check', async () => {
		const r = await importFiles(env.db, [file('mixed-decimals.csv')]);
		expect(errors(r)).toEqual([]);
		expect(warnings(r).map((w) => w.message)).toContainEqual(
			expect.stringMatching(/cả hai kiểu: dấu phẩy \(1 ô, ví dụ "28,5"\) và dấu chấm \(1 ô, ví dụ "27.5"\)/)
		);
		expect((await selfScore('SO16', 'I.1'))?.s).toBe(28.5);
		expect((await selfScore('SO16', 'I.3'))?.s).toBe(27.5);
	});

	it('semicolons and decimal commas, as Vietnamese Excel saves CSV', async () => {
		const r = await importFiles(env.db, [file('semicolon-decimal-comma.csv')]);
		expect(errors(r)).toEqual([]);
		expect(r.files[0]?.delimiter).toBe(';');
		expect(await selfScore('SO18', 'I.1')).toEqual({ s: 29.5, note: null });
		expect((await selfScore('SO18', 'I.2'))?.note).toBe('Thư mời; báo cáo');
	});

	it("Excel's sep=; first line: the separator it names, and the header is row 1", async () => {
		const r = await importFiles(env.db, [file('sep-line.csv')]);
		expect(errors(r)).toEqual([]);
		expect(r.files[0]?.delimiter).toBe(';');
		expect(await k04('SO22', 'I.1')).toEqual({ self: 26.5, reviewed: 26, note: 'Đã rà soát' });
	});

	it('a Mac name (NFD) is stored NFC; invisible characters and no-break spaces at the edges are trimmed', async () => {
		const r = await importFiles(env.db, [file('nfd-and-edges.csv')]);
		expect(errors(r)).toEqual([]);
		const row = await k04('SO23', 'I.1');
		expect(row).toEqual({ self: 28, reviewed: 27.5, note: 'Nguyễn Thị Hồng đã kiểm tra minh chứng' });
		expect(row!.note).toBe(row!.note!.normalize('NFC'));
	});

	it("the ' an export puts before = + - is removed, as Excel does", async () => {
		const r = await importFiles(env.db, [file('export-apostrophes.csv')]);
		expect(errors(r)).toEqual([]);
		expect((await k04('SO24', 'I.1'))?.note).toBe('=HYPERLINK("http://vi-du.invalid","Bấm vào đây")');
		expect((await k04('SO24', 'I.2'))?.note).toBe('-Đã hoàn thành');
		expect((await k04('SO24', 'I.3'))?.note).toBe('+84 912 345 678');
	});

	it('columns left out keep their stored values; only the columns there change', async () => {
		await importFiles(env.db, [text('diem.csv', [HEADER, '2025,K04,SO25,I.1,"23,5","23,5",Đã đối chiếu'])]);
		const r = await importFiles(env.db, [file('columns-left-out.csv')]);
		expect(errors(r)).toEqual([]);
		expect(r.counts).toEqual([{ table: 'scores', rows: 1, added: 0, replaced: 1, unchanged: 0 }]);
		expect(await k04('SO25', 'I.1')).toEqual({ self: 24, reviewed: 23.5, note: 'Đã đối chiếu' });
	});

	it('a workbook whose first sheet is hidden: the visible sheet is read', async () => {
		const r = await importFiles(env.db, [{ name: 'scores.xlsx', content: await hiddenFirstSheet() }]);
		expect(errors(r)).toEqual([]);
		expect(await k04('SO22', 'I.2')).toEqual({ self: 39, reviewed: 39.5, note: null });
	});

	it('a wide sheet with a two-row header: group names merged above the criterion codes', async () => {
		const before = await k04('SO10', 'I.1');
		const r = await importFiles(env.db, [{ name: 'bang-diem.xlsx', content: await twoRowHeader() }]);
		expect(errors(r)).toEqual([]);
		expect(r.files[0]).toMatchObject({ layout: 'wide', wide: { blocCode: 'K04', year: 2025, headerRow: 3 } });
		expect(r.counts).toEqual([{ table: 'scores', rows: 3, added: 0, replaced: 3, unchanged: 0 }]);
		expect(await k04('SO10', 'I.1')).toEqual({ ...before, reviewed: 26 });
		expect((await k04('SO10', 'I.2'))?.reviewed).toBe(32);
		expect((await k04('SO10', 'II.1'))?.reviewed).toBe(45);
	});

	it('formulas in text cells: stored as text, and neutralised in every CSV export', async () => {
		const r = await importFiles(env.db, [file('formulas.csv')]);
		expect(errors(r)).toEqual([]);
		expect((await selfScore('SO27', 'I.1'))?.note).toBe('=HYPERLINK("http://vi-du.invalid","Bấm vào đây")');
		const csv = toCsv(await scoresTable(env.db, 2025, 'K05'));
		const so27 = csv.split('\r\n').filter((l) => l.includes(',SO27,'));
		expect(so27.join('\n')).toContain(`"'=HYPERLINK(""http://vi-du.invalid"",""Bấm vào đây"")"`);
		expect(so27.join('\n')).toContain("'+84 912 345 678");
		expect(so27.join('\n')).toContain("'-Đã hoàn thành");
		expect(so27.join('\n')).toContain("'@SUM(A1:A2)");
	});
});

describe('200,000 rows', () => {
	const province = bigProvince();
	const enc = (s: string) => new TextEncoder().encode(s);

	it('a file with 200,000 valid rows imports in one transaction, well under a minute', async () => {
		const big = await tempDatabase();
		try {
			const ref = await importFiles(
				big.db,
				province.reference.map((f) => ({ name: f.name, content: enc(f.text) }))
			);
			expect(errors(ref)).toEqual([]);
			expect(province.rows).toBe(200_000);
			const phases: string[] = [];
			const started = performance.now();
			const r = await importFiles(big.db, [{ name: 'scores.csv', content: enc(province.scores) }], {
				onProgress: (p) => {
					if (phases.at(-1) !== p.phase) phases.push(p.phase);
				}
			});
			const seconds = (performance.now() - started) / 1000;
			console.log(`200.000 dòng điểm: ${seconds.toFixed(1)} s (${province.scores.length} byte)`);
			expect(errors(r)).toEqual([]);
			expect(r.counts).toEqual([
				{ table: 'scores', rows: 200_000, added: 200_000, replaced: 0, unchanged: 0 }
			]);
			expect(r.blocYears).toHaveLength(province.blocs);
			expect(phases).toEqual(['read', 'check', 'write', 'done']);
			expect(seconds).toBeLessThan(30);
			const [n] = await big.db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM score');
			expect(n?.n).toBe(200_000);
		} finally {
			big.cleanup();
		}
	});

	it('a file with 200,000 rows and two bad ones is refused, each bad row located, nothing written', async () => {
		const lines = province.scores.split('\n');
		// Spreadsheet row n is lines[n - 1]; row 150,001 holds the 40th criterion of its unit.
		lines[150_000] = `${lines[150_000]!.split(',').slice(0, 4).join(',')},11,10`;
		lines[199_999] = lines[199_999]!.replace(/^2025,B\d+,U\d+/, '2025,B100,U99999');
		const big = await tempDatabase();
		try {
			await importFiles(
				big.db,
				province.reference.map((f) => ({ name: f.name, content: enc(f.text) }))
			);
			const before = await contentDigest(big.db);
			const r = await importFiles(big.db, [{ name: 'scores.csv', content: enc(lines.join('\n')) }]);
			expect(r.committed).toBe(false);
			expect(errors(r).map((e) => [e.row, e.column, e.message])).toEqual([
				[150_001, 'E "Điểm tự chấm"', '11 vượt điểm tối đa 10 của tiêu chí C40 (nội dung)'],
				[200_000, 'C "Mã đơn vị"', 'không có đơn vị mã U99999']
			]);
			expect(await contentDigest(big.db)).toBe(before);
		} finally {
			big.cleanup();
		}
	});
});

// Issue 14 (i14-self): the accounts file of the bulk creation is read by the import's reader, so
// every file guard applies to it, and its own rows are checked like an import's.
describe('the accounts file of the bulk creation (/admin/accounts/bulk)', () => {
	const check = (f: InputFile) =>
		checkAccountsFile(env.db, { name: f.name, content: f.content as Uint8Array });

	it('refuses what the import refuses, with the same message, and writes nothing', async () => {
		const before = await contentDigest(env.db);
		const cases: [string, RegExp][] = [
			['empty.csv', /^tệp rỗng$/],
			['windows-1258.csv', /không được mã hóa UTF-8/],
			['legacy.xls', /Excel 97-2003 \(\.xls\) không được hỗ trợ/],
			['fake.xlsx', /có đuôi \.xlsx nhưng không phải bảng tính Excel/],
			['broken.xlsx', /không đọc được tệp Excel/]
		];
		for (const [name, message] of cases) {
			const r = await check(file(name));
			expect(r.accounts, name).toEqual([]);
			expect(r.issues.map((i) => i.message)).toEqual([expect.stringMatching(message)]);
		}
		const bomb = await check({ name: 'tai-khoan.xlsx', content: (await zipBombs()).honest });
		expect(bomb.issues.map((i) => i.message)).toEqual([expect.stringMatching(/bom nén/)]);
		expect(await contentDigest(env.db)).toBe(before);
	});

	it('accounts-bad-rows.csv: every bad row located (row, column) in Vietnamese, no account', async () => {
		const before = await contentDigest(env.db);
		const r = await check(file('accounts-bad-rows.csv'));
		expect(r.accounts).toEqual([]);
		expect(errors({ issues: r.issues } as ImportResult).map((e) => [e.row, e.column, e.message])).toEqual([
			[3, 'A "Tên đăng nhập"', expect.stringMatching(/^tên đăng nhập gồm 3–64 ký tự/)],
			[4, 'F "Mã đơn vị"', expect.stringMatching(/U\+200B/)],
			[5, 'D "Mã khối"', 'không có khối mã K09'],
			[6, 'B "Tên hiển thị"', expect.stringMatching(/đã có tên hiển thị «Cán bộ tốt» ở dòng 2/)],
			[7, 'E "Năm"', expect.stringMatching(/vai trò Lãnh đạo áp dụng cho toàn tỉnh/)]
		]);
		for (const e of errors({ issues: r.issues } as ImportResult)) expect(e.message).toMatch(VIETNAMESE);
		expect(await contentDigest(env.db)).toBe(before);
	});

	it('a workbook cell with a formula but no value is an error at that cell', async () => {
		const content = new Uint8Array(
			await writeExcelFile([
				['username', 'display_name', 'role', 'unit'],
				['cb.congthuc', { type: 'Formula', value: '"Cán bộ "&"X"' }, 'unit_officer', 'SO11']
			] as never).toBuffer()
		);
		const r = await check({ name: 'tai-khoan.xlsx', content });
		expect(r.accounts).toEqual([]);
		expect(r.issues.map((i) => [i.row, i.column, i.message])).toEqual([
			[2, 'B "display_name"', expect.stringMatching(/ô có công thức nhưng chưa có giá trị/)]
		]);
	});
});

// Issue 15 part 3: a council's template of the tờ trình / quyết định (/admin/decision-templates).
describe('the template of the award documents (/admin/decision-templates)', () => {
	const admin = {
		userId: 1,
		username: 'admin',
		displayName: 'Quản trị',
		grants: [{ role: 'admin' as const }]
	};
	const upload = (name: string, content: Uint8Array) =>
		uploadTemplate(env.db, admin, 'decision', name, content);
	const withDocument = (xml: (x: string) => string) => {
		const zip = new PizZip(defaultTemplate('decision'));
		zip.file('word/document.xml', xml(zip.file('word/document.xml')!.asText()));
		return zip.generate({ type: 'uint8array' });
	};

	it('refuses every bad file with the reason, naming the file, and changes nothing', async () => {
		const before = await contentDigest(env.db);
		const workbook = new Uint8Array(await writeExcelFile([[{ value: 'a' }]] as never).toBuffer());
		const { honest, lying } = await zipBombs();
		const cases: [string, Uint8Array, RegExp][] = [
			['mau.docx', new Uint8Array(), /^Tệp mau\.docx: tệp rỗng$/],
			['mau.doc', defaultTemplate('decision'), /không phải tệp \.docx/],
			[
				'fake.docx',
				file('fake.xlsx').content as Uint8Array,
				/không đọc được tệp Word \(\.docx\)|không phải tệp \.docx/
			],
			['broken.docx', file('broken.xlsx').content as Uint8Array, /không đọc được tệp Word \(\.docx\)/],
			['bang-tinh.docx', workbook, /thiếu phần nội dung word\/document\.xml/],
			['bom.docx', honest, /"bom nén" \(zip bomb\), không phải văn bản Word/],
			['bom-noi-doi.docx', lying, /không đọc được tệp Word \(\.docx\)/],
			[
				'la.docx',
				withDocument((x) => x.replace('{nguoi_ky}', '{ho_ten}')),
				/trường "ho_ten" không có trong danh sách trường trộn/
			],
			[
				'chua-dong.docx',
				withDocument((x) => x.replace('{/tap_the}', '')),
				/vòng lặp "tap_the" mở và đóng không khớp/
			],
			[
				'ngoac.docx',
				withDocument((x) => x.replace('{nguoi_ky}', '{nguoi_ky')),
				/chưa đóng bằng "}"|không khớp|không hợp lệ/
			],
			[
				'sai-cho.docx',
				withDocument((x) => x.replace('{nguoi_ky}', '{ten_don_vi}')),
				/trường "ten_don_vi" phải nằm trong vòng lặp tap_the/
			],
			[
				'khong-danh-sach.docx',
				withDocument((x) => x.replace(/\{#danh_hieu\}[\s\S]*\{\/danh_hieu\}/, '')),
				/không có danh sách tập thể/
			]
		];
		for (const [name, content, message] of cases) {
			const r = await upload(name, content);
			expect(r.ok, name).toBe(false);
			if (!r.ok) {
				expect(r.message, name).toMatch(message);
				expect(r.message, name).toContain(name);
				expect(r.message).toMatch(VIETNAMESE);
			}
		}
		expect(await currentTemplate(env.db, 'decision')).toBeNull();
		expect(await contentDigest(env.db)).toBe(before);
	});
});
