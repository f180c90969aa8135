/**
 * Biểu 0602/0603 (Thông tư 2/2023/TT-BNV) on the sample province: the 2024 emulation year
 * (01/12/2023–30/11/2024) agrees with a hand count made straight from the sample's award file
 * (DuckDB reading data/sample/awards.csv by its Vietnamese headers and words, not the import nor
 * the form code), its totals add up, the Excel file reads back with the same numbers, the drill
 * list names people only to those who may see them, and the award columns import as written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readWorkbook from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import { checkSums, formOf, TOTAL } from '../../src/lib/domain/statistics';
import { loadPrincipal } from '../../src/lib/server/auth/users';
import { getDatabase, type Database } from '../../src/lib/server/db';
import { importFiles, importPaths } from '../../src/lib/server/import';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import { statisticsCell, statisticsForm, statisticsYears } from '../../src/lib/server/statistics';
import { printInfo } from '../../src/lib/server/statistics/print';
import { statisticsXlsx } from '../../src/lib/server/statistics/xlsx';
import { awardsTable } from '../../src/lib/server/export/datasets';
import { toCsv } from '../../src/lib/server/export/formats';
import { load as drillLoad } from '../../src/routes/awards/statistics/[form]/drill/+page.server';
import { GET as xlsxGet } from '../../src/routes/awards/statistics/[form]/xlsx/+server';

const dir = mkdtempSync(join(tmpdir(), 'ktd-statistics-test-'));
process.env.DATABASE_PATH = join(dir, 'app.duckdb');
let db: Database;
const who: Record<string, Principal> = {};

beforeAll(async () => {
	db = await getDatabase();
	expect((await importPaths(db, ['data/sample'])).committed).toBe(true);
	await loadSampleAccounts(db, 'data/sample');
	for (const u of ['admin', 'lanhdao', 'truongkhoi.k04']) {
		const [row] = await db.all<{ id: number }>('SELECT user_id AS id FROM app_user WHERE username = $1', [u]);
		who[u] = (await loadPrincipal(db, row!.id))!;
	}
});
afterAll(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

interface Group {
	award: string;
	kind: string;
	cls: string | null;
	method: string;
	ent: string | null;
	n: number;
}

/** The sample file's rows of the given levels decided in the 2024 emulation year, grouped. */
async function handGroups(levels: string[]): Promise<Group[]> {
	return db.all<Group & Record<string, unknown>>(
		`SELECT "Danh hiệu/Hình thức" AS award, "Cá nhân/Tập thể" AS kind, "Phân loại cá nhân" AS cls,
		        "Phương thức khen thưởng" AS method, "Doanh nghiệp" AS ent, CAST(count(*) AS INTEGER) AS n
		 FROM read_csv('data/sample/awards.csv', header = true, all_varchar = true)
		 WHERE "Cấp khen" IN (${levels.map((l) => `'${l}'`).join(', ')})
		   AND strptime("Ngày quyết định", '%d/%m/%Y') BETWEEN DATE '2023-12-01' AND DATE '2024-11-30'
		 GROUP BY ALL`
	);
}

const CLASS_ROW: Record<string, number> = {
	'Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên': 0,
	'Lãnh đạo cấp vụ, sở, ngành và tương đương': 1,
	'Doanh nhân': 2,
	'Các cấp lãnh đạo khác từ phó phòng trở lên': 3,
	'Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu': 4
};
const METHODS = [
	'Thường xuyên',
	'Chuyên đề',
	'Đột xuất',
	'Đối ngoại',
	'Cống hiến',
	'Niên hạn',
	'Kháng chiến'
];

/** Expected cells: row code → column → count, by the form's row codes from `first`. */
function expected(groups: Group[], column: (g: Group) => string | null, first: number, extraRows: string[]) {
	const out: Record<string, Record<string, number>> = {};
	const add = (row: string, col: string, n: number) => {
		out[row] ??= {};
		out[row][col] = (out[row][col] ?? 0) + n;
		out[row][TOTAL] = (out[row][TOTAL] ?? 0) + n;
	};
	const code = (i: number) => String(first + i).padStart(2, '0');
	for (const g of groups) {
		const col = column(g);
		if (col === null) continue;
		for (const r of ['01', ...extraRows]) add(r, col, g.n);
		if (g.kind === 'Tập thể') add(code(0), col, g.n);
		if (g.kind === 'Tập thể' && g.ent === 'Có') add(code(1), col, g.n);
		if (g.kind === 'Hộ gia đình') add(code(2), col, g.n);
		if (g.kind === 'Cá nhân') {
			add(code(3), col, g.n);
			add(code(4 + CLASS_ROW[g.cls!]!), col, g.n);
		}
		add(code(9 + METHODS.indexOf(g.method)), col, g.n);
	}
	return out;
}

/** The grid's non-zero cells, in the same shape. */
function nonZero(cells: Record<string, Record<string, number>>) {
	const out: Record<string, Record<string, number>> = {};
	for (const [r, row] of Object.entries(cells))
		for (const [c, n] of Object.entries(row)) if (n !== 0) (out[r] ??= {})[c] = n;
	return out;
}

describe('Biểu 0602 of the sample’s 2024 emulation year', () => {
	it('agrees with a hand count from the award file, and its totals add up', async () => {
		const groups = await handGroups(['Nhà nước']);
		const side = (g: Group) => (g.kind === 'Cá nhân' ? 'individual' : 'collective');
		const want = expected(
			groups,
			(g) =>
				({
					'Huân chương Lao động': `HC_LD.${side(g)}`,
					'Cờ thi đua của Chính phủ': 'CO_CP.collective',
					'Bằng khen của Thủ tướng Chính phủ': `BK_TTG.${side(g)}`,
					'Chiến sĩ thi đua toàn quốc': 'CSTD_TQ.individual'
				})[g.award] ?? `OTHER.${side(g)}`,
			6,
			['03']
		);
		const { grid } = await statisticsForm(db, formOf('0602')!, 2024);
		// A count that could be wrong: the sample has every kind of state-level award that year.
		expect(want['01']![TOTAL]).toBeGreaterThanOrEqual(10);
		expect(Object.keys(want['01']!).length).toBeGreaterThanOrEqual(7);
		for (const row of ['06', '07', '08', '09', '15', '16', '17', '19'])
			expect(want[row]![TOTAL]).toBeGreaterThan(0);
		expect(nonZero(grid.cells)).toEqual(want);
		expect(grid.counted).toBe(want['01']![TOTAL]);
		expect(checkSums(grid)).toEqual([]);
		expect(grid.outside).toEqual([]);
	});

	it('reads back from its Excel file with the same numbers and the form’s header', async () => {
		const { grid, council } = await statisticsForm(db, formOf('0602')!, 2024);
		const info = printInfo(
			new URLSearchParams('signer=Nguyễn Văn A&place=Sơn Hà'),
			council.councilName,
			'2024-12-10'
		);
		const [sheet] = await readWorkbook(await statisticsXlsx(grid, info));
		const rows = sheet!.data.map((r) => r.map((c) => (c === null ? null : c)));
		expect(rows[0]![0]).toBe('Biểu số: 0602.N/BNV-TĐKT');
		expect(String(rows[1]![0])).toMatch(/^Ban hành theo Thông tư số 2\/2023\/TT-BNV/);
		expect(String(rows[0]![3])).toBe(`Đơn vị báo cáo: ${council.councilName}`);
		expect(rows.flat()).toContain('SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC');
		expect(rows.flat()).toContain('Sơn Hà, ngày 10 tháng 12 năm 2024');
		expect(rows.flat()).toContain('Nguyễn Văn A');
		const total = rows.find((r) => r[0] === 'Tổng số')!;
		expect(total.slice(1, 4)).toEqual(['01', null, grid.cells['01']![TOTAL]]);
		expect(typeof total[3]).toBe('number');
		const individuals = rows.find((r) => r[0] === '- Cá nhân')!;
		expect(individuals[3]).toBe(grid.cells['09']![TOTAL]);
		// The numbers row under the header: A, B, C, 1, 2 … 9.
		const numbers = rows.find((r) => r[0] === 'A')!;
		expect(numbers.filter((c) => c !== null)).toEqual([
			'A',
			'B',
			'C',
			'1',
			'2',
			'3',
			'4',
			'5',
			'6',
			'7',
			'8',
			'9'
		]);
	});
});

describe('Biểu 0603 of the sample’s 2024 emulation year', () => {
	it('agrees with a hand count from the award file, and its totals add up', async () => {
		const groups = await handGroups(['Tỉnh', 'Bộ']);
		const col = (g: Group) =>
			({
				'Bằng khen của Chủ tịch UBND tỉnh': 'BK',
				'Chiến sĩ thi đua cấp tỉnh': 'CSTD',
				'Cờ thi đua của UBND tỉnh': 'CO',
				'Cờ thi đua của Bộ, ngành': 'CO'
			})[g.award] ?? null;
		const want = expected(groups, col, 2, []);
		const { grid } = await statisticsForm(db, formOf('0603')!, 2024);
		expect(want['04']![TOTAL]).toBeGreaterThan(0); // households
		expect(nonZero(grid.cells)).toEqual(want);
		expect(checkSums(grid)).toEqual([]);
		// Tập thể lao động xuất sắc is a provincial title no column of 0603 counts: said, not hidden.
		const ttldxs = groups.filter((g) => g.award === 'Tập thể lao động xuất sắc').reduce((s, g) => s + g.n, 0);
		expect(grid.outside).toEqual([{ awardCode: 'TTLDXS', count: ttldxs }]);
	});

	it('offers the emulation years that have decided awards', async () => {
		const years = await statisticsYears(db);
		expect(years).toContain(2024);
		expect(years).toEqual([...years].sort((a, b) => b - a));
	});
});

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

describe('the drill list of a cell', () => {
	it('lists exactly the cell’s awards, names individuals only for readers of their unit', async () => {
		const { grid } = await statisticsForm(db, formOf('0602')!, 2024);
		const path = '/awards/statistics/0602/drill?year=2024&row=09&col=BK_TTG.individual';
		const seen = (await drillLoad(event(path, who.lanhdao!, { form: '0602' }))) as unknown as {
			rows: { recipientName: string | null; recipientKind: string; awardCode: string }[];
			hidden: number;
		};
		expect(seen.rows).toHaveLength(grid.cells['09']!['BK_TTG.individual']!);
		expect(seen.rows.every((r) => r.recipientKind === 'individual' && r.awardCode === 'BK_TTG')).toBe(true);
		expect(seen.rows.every((r) => r.recipientName)).toBe(true);
		expect(seen.hidden).toBe(0);
		const leader = (await drillLoad(
			event(path, who['truongkhoi.k04']!, { form: '0602' })
		)) as unknown as typeof seen;
		expect(leader.rows).toHaveLength(seen.rows.length);
		const k04Units = await db.all<{ u: string }>(
			"SELECT unit_code AS u FROM bloc_membership WHERE bloc_code = 'K04' AND year = 2025"
		);
		expect(k04Units.length).toBeGreaterThan(0);
		// A bloc leader is no reader of award recipients: every individual's name is withheld.
		expect(leader.rows.every((r) => r.recipientName === null)).toBe(true);
		expect(leader.hidden).toBe(seen.rows.length);
		// Collectives are named for everyone.
		const flags = (await drillLoad(
			event('/awards/statistics/0602/drill?year=2024&row=06&col=CO_CP.collective', who['truongkhoi.k04']!, {
				form: '0602'
			})
		)) as unknown as typeof seen;
		expect(flags.rows.length).toBe(grid.cells['06']!['CO_CP.collective']);
		expect(flags.rows.every((r) => r.recipientName)).toBe(true);
	});

	it('answers 404 for a cell the form does not have, and the sign-in page for nobody', async () => {
		const status = async (run: () => unknown) => {
			try {
				const r = await run();
				return r instanceof Response ? r.status : 200;
			} catch (e) {
				return (e as { status?: number }).status ?? 500;
			}
		};
		expect(
			await status(() => drillLoad(event('/x?year=2024&row=99&col=total', who.admin!, { form: '0602' })))
		).toBe(404);
		expect(
			await status(() => drillLoad(event('/x?year=2024&row=01&col=BK', who.admin!, { form: '0602' })))
		).toBe(404);
		expect(await status(() => drillLoad(event('/x?year=2024&row=01', who.admin!, { form: '0604' })))).toBe(
			404
		);
		expect(await status(() => xlsxGet(event('/x?year=2024', null, { form: '0602' })))).toBe(303);
		const r = (await xlsxGet(event('/x?year=2024', who['truongkhoi.k04']!, { form: '0603' }))) as Response;
		expect(r.status).toBe(200);
		expect(r.headers.get('content-disposition')).toContain('bieu-0603-2024.xlsx');
	});

	it('the household row of 0603 lists households only', async () => {
		const before = await statisticsCell(db, formOf('0603')!, 2024, '04', TOTAL, () => true);
		expect(before!.rows.length).toBeGreaterThan(0);
		expect(before!.rows.every((r) => r.recipientKind === 'household')).toBe(true);
	});
});

describe('the award columns of the forms, imported', () => {
	const csv = (name: string, text: string) => ({ name, content: new TextEncoder().encode(text) });
	it('export the official class, household, enterprise flag and method, and read back unchanged', async () => {
		const t = await awardsTable(db, 2023, null, () => true);
		const text = toCsv(t);
		expect(text).toContain(',Hộ gia đình,');
		expect(text).toContain('Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu');
		expect(text).toContain(',Cống hiến,');
		const r = await importFiles(db, [csv('khen-thuong.csv', text)], { dryRun: true });
		expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
		expect(r.counts).toEqual([
			{ table: 'awards', rows: t.rows.length, added: 0, replaced: 0, unchanged: t.rows.length }
		]);
	});

	it('stores households, official classes from either side, the enterprise flag and the method', async () => {
		const r = await importFiles(db, [
			csv(
				'awards.csv',
				[
					'Mã khen thưởng,Năm,Mã đơn vị,Cá nhân/Tập thể,Tên người nhận,Thành phần,Phân loại cá nhân,Danh hiệu/Hình thức,Phương thức khen thưởng,Doanh nghiệp,Ngày quyết định',
					'T-1,2024,XA01,Hộ gia đình,Hộ ông Hoàng Văn Nam,,,Giấy khen,Chuyên đề,,20/12/2024',
					'T-2,2024,XA01,Cá nhân,Lê Văn Cường,,Doanh nhân,Giấy khen,,,20/12/2024',
					'T-3,2024,XA01,Cá nhân,Trần Thị Bình,Nhân dân,,Giấy khen,Đột xuất,,20/12/2024',
					'T-4,2024,XA01,Tập thể,Bộ phận Một cửa,,,Giấy khen,,Có,20/12/2024'
				].join('\n') + '\n'
			)
		]);
		expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
		expect(r.committed).toBe(true);
		const rows = await db.all(
			`SELECT award_id, recipient_kind, recipient_category, official_class, award_method, enterprise
			 FROM award WHERE award_id LIKE 'T-%' ORDER BY award_id`
		);
		expect(rows).toEqual([
			{
				award_id: 'T-1',
				recipient_kind: 'household',
				recipient_category: null,
				official_class: null,
				award_method: 'thematic',
				enterprise: null
			},
			{
				award_id: 'T-2',
				recipient_kind: 'individual',
				recipient_category: 'manager',
				official_class: 'entrepreneur',
				award_method: 'regular',
				enterprise: null
			},
			{
				award_id: 'T-3',
				recipient_kind: 'individual',
				recipient_category: 'citizen',
				official_class: 'direct_worker',
				award_method: 'sudden',
				enterprise: null
			},
			{
				award_id: 'T-4',
				recipient_kind: 'collective',
				recipient_category: null,
				official_class: null,
				award_method: 'regular',
				enterprise: true
			}
		]);
		// A file that leaves the class out keeps the stored one when the new category agrees with it,
		// and takes the category's default when it does not.
		const again = await importFiles(db, [
			csv(
				'awards.csv',
				'award_id,year,unit_code,recipient_kind,recipient_name,recipient_category,award_code\nT-2,2024,XA01,Cá nhân,Lê Văn Cường,Lãnh đạo,GK\nT-3,2024,XA01,Cá nhân,Trần Thị Bình,Quản lý,GK\n'
			)
		]);
		expect(again.committed).toBe(true);
		expect(
			await db.all(
				`SELECT award_id, recipient_category, official_class, award_method FROM award
				 WHERE award_id IN ('T-2', 'T-3') ORDER BY award_id`
			)
		).toEqual([
			{
				award_id: 'T-2',
				recipient_category: 'leader',
				official_class: 'entrepreneur',
				award_method: 'regular'
			},
			{
				award_id: 'T-3',
				recipient_category: 'manager',
				official_class: 'other_leader',
				award_method: 'sudden'
			}
		]);
		await db.run("DELETE FROM award WHERE award_id LIKE 'T-%'");
	});
});
