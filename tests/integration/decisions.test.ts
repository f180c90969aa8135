/**
 * Proposals become a decision and award records (issue 15 part 3), on the sample province: the
 * draft .docx read back (the collectives and numbers in word/document.xml), the decision's
 * number and date writing award rows once (again: updated, never duplicated), audited, refused
 * for a bloc-year not finalised and for a non-admin, the award balance counting them, the
 * council's decision across blocs sharing the rows, and a council template checked.
 */
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import { awardBalance } from '../../src/lib/server/analytics/awards';
import type { Database } from '../../src/lib/server/db';
import { decisionScope, draftDocx, recordDecision, removeDecision } from '../../src/lib/server/decision';
import { defaultTemplate, templateTags } from '../../src/lib/server/decision/docx';
import {
	checkTemplate,
	currentTemplate,
	resetTemplate,
	uploadTemplate
} from '../../src/lib/server/decision/templates';
import { importPaths } from '../../src/lib/server/import';
import { tempDatabase } from '../helpers/db';

const admin: Principal = {
	userId: 1,
	username: 'admin',
	displayName: 'Quản trị',
	grants: [{ role: 'admin' }]
};
const analyst: Principal = {
	userId: 2,
	username: 'phantich',
	displayName: 'Phân tích',
	grants: [{ role: 'analyst' }]
};
const leader: Principal = {
	userId: 3,
	username: 'tk.k06',
	displayName: 'Trưởng khối',
	grants: [{ role: 'bloc_leader', blocCode: 'K06', year: 2024 }]
};

let db: Database;
let cleanup: () => void;

beforeAll(async () => {
	({ db, cleanup } = await tempDatabase());
	const r = await importPaths(db, ['data/sample'], { source: 'sample' });
	expect(r.committed).toBe(true);
}, 300_000);
afterAll(() => cleanup());

const documentXml = (bytes: Uint8Array) => new PizZip(bytes).file('word/document.xml')!.asText();
const text = (xml: string) => xml.replace(/<[^>]+>/g, '');
const awardRows = (year: number) =>
	db.all<{ id: string; unit: string; code: string; no: string; date: string; cls: string; level: string }>(
		`SELECT award_id AS id, unit_code AS unit, award_code AS code, decision_no AS no,
		        strftime(decision_date, '%d/%m/%Y') AS date, award_class AS cls, level
		 FROM award WHERE year = $1 AND award_id LIKE 'decision|%' ORDER BY id`,
		[year]
	);

describe('the draft documents', () => {
	it('lists the collectives of a finalised bloc-year by award, with the typed number and date', async () => {
		const scope = (await decisionScope(db, 2024, 'K06'))!;
		expect(scope.blocs.map((b) => b.blocCode)).toEqual(['K06']);
		expect(scope.collectives.length).toBeGreaterThan(0);
		const params = new URLSearchParams({ so: '77/QĐ-UBND', ngay: '15/01/2025', nguoi_ky: 'Nguyễn Văn An' });
		const r = await draftDocx(db, leader, 2024, 'K06', 'decision', params);
		if (!r.ok) throw new Error(r.message);
		const body = text(documentXml(r.bytes));
		expect(body).toContain('Số: 77/QĐ-UBND');
		expect(body).toContain('ngày 15 tháng 01 năm 2025');
		expect(body).toContain('Nguyễn Văn An');
		expect(body).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(body).toContain('Cờ thi đua của UBND tỉnh (1 tập thể)');
		for (const c of scope.collectives) expect(body).toContain(c.unitName);
		// No placeholder left unfilled.
		expect(body).not.toMatch(/\{[#/]?[a-z_]+\}/);
		const sub = await draftDocx(db, analyst, 2024, 'K06', 'submission', new URLSearchParams());
		if (!sub.ok) throw new Error(sub.message);
		const subBody = text(documentXml(sub.bytes));
		expect(subBody).toContain('TỜ TRÌNH');
		for (const c of scope.collectives) expect(subBody).toContain(c.unitName);
	});

	it('refuses a bloc-year not finalised, a bad date, and another bloc’s leader', async () => {
		const open = await draftDocx(db, admin, 2025, 'K06', 'decision', new URLSearchParams());
		expect(open).toMatchObject({ ok: false, status: 403 });
		const bad = await draftDocx(
			db,
			admin,
			2024,
			'K06',
			'decision',
			new URLSearchParams({ ngay: '31/02/2025' })
		);
		expect(bad).toMatchObject({ ok: false, status: 400 });
		if (!bad.ok) expect(bad.message).toContain('không phải ngày có thật');
		expect(await draftDocx(db, leader, 2024, 'K07', 'decision', new URLSearchParams())).toMatchObject({
			ok: false,
			status: 403
		});
	});

	it('the council’s draft covers every finalised bloc of the year', async () => {
		const scope = (await decisionScope(db, 2024, null))!;
		expect(scope.blocs.length).toBe(7);
		const r = await draftDocx(db, analyst, 2024, null, 'submission', new URLSearchParams());
		if (!r.ok) throw new Error(r.message);
		const body = text(documentXml(r.bytes));
		for (const c of scope.collectives) expect(body).toContain(c.unitName);
		expect(await draftDocx(db, leader, 2024, null, 'submission', new URLSearchParams())).toMatchObject({
			ok: false,
			status: 403
		});
	});
});

describe('recording the decision', () => {
	it('writes one award row per collective, idempotent, audited, counted by the award balance', async () => {
		const scope = (await decisionScope(db, 2024, 'K06'))!;
		const before = (await awardBalance(db, { year: 2024 }))!.scope.counts.collectives;
		expect(
			await recordDecision(db, leader, 2024, 'K06', { decisionNo: '77/QĐ-UBND', decisionDate: '15/01/2025' })
		).toMatchObject({ ok: false, refusal: 'forbidden' });
		const bad = await recordDecision(db, admin, 2024, 'K06', {
			decisionNo: 'abc',
			decisionDate: '15/01/2025'
		});
		expect(bad).toMatchObject({ ok: false, refusal: 'invalid', field: 'decisionNo' });
		expect(await awardRows(2024)).toEqual([]);

		const first = await recordDecision(db, admin, 2024, 'K06', {
			decisionNo: '77/QĐ-UBND',
			decisionDate: '15/01/2025'
		});
		expect(first).toMatchObject({ ok: true, written: scope.collectives.length, unchanged: false });
		const rows = await awardRows(2024);
		expect(rows.map((r) => r.unit).sort()).toEqual(scope.collectives.map((c) => c.unitCode).sort());
		for (const r of rows) {
			expect(r).toMatchObject({ no: '77/QĐ-UBND', date: '15/01/2025', level: 'province' });
			expect(r.cls).toBe(r.code === 'CO_TINH' ? 'title' : 'form');
			expect(r.id).toBe(`decision|2024|${r.unit}|${r.code}`);
		}
		const after = (await awardBalance(db, { year: 2024 }))!.scope.counts.collectives;
		expect(after - before).toBe(scope.collectives.length);

		// Again: nothing changes; a new date updates the same rows.
		expect(
			await recordDecision(db, admin, 2024, 'K06', { decisionNo: '77/QĐ-UBND', decisionDate: '2025-01-15' })
		).toMatchObject({ ok: true, unchanged: true });
		await recordDecision(db, admin, 2024, 'K06', { decisionNo: '77/QĐ-UBND', decisionDate: '20/01/2025' });
		const again = await awardRows(2024);
		expect(again.length).toBe(rows.length);
		expect(new Set(again.map((r) => r.date))).toEqual(new Set(['20/01/2025']));
		expect((await awardBalance(db, { year: 2024 }))!.scope.counts.collectives).toBe(after);

		const audit = await db.all<{ action: string; old: string | null; new: string | null }>(
			`SELECT action, old_value AS old, new_value AS new FROM audit_log WHERE action LIKE 'decision.%' AND bloc_code = 'K06' ORDER BY id`
		);
		expect(audit).toEqual([
			{ action: 'decision.record', old: null, new: `77/QĐ-UBND 15/01/2025 (${rows.length})` },
			{
				action: 'decision.record',
				old: '77/QĐ-UBND 15/01/2025',
				new: `77/QĐ-UBND 20/01/2025 (${rows.length})`
			}
		]);
		expect((await decisionScope(db, 2024, 'K06'))!.recorded).toMatchObject({
			decisionNo: '77/QĐ-UBND',
			decisionDate: '2025-01-20',
			awards: rows.length
		});
	});

	it('refuses the council’s decision while a bloc still votes (K04 2024: a tie at the last certificate)', async () => {
		const r = await recordDecision(db, admin, 2024, null, {
			decisionNo: '90/QĐ-UBND',
			decisionDate: '25/01/2025'
		});
		expect(r).toMatchObject({ ok: false, refusal: 'invalid' });
		if (!r.ok) expect(r.message).toContain('chờ bỏ phiếu');
	});

	it('does not write again an award of the same decision number that was imported', async () => {
		const [imported] = await db.all<{ no: string }>(
			`SELECT decision_no AS no FROM award WHERE year = 2024 AND unit_code = 'TR01' AND award_code = 'CO_TINH'`
		);
		expect(imported).toBeDefined();
		const r = await recordDecision(db, admin, 2024, 'K06', {
			decisionNo: imported!.no,
			decisionDate: '15/01/2025'
		});
		if (!r.ok) throw new Error(r.message);
		const rows = await awardRows(2024);
		expect(rows.some((x) => x.unit === 'TR01' && x.code === 'CO_TINH')).toBe(false);
		expect(rows.length).toBe(r.written);
		expect(await removeDecision(db, admin, 2024, 'K06')).toMatchObject({ ok: true });
		expect(await awardRows(2024)).toEqual([]);
	});

	it('shares the rows with the council’s decision (2022, every bloc finalised, no vote); removing one keeps what the other holds', async () => {
		const bloc = await recordDecision(db, admin, 2022, 'K06', {
			decisionNo: '12/QĐ-UBND',
			decisionDate: '10/01/2023'
		});
		if (!bloc.ok) throw new Error(bloc.message);
		const k06 = bloc.written;
		const council = await recordDecision(db, admin, 2022, null, {
			decisionNo: '13/QĐ-UBND',
			decisionDate: '12/01/2023'
		});
		if (!council.ok) throw new Error(council.message);
		const all = await awardRows(2022);
		expect(all.length).toBe(council.written);
		expect(council.written).toBeGreaterThan(k06);
		expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
		const removed = await removeDecision(db, admin, 2022, null);
		expect(removed).toMatchObject({ ok: true, removed: council.written - k06 });
		expect((await awardRows(2022)).length).toBe(k06);
		expect(await removeDecision(db, admin, 2022, 'K06')).toMatchObject({ ok: true, removed: k06 });
		expect(await awardRows(2022)).toEqual([]);
	});

	it('refuses a bloc-year not finalised', async () => {
		const r = await recordDecision(db, admin, 2025, 'K06', {
			decisionNo: '1/QĐ-UBND',
			decisionDate: '01/02/2026'
		});
		expect(r).toMatchObject({ ok: false, refusal: 'forbidden' });
		if (!r.ok) expect(r.message).toContain('chưa chốt');
		expect(await awardRows(2025)).toEqual([]);
	});
});

describe('the council’s templates', () => {
	it('the built-in templates pass their own check', () => {
		for (const doc of ['decision', 'submission'] as const) {
			expect(checkTemplate('mau.docx', defaultTemplate(doc))).toMatchObject({ ok: true });
			expect(
				templateTags(defaultTemplate(doc)).some((t) => t.name === 'tap_the' && t.loops.includes('danh_hieu'))
			).toBe(true);
		}
	});

	it('a bad template is refused with the reason and changes nothing; a good one replaces the draft', async () => {
		const xml = documentXml(defaultTemplate('decision'));
		const withXml = (x: string) => {
			const zip = new PizZip(defaultTemplate('decision'));
			zip.file('word/document.xml', x);
			return zip.generate({ type: 'uint8array' });
		};
		const unknown = await uploadTemplate(
			db,
			admin,
			'decision',
			'cua-toi.docx',
			withXml(xml.replace('{nguoi_ky}', '{ten_nguoi_ky}'))
		);
		expect(unknown).toMatchObject({ ok: false, refusal: 'invalid' });
		if (!unknown.ok)
			expect(unknown.message).toBe(
				'Tệp cua-toi.docx: trường "ten_nguoi_ky" không có trong danh sách trường trộn'
			);
		const unclosed = await uploadTemplate(
			db,
			admin,
			'decision',
			'x.docx',
			withXml(xml.replace('{/tap_the}', ''))
		);
		expect(unclosed).toMatchObject({ ok: false });
		if (!unclosed.ok) expect(unclosed.message).toContain('tap_the');
		expect(
			await uploadTemplate(db, analyst, 'decision', 'x.docx', defaultTemplate('decision'))
		).toMatchObject({ ok: false, refusal: 'forbidden' });
		expect(await currentTemplate(db, 'decision')).toBeNull();

		const own = withXml(xml.replace('QUYẾT ĐỊNH:', 'QUYẾT ĐỊNH CỦA HỘI ĐỒNG:'));
		expect(await uploadTemplate(db, admin, 'decision', 'mau-hoi-dong.docx', own)).toEqual({ ok: true });
		expect((await currentTemplate(db, 'decision'))?.fileName).toBe('mau-hoi-dong.docx');
		const r = await draftDocx(db, admin, 2024, 'K06', 'decision', new URLSearchParams());
		if (!r.ok) throw new Error(r.message);
		expect(text(documentXml(r.bytes))).toContain('QUYẾT ĐỊNH CỦA HỘI ĐỒNG:');
		await resetTemplate(db, admin, 'decision');
		expect(await currentTemplate(db, 'decision')).toBeNull();
	});
});
