/**
 * The sheet round trip (issue 15 part 4), through the real route handlers on the sample
 * province: a filled template is downloaded (authorised like the scores it holds), read back
 * (values, note rows, the sheet protection and the unlocked score cells in its XML), changed in
 * two cells and uploaded: the check lists exactly those two cells, the commit writes exactly
 * those (the audit trail shows them), and the same sheet downloaded again changes nothing. A
 * commit after the data changed since its check writes nothing and shows the new list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PizZip from 'pizzip';
import readWorkbook from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangePage } from '../../src/lib/domain/cell-changes';
import type { Principal } from '../../src/lib/domain/policy';
import { loadPrincipal } from '../../src/lib/server/auth/users';
import { getDatabase, type Database } from '../../src/lib/server/db';
import { SCORE_CELL_FILL } from '../../src/lib/server/export/xlsx-protection';
import { importPaths } from '../../src/lib/server/import';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import { GET as templateGet } from '../../src/routes/blocs/[bloc]/[year]/template/[file]/+server';
import { GET as changesGet } from '../../src/routes/upload/changes/[token]/+server';
import { actions as uploadActions } from '../../src/routes/upload/+page.server';

const dir = mkdtempSync(join(tmpdir(), 'ktd-roundtrip-test-'));
process.env.DATABASE_PATH = join(dir, 'app.duckdb');
process.env.UPLOAD_DIR = join(dir, 'uploads');
let db: Database;
const who: Record<string, Principal> = {};

beforeAll(async () => {
	db = await getDatabase();
	expect((await importPaths(db, ['data/sample'])).committed).toBe(true);
	await loadSampleAccounts(db, 'data/sample');
	for (const u of ['admin', 'truongkhoi.k04', 'truongkhoi.k03', 'so03', 'lanhdao']) {
		const [row] = await db.all<{ id: number }>('SELECT user_id AS id FROM app_user WHERE username = $1', [u]);
		who[u] = (await loadPrincipal(db, row!.id))!;
	}
});
afterAll(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

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

/** The K04 2025 template as `user` downloads it. */
function template(user: string, format: 'xlsx' | 'csv', query: string) {
	const file = `diem_K04_2025.${format}`;
	return templateGet(
		event(`/blocs/K04/2025/template/${file}?${query}`, who[user]!, { bloc: 'K04', year: '2025', file })
	);
}

async function bytes(user: string, format: 'xlsx' | 'csv', query: string): Promise<Uint8Array> {
	const res = (await template(user, format, query)) as Response;
	expect(res.status).toBe(200);
	return new Uint8Array(await res.arrayBuffer());
}

async function stored(field: 'self_score' | 'reviewed_score', unit?: string) {
	const rows = await db.all<{ unit: string; criterion: string; v: number }>(
		`SELECT unit_code AS unit, criterion_code AS criterion, ${field}::DOUBLE AS v FROM score
		 WHERE year = 2025 AND bloc_code = 'K04' AND ${field} IS NOT NULL ${unit ? `AND unit_code = '${unit}'` : ''}`
	);
	return new Map(rows.map((r) => [`${r.unit}|${r.criterion}`, r.v]));
}

/** The values of a template's unit rows, `unit|criterion` → points, and its criterion codes. */
function valuesOf(rows: unknown[][]) {
	const header = rows.findIndex((r) => r[1] === 'Mã đơn vị');
	const codes = (rows[header]!.slice(3) as string[]).map((h) => h.split(' – ')[0]!);
	const out = new Map<string, number>();
	for (const r of rows.slice(header + 3))
		codes.forEach((c, j) => {
			const v = r[3 + j];
			if (v !== null && v !== undefined && v !== '') out.set(`${r[1] as string}|${c}`, Number(v));
		});
	return { header, codes, values: out };
}

const post = (user: string, action: string, form: FormData) =>
	event(`/upload?/${action}`, who[user]!, {}, { method: 'POST', body: form });

interface Answer {
	step: string;
	token?: string;
	message?: string;
	check?: { summary: { errors: number; counts: { added: number; replaced: number }[] } };
	changes?: ChangePage;
	summary?: { committed: boolean };
}
/** The action's answer (a failure's data unwrapped), with its status. */
async function act(user: string, action: 'check' | 'commit', form: FormData) {
	const r = (await uploadActions[action]!(post(user, action, form))) as
		Answer | { status: number; data: Answer };
	return 'data' in r && 'status' in r ? { status: r.status, ...r.data } : { status: 200, ...(r as Answer) };
}

async function check(user: string, name: string, content: Uint8Array | string) {
	const form = new FormData();
	form.append('files', new File([content as BlobPart], name));
	return act(user, 'check', form);
}

async function commit(user: string, token: string) {
	const form = new FormData();
	form.set('token', token);
	return act(user, 'commit', form);
}

/** Sets cell `ref` of the first sheet to the number `value` (as a person editing it in Excel). */
function editXlsx(xlsx: Uint8Array, edits: Record<string, number>): Uint8Array {
	const zip = new PizZip(xlsx);
	let sheet = zip.file('xl/worksheets/sheet1.xml')!.asText();
	for (const [ref, value] of Object.entries(edits)) {
		const cell = new RegExp(`<c r="${ref}"([^>]*?)(?:/>|>[\\s\\S]*?</c>)`);
		expect(sheet).toMatch(cell);
		sheet = sheet.replace(
			cell,
			(_m, attrs: string) => `<c r="${ref}"${attrs.replace(/ t="\w+"/, '')}><v>${value}</v></c>`
		);
	}
	zip.file('xl/worksheets/sheet1.xml', sheet);
	return zip.generate({ type: 'uint8array' });
}

/** Column letters of a 0-based index (A, …, Z, AA, …) and back. */
const letter = (j: number): string =>
	(j >= 26 ? letter(Math.floor(j / 26) - 1) : '') + String.fromCharCode(65 + (j % 26));
const column = (s: string) => [...s].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;

describe('filled templates: authorised like the scores they hold', () => {
	it('a unit officer gets the own unit’s row only; others’ rows and other blocs are refused', async () => {
		// The blank template of a bloc in review is the bloc's (as before), not the officer's.
		expect(await status(() => template('so03', 'xlsx', ''))).toBe(403);
		const [sheet] = await readWorkbook(Buffer.from(await bytes('so03', 'xlsx', 'field=self&fill=1')));
		const { values } = valuesOf(sheet!.data);
		const units = new Set([...values.keys()].map((k) => k.split('|')[0]));
		expect([...units]).toEqual(['SO03']);
		expect(values).toEqual(await stored('self_score', 'SO03'));
		expect(await status(() => template('so03', 'xlsx', 'field=self&fill=1&unit=SO09'))).toBe(403);
		expect(await status(() => template('truongkhoi.k03', 'xlsx', 'field=review&fill=1'))).toBe(403);
		expect(await status(() => template('lanhdao', 'csv', 'field=review&fill=1'))).toBe(403);
	});
});

describe('the filled XLSX read back', () => {
	it('holds every unit’s stored bloc scores, the maxima and weights, and locks all but the score cells', async () => {
		const xlsx = await bytes('truongkhoi.k04', 'xlsx', 'field=review&fill=1');
		const [sheet] = await readWorkbook(Buffer.from(xlsx));
		const rows = sheet!.data;
		expect(rows[0]![0]).toBe('BẢNG CHẤM ĐIỂM THI ĐUA – Mã khối: K04 – Năm: 2025');
		expect(String(rows[1]![0])).toContain('Loại điểm: Điểm khối chấm');
		const { header, codes, values } = valuesOf(rows);
		expect(values).toEqual(await stored('reviewed_score'));
		const criteria = await db.all<{ code: string; max: number; weight: number }>(
			`SELECT criterion_code AS code, max_points::DOUBLE AS max, weight::DOUBLE AS weight FROM criterion
			 WHERE year = 2025 AND bloc_code = 'K04' ORDER BY sort_order, criterion_code`
		);
		expect(codes).toEqual(criteria.map((c) => c.code));
		expect(rows[header + 1]!.slice(1, 2)).toEqual(['Điểm tối đa']);
		expect(rows[header + 1]!.slice(3)).toEqual(criteria.map((c) => c.max));
		expect(rows[header + 2]!.slice(1, 2)).toEqual(['Hệ số']);
		expect(rows[header + 2]!.slice(3)).toEqual(criteria.map((c) => c.weight));

		const zip = new PizZip(xlsx);
		const xml = zip.file('xl/worksheets/sheet1.xml')!.asText();
		const styles = zip.file('xl/styles.xml')!.asText();
		expect(xml).toMatch(/<\/sheetData><sheetProtection sheet="1"[^>]*\/>/);
		expect(xml).not.toMatch(/<sheetProtection[^>]*password/i);
		// The cell formats that are unlocked are exactly those with the score fill.
		const fills = [
			.../<fills[^>]*>([\s\S]*?)<\/fills>/.exec(styles)![1]!.matchAll(/<fill>[\s\S]*?<\/fill>/g)
		].map((m) => m[0]);
		const scoreFill = fills.findIndex((f) => f.includes(`FF${SCORE_CELL_FILL.slice(1)}`));
		expect(scoreFill).toBeGreaterThan(0);
		const xfs = [
			.../<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/
				.exec(styles)![1]!
				.matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)
		].map((m) => m[0]);
		const unlocked = new Set(xfs.flatMap((x, i) => (x.includes('<protection locked="0"/>') ? [i] : [])));
		expect(unlocked.size).toBeGreaterThan(0);
		for (const i of unlocked) expect(xfs[i]).toContain(`fillId="${scoreFill}"`);
		// Every cell of a unit row from column D is a score cell (unlocked); no other cell is.
		const cells = [...xml.matchAll(/<c r="([A-Z]+)(\d+)" s="(\d+)"/g)].map((m) => ({
			col: m[1]!,
			row: Number(m[2]),
			open: unlocked.has(Number(m[3]))
		}));
		const firstUnitRow = header + 4;

		for (const c of cells) {
			const score = c.row >= firstUnitRow && column(c.col) >= 3 && column(c.col) < 3 + codes.length;
			expect(c.open, `${c.col}${c.row}`).toBe(score);
		}
		expect(cells.filter((c) => c.open).length).toBe((rows.length - header - 3) * codes.length);
	});
});

describe('download → change two cells → check → commit → download again', () => {
	it('lists exactly the two changed cells, writes exactly those, then changes nothing', async () => {
		const xlsx = await bytes('truongkhoi.k04', 'xlsx', 'field=review&fill=1');
		const [sheet] = await readWorkbook(Buffer.from(xlsx));
		const rows = sheet!.data;
		const { header, codes } = valuesOf(rows);
		// Two scored cells of two units, each lowered by one point.
		const picks: { unit: string; criterion: string; ref: string; old: number; now: number }[] = [];
		for (let r = header + 3; r < rows.length && picks.length < 2; r++) {
			const j = codes.findIndex(
				(_, k) => typeof rows[r]![3 + k] === 'number' && (rows[r]![3 + k] as number) >= 1
			);
			if (j < 0) continue;
			const old = rows[r]![3 + j] as number;
			picks.push({
				unit: rows[r]![1] as string,
				criterion: codes[j]!,
				ref: `${letter(3 + j)}${r + 1}`,
				old,
				now: old - 1
			});
		}
		expect(picks).toHaveLength(2);
		const edited = editXlsx(xlsx, Object.fromEntries(picks.map((p) => [p.ref, p.now])));

		const checked = await check('truongkhoi.k04', 'diem_K04_2025_khoi-cham.xlsx', edited);
		expect(checked.check?.summary.errors).toBe(0);
		expect(checked.changes?.total).toBe(2);
		const lines = (c: ChangePage) =>
			c.cells.map((x) => ({
				unit: x.unitCode,
				criterion: x.criterionCode,
				field: x.field,
				old: Number(x.old),
				now: Number(x.new)
			}));
		const expected = picks.map((p) => ({
			unit: p.unit,
			criterion: p.criterion,
			field: 'review',
			old: p.old,
			now: p.now
		}));
		expect(lines(checked.changes!)).toEqual(expected);

		// The list filtered by unit and by criterion, and its CSV; only its uploader reads it.
		const list = (user: string, query: string) =>
			changesGet(event(`/upload/changes/x?${query}`, who[user]!, { token: checked.token! }));
		const byUnit = (await (await list('truongkhoi.k04', `unit=${picks[1]!.unit}`)).json()) as ChangePage;
		expect(lines(byUnit)).toEqual([expected[1]]);
		expect(byUnit.units.map((u) => u.value).sort()).toEqual(picks.map((p) => p.unit).sort());
		const byCriterion = (await (
			await list('truongkhoi.k04', `criterion=${encodeURIComponent(`K04|${picks[0]!.criterion}`)}`)
		).json()) as ChangePage;
		expect(byCriterion.cells.every((c) => c.criterionCode === picks[0]!.criterion)).toBe(true);
		const csv = await (await list('truongkhoi.k04', 'format=csv')).text();
		expect(csv.trim().split('\r\n')).toHaveLength(3);
		expect(csv).toContain('Điểm khối chấm');
		expect(await status(() => list('admin', ''))).toBe(404);

		const [{ last } = { last: 0 }] = await db.all<{ last: number }>(
			'SELECT coalesce(max(id), 0)::DOUBLE AS last FROM audit_log'
		);
		const done = await commit('truongkhoi.k04', checked.token!);
		expect(done).toMatchObject({ step: 'committed', summary: { committed: true } });
		expect(done.changes?.total).toBe(2);
		const after = await stored('reviewed_score');
		for (const p of picks) expect(after.get(`${p.unit}|${p.criterion}`)).toBe(p.now);
		const audit = await db.all<{ action: string; unit: string; criterion: string; old: string; now: string }>(
			`SELECT action, unit_code AS unit, criterion_code AS criterion, old_value AS old, new_value AS now
			 FROM audit_log WHERE id > $1 AND action LIKE 'score.%'`,
			[last]
		);
		expect(
			audit
				.map((a) => ({
					action: a.action,
					unit: a.unit,
					criterion: a.criterion,
					old: Number(a.old),
					now: Number(a.now)
				}))
				.sort((a, b) => a.unit.localeCompare(b.unit))
		).toEqual(
			picks
				.map((p) => ({
					action: 'score.review',
					unit: p.unit,
					criterion: p.criterion,
					old: p.old,
					now: p.now
				}))
				.sort((a, b) => a.unit.localeCompare(b.unit))
		);

		// Downloaded again and uploaded unchanged: nothing to write, and the page says so.
		const again = await bytes('truongkhoi.k04', 'xlsx', 'field=review&fill=1');
		const same = await check('truongkhoi.k04', 'diem_K04_2025_khoi-cham.xlsx', again);
		expect(same.check?.summary.errors).toBe(0);
		expect(same.changes?.total).toBe(0);
		expect(same.check?.summary.counts.every((c) => c.added === 0 && c.replaced === 0)).toBe(true);

		// The first download now differs from the stored data in exactly those two cells: put back.
		const back = await check('truongkhoi.k04', 'diem_K04_2025_khoi-cham.xlsx', xlsx);
		expect(lines(back.changes!)).toEqual(expected.map((e) => ({ ...e, old: e.now, now: e.old })));
		expect((await commit('truongkhoi.k04', back.token!)).step).toBe('committed');
		const restored = await stored('reviewed_score');
		for (const p of picks) expect(restored.get(`${p.unit}|${p.criterion}`)).toBe(p.old);
	});

	it('refuses a commit when the data changed since its check: nothing written, the new list shown', async () => {
		const xlsx = await bytes('truongkhoi.k04', 'xlsx', 'field=review&fill=1');
		const [sheet] = await readWorkbook(Buffer.from(xlsx));
		const { header, codes } = valuesOf(sheet!.data);
		const row = sheet!.data[header + 3]!;
		const j = codes.findIndex((_, k) => typeof row[3 + k] === 'number' && (row[3 + k] as number) >= 1);
		const unit = row[1] as string;
		const old = row[3 + j] as number;
		const edited = editXlsx(xlsx, { [`${letter(3 + j)}${header + 4}`]: old - 1 });
		const checked = await check('truongkhoi.k04', 'diem.xlsx', edited);
		expect(checked.changes?.total).toBe(1);
		// Someone else saves the same cell meanwhile.
		const where = `year = 2025 AND bloc_code = 'K04' AND unit_code = '${unit}' AND criterion_code = '${codes[j]}'`;
		await db.run(`UPDATE score SET reviewed_score = ${old - 0.5} WHERE ${where}`);
		const refused = await commit('truongkhoi.k04', checked.token!);
		expect(refused.status).toBe(409);
		expect(refused.message).toMatch(/Dữ liệu đã thay đổi kể từ lần kiểm tra/);
		expect((await stored('reviewed_score')).get(`${unit}|${codes[j]}`)).toBe(old - 0.5);
		expect(refused.changes?.cells.map((c) => [c.old, c.new])).toEqual([[String(old - 0.5), String(old - 1)]]);
		// Seen now: the second commit writes it.
		expect((await commit('truongkhoi.k04', refused.token!)).step).toBe('committed');
		expect((await stored('reviewed_score')).get(`${unit}|${codes[j]}`)).toBe(old - 1);
		await db.run(`UPDATE score SET reviewed_score = ${old} WHERE ${where}`);
	});
});

describe('a commit of a check that found errors', () => {
	it('is refused with the report as before (422), nothing written', async () => {
		const csv = new TextDecoder().decode(await bytes('truongkhoi.k04', 'csv', 'field=review&fill=1'));
		const lines = csv.split('\r\n');
		const header = lines.findIndex((l) => l.includes('Mã đơn vị'));
		const cells = lines[header + 3]!.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
		cells[3] = '9999';
		lines[header + 3] = cells.join(',');
		const bad = await check('truongkhoi.k04', 'diem_K04_2025_khoi-cham.csv', lines.join('\r\n'));
		expect(bad.check?.summary.errors).toBeGreaterThan(0);
		expect(bad.changes?.total).toBe(0);
		const before = await stored('reviewed_score');
		const forced = await commit('truongkhoi.k04', bad.token!);
		expect(forced.status).toBe(422);
		expect(await stored('reviewed_score')).toEqual(before);
	});
});

describe('the filled CSV round trip', () => {
	it('reads back unchanged, and one edited cell is the one change', async () => {
		const csv = new TextDecoder().decode(await bytes('truongkhoi.k04', 'csv', 'field=review&fill=1'));
		const same = await check('truongkhoi.k04', 'diem_K04_2025_khoi-cham.csv', csv);
		expect(same.check?.summary.errors).toBe(0);
		expect(same.changes?.total).toBe(0);
		const lines = csv.split('\r\n');
		const header = lines.findIndex((l) => l.includes('Mã đơn vị'));
		const first = lines[header + 3]!.split(',');
		// The first unit's first criterion: written the Vietnamese way ("8,5" is quoted).
		const cells = lines[header + 3]!.match(/("[^"]*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
		expect(cells[1]).toBe(first[1]);
		cells[3] = '"0,5"';
		lines[header + 3] = cells.join(',');
		const one = await check('truongkhoi.k04', 'diem_K04_2025_khoi-cham.csv', lines.join('\r\n'));
		expect(one.check?.summary.errors).toBe(0);
		expect(one.changes?.total).toBe(1);
		expect(one.changes?.cells[0]).toMatchObject({ unitCode: first[1], field: 'review', new: '0.5' });
	});
});
