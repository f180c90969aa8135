/**
 * Reading one file into DuckDB (grid-table.ts stageFile), before any check between rows: every
 * bad cell located by file, spreadsheet row, column letter and header; rows staged as records.
 * A plain CSV is read by DuckDB's read_csv, any other by papaparse: both must stage the same
 * records with the same issues (the same text given as a string is always read by papaparse).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCsvDocs } from '../../src/lib/domain/csv-docs';
import { TABLES } from '../../src/lib/domain/csv-schema';
import { allOn, type Database } from '../../src/lib/server/db';
import { loadCatalogue } from '../../src/lib/server/import/checks';
import { stageFile, type StagedFile } from '../../src/lib/server/import/grid-table';
import { formatIssue, type ImportIssue } from '../../src/lib/server/import/issues';
import type { InputFile } from '../../src/lib/server/import/parse';
import { checkTable, type CheckTables } from '../../src/lib/server/import/tables';
import { tempDatabase } from '../helpers/db';

const utf8 = (s: string) => new TextEncoder().encode(s);

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;
beforeAll(async () => {
	env = await tempDatabase();
	db = env.db;
});
afterAll(() => env.cleanup());

interface Read {
	/** Whether DuckDB's read_csv read the file. */
	plain: boolean;
	file: StagedFile | null;
	issues: ImportIssue[];
	/** The staged records: row, then the table's fields. */
	records: Record<string, unknown>[];
}

/** Stages `input` on a connection of its own (its temporary tables go with it). */
function read(input: InputFile): Promise<Read> {
	return db.withConnection(async (conn) => {
		const issues: ImportIssue[] = [];
		const made: CheckTables = new Map();
		const file = await stageFile(conn, 1, input, await loadCatalogue(conn), issues, made);
		const records =
			file && made.has(file.table.name)
				? await allOn(
						conn,
						`SELECT * EXCLUDE (__file_no, __rec, __keep, __ok) FROM ${checkTable(file.table.name)} ORDER BY __row`
					)
				: [];
		const plain =
			(await allOn(conn, "SELECT 1 FROM duckdb_tables() WHERE table_name = 'import_raw_1'")).length > 0;
		// Only a read's own columns: a rename may have left the row verdicts of the first file.
		return {
			plain,
			file,
			issues,
			records: records.map((r) =>
				Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('__') || k === '__row'))
			)
		};
	});
}

describe('reading a file', () => {
	it('locates a bad cell by file, spreadsheet row, column letter and header', async () => {
		const csv =
			'Năm;Mã khối;Mã đơn vị;Mã tiêu chí;Điểm tự chấm\n2024;K01;XA01;TC01;8,5\n\n2024;K01;XA02;TC01;tám\n';
		const r = await read({ name: 'diem.csv', content: utf8(csv) });
		expect(r.file?.delimiter).toBe(';');
		expect(r.file?.rows).toBe(1);
		expect(r.issues).toEqual([
			{
				severity: 'error',
				file: 'diem.csv',
				row: 4,
				column: 'E "Điểm tự chấm"',
				field: 'self_score',
				value: 'tám',
				message: '"tám" không phải là số (viết 8,5 hoặc 1.000)'
			}
		]);
		expect(formatIssue(r.issues[0]!)).toBe(
			'LỖI diem.csv, dòng 4, cột E "Điểm tự chấm" (self_score), giá trị "tám": "tám" không phải là số (viết 8,5 hoặc 1.000)'
		);
		expect(r.records).toMatchObject([{ __row: 2, year: 2024, unit_code: 'XA01', self_score: 8.5 }]);
	});

	it('names missing required columns', async () => {
		const r = await read({ name: 'scores.csv', content: utf8('year,bloc_code,unit_code\n2024,K01,XA01\n') });
		expect(r.file).toBeNull();
		expect(r.issues[0]?.message).toContain('thiếu cột bắt buộc "Mã tiêu chí" (criterion_code)');
	});

	it('warns about unknown columns and refuses a column given twice', async () => {
		const r = await read({
			name: 'blocs.csv',
			content: utf8('bloc_code,Mã khối,bloc_name,Màu\nK1,K1,Khối 1,đỏ\n')
		});
		expect(r.issues.map((i) => [i.severity, i.column])).toEqual([
			['error', 'B "Mã khối"'],
			['warning', 'D "Màu"']
		]);
	});

	it('refuses an empty file and warns on a header-only file', async () => {
		const empty = await read({ name: 'units.csv', content: '' });
		expect(empty.file).toBeNull();
		const header = await read({ name: 'units.csv', content: 'unit_code,unit_name,unit_type\n' });
		expect([...empty.issues, ...header.issues].map((i) => [i.severity, i.message])).toEqual([
			['error', 'tệp rỗng'],
			['warning', 'tệp chỉ có dòng tiêu đề, không có dữ liệu']
		]);
	});

	it('refuses a row with fewer cells than the header, naming the missing columns, never reading them as empty', async () => {
		const header = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú';
		const r = await read({
			name: 'diem.csv',
			content: utf8(`${header}\n2025,K04,SO03,I.1,25\n2025,K04,SO03,I.2,29,,\n`)
		});
		expect(r.issues).toEqual([
			{
				severity: 'error',
				file: 'diem.csv',
				row: 2,
				column: 'F "Điểm khối chấm", G "Ghi chú"',
				field: null,
				value: null,
				message:
					'dòng chỉ có 5 ô nhưng tiêu đề có 7 cột: thiếu ô của cột F "Điểm khối chấm" (reviewed_score), G "Ghi chú" (note); ô bị thiếu không được hiểu là ô trống: để xóa một giá trị, hãy giữ đủ dấu phân cách và để trống ô đó'
			}
		]);
		// The explicitly empty cells of row 3 do empty the values.
		expect(r.records.map((x) => [x.__row, x.reviewed_score, x.note])).toEqual([[3, null, null]]);
	});

	it('does not count a missing cell under an unnamed header column', async () => {
		const r = await read({
			name: 'diem.csv',
			content: utf8('Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,\n2025,K04,SO03,I.1,25\n')
		});
		expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
		expect(r.file?.rows).toBe(1);
	});

	it('keeps the columns a file left out as stored', async () => {
		const r = await read({
			name: 'scores.csv',
			content: utf8('Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm\n2025,K04,SO03,I.1,25\n')
		});
		expect(r.file?.keep).toEqual(['reviewed_score', 'note']);
	});

	it("reads Excel's sep=; line and numbers the rows as Excel shows them", async () => {
		const r = await read({
			name: 'diem.csv',
			content: utf8('sep=;\r\nNăm;Mã khối;Mã đơn vị;Mã tiêu chí;Điểm tự chấm\r\n2025;K04;SO03;I.1;tám\r\n')
		});
		expect(r.file?.delimiter).toBe(';');
		expect(r.issues.map((i) => [i.row, i.column, i.value])).toEqual([[2, 'E "Điểm tự chấm"', 'tám']]);
	});

	it('skips a row of invisible characters only', async () => {
		const r = await read({
			name: 'diem.csv',
			content: utf8(
				'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm\n\u200b,\u00a0,,,\n2025,K04,SO03,I.1,25\n'
			)
		});
		expect(r.issues).toEqual([]);
		expect(r.records.map((x) => x.__row)).toEqual([3]);
	});

	it('reads the example of every format in docs/csv-formats.md without an issue', async () => {
		const md = renderCsvDocs();
		for (const t of TABLES) {
			const section = md.split(`\`${t.name}\`\n`)[1] ?? '';
			const example = /```csv\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
			const r = await read({ name: `${t.name}.csv`, content: utf8(example) });
			expect(r.issues, t.name).toEqual([]);
			expect(r.file?.rows, t.name).toBeGreaterThan(0);
		}
	});
});

describe('the two CSV readers', () => {
	/** Reads `text` as bytes (read_csv when plain) and as a string (always papaparse). */
	async function both(name: string, text: string) {
		const bytes = await read({ name, content: utf8(text) });
		const string = await read({ name, content: text });
		expect(string.plain).toBe(false);
		const { file: a, plain: _a, ...restA } = bytes;
		const { file: b, plain: _b, ...restB } = string;
		expect(restA).toEqual(restB);
		const describe = (f: StagedFile | null) =>
			f && {
				table: f.table.name,
				rows: f.rows,
				delimiter: f.delimiter,
				keep: f.keep,
				columns: [...f.columns]
			};
		expect(describe(a)).toEqual(describe(b));
		return bytes;
	}

	it('stage the same records with the same issues, whatever the rows hold', async () => {
		const header = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú';
		const cell = fc.constantFrom(
			'',
			' ',
			'2024',
			'24',
			'K01',
			'XA01',
			' XA\u200b01',
			'8.5',
			'8,5',
			'1.500',
			'-1',
			'x',
			'\u00a0',
			'ghi chú'
		);
		const row = fc.array(cell, { minLength: 0, maxLength: 9 }).map((cells) => cells.join(','));
		let plain = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(row, { minLength: 1, maxLength: 8 }),
				fc.constantFrom('\n', '\r\n'),
				fc.boolean(),
				async (rows, newline, last) => {
					const text = [header, ...rows].join(newline) + (last ? newline : '');
					if ((await both('diem.csv', text)).plain) plain++;
				}
			),
			{ numRuns: 60, seed: 20261201 }
		);
		// Rows of seven cells without a comma inside one are what read_csv takes: often enough for
		// the comparison to mean something.
		const plainCell = cell.filter((c) => !c.includes(','));
		const sevens = fc.array(
			fc.array(plainCell, { minLength: 7, maxLength: 7 }).map((c) => c.join(',')),
			{ minLength: 1, maxLength: 8 }
		);
		await fc.assert(
			fc.asyncProperty(sevens, async (rows) => {
				if ((await both('diem.csv', [header, ...rows].join('\n') + '\n')).plain) plain++;
			}),
			{ numRuns: 40, seed: 20261202 }
		);
		expect(plain).toBeGreaterThan(30);
	}, 120_000);
});
