/**
 * The audit trail: what imports and stage changes write into it, how `unitHistory` reads it
 * back, and the CSV export (pure builder): BOM, Vietnamese headers, values and formula cells.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	blocHistory,
	formatAuditTime,
	historyCsv,
	historyFileName,
	unitHistory,
	type AuditEntry
} from '../../src/lib/server/audit';
import { neutralizeCell } from '../../src/lib/server/audit/format';
import { createUser, loadPrincipal } from '../../src/lib/server/auth/users';
import { importFiles, importPaths } from '../../src/lib/server/import';
import type { InputFile } from '../../src/lib/server/import/parse';
import { changeStage, getBlocYear } from '../../src/lib/server/scoring/stage';
import { tempDatabase } from '../helpers/db';

const FIXTURE = 'tests/fixtures/small';
const csv = (name: string, text: string): InputFile => ({ name, content: new TextEncoder().encode(text) });
const K01 = { blocCode: 'K01', year: 2024 };

describe('unitHistory', () => {
	let env: Awaited<ReturnType<typeof tempDatabase>>;
	beforeAll(async () => {
		env = await tempDatabase();
		expect((await importPaths(env.db, [FIXTURE], { source: 'sample' })).committed).toBe(true);
	});
	afterAll(() => env.cleanup());

	it('gives what the first import wrote: one row per value and note, from empty', async () => {
		const rows = await unitHistory(env.db, K01, 'XA02');
		// XA02 2024: 4 criteria with self and bloc scores, one note (TC06).
		expect(rows).toHaveLength(4 * 2 + 1);
		expect(rows.every((r) => r.username === 'import:sample' && r.userId === null)).toBe(true);
		expect(rows.every((r) => r.reason === 'Nhập tệp scores.csv' && r.oldValue === null)).toBe(true);
		expect(rows.find((r) => r.criterionCode === 'TC06' && r.action === 'score.note')).toMatchObject({
			criterionName: 'Không ký giao ước',
			newValue: 'Chậm ký giao ước'
		});
		expect(rows.find((r) => r.criterionCode === 'TC03' && r.action === 'score.self')?.newValue).toBe('30');
	});

	it('gives later changes first, old → new, and only one criterion when asked', async () => {
		const r = await importFiles(
			env.db,
			[
				csv(
					'diem_xa03.csv',
					'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú\n' +
						'2024,K01,XA03,TC01,"35,5",34,Đã có biên bản kiểm tra\n' + // self 35 → 35.5, bloc – → 34, note – → text
						'2024,K01,XA03,TC02,"19,5",19,\n' // bloc – → 19
				)
			],
			{ source: 'cli' }
		);
		expect(r.committed).toBe(true);
		const all = await unitHistory(env.db, K01, 'XA03');
		const latest = all.filter((e) => e.username === 'import:cli');
		expect(all.slice(0, latest.length)).toEqual(latest); // newest first
		expect(latest.map((e) => [e.criterionCode, e.action, e.oldValue, e.newValue, e.reason]).sort()).toEqual(
			[
				['TC01', 'score.self', '35', '35.5', 'Nhập tệp diem_xa03.csv'],
				['TC01', 'score.review', null, '34', 'Nhập tệp diem_xa03.csv'],
				['TC01', 'score.note', null, 'Đã có biên bản kiểm tra', 'Nhập tệp diem_xa03.csv'],
				['TC02', 'score.review', null, '19', 'Nhập tệp diem_xa03.csv']
			].sort()
		);
		const tc01 = await unitHistory(env.db, K01, 'XA03', 'TC01');
		expect(new Set(tc01.map((e) => e.criterionCode))).toEqual(new Set(['TC01']));
		expect(tc01.map((e) => e.action)).toContain('score.note');
		expect(tc01[0]!.criterionName).toBe('Hoàn thành chỉ tiêu kinh tế - xã hội');
		// The unit's sheet version went up with the import (1 at the first load, 2 now).
		const [sheet] = await env.db.all<{ version: number; updated_by: string }>(
			`SELECT version, updated_by FROM score_sheet WHERE year = 2024 AND bloc_code = 'K01' AND unit_code = 'XA03'`
		);
		expect(sheet).toEqual({ version: 2, updated_by: 'import:cli' });
	});

	it('keeps stage changes out of a unit’s history and in the bloc’s', async () => {
		const id = await createUser(env.db, {
			username: 'truongkhoi.k01',
			displayName: 'UBND xã Tân Lập',
			password: 'mat-khau-du-dai',
			grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2024 }]
		});
		const leader = (await loadPrincipal(env.db, id))!;
		const before = await unitHistory(env.db, K01, 'XA01');
		const r = await changeStage(
			env.db,
			leader,
			(await getBlocYear(env.db, 2024, 'K01'))!,
			'self_scoring',
			'Bắt đầu tự chấm'
		);
		expect(r.ok).toBe(true);
		expect(await unitHistory(env.db, K01, 'XA01')).toEqual(before);
		const stages = await blocHistory(env.db, K01);
		expect(stages).toEqual([
			expect.objectContaining({
				action: 'stage',
				username: 'truongkhoi.k01',
				displayName: 'UBND xã Tân Lập',
				oldValue: 'open',
				newValue: 'self_scoring',
				reason: 'Bắt đầu tự chấm',
				unitCode: null
			})
		]);
		expect(Math.abs(stages[0]!.changedAt - Date.now())).toBeLessThan(60_000);
		expect(await blocHistory(env.db, { blocCode: 'K02', year: 2024 })).toEqual([]);
	});
});

describe('the history CSV', () => {
	const entry = (over: Partial<AuditEntry>): AuditEntry => ({
		id: 1,
		changedAt: Date.UTC(2025, 2, 4, 1, 5), // 04/03/2025 08:05 in Vietnam (UTC+7)
		userId: 7,
		username: 'xa03',
		displayName: 'Cán bộ thi đua xã Ea Tam',
		action: 'score.self',
		year: 2025,
		blocCode: 'K01',
		unitCode: 'XA03',
		criterionCode: 'TC01',
		criterionName: 'Hoàn thành chỉ tiêu kinh tế - xã hội',
		oldValue: '35',
		newValue: '35.5',
		reason: null,
		file: null,
		...over
	});

	it('starts with a BOM and Vietnamese headers, one CRLF line per change', () => {
		const text = historyCsv([
			entry({}),
			entry({ id: 2, action: 'score.review', oldValue: null, newValue: '1234.5' })
		]);
		expect(text.charCodeAt(0)).toBe(0xfeff);
		const lines = text.slice(1).split('\r\n');
		expect(lines[0]).toBe(
			'Thời điểm,Tài khoản,Người thực hiện,Nội dung thay đổi,Mã tiêu chí,Tiêu chí,Giá trị cũ,Giá trị mới,Lý do'
		);
		expect(lines[1]).toBe(
			'04/03/2025 08:05,xa03,Cán bộ thi đua xã Ea Tam,Điểm tự chấm,TC01,Hoàn thành chỉ tiêu kinh tế - xã hội,35,"35,5",'
		);
		// Numbers the Vietnamese way: 1234.5 → 1.234,5 (quoted: it holds the separator).
		expect(lines[2]).toBe(
			'04/03/2025 08:05,xa03,Cán bộ thi đua xã Ea Tam,Điểm khối chấm,TC01,Hoàn thành chỉ tiêu kinh tế - xã hội,,"1.234,5",'
		);
		expect(lines).toHaveLength(4); // header, two rows, and the empty string after the last CRLF
		expect(lines[3]).toBe('');
	});

	it('names actions and stages in Vietnamese', () => {
		const text = historyCsv([
			entry({ action: 'score.note', oldValue: null, newValue: 'Có minh chứng' }),
			entry({
				action: 'stage',
				criterionCode: null,
				criterionName: null,
				oldValue: 'review',
				newValue: 'finalised'
			}),
			entry({ action: 'import', oldValue: null, newValue: null })
		]);
		const lines = text.slice(1).split('\r\n');
		expect(lines[1]).toContain(',Ghi chú,');
		expect(lines[2]).toContain(',Giai đoạn,,,"Khối chấm, kiểm tra chéo",Đã chốt kết quả,');
		expect(lines[3]).toContain(',Nhập tệp,');
	});

	it('neutralises every cell a spreadsheet would run as a formula', () => {
		const nasty = ['=HYPERLINK("http://x.example","bấm")', '+1+1', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1'];
		for (const n of nasty) expect(neutralizeCell(n)).toBe(`'${n}`);
		for (const ok of ['8,5', 'Tỉnh đoàn', '', "'=1", ' =1']) expect(neutralizeCell(ok)).toBe(ok);

		const text = historyCsv([
			entry({
				action: 'score.note',
				oldValue: '=cmd|"/c calc"!A1',
				newValue: '+84 912 345 678',
				reason: '@admin yêu cầu',
				username: '-import',
				displayName: null
			})
		]);
		const row = text.slice(1).split('\r\n')[1]!;
		expect(row).toBe(
			`04/03/2025 08:05,'-import,'-import,Ghi chú,TC01,Hoàn thành chỉ tiêu kinh tế - xã hội,"'=cmd|""/c calc""!A1",'+84 912 345 678,'@admin yêu cầu`
		);
		// No cell of the file starts with a formula character.
		const cells = row
			.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
			.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''));
		for (const c of cells) expect(c).not.toMatch(/^[=+\-@\t\r]/);
	});

	it('writes Vietnam time and a safe file name', () => {
		expect(formatAuditTime(Date.UTC(2024, 11, 31, 17, 30))).toBe('01/01/2025 00:30');
		expect(formatAuditTime(Date.UTC(2025, 5, 9, 3, 7))).toBe('09/06/2025 10:07');
		expect(historyFileName('XA03', 2025)).toBe('lich-su-XA03-2025.csv');
		expect(historyFileName('a"b/c', 2025)).toBe('lich-su-a_b_c-2025.csv');
	});
});
