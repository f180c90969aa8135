/**
 * Imports whose whole answer is pinned: the result (committed, files, counts per table and per
 * bloc-year) and every issue in order (file, row, column, field, value, Vietnamese message).
 * Each case runs against tests/fixtures/small (bloc K01 2024: TC01–TC03 content, TC04–TC05
 * bonus under a cap of 10, TC06 deduction; members XA01 leader, XA02 deputy, XA03, PH01).
 * Most are dry runs; the last ones commit, in order. tests/fixtures/import-reports.json holds
 * what the import answered when each row was still checked in JavaScript; the report is part
 * of the product (the upload page shows it and offers it for download), so it may not change
 * when the checks move.
 */
import writeExcelFile from 'write-excel-file/node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Principal } from '../../src/lib/domain/policy';
import type { Database } from '../../src/lib/server/db';
import { importFiles, type ImportOptions, type ImportResult } from '../../src/lib/server/import';
import { uploadApprover, uploadScreen } from '../../src/lib/server/import/authorize';
import type { InputFile } from '../../src/lib/server/import/parse';
import { formulasWithoutValues, textFormulaWithoutValue } from '../fixtures/bad/workbooks';

const enc = (text: string) => new TextEncoder().encode(text);
const csv = (name: string, lines: string[], options?: InputFile['options']): InputFile => ({
	name,
	content: enc(lines.join('\n') + '\n'),
	...(options ? { options } : {})
});
const bad = (name: string): InputFile => ({ name, content: readFileSync(join('tests/fixtures/bad', name)) });
const xlsx = async (name: string, rows: (string | number | null)[][]): Promise<InputFile> => ({
	name,
	content: new Uint8Array(await writeExcelFile(rows).toBuffer())
});

const SCORES = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú';

const leaderK01: Principal = {
	userId: 11,
	username: 'tk.k01',
	displayName: 'Xã Tân Lập (Trưởng khối)',
	grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2024 }]
};

export interface CorpusCase {
	name: string;
	inputs: () => InputFile[] | Promise<InputFile[]>;
	options?: ImportOptions;
	/** Commit (default: a dry run). */
	commit?: boolean;
	before?: (db: Database) => Promise<void>;
	after?: (db: Database) => Promise<void>;
}

const finalise = (db: Database) =>
	db.run("UPDATE pledge SET stage = 'finalised' WHERE year = 2024 AND bloc_code = 'K01'");
const reopen = (db: Database) =>
	db.run("UPDATE pledge SET stage = 'open' WHERE year = 2024 AND bloc_code = 'K01'");

export const CORPUS: CorpusCase[] = [
	{ name: 'no file', inputs: () => [] },
	{
		name: 'files that cannot be read',
		inputs: () => [
			bad('empty.csv'),
			bad('windows-1258.csv'),
			bad('tcvn3.csv'),
			bad('legacy.xls'),
			bad('fake.xlsx'),
			bad('broken.xlsx'),
			bad('wrong-headers.csv'),
			{ name: 'trang.csv', content: enc(' \n \u00a0,\n') },
			{ name: 'nen.zip', content: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) }
		]
	},
	{
		name: 'the bad-file corpus, one file at a time against another province',
		inputs: () => [
			bad('above-max.csv'),
			bad('duplicate-rows.csv'),
			bad('unknown-units.csv'),
			bad('short-row.csv'),
			bad('space-in-number.csv'),
			bad('invisible-in-code.csv'),
			bad('formula-in-code.csv'),
			bad('mixed-decimals.csv'),
			bad('header-only.csv'),
			bad('sep-line.csv'),
			bad('utf16le.csv'),
			bad('nfd-and-edges.csv'),
			bad('columns-left-out.csv')
		]
	},
	{
		name: 'headers: unknown, info and doubled columns, a missing required one',
		inputs: () => [
			csv('blocs.csv', ['bloc_code,Mã khối,bloc_name,Màu,STT', 'K09,K09,Khối 9,đỏ,1']),
			csv('units.csv', ['unit_code,unit_type', 'XA10,Xã']),
			csv('pledges.csv', ['year,bloc_code,title,Giai đoạn,stage', '2024,K01,Giao ước,Mở,Mở'])
		]
	},
	{
		name: 'cells: every kind of bad cell, located',
		inputs: () => [
			csv('units.csv', [
				'unit_code,unit_name,unit_type,remote_area,note',
				'XA\u200b10,Xã Mười,Xã,Có,',
				'XA11,,Xã,,',
				'XA12,Xã Mười Hai,Thôn,,',
				'XA13,Xã Mười Ba,Xã,có lẽ,',
				`XA14,Xã Mười Bốn,Xã,,${'x'.repeat(1001)}`,
				`${'X'.repeat(65)},Dài,Xã,,`
			]),
			csv('pledges.csv', [
				'year,bloc_code,title,signed_date,bonus_cap,tier_excellent_pct,flag_count,flag_min_tier',
				'24,K01,Giao ước,15/01/2024,10,,,',
				'2101,K02,Giao ước,15/01/2024,10,,,',
				'2024,K01,Giao ước,31/02/2024,"10,125",201,-1,Giỏi',
				'2024,K02,Giao ước,hôm qua,-3,"90,5","1,5",Tốt'
			]),
			csv('diem.csv', [
				SCORES,
				'2024,K01,XA01,TC01,"40,001",x,',
				'2024,K01,XA01,TC02,-1,"1 000",',
				'2024,K01,XA01,TC03,1.500,"2,5",',
				'2024,K01,,TC04,1,1,'
			])
		]
	},
	{
		name: 'rows: blank, blank-looking, short, long, with blank extra cells',
		inputs: () => [
			{
				name: 'diem.csv',
				content: enc(
					[
						SCORES,
						'',
						' , ,\u00a0,\u200b,,,',
						'2024,K01,XA01,TC01,40,38',
						'2024,K01,XA01,TC02,20,19,,thừa',
						'2024,K01,XA01,TC03,28,28,,, ,',
						'2024,K01,XA01',
						'2024,K01,XA01,TC04,8,8,\r'
					].join('\r\n') + '\r\n'
				)
			}
		]
	},
	{
		name: 'decimal styles: mixed in a file, per file',
		inputs: () => [
			csv('diem_a.csv', [SCORES, '2024,K01,XA01,TC01,"39,5",38.5,', '2024,K01,XA01,TC02,"19,25",1.5,']),
			csv('diem_b.csv', [SCORES, '2024,K01,XA02,TC01,38.5,38,']),
			csv('criteria.csv', [
				'year,bloc_code,criterion_code,group_code,group_name,criterion_name,max_points,weight',
				'2024,K01,TC07,V,Khác,Mới,"10,5",1.25'
			])
		]
	},
	{
		name: 'header only, and a file whose every row is wrong',
		inputs: () => [csv('diem.csv', [SCORES]), csv('diem_sai.csv', [SCORES, '2024,K01,XA01,TC01,năm,,'])]
	},
	{
		name: 'quoted cells, semicolons, a sep= line, a BOM, UTF-16, CRLF',
		inputs: () => [
			{
				name: 'diem_a.csv',
				content: enc(
					'\uFEFFsep=;\r\nNăm;Mã khối;Mã đơn vị;Mã tiêu chí;Điểm tự chấm;Điểm khối chấm;Ghi chú\r\n2024;K01;XA01;TC01;"39,5";38;"a; b"\r\n'
				)
			},
			{
				name: 'diem_b.csv',
				content: new Uint8Array([
					0xff,
					0xfe,
					...new Uint8Array(
						new Uint16Array(
							[...`${SCORES.replace(/,/g, '\t')}\r\n2024\tK01\tXA02\tTC01\t39\t39\tđạt\r\n`].map((c) =>
								c.charCodeAt(0)
							)
						).buffer
					)
				])
			},
			csv('diem_c.csv', [SCORES, '2024,K01,XA03,TC01,"35",,"ghi ""chú"""'])
		]
	},
	{
		name: 'duplicates: within a file, across files, between tables',
		inputs: () => [
			csv('diem_1.csv', [SCORES, '2024,K01,XA01,TC01,40,38,', '2024,K01,XA01,TC02,20,19,']),
			csv('diem_2.csv', [
				SCORES,
				'2024,K01,XA01,TC02,20,19,',
				'2024,K01,XA01,TC02,19,19,',
				'2024,K01,XA01,TC03,1,1,'
			]),
			csv('units.csv', ['unit_code,unit_name,unit_type', 'XA01,Xã Tân Lập,Xã', 'XA01,Xã Tân Lập 2,Xã']),
			csv('memberships.csv', ['year,bloc_code,unit_code', '2024,K01,XA01', '2024,K02,XA01'])
		]
	},
	{
		name: 'references: what one table adds is seen by the next; rows in error are not',
		inputs: () => [
			csv('units.csv', [
				'unit_code,unit_name,unit_type',
				'XA20,Xã Hai Mươi,Xã',
				'XA21,Xã Hai Mốt,Xã',
				'XA21,Xã Hai Mốt,Xã'
			]),
			csv('blocs.csv', ['bloc_code,bloc_name', 'K03,Khối Ba']),
			csv('lineage.csv', [
				'predecessor_code,successor_code,year',
				'XA20,XA21,2025',
				'XA20,XA20,2025',
				'XX01,XX02,2025',
				'XA01,XA20,2025'
			]),
			csv('memberships.csv', [
				'year,bloc_code,unit_code,role',
				'2024,K03,XA20,Trưởng khối',
				'2024,K03,XA21,',
				'2024,K09,XA01,',
				'2024,K01,XX01,'
			]),
			csv('pledges.csv', [
				'year,bloc_code,title,bonus_cap',
				'2024,K03,Giao ước khối 3,5',
				'2024,K09,Không có,'
			]),
			csv('criteria.csv', [
				'year,bloc_code,criterion_code,group_code,group_name,criterion_name,max_points,weight,kind',
				'2024,K03,A1,I,Nhóm,Tiêu chí A1,10,2,Điểm thưởng',
				'2024,K03,A2,I,Nhóm,Tiêu chí A2,10,,',
				'2025,K03,A1,I,Nhóm,Tiêu chí A1,10,,',
				'2024,K01,TC01,I,Nhiệm vụ chính trị,Hoàn thành chỉ tiêu kinh tế - xã hội,"35,5",1,'
			]),
			csv('diem.csv', [
				SCORES,
				'2024,K03,XA20,A1,3,2,',
				'2024,K03,XA20,A2,11,,',
				'2024,K03,XA21,A1,1,,',
				'2024,K01,XA01,TC01,36,,',
				'2024,K01,XA01,TC02,"20,5",,'
			])
		]
	},
	{
		name: 'roles: two leaders, a leader beside the stored one, a leader replacing itself',
		inputs: () => [
			csv('memberships.csv', [
				'year,bloc_code,unit_code,role',
				'2024,K01,XA03,Trưởng khối',
				'2024,K02,SO01,Trưởng khối',
				'2024,K02,SO02,Trưởng khối',
				'2025,K01,XA03,Phó khối',
				'2025,K01,PH01,Phó khối',
				'2025,K01,XA09,Thành viên'
			])
		]
	},
	{
		name: 'scores: every rule, in order, and stops',
		inputs: () => [
			csv('diem.csv', [
				SCORES,
				'2024,K01,XX99,TC01,1,1,',
				'2024,K99,XX99,TC01,1,1,',
				'2023,K01,XA01,TC01,1,1,',
				'2024,K01,SO01,TC01,1,1,',
				'2024,K01,XA09,TC01,1,1,',
				'2024,K01,XX98,TC99,1,1,',
				'2024,K01,XA01,TC99,1,1,',
				'2024,K01,XA02,TC01,,,ghi chú',
				'2024,K01,XA02,TC02,21,"20,5",',
				'2024,K01,XA02,TC04,9,"8,5",',
				'2024,K01,XA02,TC05,6,5,',
				'2024,K01,XA03,TC06,"8,01",8,',
				'2024,K02,SO01,TC01,61,60,'
			])
		],
		before: (db) => db.run("UPDATE pledge SET bonus_cap = 5.5 WHERE year = 2024 AND bloc_code = 'K01'"),
		after: (db) => db.run("UPDATE pledge SET bonus_cap = 10 WHERE year = 2024 AND bloc_code = 'K01'")
	},
	{
		name: 'awards and headcounts',
		inputs: () => [
			csv('awards.csv', [
				'year,unit_code,recipient_kind,recipient_name,recipient_category,award_code',
				'2024,XA01,Tập thể,Nguyễn Văn An,,LDTT',
				'2024,XA01,Cá nhân,Trần Thị Bình,,LDTT',
				'2024,XA01,Tập thể,Bộ phận Một cửa,Lãnh đạo,TTLDTT',
				'2024,XX01,Cá nhân,Lê Văn Cường,Quản lý,BK_TINH',
				'2024,XA01,Cá nhân,Nguyễn Văn An,Lãnh đạo,LDTT',
				'2024,XA01,Tập thể,Nguyễn Văn An,,LDTT'
			]),
			csv('headcounts.csv', [
				'year,unit_code,members,tasks_completed',
				'2024,XA01,10,11',
				'2024,XX01,10,',
				'2024,XA02,10,10',
				'2024,XA02,12,3'
			])
		]
	},
	{
		name: 'awards with their own ids',
		inputs: () => [
			csv('khen_thuong.csv', [
				'Mã khen thưởng,Năm,Mã đơn vị,Cá nhân/Tập thể,Tên người nhận,Thành phần,Danh hiệu/Hình thức',
				'KT1,2024,XA01,Cá nhân,An,Lãnh đạo,Lao động tiên tiến',
				'KT1,2024,XA02,Cá nhân,Bình,Quản lý,Lao động tiên tiến',
				',2024,XA02,Cá nhân,Bình,Quản lý,Lao động tiên tiến'
			])
		]
	},
	{
		name: 'wide sheets: clean, kept columns, and each kind of problem',
		inputs: () => [
			csv('diem_K01_2024.csv', [
				'Điểm tự chấm',
				'STT,Mã đơn vị,Tên đơn vị,TC01,TC02 – Thu ngân sách,TC03 (tối đa 30),Tổng',
				'Điểm tối đa,,,40,20,30,90',
				'1,XA01,Xã Tân Lập,39,"19,5",,58',
				'2,XA02,Xã Đồng Tâm,,,29,29',
				'3,,,5,,,',
				'4,XA\u200b03,,1,,,',
				'5,XA03,,41,năm,"1,5",'
			]),
			csv('bang_K01_2024.csv', ['Điểm khối chấm', 'Mã đơn vị,TC01,TC01,Lạ,Trống', 'XA01,38,37,5,']),
			csv('bang_khong_ro.csv', ['Mã đơn vị,TC01', 'XA01,38']),
			csv('bang_K01_2030.csv', ['Điểm khối chấm', 'Mã đơn vị,TC01', 'XA01,38']),
			csv('bang_K01_2024_b.csv', ['Mã đơn vị,TC01', 'XA01,38'], { scoreField: 'reviewed_score' }),
			csv('bang_K01_2024_c.csv', ['Điểm khối chấm', 'Mã đơn vị,X1,X2', 'XA01,38,1'])
		]
	},
	{
		name: 'wide sheet referring to units of other blocs and unknown units',
		inputs: () => [
			csv('diem_K01_2024.csv', [
				'Điểm khối chấm',
				'Mã đơn vị,TC01,TC05',
				'XA01,38,"6,5"',
				'SO01,30,',
				'XX01,1,1',
				'XA02,40,6'
			])
		],
		before: (db) => db.run("UPDATE pledge SET bonus_cap = 6 WHERE year = 2024 AND bloc_code = 'K01'"),
		after: (db) => db.run("UPDATE pledge SET bonus_cap = 10 WHERE year = 2024 AND bloc_code = 'K01'")
	},
	{
		name: 'workbooks: a long sheet, formulas without values, a number cell that says nothing of decimals',
		inputs: async () => [
			await xlsx('diem.xlsx', [
				SCORES.split(','),
				[2024, 'K01', 'XA01', 'TC01', 39.5, 38, null],
				[2024, 'K01', 'XA01', 'TC02', '19,5', 19.25, 'ghi chú'],
				[2024, 'K01', 'XA01', 'TC03', 31, null, null]
			]),
			{ name: 'cong-thuc.xlsx', content: await formulasWithoutValues() },
			{ name: 'cong-thuc-chu.xlsx', content: await textFormulaWithoutValue() }
		]
	},
	{
		name: 'the account may not read some sheets: refused at their rows, checked no further',
		inputs: () => [
			csv('diem.csv', [
				SCORES,
				'2024,K01,XA03,TC01,35,30,',
				'2024,K02,SO01,TC01,99,,',
				'2024,K02,SO02,TC01,40,,',
				'2024,K01,XA03,TC01,35,30,'
			]),
			csv('bang_K02_2024.csv', ['Điểm khối chấm', 'Mã đơn vị,TC01', 'SO01,50'])
		],
		options: { screen: uploadScreen(leaderK01), approve: uploadApprover(leaderK01) },
		before: (db) => db.run("UPDATE pledge SET stage = 'review' WHERE year = 2024 AND bloc_code = 'K01'"),
		after: reopen
	},
	{
		name: 'the last check refuses what the account may not change',
		inputs: () => [
			csv('diem.csv', [SCORES, '2024,K01,XA03,TC01,36,30,']),
			csv('units.csv', ['unit_code,unit_name,unit_type', 'XA30,Xã Ba Mươi,Xã'])
		],
		options: { screen: uploadScreen(leaderK01), approve: uploadApprover(leaderK01) },
		before: (db) => db.run("UPDATE pledge SET stage = 'review' WHERE year = 2024 AND bloc_code = 'K01'"),
		after: reopen
	},
	{
		name: 'a finalised bloc-year: identical rows pass',
		inputs: () => [
			csv('diem.csv', [SCORES, '2024,K01,XA01,TC01,40,38,', '2024,K01,XA01,TC02,20,19,']),
			csv('criteria.csv', [
				'year,bloc_code,criterion_code,group_code,group_name,criterion_name,max_points,weight,kind,sort_order',
				'2024,K01,TC01,I,Nhiệm vụ chính trị,Hoàn thành chỉ tiêu kinh tế - xã hội,40,1,Nội dung,1'
			])
		],
		before: finalise,
		after: reopen
	},
	{
		name: 'a finalised bloc-year: every change refused at its row, in every table',
		inputs: () => [
			csv('diem_b.csv', [
				SCORES,
				'2024,K01,XA01,TC01,40,37,',
				'2024,K01,XA01,TC02,20,19,',
				'2024,K01,XA02,TC04,1,,'
			]),
			csv('diem_a.csv', [SCORES, '2024,K02,SO01,TC01,55,53,', '2024,K01,PH01,TC02,1,,']),
			csv('bang_K01_2024.csv', ['Điểm khối chấm', 'Mã đơn vị,TC01,TC02', 'XA02,39,17']),
			csv('memberships.csv', ['year,bloc_code,unit_code,role', '2024,K02,XA03,', '2024,K01,SO02,']),
			csv('pledges.csv', ['year,bloc_code,title', '2024,K01,Giao ước mới']),
			csv('criteria.csv', [
				'year,bloc_code,criterion_code,group_code,group_name,criterion_name,max_points',
				'2024,K01,TC09,V,Khác,Mới,5'
			])
		],
		before: finalise,
		after: reopen
	},
	{
		name: 'counts per table and bloc-year of a mixed import',
		inputs: () => [
			csv('diem.csv', [
				SCORES,
				'2024,K01,XA01,TC01,40,38,',
				'2024,K01,XA01,TC02,20,18,',
				'2024,K01,XA03,TC04,3,,mới',
				'2024,K02,SO01,TC01,55,54,ghi chú',
				'2025,K01,XA03,TC01,36,36,'
			]),
			csv('units.csv', ['unit_code,unit_name,unit_type', 'XA01,Xã Tân Lập,Xã', 'XA40,Xã Bốn Mươi,Xã']),
			csv('awards.csv', [
				'year,unit_code,recipient_kind,recipient_name,recipient_category,award_code',
				'2024,XA01,Cá nhân,Nguyễn Văn An,Lãnh đạo,LDTT',
				'2025,XA01,Cá nhân,Nguyễn Văn An,Lãnh đạo,LDTT'
			])
		]
	},
	{
		name: 'commit: new, replaced and unchanged rows, columns left out keep stored values',
		commit: true,
		inputs: () => [
			csv('diem.csv', [
				SCORES,
				'2024,K01,XA01,TC01,40,37,sửa',
				'2024,K01,XA03,TC04,3,,mới',
				'2024,K01,XA01,TC02,20,19,'
			]),
			csv('diem_tu_cham.csv', ['Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm', '2024,K01,XA02,TC01,38']),
			csv('pledges.csv', ['year,bloc_code,title', '2024,K01,Giao ước đổi tên']),
			csv('memberships.csv', ['year,bloc_code,unit_code', '2024,K01,PH01'])
		]
	},
	{
		name: 'commit: the same files again change nothing',
		commit: true,
		inputs: () => [
			csv('diem.csv', [
				SCORES,
				'2024,K01,XA01,TC01,40,37,sửa',
				'2024,K01,XA03,TC04,3,,mới',
				'2024,K01,XA01,TC02,20,19,'
			]),
			csv('diem_tu_cham.csv', ['Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm', '2024,K01,XA02,TC01,38'])
		]
	},
	{
		name: 'commit: a wide sheet replaces bloc scores and adds a row',
		commit: true,
		inputs: () => [
			csv('diem_K01_2024.csv', ['Điểm khối chấm', 'Mã đơn vị,TC01,TC02,TC04', 'XA03,34,19,2', 'PH01,29,,'])
		]
	},
	{
		name: 'commit: stages set by a pledges file, kept when empty',
		commit: true,
		inputs: () => [
			csv('pledges.csv', [
				'year,bloc_code,title,stage',
				'2024,K02,Giao ước khối 2,Khối chấm',
				'2025,K01,Giao ước 2025,'
			])
		]
	}
];

/** Every case of the corpus on `db` (tests/fixtures/small imported), in order. */
export async function runCorpus(db: Database): Promise<Record<string, ImportResult>> {
	const out: Record<string, ImportResult> = {};
	for (const c of CORPUS) {
		await c.before?.(db);
		try {
			const r = await importFiles(db, await c.inputs(), {
				source: 'test',
				...c.options,
				dryRun: !c.commit
			});
			// The units whose bloc scores change (what the upload's last check reads, tested in
			// sheet-own-unit.test.ts) came after the answers were pinned: left out of them.
			// So did the changed cells and their digest (issue 15, tested in round-trip.test.ts).
			const { cells: _cells, digest: _digest, stale: _stale, ...pinned } = r;
			out[c.name] = {
				...pinned,
				blocYears: r.blocYears.map(({ reviewUnits: _units, ...by }) => by)
			} as ImportResult;
		} finally {
			await c.after?.(db);
		}
	}
	return out;
}
