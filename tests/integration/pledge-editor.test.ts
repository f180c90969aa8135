/**
 * The pledge editor against a real DuckDB with the small fixture (K01: 2024 with scores, set to
 * review here, so locked; 2025 open). Each save is one transaction: refused saves write
 * nothing, allowed ones keep the stored totals equal to a fresh computation, are audited with
 * their reason and their effect on the units' totals.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import type { Database } from '../../src/lib/server/db';
import { toCsv, toXlsx } from '../../src/lib/server/export/formats';
import { importFiles, importPaths } from '../../src/lib/server/import';
import { criteriaFileName, criteriaTable } from '../../src/lib/server/pledge/document';
import {
	loadPledgeEditor,
	savePledgeEdit,
	type PledgeEdit,
	type PledgeSaveResult
} from '../../src/lib/server/pledge/editor';
import { rankBloc } from '../../src/lib/server/ranking';
import { STORED_TOTALS_SQL } from '../../src/lib/server/ranking/queries';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

const admin: Principal = {
	userId: 1,
	username: 'admin',
	displayName: 'Quản trị',
	grants: [{ role: 'admin' }]
};
const leader = (year: number): Principal => ({
	userId: 7,
	username: `truongkhoi.${year}`,
	displayName: 'Trưởng khối',
	grants: [{ role: 'bloc_leader', blocCode: 'K01', year }]
});
const deputy2025: Principal = {
	userId: 8,
	username: 'phokhoi',
	displayName: 'Phó khối',
	grants: [{ role: 'bloc_deputy', blocCode: 'K01', year: 2025 }]
};

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;

beforeEach(async () => {
	env = await tempDatabase();
	db = env.db;
	expect((await importPaths(db, ['tests/fixtures/small'])).committed).toBe(true);
	await db.run("UPDATE pledge SET stage = 'review' WHERE year = 2024");
});
afterEach(() => env.cleanup());

const K01 = (year: number) => ({ blocCode: 'K01', year });

async function save(
	who: Principal,
	year: number,
	edit: PledgeEdit,
	reason = '',
	version?: string
): Promise<PledgeSaveResult> {
	const v = version ?? (await loadPledgeEditor(db, year, 'K01'))!.version;
	return savePledgeEdit(db, who, K01(year), v, edit, reason);
}

/** The stored rows of unit_total equal the rule run over every cell. */
async function expectFreshTotals(year: number) {
	const order = 'ORDER BY year, bloc_code, unit_code';
	expect(await db.all(`SELECT * FROM unit_total WHERE year = ${year} ${order}`)).toEqual(
		await db.all(`SELECT * FROM (${STORED_TOTALS_SQL}) ${order}`, [year, null, null])
	);
}

const digest = () => contentDigest(db);

const criterion = (code: string, over: Record<string, string> = {}) => ({
	code,
	groupCode: 'I',
	groupName: '',
	name: 'Thu ngân sách',
	maxPoints: '20',
	weight: '1,5',
	kind: 'content',
	...over
});

const pledgeAudit = (since = 0) =>
	db.all<Record<string, unknown>>(
		`SELECT username, action, unit_code AS unit, criterion_code AS code, old_value AS old, new_value AS new, reason
		 FROM audit_log WHERE (action LIKE 'pledge.%' OR action LIKE 'criterion.%' OR reason = 'Sai hệ số') AND id > $1 ORDER BY id`,
		[since]
	);

describe('the editor state', () => {
	it('reads the settings as typed, the council defaults, the criteria with their score rows and the content maximum', async () => {
		const s = (await loadPledgeEditor(db, 2024, 'K01'))!;
		expect(s.bloc.stage).toBe('review');
		expect(s.form).toMatchObject({
			title: 'Giao ước thi đua năm 2024 của Cụm các xã phường',
			signedDate: '15/01/2024',
			bonusCap: '10',
			tierExcellent: ''
		});
		expect(s.defaults.thresholds).toEqual({ excellent: 95, good: 85, fair: 70, average: 50 });
		expect(s.criteria.map((c) => [c.code, c.scoreCount])).toEqual([
			['TC01', 4],
			['TC02', 3],
			['TC03', 4],
			['TC04', 1],
			['TC05', 1],
			['TC06', 1]
		]);
		// 40 × 1 + 20 × 1,5 + 30 × 1 = 100 (bonus and deduction left out)
		expect(s.contentMax).toBe(100);
	});
});

describe('saving', () => {
	it('an admin changes a weight once locked, with a reason: totals fresh, the effect returned and audited', async () => {
		const before = await rankBloc(db, 2024, 'K01');
		const r = await save(
			admin,
			2024,
			{ kind: 'criterion', original: 'TC02', raw: criterion('TC02', { weight: '2' }), confirmed: null },
			'Sai hệ số'
		);
		expect(r.ok, JSON.stringify(r)).toBe(true);
		if (!r.ok) return;
		// 40 + 20 × 2 + 30 = 110
		expect(r.contentMax).toBe(110);
		await expectFreshTotals(2024);
		const after = await rankBloc(db, 2024, 'K01');
		const total = (rows: typeof before, u: string) => rows.find((x) => x.unitCode === u)!.total;
		// reviewed scores of TC02 ×0,5 more: XA01 19 → +9,5; XA02 18 → +9; XA03 (self only) 19,5 → +9,75
		expect(total(after, 'XA01') - total(before, 'XA01')).toBeCloseTo(9.5, 5);
		expect(total(after, 'XA02') - total(before, 'XA02')).toBeCloseTo(9, 5);
		expect(total(after, 'XA03') - total(before, 'XA03')).toBeCloseTo(9.75, 5);
		// PH01 has no TC02 score: its total stays, its tier falls (50 of 100 → 50 of 110 points)
		expect(r.effect.map((e) => e.unitCode).sort()).toEqual(['PH01', 'XA01', 'XA02', 'XA03']);
		const ph01 = r.effect.find((e) => e.unitCode === 'PH01')!;
		expect([ph01.before.total, ph01.before.tier, ph01.after.total, ph01.after.tier]).toEqual([
			50,
			'average',
			50,
			'weak'
		]);
		const xa01 = r.effect.find((e) => e.unitCode === 'XA01')!;
		expect(xa01.after.total - xa01.before.total).toBeCloseTo(9.5, 5);
		const audit = await pledgeAudit();
		expect(audit[0]).toMatchObject({
			username: 'admin',
			action: 'criterion.update',
			code: 'TC02',
			old: 'phần I · Thu ngân sách · tối đa 20 · hệ số 1,5 · Nội dung',
			new: 'phần I · Thu ngân sách · tối đa 20 · hệ số 2 · Nội dung',
			reason: 'Sai hệ số'
		});
		expect(audit.filter((a) => a.action === 'pledge.effect').map((a) => [a.unit, a.reason])).toEqual([
			['PH01', 'Sai hệ số'],
			['XA01', 'Sai hệ số'],
			['XA02', 'Sai hệ số'],
			['XA03', 'Sai hệ số']
		]);
		expect(String(audit.find((a) => a.unit === 'XA01')!.old)).toMatch(/^tổng \d/);
	});

	it('the bloc leader is refused once self-scoring has started; an admin without a reason too; nothing written', async () => {
		const d = await digest();
		const edit: PledgeEdit = {
			kind: 'criterion',
			original: 'TC01',
			raw: criterion('TC01', { name: 'Hoàn thành chỉ tiêu', maxPoints: '45', weight: '1' }),
			confirmed: null
		};
		expect(await save(leader(2024), 2024, edit, 'Lý do')).toEqual({ ok: false, refusal: 'forbidden' });
		expect(await save(admin, 2024, edit, '  ')).toEqual({ ok: false, refusal: 'reason_required' });
		expect(await save(admin, 2024, { kind: 'move', criterion: 'TC02', dir: 'up' })).toEqual({
			ok: false,
			refusal: 'reason_required'
		});
		await db.run("UPDATE pledge SET stage = 'finalised' WHERE year = 2024");
		const d2 = await digest();
		expect(await save(admin, 2024, edit, 'Lý do')).toEqual({ ok: false, refusal: 'finalised' });
		expect(await digest()).toBe(d2);
		await db.run("UPDATE pledge SET stage = 'review' WHERE year = 2024");
		expect(await digest()).toBe(d);
	});

	it('refuses a save from an outdated form, overwriting nothing', async () => {
		const old = (await loadPledgeEditor(db, 2025, 'K01'))!.version;
		const first = await save(
			leader(2025),
			2025,
			{ kind: 'settings', raw: { ...(await loadPledgeEditor(db, 2025, 'K01'))!.form, bonusCap: '12' } },
			'',
			old
		);
		expect(first.ok).toBe(true);
		const d = await digest();
		const second = await save(
			leader(2025),
			2025,
			{ kind: 'settings', raw: { ...(await loadPledgeEditor(db, 2025, 'K01'))!.form, bonusCap: '15' } },
			'',
			old
		);
		expect(second).toEqual({ ok: false, refusal: 'stale' });
		expect(await digest()).toBe(d);
		expect((await loadPledgeEditor(db, 2025, 'K01'))!.form.bonusCap).toBe('12');
	});

	it('a bad number is refused naming the field; the deputy may not edit', async () => {
		const form = (await loadPledgeEditor(db, 2025, 'K01'))!.form;
		const d = await digest();
		const r = await save(leader(2025), 2025, {
			kind: 'settings',
			raw: { ...form, bonusCap: 'mười', tierGood: '96' }
		});
		expect(r.ok).toBe(false);
		if (!r.ok && r.refusal === 'invalid')
			expect(r.errors.map((e) => e.field)).toEqual(['bonusCap', 'tierGood']);
		else throw new Error(JSON.stringify(r));
		const c = await save(leader(2025), 2025, {
			kind: 'criterion',
			original: null,
			raw: criterion('TC08', { name: 'Mới', maxPoints: '1,234' }),
			confirmed: null
		});
		expect(!c.ok && c.refusal === 'invalid' && c.errors.map((e) => [e.field, e.key])).toEqual([
			['maxPoints', 'decimals']
		]);
		expect(await save(deputy2025, 2025, { kind: 'settings', raw: form })).toEqual({
			ok: false,
			refusal: 'forbidden'
		});
		expect(await digest()).toBe(d);
	});

	it('nothing half-written: a maximum below existing scores, or a scored code renamed, is refused whole', async () => {
		const d = await digest();
		// XA01's TC01 is 40: a maximum of 35 would leave scores above it
		const below = await save(
			admin,
			2024,
			{
				kind: 'criterion',
				original: 'TC01',
				raw: criterion('TC01', {
					name: 'Hoàn thành chỉ tiêu kinh tế - xã hội',
					maxPoints: '35',
					weight: '1'
				}),
				confirmed: null
			},
			'Giảm'
		);
		expect(below).toEqual({ ok: false, refusal: 'scores_above', code: 'TC01', count: 2, highest: 40 });
		const renamed = await save(
			admin,
			2024,
			{ kind: 'criterion', original: 'TC02', raw: criterion('TC02B'), confirmed: null },
			'Đổi mã'
		);
		expect(renamed).toEqual({ ok: false, refusal: 'code_has_scores', code: 'TC02', count: 3 });
		expect(await digest()).toBe(d);
	});

	it('the leader of an open bloc-year adds a criterion: warned when the code meant something else last year, then confirmed', async () => {
		// TC03 was «Tổ chức phát động phong trào», 30 points in 2024
		const raw = criterion('TC03', {
			groupCode: 'II',
			name: 'Chuyển đổi số cấp xã',
			maxPoints: '15',
			weight: '1'
		});
		const d = await digest();
		const warned = await save(leader(2025), 2025, {
			kind: 'criterion',
			original: null,
			raw,
			confirmed: null
		});
		expect(warned).toEqual({
			ok: false,
			refusal: 'confirm',
			earlier: { year: 2024, code: 'TC03', name: 'Tổ chức phát động phong trào', maxPoints: 30 }
		});
		expect(await digest()).toBe(d);
		const r = await save(leader(2025), 2025, { kind: 'criterion', original: null, raw, confirmed: 'TC03' });
		expect(r.ok).toBe(true);
		// 40 + 30 + 30 + 15 = 115
		expect(r.ok && r.contentMax).toBe(115);
		const s = (await loadPledgeEditor(db, 2025, 'K01'))!;
		// at the end of section II (named as that section)
		expect(s.criteria.map((c) => [c.code, c.groupName, c.sortOrder])).toEqual([
			['TC01', 'Nhiệm vụ chính trị', 1],
			['TC02', 'Nhiệm vụ chính trị', 2],
			['TC07', 'Chuyển đổi số', 3],
			['TC03', 'Chuyển đổi số', 4]
		]);
		await expectFreshTotals(2025);
		const audit = await pledgeAudit();
		expect(audit.filter((a) => a.action === 'criterion.create')).toEqual([
			{
				username: 'truongkhoi.2025',
				action: 'criterion.create',
				unit: null,
				code: 'TC03',
				old: null,
				new: 'phần II · Chuyển đổi số cấp xã · tối đa 15 · hệ số 1 · Nội dung',
				reason: null
			}
		]);
	});

	it('a criterion with scores: the leader may not remove it; an admin with a reason removes it and its scores, audited', async () => {
		expect(await save(leader(2025), 2025, { kind: 'remove', code: 'TC07' })).toEqual({
			ok: false,
			refusal: 'has_scores',
			code: 'TC07',
			count: 2
		});
		expect(await save(admin, 2025, { kind: 'remove', code: 'TC07' })).toEqual({
			ok: false,
			refusal: 'has_scores',
			code: 'TC07',
			count: 2
		});
		const r = await save(admin, 2025, { kind: 'remove', code: 'TC07' }, 'Tiêu chí trùng');
		expect(r.ok).toBe(true);
		expect(await db.all("SELECT * FROM score WHERE year = 2025 AND criterion_code = 'TC07'")).toEqual([]);
		await expectFreshTotals(2025);
		const removed = await db.all<{ action: string; unit: string; old: string }>(
			`SELECT action, unit_code AS unit, old_value AS old FROM audit_log
			 WHERE year = 2025 AND criterion_code = 'TC07' AND action LIKE 'score.%' ORDER BY unit_code, action`
		);
		// XA03: self 25,5 only; XA09: self and review 29
		expect(removed).toEqual([
			{ action: 'score.self', unit: 'XA03', old: '25.50' },
			{ action: 'score.review', unit: 'XA09', old: '29.00' },
			{ action: 'score.self', unit: 'XA09', old: '29.00' }
		]);
		// a criterion without scores: the leader removes it
		expect(
			(
				await save(leader(2025), 2025, {
					kind: 'criterion',
					original: null,
					raw: criterion('TC09', { groupCode: 'III', groupName: 'Khác', name: 'Thử', maxPoints: '5' }),
					confirmed: null
				})
			).ok
		).toBe(true);
		expect((await save(leader(2025), 2025, { kind: 'remove', code: 'TC09' })).ok).toBe(true);
	});

	it('moves a criterion and a section, numbering the order again, audited', async () => {
		expect((await save(leader(2025), 2025, { kind: 'move', criterion: 'TC02', dir: 'up' })).ok).toBe(true);
		expect((await save(leader(2025), 2025, { kind: 'moveGroup', group: 'II', dir: 'up' })).ok).toBe(true);
		expect(await save(leader(2025), 2025, { kind: 'move', criterion: 'TC07', dir: 'down' })).toEqual({
			ok: false,
			refusal: 'not_movable',
			code: 'TC07'
		});
		const s = (await loadPledgeEditor(db, 2025, 'K01'))!;
		expect(s.criteria.map((c) => [c.code, c.sortOrder])).toEqual([
			['TC07', 1],
			['TC02', 2],
			['TC01', 3]
		]);
		const moves = (await pledgeAudit()).filter((a) => a.action === 'criterion.move');
		expect(moves.map((m) => [m.code, m.old, m.new])).toEqual([
			['TC02', 'vị trí 2', 'vị trí 1'],
			[null, 'phần II ở vị trí 2', 'phần II ở vị trí 1']
		]);
	});

	it('the settings: changed fields audited old → new; a default threshold shown as unset', async () => {
		const form = (await loadPledgeEditor(db, 2025, 'K01'))!.form;
		const r = await save(leader(2025), 2025, {
			kind: 'settings',
			raw: { ...form, tierExcellent: '90,5', signedDate: '20/01/2025' }
		});
		expect(r.ok && r.changed).toBe(true);
		const [row] = await pledgeAudit();
		expect(row).toMatchObject({
			action: 'pledge.update',
			old: 'Ngày ký: 14/01/2025; Ngưỡng Xuất sắc (%): mặc định',
			new: 'Ngày ký: 20/01/2025; Ngưỡng Xuất sắc (%): 90,5'
		});
		const again = await save(leader(2025), 2025, {
			kind: 'settings',
			raw: { ...form, tierExcellent: '90,5', signedDate: '20/01/2025' }
		});
		expect(again.ok && again.changed).toBe(false);
	});
});

describe('the criteria file', () => {
	it('is read back by the criteria import as it was written (CSV and Excel): a round trip changes nothing', async () => {
		// weights with decimals, a bonus and a deduction line: 2024 K01
		const s = (await loadPledgeEditor(db, 2024, 'K01'))!;
		const table = criteriaTable(2024, 'K01', s.criteria);
		const csv = toCsv(table);
		expect(csv.split('\r\n')[0]).toBe(
			'\uFEFFNăm,Mã khối,Mã tiêu chí,Mã nhóm,Tên nhóm,Tên tiêu chí,Điểm tối đa,Hệ số,Loại,Thứ tự'
		);
		expect(csv).toContain('2024,K01,TC02,I,Nhiệm vụ chính trị,Thu ngân sách,20,"1,5",Nội dung,2');
		expect(csv).toContain(',Điểm trừ,6');
		for (const [format, content] of [
			['csv', new TextEncoder().encode(csv)],
			['xlsx', new Uint8Array(await toXlsx(table))]
		] as const) {
			const r = await importFiles(db, [{ name: criteriaFileName('K01', 2024, format), content }]);
			expect(r.committed, JSON.stringify(r.issues?.slice(0, 3))).toBe(true);
		}
		const after = (await loadPledgeEditor(db, 2024, 'K01'))!;
		expect(after.criteria).toEqual(s.criteria);
		expect(after.version).toBe(s.version);
	});
});
