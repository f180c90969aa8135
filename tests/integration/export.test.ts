/**
 * Downloads: every export format read back by another program (Excel's CSV rules, an .xlsx
 * reader, DuckDB's Parquet reader, apache-arrow), formula neutralisation, and who may have
 * which file, through the real route handlers (and the upload page's actions) on the sample
 * province: a bloc leader gets 403 on another bloc's files.
 */
import { tableFromIPC, Type } from 'apache-arrow';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import readWorkbook from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import { loadPrincipal } from '../../src/lib/server/auth/users';
import { getDatabase, type Database } from '../../src/lib/server/db';
import { BOM, csvDocument, neutralizeCell } from '../../src/lib/server/export/csv';
import { awardsTable, rankingTable, scoresTable } from '../../src/lib/server/export/datasets';
import { toArrow, toCsv, toParquet, toXlsx } from '../../src/lib/server/export/formats';
import { templateXlsx } from '../../src/lib/server/export/template';
import { importFiles, importPaths } from '../../src/lib/server/import';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import { blocHeader } from '../../src/lib/server/overview/bloc';
import { GET as exportGet } from '../../src/routes/blocs/[bloc]/[year]/export/[file]/+server';
import { load as exportPageLoad } from '../../src/routes/blocs/[bloc]/[year]/export/+page.server';
import { load as reportLoad } from '../../src/routes/blocs/[bloc]/[year]/report/+page.server';
import { GET as templateGet } from '../../src/routes/blocs/[bloc]/[year]/template/[file]/+server';
import { GET as issuesGet } from '../../src/routes/upload/issues/[token]/+server';
import { actions as uploadActions, load as uploadLoad } from '../../src/routes/upload/+page.server';
import { contentDigest } from '../helpers/snapshot';

const dir = mkdtempSync(join(tmpdir(), 'ktd-export-test-'));
process.env.DATABASE_PATH = join(dir, 'app.duckdb');
process.env.UPLOAD_DIR = join(dir, 'uploads');
let db: Database;
const who: Record<string, Principal> = {};

beforeAll(async () => {
	db = await getDatabase();
	expect((await importPaths(db, ['data/sample'])).committed).toBe(true);
	await loadSampleAccounts(db, 'data/sample');
	for (const u of [
		'admin',
		'phantich',
		'lanhdao',
		'truongkhoi.k04',
		'truongkhoi.k03',
		'truongkhoi.k06',
		'so03'
	]) {
		const [row] = await db.all<{ id: number }>('SELECT user_id AS id FROM app_user WHERE username = $1', [u]);
		who[u] = (await loadPrincipal(db, row!.id))!;
	}
});
afterAll(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('the shared CSV writer', () => {
	it('neutralises formula-like text, keeps computed numbers, writes a BOM and CRLF', () => {
		for (const s of ['=1+1', '+84 912', '-3 tháng', '@SUM(A1)', '\tx', '\rx'])
			expect(neutralizeCell(s)).toBe(`'${s}`);
		expect(
			csvDocument([
				['Tên', 'Điểm'],
				['=HYPERLINK("x")', { number: '-3,5' }]
			])
		).toBe(`${BOM}Tên,Điểm\r\n"'=HYPERLINK(""x"")","-3,5"\r\n`);
	});
});

describe('export formats, read back', () => {
	it('ranking CSV: BOM, Vietnamese headers and numbers, ties shown', async () => {
		const t = await rankingTable(db, (await blocHeader(db, 2023, 'K03'))!);
		const csv = toCsv(t);
		expect(csv.startsWith(BOM)).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toMatch(/^Năm,Mã khối,Hạng,Đồng hạng,Mã đơn vị,Tên đơn vị,Vai trò,/);
		expect(lines[0]).toContain(',Nội dung (tối đa 950),');
		const tops = lines.filter((l) => l.startsWith('2023,K03,1,Có,'));
		expect(tops).toHaveLength(2);
		expect(tops.every((l) => l.includes(',"920,5",') && l.includes('Xuất sắc'))).toBe(true);
	});

	it('a text cell that starts like a formula is neutralised in CSV and Excel alike', async () => {
		// Two imports (the unit renamed, then back): the same data, two more files in the log.
		const before = await contentDigest(db, { exclude: ['import_log', 'import_batch'] });
		await importFiles(db, [
			{
				name: 'units.csv',
				content: 'unit_code,unit_name,unit_type\nDG07,=Đảng ủy Khối các cơ quan tỉnh,party_agency\n'
			}
		]);
		try {
			const t = await rankingTable(db, (await blocHeader(db, 2023, 'K03'))!);
			expect(toCsv(t)).toContain(",'=Đảng ủy Khối các cơ quan tỉnh,");
			const [sheet] = await readWorkbook(await toXlsx(t));
			expect(sheet!.data.flat()).toContain("'=Đảng ủy Khối các cơ quan tỉnh");
		} finally {
			await importFiles(db, [
				{
					name: 'units.csv',
					content: 'unit_code,unit_name,unit_type\nDG07,Đảng ủy Khối các cơ quan tỉnh,party_agency\n'
				}
			]);
		}
		expect(await contentDigest(db, { exclude: ['import_log', 'import_batch'] })).toBe(before);
	});

	it('Excel: readable back with typed numbers and the same rows', async () => {
		const t = await scoresTable(db, 2025, 'K04');
		const [sheet] = await readWorkbook(await toXlsx(t));
		const [header, ...rows] = sheet!.data;
		expect(header?.slice(0, 5)).toEqual(['Năm', 'Mã khối', 'Mã đơn vị', 'Tên đơn vị', 'Mã tiêu chí']);
		expect(rows).toHaveLength(t.rows.length);
		const so03 = rows.find((r) => r[2] === 'SO03' && r[4] === 'I.1')!;
		expect(so03[0]).toBe(2025);
		expect(typeof so03[11]).toBe('number'); // Điểm khối chấm
		expect(so03[11]).toBe(24.5);
	});

	it('the scores CSV is the import format: uploading it back changes nothing', async () => {
		const before = await contentDigest(db, { exclude: ['import_log'] });
		const csv = toCsv(await scoresTable(db, 2025, 'K04'));
		const r = await importFiles(db, [{ name: 'diem-K04-2025.csv', content: new TextEncoder().encode(csv) }]);
		expect(r.issues).toEqual([]);
		expect(r.counts[0]).toMatchObject({ added: 0, replaced: 0 });
		expect(await contentDigest(db, { exclude: ['import_log'] })).toBe(before);
	});

	it('scores with notes that start like formulas, exported as CSV and Excel and imported back: 0 changes', async () => {
		// Sample scores of K04 2025, with a note that a spreadsheet would run as a formula.
		const notes = [
			['SO03', 'I.1', '"24,5","24,5"', '=HYPERLINK(""http://vi-du.invalid"",""Bấm vào đây"")'],
			['SO03', 'I.2', '29,27', '-Đã hoàn thành'],
			['SO09', 'I.1', '30,"28,5"', '+84 912 345 678'],
			['SO09', 'I.2', '38,37', '@SUM(A1:A2)']
		];
		const header = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú';
		const original = await db.all<{ note: string | null }>(
			`SELECT note FROM score WHERE year = 2025 AND bloc_code = 'K04'
			 AND (unit_code, criterion_code) IN (('SO03', 'I.1'), ('SO03', 'I.2'), ('SO09', 'I.1'), ('SO09', 'I.2'))`
		);
		expect(original.every((r) => r.note === null)).toBe(true);
		const set = await importFiles(db, [
			{
				name: 'ghi-chu.csv',
				content: [header, ...notes.map(([u, c, v, n]) => `2025,K04,${u},${c},${v},"${n}"`)].join('\n')
			}
		]);
		expect(set.issues).toEqual([]);
		try {
			const before = await contentDigest(db, { exclude: ['import_log'] });
			const t = await scoresTable(db, 2025, 'K04');
			const csv = toCsv(t);
			expect(csv).toContain(`"'=HYPERLINK(""http://vi-du.invalid"",""Bấm vào đây"")"`);
			expect(csv).toContain("'-Đã hoàn thành");
			const xlsx = await toXlsx(t);
			expect((await readWorkbook(xlsx))[0]!.data.flat()).toContain("'-Đã hoàn thành");
			for (const input of [
				{ name: 'diem-K04-2025.csv', content: new TextEncoder().encode(csv) },
				{ name: 'diem-K04-2025.xlsx', content: new Uint8Array(xlsx) }
			]) {
				const r = await importFiles(db, [input]);
				expect(r.issues, input.name).toEqual([]);
				expect(r.counts, input.name).toEqual([
					{ table: 'scores', rows: t.rows.length, added: 0, replaced: 0, unchanged: t.rows.length }
				]);
				expect(await contentDigest(db, { exclude: ['import_log'] }), input.name).toBe(before);
			}
		} finally {
			const clear = [header, ...notes.map(([u, c, v]) => `2025,K04,${u},${c},${v},`)].join('\n');
			expect((await importFiles(db, [{ name: 'ghi-chu.csv', content: clear }])).committed).toBe(true);
		}
	});

	it('Excel neutralises header cells and the template’s title and header cells too', async () => {
		const t = {
			name: 'thu',
			sheet: 'Thử',
			columns: [{ key: 'group', header: '=Nhóm I (tối đa 30)', type: 'text' as const }],
			rows: [['-x']]
		};
		const [sheet] = await readWorkbook(await toXlsx(t));
		expect(sheet!.data).toEqual([["'=Nhóm I (tối đa 30)"], ["'-x"]]);
		const template = await templateXlsx({
			blocCode: 'K04',
			blocName: '=Khối thử',
			year: 2025,
			scoreField: null,
			titles: ['+Tiêu đề', '=Khối thử – Loại điểm: …', '@ghi chú'],
			criteria: [{ code: '-1', name: 'Tiêu chí', kind: 'content', max: 10, weight: 1 }],
			units: [{ code: 'SO03', name: '=Sở' }]
		});
		const [ts] = await readWorkbook(template);
		expect(ts!.data.slice(0, 3).map((r) => r[0])).toEqual([
			"'+Tiêu đề",
			"'=Khối thử – Loại điểm: …",
			"'@ghi chú"
		]);
		expect(ts!.data[3]?.[3]).toBe("'-1 – Tiêu chí");
		expect(ts!.data[6]?.[2]).toBe("'=Sở");
	});

	it('Parquet: DuckDB reads it back with its types; the temporary file is gone once sent', async () => {
		const t = await scoresTable(db, 2025, 'K04');
		// A temporary folder of this test's own: other processes export at the same time.
		const savedTmp = process.env.TMPDIR;
		const ownTmp = mkdtempSync(join(dir, 'tmp-'));
		process.env.TMPDIR = ownTmp;
		let bytes: Uint8Array;
		try {
			const { stream, size } = await toParquet(db, t);
			expect(readdirSync(ownTmp).filter((n) => n.startsWith('ktd-export-'))).toHaveLength(1);
			bytes = new Uint8Array(await new Response(stream).arrayBuffer());
			expect(bytes.length).toBe(size);
		} finally {
			if (savedTmp === undefined) delete process.env.TMPDIR;
			else process.env.TMPDIR = savedTmp;
		}
		expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('PAR1');
		// Removed once the stream has ended (asynchronously: wait for it, up to 5 s on a busy machine).
		for (let i = 0; i < 100 && readdirSync(ownTmp).length > 0; i++)
			await new Promise((ok) => setTimeout(ok, 50));
		expect(readdirSync(ownTmp)).toEqual([]);
		const path = join(dir, 'diem.parquet');
		writeFileSync(path, bytes);
		const types = await db.all<{ column_name: string; column_type: string }>(
			`DESCRIBE SELECT * FROM read_parquet('${path}')`
		);
		expect(Object.fromEntries(types.map((c) => [c.column_name, c.column_type]))).toMatchObject({
			year: 'INTEGER',
			unit_code: 'VARCHAR',
			max_points: 'DOUBLE',
			reviewed_score: 'DOUBLE',
			kind: 'VARCHAR'
		});
		const [row] = await db.all<{ n: number; r: number; kind: string }>(
			`SELECT count(*) OVER ()::INTEGER AS n, reviewed_score AS r, kind FROM read_parquet('${path}')
			 WHERE unit_code = 'SO03' AND criterion_code = 'I.1'`
		);
		expect(row).toEqual({ n: 1, r: 24.5, kind: 'content' });
		const [count] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${path}')`);
		expect(count?.n).toBe(t.rows.length);
	});

	it('Arrow: apache-arrow reads it back with explicit column types', async () => {
		const t = await rankingTable(db, (await blocHeader(db, 2023, 'K03'))!);
		const table = tableFromIPC(toArrow(t));
		const type = (name: string) => table.schema.fields.find((f) => f.name === name)?.type.typeId;
		expect([type('unit_name'), type('rank'), type('total'), type('tied')]).toEqual([
			Type.Utf8,
			Type.Int,
			Type.Float,
			Type.Bool
		]);
		expect(table.numRows).toBe(13);
		const first = table.get(0)!.toJSON();
		expect(first).toMatchObject({
			year: 2023,
			bloc_code: 'K03',
			rank: 1,
			tied: true,
			total: 920.5,
			tier: 'excellent',
			proposal: 'flag'
		});
	});

	it('awards: the bloc’s units, in the import format with Vietnamese words', async () => {
		const t = await awardsTable(db, 2024, 'K04', () => true);
		const csv = toCsv(t);
		expect(csv.split('\r\n')[0]).toBe(
			`${BOM}Mã khen thưởng,Năm,Mã đơn vị,Tên đơn vị,Cá nhân/Tập thể,Tên người nhận,Thành phần,Phân loại cá nhân,Danh hiệu/Hình thức,Phân loại khen thưởng,Cấp khen,Phương thức khen thưởng,Giới tính,Dân tộc thiểu số,"Vùng sâu, vùng xa",Tập thể nhỏ,Doanh nghiệp,Số quyết định,Ngày quyết định`
		);
		expect(csv).toMatch(
			/,Cá nhân,[^,]+,(Lãnh đạo|Quản lý|"Cán bộ, công chức, viên chức"|Người lao động trực tiếp),/
		);
		const all = await awardsTable(db, 2024, null, () => true);
		expect(all.rows.length).toBeGreaterThan(t.rows.length);
	});
});

/** A request event as SvelteKit gives a handler. */
function event(path: string, user: Principal | null, params: Record<string, string>, init?: RequestInit) {
	const url = new URL(`http://127.0.0.1${path}`);
	return {
		params,
		url,
		locals: { user, lang: 'vi' as const },
		request: new Request(url, init),
		route: { id: null },
		cookies: { get: () => undefined }
	} as never;
}

/** The HTTP status a handler answers with (thrown errors included). */
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

describe('award recipients in exports (personal data, Nghị định 13/2023)', () => {
	it('names only the units the reader may see; the others keep their rows without the person', async () => {
		const full = await awardsTable(db, 2024, 'K04', () => true);
		const masked = await awardsTable(db, 2024, 'K04', (unit) => unit === 'SO03');
		const col = (t: typeof full, key: string) => t.columns.findIndex((c) => c.key === key);
		const at = (t: typeof full, key: string) => (row: (typeof full.rows)[number]) => row[col(t, key)];
		const unit = at(masked, 'unit_code');
		const kind = at(masked, 'recipient_kind');
		const name = at(masked, 'recipient_name');
		const gender = at(masked, 'gender');
		const minority = at(masked, 'ethnic_minority');
		const id = at(masked, 'award_id');
		const category = at(masked, 'recipient_category');
		// the same rows, counts and categories: only the person is gone
		expect(masked.rows).toHaveLength(full.rows.length);
		expect(masked.rows.map((r) => [unit(r), kind(r), category(r)])).toEqual(
			full.rows.map((r) => [unit(r), kind(r), category(r)])
		);
		const others = masked.rows.filter((r) => unit(r) !== 'SO03' && kind(r) === 'individual');
		expect(others.length).toBeGreaterThan(0);
		for (const r of others) {
			expect([name(r), gender(r), minority(r), id(r)]).toEqual(['(ẩn: dữ liệu cá nhân)', null, null, null]);
		}
		// SO03's own rows and every collective (an organisation, not a person) stay whole
		const whole = (t: typeof full) => t.rows.filter((r) => unit(r) === 'SO03' || kind(r) === 'collective');
		expect(whole(masked)).toEqual(whole(full));
		const csv = toCsv(masked);
		expect(csv).toContain('Dương Thu Trang'); // SO03
		expect(csv).not.toContain('Ngô Thanh Việt'); // SO01
		expect(csv).not.toContain('KT2024-000491'); // SO01's award id
	});
});

describe('who may download what (route handlers)', () => {
	const get = (user: string | null, bloc: string, year: string, file: string) =>
		status(() =>
			exportGet(
				event(`/blocs/${bloc}/${year}/export/${file}`, user ? who[user]! : null, { bloc, year, file })
			)
		);

	it('a draft bloc’s files: admin, analyst and that bloc’s leader; 403 for another bloc’s leader and a viewer', async () => {
		const codes = await Promise.all(
			['admin', 'phantich', 'truongkhoi.k04', 'truongkhoi.k03', 'lanhdao', 'so03'].map((u) =>
				get(u, 'K04', '2025', 'ranking.csv')
			)
		);
		expect(codes).toEqual([200, 200, 200, 403, 403, 403]);
		expect(await get('truongkhoi.k03', 'K04', '2025', 'scores.xlsx')).toBe(403);
		expect(await get(null, 'K04', '2025', 'ranking.csv')).toBe(303); // to the login page
	});

	it('a finalised bloc’s CSV and Excel to every account; Parquet, Arrow and the year’s awards to analysts', async () => {
		expect(await get('lanhdao', 'K04', '2024', 'ranking.xlsx')).toBe(200);
		expect(await get('lanhdao', 'K04', '2024', 'ranking.parquet')).toBe(403);
		expect(await get('truongkhoi.k04', 'K04', '2025', 'scores.arrow')).toBe(403);
		expect(await get('phantich', 'K04', '2024', 'ranking.parquet')).toBe(200);
		expect(await get('phantich', 'K04', '2025', 'scores.arrow')).toBe(200);
		expect(await get('truongkhoi.k04', 'K04', '2025', 'year-awards.csv')).toBe(403);
		expect(await get('phantich', 'K04', '2024', 'year-awards.csv')).toBe(200);
		expect(await get('admin', 'K04', '2024', 'nothing.csv')).toBe(404);
		expect(await get('admin', 'K99', '2024', 'ranking.csv')).toBe(404);
	});

	it('the awards file names recipients only for admin, analysts, leadership and the unit’s officer', async () => {
		const text = async (user: string) => {
			const res = (await exportGet(
				event('/blocs/K04/2024/export/awards.csv', who[user]!, {
					bloc: 'K04',
					year: '2024',
					file: 'awards.csv'
				})
			)) as Response;
			expect(res.status).toBe(200);
			return res.text();
		};
		// Dương Thu Trang: SO03; Ngô Thanh Việt: SO01 (both K04 members in 2024, finalised)
		const seen: Record<string, [boolean, boolean]> = {};
		for (const u of ['admin', 'phantich', 'lanhdao', 'so03', 'truongkhoi.k04', 'truongkhoi.k03']) {
			const csv = await text(u);
			seen[u] = [csv.includes('Dương Thu Trang'), csv.includes('Ngô Thanh Việt')];
		}
		expect(seen).toEqual({
			admin: [true, true],
			phantich: [true, true],
			lanhdao: [true, true],
			so03: [true, false], // the officer of SO03: SO03 only
			'truongkhoi.k04': [false, false], // a bloc leader is not the officer of these units
			'truongkhoi.k03': [false, false]
		});
	});

	it('a download is a file: type, name and no caching', async () => {
		const res = (await exportGet(
			event('/blocs/K04/2025/export/ranking.csv', who['truongkhoi.k04']!, {
				bloc: 'K04',
				year: '2025',
				file: 'ranking.csv'
			})
		)) as Response;
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toContain('filename="xep-hang-K04-2025.csv"');
		expect(res.headers.get('cache-control')).toBe('private, no-store');
	});

	it('templates, the report and the export page follow the bloc page’s right', async () => {
		const template = (user: string, bloc: string) =>
			status(() =>
				templateGet(
					event(`/blocs/${bloc}/2025/template/diem_${bloc}_2025.xlsx`, who[user]!, {
						bloc,
						year: '2025',
						file: `diem_${bloc}_2025.xlsx`
					})
				)
			);
		expect(await template('truongkhoi.k04', 'K04')).toBe(200);
		expect(await template('truongkhoi.k03', 'K04')).toBe(403);
		const page = (load: typeof reportLoad | typeof exportPageLoad, user: string, bloc: string) =>
			status(() => load(event(`/blocs/${bloc}/2025/report`, who[user]!, { bloc, year: '2025' })));
		expect(await page(reportLoad, 'truongkhoi.k04', 'K04')).toBe(200);
		expect(await page(reportLoad, 'truongkhoi.k03', 'K04')).toBe(403);
		expect(await page(reportLoad, 'lanhdao', 'K04')).toBe(403);
		expect(await page(exportPageLoad, 'truongkhoi.k03', 'K04')).toBe(403);
		const data = (await exportPageLoad(
			event('/blocs/K04/2025/export', who['truongkhoi.k04']!, { bloc: 'K04', year: '2025' })
		)) as { downloads: { dataset: string; formats: string[] }[] };
		expect(data.downloads).toEqual([
			{ dataset: 'ranking', formats: ['csv', 'xlsx'] },
			{ dataset: 'scores', formats: ['csv', 'xlsx'] },
			{ dataset: 'awards', formats: ['csv', 'xlsx'] }
		]);
	});
});

describe('the upload page (form actions)', () => {
	const wideCsv = () => {
		const lines = [
			'BẢNG CHẤM ĐIỂM THI ĐUA – Mã khối: K06 – Năm: 2025',
			'STT,Mã đơn vị,Tên đơn vị,I.1 – Tỷ lệ học sinh tốt nghiệp THPT,I.3',
			',Điểm tối đa,,30,55',
			'1,TR03,Trường THPT số 3,"27,5",50'
		];
		return new File([`\uFEFF${lines.join('\r\n')}\r\n`], 'bang-diem.csv', { type: 'text/csv' });
	};
	const post = (user: string, action: string, form: FormData, headers: Record<string, string> = {}) =>
		event(`/upload?/${action}`, who[user]!, {}, { method: 'POST', body: form, headers });

	it('is refused to viewers and unit officers; analysts may only check', async () => {
		expect(await status(() => uploadLoad(event('/upload', who['lanhdao']!, {})))).toBe(403);
		expect(await status(() => uploadLoad(event('/upload', who['so03']!, {})))).toBe(403);
		const data = (await uploadLoad(event('/upload', who['phantich']!, {}))) as { mayCommit: boolean };
		expect(data.mayCommit).toBe(false);
		const form = new FormData();
		form.set('token', '0'.repeat(32));
		expect(await status(() => uploadActions.commit!(post('phantich', 'commit', form)))).toBe(403);
	});

	it('a leader checks then commits their bloc’s wide sheet; another bloc’s leader is refused and nothing changes', async () => {
		const form = new FormData();
		form.append('files', wideCsv());
		form.set('scoreField', 'reviewed_score');
		const checked = (await uploadActions.check!(post('truongkhoi.k06', 'check', form))) as {
			token: string;
			check: { summary: { errors: number; counts: { replaced: number }[] } };
		};
		expect(checked.check.summary.errors).toBe(0);
		expect(checked.check.summary.counts[0]?.replaced).toBe(2);

		// The error report of the check belongs to its uploader only.
		expect(
			await status(() =>
				issuesGet(event('/upload/issues/x', who['truongkhoi.k06']!, { token: checked.token }))
			)
		).toBe(200);
		expect(
			await status(() =>
				issuesGet(event('/upload/issues/x', who['truongkhoi.k04']!, { token: checked.token }))
			)
		).toBe(404);

		const before = await contentDigest(db);
		const other = new FormData();
		other.append('files', wideCsv());
		other.set('scoreField', 'reviewed_score');
		const refused = (await uploadActions.check!(post('truongkhoi.k04', 'check', other))) as {
			check: { summary: { errors: number }; groups: { issue: { message: string } }[] };
		};
		expect(refused.check.summary.errors).toBeGreaterThan(0);
		expect(refused.check.groups[0]?.issue.message).toMatch(
			/không được xem phiếu chấm của đơn vị [A-Z0-9]+, khối K06 năm 2025: dòng bị từ chối/
		);
		expect(await contentDigest(db)).toBe(before);

		const commit = new FormData();
		commit.set('token', checked.token);
		commit.set('scoreField', 'reviewed_score');
		const done = (await uploadActions.commit!(post('truongkhoi.k06', 'commit', commit))) as {
			step: string;
			summary: { committed: boolean };
		};
		expect(done).toMatchObject({ step: 'committed', summary: { committed: true } });
		const [row] = await db.all<{ r: number }>(
			`SELECT reviewed_score::DOUBLE AS r FROM score WHERE year = 2025 AND bloc_code = 'K06' AND unit_code = 'TR03' AND criterion_code = 'I.1'`
		);
		expect(row?.r).toBe(27.5);
	});

	it('says so, in Vietnamese, when the upload is over the size limit, before reading it', async () => {
		process.env.UPLOAD_MAX_MB = '0.001';
		try {
			const form = new FormData();
			form.append('files', new File(['x'.repeat(1_200_000)], 'lon.csv'));
			const r = (await uploadActions.check!(
				post('admin', 'check', form, { 'content-length': String(2_400_000) })
			)) as { status: number; data: { message: string } };
			expect(r.status).toBe(413);
			expect(r.data.message).toMatch(/vượt giới hạn 0,001 MB|vượt giới hạn 0.001 MB/);
		} finally {
			delete process.env.UPLOAD_MAX_MB;
		}
	});
});
