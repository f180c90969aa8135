/**
 * The summary table as an Excel file (issue 15, part 2), read back: the administrative layout
 * in cells, the numbers as numbers equal to the report's, the proposals as the report says them,
 * the merged header cells, and the print setup (the defined names of the print area and of the
 * header rows repeated on every page, A4 landscape fitted to the page width), through the real
 * route handler and its rights (a draft only to those who may read drafts).
 */
import PizZip from 'pizzip';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readWorkbook from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import { translator } from '../../src/lib/i18n';
import { loadPrincipal } from '../../src/lib/server/auth/users';
import { getDatabase, type Database } from '../../src/lib/server/db';
import { columnLetters } from '../../src/lib/server/export/xlsx-print';
import { importPaths } from '../../src/lib/server/import';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import { blocReport, reportPrintOptions, type BlocReport } from '../../src/lib/server/report';
import { SUMMARY_XLSX_TEXT, summarySheet, summaryXlsx } from '../../src/lib/server/report/xlsx';
import { GET as summaryGet } from '../../src/routes/blocs/[bloc]/[year]/report.xlsx/+server';

const dir = mkdtempSync(join(tmpdir(), 'ktd-summary-xlsx-'));
process.env.DATABASE_PATH = join(dir, 'app.duckdb');
let db: Database;
const who: Record<string, Principal> = {};
const doc = translator('vi');
type Value = string | number | boolean | Date | null;

beforeAll(async () => {
	db = await getDatabase();
	expect((await importPaths(db, ['data/sample'])).committed).toBe(true);
	await loadSampleAccounts(db, 'data/sample');
	for (const u of ['admin', 'lanhdao', 'truongkhoi.k04', 'truongkhoi.k06', 'phantich']) {
		const [row] = await db.all<{ id: number }>('SELECT user_id AS id FROM app_user WHERE username = $1', [u]);
		who[u] = (await loadPrincipal(db, row!.id))!;
	}
});
afterAll(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

const OPTIONS = { place: 'Sơn Hà', date: { day: 5, month: 12, year: 2025 }, preparer: 'Nguyễn Thị Lan' };

async function read(file: Buffer): Promise<Value[][]> {
	const sheets = await readWorkbook(file);
	expect(sheets.map((s) => s.sheet)).toEqual([SUMMARY_XLSX_TEXT.sheet]);
	return sheets[0]!.data as Value[][];
}

/** The texts of a row, empty cells left out. */
const texts = (row: Value[] | undefined) => (row ?? []).filter((v) => v !== null && v !== '').map(String);

function unzip(file: Buffer): { workbook: string; sheet: string } {
	const zip = new PizZip(file);
	return {
		workbook: zip.file('xl/workbook.xml')!.asText(),
		sheet: zip.file('xl/worksheets/sheet1.xml')!.asText()
	};
}

function event(path: string, user: Principal | null, params: Record<string, string>) {
	const url = new URL(`http://127.0.0.1${path}`);
	return {
		params,
		url,
		locals: { user, lang: 'vi' as const },
		request: new Request(url),
		route: { id: null },
		cookies: { get: () => undefined }
	} as never;
}

async function status(run: () => unknown): Promise<number> {
	try {
		const r = await run();
		return r instanceof Response ? r.status : 200;
	} catch (e) {
		const s = (e as { status?: number }).status;
		if (s) return s;
		throw e;
	}
}

describe('the summary table as .xlsx, read back', () => {
	let report: BlocReport;
	let data: Value[][];
	let layout: ReturnType<typeof summarySheet>['layout'];

	beforeAll(async () => {
		report = (await blocReport(db, 2024, 'K04'))!;
		expect(report.stage).toBe('finalised');
		layout = summarySheet(report, OPTIONS).layout;
		data = await read(await summaryXlsx(report, OPTIONS));
	});

	it('carries the administrative heading: issuing body, national motto, title, bloc and year', () => {
		expect(texts(data[0])).toEqual([report.councilName.toUpperCase(), 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
		expect(texts(data[1])).toEqual([report.header.blocName.toUpperCase(), 'Độc lập - Tự do - Hạnh phúc']);
		const all = data.flatMap(texts);
		expect(all).not.toContain('DỰ THẢO');
		expect(all).toContain('BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA');
		expect(all).toContain(`${report.header.blocName} (K04) – Năm 2024`);
		expect(all).toContain('I. KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG');
		expect(all).toContain('II. ĐỀ NGHỊ KHEN THƯỞNG');
	});

	it('has the table header on two rows, the groups under one merged cell', () => {
		const [top, bottom] = layout.headerRows;
		expect(bottom).toBe(top + 1);
		const groups = report.header.groups.filter((g) => g.criteria.some((c) => c.kind === 'content'));
		expect(texts(data[top - 1])).toEqual([
			'Hạng',
			'Đơn vị',
			SUMMARY_XLSX_TEXT.groupsHeader,
			'Cộng nội dung\n(tối đa 950)',
			'Điểm thưởng\n(tối đa 50)',
			'Điểm trừ',
			'Tổng điểm',
			'Tỉ lệ %',
			'Xếp loại',
			'Đề nghị'
		]);
		expect(texts(data[bottom - 1])).toEqual(
			groups.map((g) => `${g.groupCode}. ${g.groupName}\n(tối đa ${doc.num(g.contentMax)})`)
		);
		expect(layout.columnCount).toBe(groups.length + 9);
	});

	it('writes every unit in rank order with real numbers equal to the report’s, and its proposal', () => {
		expect(layout.lastUnitRow - layout.firstUnitRow + 1).toBe(report.rows.length);
		const groups = report.header.groups.filter((g) => g.criteria.some((c) => c.kind === 'content'));
		report.rows.forEach((x, i) => {
			const row = data[layout.firstUnitRow - 1 + i]!;
			expect(row[0]).toBe(x.rank);
			expect(row[1]).toBe(x.unreviewedCount > 0 ? `${x.unitName} ⚠` : x.unitName);
			groups.forEach((g, j) => {
				expect(typeof row[2 + j]).toBe('number');
				expect(row[2 + j]).toBeCloseTo(x.groups.find((s) => s.groupCode === g.groupCode)?.points ?? 0, 6);
			});
			const k = 2 + groups.length;
			expect(row.slice(k, k + 5)).toEqual([
				x.content,
				x.bonus,
				x.deduction > 0 ? -x.deduction : 0,
				x.total,
				x.percent
			]);
			for (const v of row.slice(k, k + 5)) expect(typeof v).toBe('number');
			expect(row[k + 5]).toBe(doc.tier(x.tier));
			expect(row[k + 6] ?? '').toBe(
				x.proposal ? doc.proposal(x.proposal) + (x.proposalTie ? ' (cần bỏ phiếu)' : '') : ''
			);
		});
		// Group subtotals add up to the content column.
		for (let i = 0; i < report.rows.length; i++) {
			const row = data[layout.firstUnitRow - 1 + i]!;
			const sum = (row.slice(2, 2 + groups.length) as number[]).reduce((a, b) => a + b, 0);
			expect(sum).toBeCloseTo(row[2 + groups.length] as number, 6);
		}
	});

	it('lists the proposals of section II as the report has them, then place, date and signatures', () => {
		const after = data.slice(layout.proposalsRow).flatMap(texts);
		const flag = report.rows.filter((x) => x.proposal === 'flag');
		const certificate = report.rows.filter((x) => x.proposal === 'certificate');
		expect(flag.length + certificate.length).toBeGreaterThan(0);
		const line1 = after.find((s) => s.startsWith('1. Đề nghị tặng Cờ thi đua'))!;
		const line2 = after.find((s) => s.startsWith('2. Đề nghị tặng Bằng khen'))!;
		for (const x of flag) expect(line1 + after.join(' ')).toContain(x.unitName);
		for (const x of certificate) expect(line2 + after.join(' ')).toContain(x.unitName);
		// Nobody else is proposed.
		for (const x of report.rows.filter((r) => !r.proposal))
			expect(line1 + line2).not.toContain(`${x.unitName} (hạng`);
		expect(texts(data[layout.placeDateRow - 1])).toEqual(['Sơn Hà, ngày 05 tháng 12 năm 2025']);
		const signing = data.slice(layout.placeDateRow).flatMap(texts);
		for (const s of ['NGƯỜI LẬP BIỂU', 'PHÓ KHỐI', 'TRƯỞNG KHỐI', '(Ký, ghi rõ họ tên)', 'Nguyễn Thị Lan'])
			expect(signing).toContain(s);
		for (const s of report.signers) expect(signing).toContain(s.unitName);
		expect(texts(data[layout.lastRow - 1])).toEqual(['Nguyễn Thị Lan']);
		expect(data.length).toBe(layout.lastRow);
	});

	it('marks a draft and its proposals as expected ones', async () => {
		const draft = (await blocReport(db, 2025, 'K04'))!;
		expect(draft.stage).not.toBe('finalised');
		const all = (await read(await summaryXlsx(draft, { ...OPTIONS, date: null }))).flatMap(texts);
		expect(all).toContain('DỰ THẢO');
		expect(all).toContain('II. ĐỀ NGHỊ KHEN THƯỞNG (DỰ KIẾN)');
		expect(all).toContain('Đề nghị (dự kiến)');
		expect(all).toContain('Sơn Hà, ngày …… tháng …… năm ……');
	});

	it('defines the print area and the repeated header rows, A4 landscape fitted to the width', async () => {
		const { workbook, sheet } = unzip(await summaryXlsx(report, OPTIONS));
		const last = columnLetters(layout.columnCount);
		const [top, bottom] = layout.headerRows;
		expect(workbook).toContain(
			`<definedName name="_xlnm.Print_Area" localSheetId="0">'Bảng tổng hợp'!$A$1:$${last}$${layout.lastRow}</definedName>`
		);
		expect(workbook).toContain(
			`<definedName name="_xlnm.Print_Titles" localSheetId="0">'Bảng tổng hợp'!$${top}:$${bottom}</definedName>`
		);
		// definedNames between sheets and calcPr, once.
		expect(workbook.match(/<definedNames[ >/]/g)).toHaveLength(1);
		expect(workbook.indexOf('</sheets>')).toBeLessThan(workbook.indexOf('<definedNames>'));
		const setup = /<pageSetup [^>]*\/>/.exec(sheet)?.[0] ?? '';
		expect(setup).toContain('paperSize="9"');
		expect(setup).toContain('orientation="landscape"');
		expect(setup).toContain('fitToWidth="1"');
		expect(setup).toContain('fitToHeight="0"');
		expect(sheet.match(/<pageSetup /g)).toHaveLength(1);
		expect(sheet).toMatch(/<sheetPr><pageSetUpPr fitToPage="1"\/><\/sheetPr>/);
		expect(sheet).toContain('<oddFooter>&amp;R&amp;P/&amp;N</oddFooter>');
		// The margins of the printed page: 20 mm on the left.
		expect(sheet).toMatch(/<pageMargins [^>]*left="0.787"/);
		// Elements in the order of the schema (Excel refuses others): sheetPr first, then … pageSetup, headerFooter.
		const order = [
			'<sheetPr>',
			'<sheetViews>',
			'<cols>',
			'<sheetData>',
			'<mergeCells',
			'<pageMargins',
			'<pageSetup',
			'<headerFooter>'
		];
		const at = order.map((tag) => sheet.indexOf(tag));
		expect(at.every((i) => i >= 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
		// Merged cells: the heading, the two-row header cells, the groups' parent cell.
		const merges = [...sheet.matchAll(/<mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"\/>/g)].map((m) => m[1]);
		expect(merges).toContain(`A${top}:A${bottom}`);
		expect(merges).toContain(`B${top}:B${bottom}`);
		expect(merges).toContain(`C${top}:${columnLetters(2 + layout.columnCount - 9)}${top}`);
		expect(merges).toContain(`A4:${last}4`);
		// Column widths: the unit column is the widest but the proposal's.
		expect(sheet).toMatch(/<col min="2" max="2" width="34"/);
	});
});

describe('the download route', () => {
	const get = (user: string | null, bloc: string, year: string, query = '') =>
		summaryGet(event(`/blocs/${bloc}/${year}/report.xlsx${query}`, user ? who[user]! : null, { bloc, year }));

	it('answers the file, named for the bloc and year, with the query’s place, date and preparer', async () => {
		const res = await get(
			'truongkhoi.k04',
			'K04',
			'2025',
			'?place=H%C3%A0%20T%C4%A9nh&date=01/12/2025&preparer=L%C3%AA%20V%C4%83n%20A'
		);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('spreadsheetml');
		expect(res.headers.get('content-disposition')).toContain('bang-tong-hop-K04-2025.xlsx');
		const all = (await read(Buffer.from(await res.arrayBuffer()))).flatMap(texts);
		expect(all).toContain('Hà Tĩnh, ngày 01 tháng 12 năm 2025');
		expect(all).toContain('Lê Văn A');
	});

	it('is refused as the report is: a draft to other blocs’ leaders and to leadership, nothing without an account', async () => {
		expect(await status(() => get('truongkhoi.k06', 'K04', '2025'))).toBe(403);
		expect(await status(() => get('lanhdao', 'K04', '2025'))).toBe(403);
		expect(await status(() => get('lanhdao', 'K04', '2024'))).toBe(200);
		expect(await status(() => get('phantich', 'K04', '2025'))).toBe(200);
		expect(await status(() => get('admin', 'KHONGCO', '2025'))).toBe(404);
		// Nobody signed in: the login page, before any lookup.
		expect(await status(() => get(null, 'K04', '2025'))).toBe(303);
	});

	it('reads the same place and date options as the report page', () => {
		const q = new URLSearchParams('date=31/02/2025&place=%20X%20');
		const o = reportPrintOptions(q, { place: 'Sơn Hà' } as BlocReport);
		expect(o).toEqual({ place: 'X', date: null, dateText: '31/02/2025', preparer: '' });
		const today = reportPrintOptions(
			new URLSearchParams(),
			{ place: 'Sơn Hà' } as BlocReport,
			new Date('2025-12-04T18:30:00Z')
		);
		expect(today.place).toBe('Sơn Hà');
		expect(today.date).toEqual({ day: 5, month: 12, year: 2025 });
	});
});
