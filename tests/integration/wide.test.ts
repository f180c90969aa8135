/**
 * Wide scoring sheets (one row per unit, one column per criterion) as offices fill them in:
 * the template generated from a pledge, filled in Excel style (numbers and text numbers, a
 * totals column, blank and signature rows), read back, validated by the same rules as the long
 * format, committed by the right account, and the ranking reflects it.
 */
import readWorkbook from 'read-excel-file/node';
import writeExcelFile from 'write-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import { loadPrincipal } from '../../src/lib/server/auth/users';
import {
	scoreTemplate,
	templateCsv,
	templateFileName,
	templateXlsx
} from '../../src/lib/server/export/template';
import { importFiles, importPaths } from '../../src/lib/server/import';
import type { InputFile } from '../../src/lib/server/import/parse';
import { previewInputs } from '../../src/lib/server/import/preview';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import { checkUpload, commitUpload } from '../../src/lib/server/import/upload';
import { criterionFromHeader, hintsIn, wideHeader } from '../../src/lib/server/import/wide';
import { blocHeader } from '../../src/lib/server/overview/bloc';
import { rankBloc } from '../../src/lib/server/ranking';
import { twoRowHeader } from '../fixtures/bad/workbooks';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

let env: Awaited<ReturnType<typeof tempDatabase>>;
let admin: Principal;
let leaderK06: Principal;
let leaderK04: Principal;

async function principal(username: string): Promise<Principal> {
	const [row] = await env.db.all<{ id: number }>('SELECT user_id AS id FROM app_user WHERE username = $1', [
		username
	]);
	return (await loadPrincipal(env.db, row!.id))!;
}

beforeAll(async () => {
	env = await tempDatabase();
	expect((await importPaths(env.db, ['data/sample'])).committed).toBe(true);
	await loadSampleAccounts(env.db, 'data/sample');
	admin = await principal('admin');
	leaderK06 = await principal('truongkhoi.k06');
	leaderK04 = await principal('truongkhoi.k04');
});
afterAll(() => env.cleanup());

type Cell = string | number | null;

/** The template of a bloc-year as the grid Excel shows (via read-excel-file, as an office opens it). */
async function templateGrid(bloc: string, year: number, field: 'self_score' | 'reviewed_score' | null) {
	const header = (await blocHeader(env.db, year, bloc))!;
	const t = await scoreTemplate(env.db, header, field);
	const [sheet] = await readWorkbook(await templateXlsx(t));
	return { t, rows: sheet!.data.map((r) => r.map((c) => (c === null ? null : (c as Cell)))) };
}

const rowOf = (rows: Cell[][], unit: string) => rows.findIndex((r) => r[1] === unit);
const colOf = (rows: Cell[][], code: string) =>
	rows.find((r) => r[1] === 'Mã đơn vị')!.findIndex((c) => String(c).startsWith(`${code} –`));

/** What an office does to the template: fills cells, adds a totals column and signature lines. */
async function officeXlsx(rows: Cell[][]): Promise<Uint8Array> {
	const header = rows.findIndex((r) => r[1] === 'Mã đơn vị');
	const width = Math.max(...rows.map((r) => r.length));
	const data = rows.map((r, i) => {
		const cells = Array.from({ length: width }, (_, j) => r[j] ?? null) as unknown[];
		// A "Tổng cộng" column that Excel computes: no cached value in a file written by a script.
		cells.push(
			i === header
				? 'Tổng cộng'
				: i > header + 2
					? { type: 'Formula', value: `SUM(D${i + 1}:Z${i + 1})` }
					: null
		);
		return cells;
	});
	data.push(
		[],
		[null, 'Ghi chú: điểm đã thống nhất tại cuộc họp ngày 05/12/2025'],
		[null, null, 'NGƯỜI LẬP BIỂU']
	);
	return new Uint8Array(await writeExcelFile(data as never).toBuffer());
}

const total = async (year: number, bloc: string, unit: string) =>
	(await rankBloc(env.db, year, bloc)).find((r) => r.unitCode === unit)!.total;

describe('the template of a bloc-year', () => {
	it('lists the units, one column per criterion with its name, maxima and weights, and names the bloc-year', async () => {
		const { t, rows } = await templateGrid('K05', 2025, 'self_score');
		expect(rows[0]?.[0]).toBe('BẢNG CHẤM ĐIỂM THI ĐUA – Mã khối: K05 – Năm: 2025');
		expect(String(rows[1]?.[0])).toContain('Loại điểm: Điểm tự chấm');
		const h = rows.findIndex((r) => r[1] === 'Mã đơn vị');
		expect(rows[h]!.slice(0, 4)).toEqual([
			'STT',
			'Mã đơn vị',
			'Tên đơn vị',
			'I.1 – Tham mưu UBND tỉnh ban hành văn bản quy phạm pháp luật'
		]);
		expect(rows[h + 1]![1]).toBe('Điểm tối đa');
		expect(rows[h + 1]![3]).toBe(30);
		expect(rows[h + 2]![1]).toBe('Hệ số');
		expect(rows[h + 2]![3]).toBe(2);
		expect(
			rows
				.slice(h + 3)
				.map((r) => r[1])
				.sort()
		).toEqual(['SO11', 'SO12', 'SO13', 'SO16', 'SO18', 'SO21', 'SO26', 'SO27']);
		expect(t.criteria.map((c) => c.code)).toContain('TRU.2');
		expect(templateFileName(t, 'xlsx')).toBe('diem_K05_2025.xlsx');
		const csv = templateCsv(t);
		expect(csv.startsWith('\uFEFFBẢNG CHẤM ĐIỂM THI ĐUA – Mã khối: K05 – Năm: 2025')).toBe(true);
		expect(csv).toContain(',Điểm tối đa,,30,60,30,"42,5"');
	});

	it('reads codes from headers and the bloc-year from titles and file names', () => {
		const codes = new Map(['I.1', 'TH.1', 'TRU.2'].map((c) => [c, c]));
		expect(criterionFromHeader('I.1 – Tham mưu', codes)).toBe('I.1');
		expect(criterionFromHeader('i.1', codes)).toBe('I.1');
		expect(criterionFromHeader('TH.1: Mô hình hay', codes)).toBe('TH.1');
		expect(criterionFromHeader('TRU.2\nKỷ luật', codes)).toBe('TRU.2');
		expect(criterionFromHeader('I.1 (tối đa 30)', codes)).toBe('I.1');
		expect(criterionFromHeader('Tổng cộng', codes)).toBeNull();
		const blocs = new Set(['K04', 'K05']);
		expect(hintsIn('BẢNG CHẤM ĐIỂM – Mã khối: K05 – Năm: 2025', blocs)).toEqual({
			blocCodes: ['K05'],
			years: [2025],
			scoreFields: []
		});
		expect(hintsIn('diem K04 2025', blocs)).toMatchObject({ blocCodes: ['K04'], years: [2025] });
		expect(hintsIn('BẢNG TỔNG HỢP ĐIỂM KHỐI CHẤM', blocs).scoreFields).toEqual(['reviewed_score']);
	});

	it('reads a two-row header (group names merged above the codes), not a data row without a unit code', () => {
		const codes = new Map(['I.1', 'I.2', 'II.1'].map((c) => [c, c]));
		const top = ['STT', 'Mã đơn vị', 'Tên đơn vị', 'I. Nhiệm vụ chính trị', '', 'II. Xây dựng Đảng'];
		expect(wideHeader([top, ['', '', '', 'I.1', 'I.2', 'II.1'], ['1', 'SO10']], 0, codes)).toEqual({
			cells: ['STT', 'Mã đơn vị', 'Tên đơn vị', 'I.1', 'I.2', 'II.1'],
			rowOf: [1, 1, 1, 2, 2, 2],
			rows: 2
		});
		const single = ['STT', 'Mã đơn vị', 'I.1', 'I.2'];
		// The usual one-row header; a row of scores whose unit code is missing; a unit row.
		expect(wideHeader([single, ['', '', '28', '40']], 0, codes).rows).toBe(1);
		expect(wideHeader([top, ['', '', '', '28', '40', '']], 0, codes).rows).toBe(1);
		expect(wideHeader([top, ['1', 'SO10', '', 'I.1']], 0, codes).rows).toBe(1);
	});

	it('previews a two-row header: the codes mapped, the data from the row after them', async () => {
		const [p] = await previewInputs(env.db, [{ name: 'bang-diem.xlsx', content: await twoRowHeader() }]);
		expect(p).toMatchObject({ layout: 'wide', headerRow: 3, dataRows: 1 });
		expect(p!.mapping).toEqual([null, 'unit_code', null, 'criterion:I.1', 'criterion:I.2', 'criterion:II.1']);
		expect(p!.sample.map((r) => r.row)).toEqual([5]);
	});
});

describe('a filled-in sheet', () => {
	it('Excel, self-scores of K05 2025 by the admin: preview, check, commit; the ranking moves by the weighted change', async () => {
		const { rows } = await templateGrid('K05', 2025, 'self_score');
		const r = rowOf(rows, 'SO11');
		// Before: I.1 = 29 (weight 2), I.3 = 26,5 (weight 1,5), as the sample has them.
		rows[r]![colOf(rows, 'I.1')] = 30;
		rows[r]![colOf(rows, 'I.3')] = '28,5'; // typed as text with a decimal comma
		const before = await total(2025, 'K05', 'SO11');
		const input: InputFile = { name: 'diem_K05_2025.xlsx', content: await officeXlsx(rows) };

		const [preview] = await previewInputs(env.db, [input]);
		expect(preview).toMatchObject({ layout: 'wide', format: 'xlsx', headerRow: 4, decimal: 'comma' });
		expect(preview!.wide).toMatchObject({
			blocCode: 'K05',
			year: 2025,
			scoreField: 'self_score',
			source: 'title'
		});
		expect(preview!.mapping.slice(0, 4)).toEqual([null, 'unit_code', null, 'criterion:I.1']);

		const check = await checkUpload(env.db, admin, [input]);
		expect(check.allIssues.filter((i) => i.severity === 'error')).toEqual([]);
		expect(check.summary.counts).toEqual([
			{ table: 'scores', label: 'Kết quả chấm điểm', rows: 2, added: 0, replaced: 2, unchanged: 0 }
		]);
		expect(check.summary.blocYears[0]).toMatchObject({
			year: 2025,
			blocCode: 'K05',
			changed: { self: 2, review: 0, note: 0 }
		});
		expect(await total(2025, 'K05', 'SO11')).toBe(before); // a check writes nothing

		const done = await commitUpload(env.db, admin, [input]);
		expect(done.summary.committed).toBe(true);
		// 2 × (30 − 29) + 1,5 × (28,5 − 26,5) = 2 + 3 = 5 points more.
		expect(await total(2025, 'K05', 'SO11')).toBeCloseTo(before + 5, 6);
		const audit = await env.db.all<{ username: string; old: string; new: string }>(
			`SELECT username, old_value AS old, new_value AS new FROM audit_log
			 WHERE unit_code = 'SO11' AND year = 2025 AND action = 'score.self' AND username = 'admin'
			 ORDER BY criterion_code`
		);
		expect(audit).toEqual([
			{ username: 'admin', old: '29', new: '30' },
			{ username: 'admin', old: '26.5', new: '28.5' }
		]);
	});

	it('CSV, bloc scores of K06 2025 by its leader: the self-scores and notes stay as they were', async () => {
		const header = (await blocHeader(env.db, 2025, 'K06'))!;
		const t = await scoreTemplate(env.db, header, 'reviewed_score');
		const lines = templateCsv(t).split('\r\n');
		const i = lines.findIndex((l) => /^\d+,TR01,/.test(l));
		const cells = lines[i]!.split(',');
		cells[3] = '"28,5"'; // I.1, weight 2
		lines[i] = cells.join(',');
		const [selfBefore] = await env.db.all<{ s: number | null; r: number | null; note: string | null }>(
			`SELECT self_score::DOUBLE AS s, reviewed_score::DOUBLE AS r, note FROM score
			 WHERE year = 2025 AND bloc_code = 'K06' AND unit_code = 'TR01' AND criterion_code = 'I.1'`
		);
		const before = await total(2025, 'K06', 'TR01');
		const done = await commitUpload(env.db, leaderK06, [
			{ name: 'diem_K06_2025.csv', content: new TextEncoder().encode(lines.join('\r\n')) }
		]);
		expect(done.issues.filter((x) => x.severity === 'error')).toEqual([]);
		expect(done.summary.committed).toBe(true);
		const [after] = await env.db.all<{ s: number | null; r: number | null; note: string | null }>(
			`SELECT self_score::DOUBLE AS s, reviewed_score::DOUBLE AS r, note FROM score
			 WHERE year = 2025 AND bloc_code = 'K06' AND unit_code = 'TR01' AND criterion_code = 'I.1'`
		);
		expect(after).toEqual({ ...selfBefore, r: 28.5 });
		expect(await total(2025, 'K06', 'TR01')).toBeCloseTo(
			before + 2 * (28.5 - (selfBefore!.r ?? selfBefore!.s!)),
			6
		);
		const [audit] = await env.db.all<{ username: string }>(
			`SELECT username FROM audit_log WHERE unit_code = 'TR01' AND year = 2025 AND action = 'score.review' ORDER BY id DESC LIMIT 1`
		);
		expect(audit?.username).toBe('truongkhoi.k06');
	});

	it('names the original cell of a bad value, and writes nothing', async () => {
		const { rows } = await templateGrid('K05', 2025, 'self_score');
		const r = rowOf(rows, 'SO12');
		const c = colOf(rows, 'I.1');
		rows[r]![c] = 31;
		rows[r]![colOf(rows, 'I.2')] = 'năm mươi';
		const before = await contentDigest(env.db);
		const result = await importFiles(env.db, [
			{ name: 'diem_K05_2025.xlsx', content: await officeXlsx(rows) }
		]);
		const errs = result.issues.filter((i) => i.severity === 'error');
		// Every problem in one report: the cell that is not a number, and the score above its maximum.
		expect(errs.map((e) => [e.row, e.column?.slice(0, 7), e.message]).sort()).toEqual([
			[r + 1, 'D "I.1 ', '31 vượt điểm tối đa 30 của tiêu chí I.1 (nội dung)'],
			[r + 1, 'E "I.2 ', 'tiêu chí I.2: "năm mươi" không phải là số (viết 8,5 hoặc 1.000)']
		]);
		expect(await contentDigest(env.db)).toBe(before);
	});

	it('refuses rather than guesses when the form and the file disagree, or nothing says the bloc-year', async () => {
		const { rows } = await templateGrid('K05', 2025, null);
		rows[rowOf(rows, 'SO13')]![colOf(rows, 'I.1')] = 20;
		const content = await officeXlsx(rows);
		const before = await contentDigest(env.db);
		const other = await importFiles(env.db, [
			{ name: 'bang-diem.xlsx', content, options: { blocCode: 'K06', year: 2025, scoreField: 'self_score' } }
		]);
		expect(other.issues.map((i) => i.message)).toContainEqual(
			'dòng tiêu đề ghi khối K05 nhưng bạn chọn K06: hãy kiểm tra lại tệp hoặc lựa chọn khi tải lên'
		);
		const noField = await importFiles(env.db, [{ name: 'bang-diem.xlsx', content }]);
		expect(noField.issues.map((i) => i.message)).toContainEqual(
			expect.stringMatching(/^chưa rõ các ô điểm là điểm tự chấm hay điểm khối chấm/)
		);
		const noTitle = rows.slice(3);
		const blind = await importFiles(env.db, [
			{ name: 'bang-diem.xlsx', content: await officeXlsx(noTitle), options: { scoreField: 'self_score' } }
		]);
		expect(blind.issues.map((i) => i.message)).toContainEqual(
			expect.stringMatching(/cần biết của khối nào, năm nào/)
		);
		expect(await contentDigest(env.db)).toBe(before);
	});

	it('a mistyped criterion header with scores is an error, until the user maps the column', async () => {
		const { rows } = await templateGrid('K05', 2025, 'self_score');
		const h = rows.findIndex((r) => r[1] === 'Mã đơn vị');
		const c = colOf(rows, 'I.4');
		rows[h]![c] = 'I.4a – Thông tin, tuyên truyền';
		rows[rowOf(rows, 'SO16')]![c] = 40;
		const content = await officeXlsx(rows);
		const bad = await importFiles(env.db, [{ name: 'diem_K05_2025.xlsx', content }], { dryRun: true });
		expect(bad.issues.filter((i) => i.severity === 'error').map((i) => i.message)).toEqual([
			expect.stringMatching(
				/^cột "I\.4a – Thông tin, tuyên truyền" có 1 ô số liệu nhưng không phải mã tiêu chí nào/
			)
		]);
		const mapped = await importFiles(
			env.db,
			[{ name: 'diem_K05_2025.xlsx', content, options: { columns: { [c]: 'criterion:I.4' } } }],
			{ dryRun: true }
		);
		expect(mapped.issues.filter((i) => i.severity === 'error')).toEqual([]);
		expect(mapped.counts[0]).toMatchObject({ rows: 1, replaced: 1 });
	});
});

describe('who may commit a sheet', () => {
	async function sheet(bloc: string, field: 'self_score' | 'reviewed_score', unit: string) {
		const { rows } = await templateGrid(bloc, 2025, field);
		rows[rowOf(rows, unit)]![3] = 1;
		return [{ name: `diem_${bloc}_2025.xlsx`, content: await officeXlsx(rows) }];
	}

	it('refuses a bloc leader another bloc’s scores, and self-scores of their own bloc; nothing is written', async () => {
		const before = await contentDigest(env.db);
		// Another bloc's draft: every row refused at its unit, before it is compared with anything.
		const other = await commitUpload(env.db, leaderK04, await sheet('K06', 'reviewed_score', 'TR02'));
		expect(other.summary.committed).toBe(false);
		expect(other.issues).toEqual([
			expect.objectContaining({
				severity: 'error',
				field: 'unit_code',
				value: 'TR02',
				message: expect.stringMatching(
					/^tài khoản này không được xem phiếu chấm của đơn vị TR02, khối K06 năm 2025/
				)
			})
		]);
		const self = await commitUpload(env.db, leaderK06, await sheet('K06', 'self_score', 'TR02'));
		expect(self.issues.map((i) => i.message)).toContainEqual(
			expect.stringMatching(/^không có quyền thay đổi điểm tự chấm của khối K06 năm 2025/)
		);
		expect(await contentDigest(env.db)).toBe(before);
	});

	it('refuses a bloc leader any table but scores', async () => {
		const r = await commitUpload(env.db, leaderK06, [
			{ name: 'units.csv', content: 'unit_code,unit_name,unit_type\nTR99,Trường mới,school\n' }
		]);
		expect(r.summary.committed).toBe(false);
		expect(r.issues[0]?.message).toMatch(/chỉ được nhập điểm chấm của khối mình phụ trách/);
	});
});
