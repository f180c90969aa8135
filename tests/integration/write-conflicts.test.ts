/**
 * Writes that meet on one database (issue 11, "import against a save"): DuckDB refuses the
 * later of two transactions that change the same rows. Such a conflict is never an unexpected
 * error: the import, the sheet save and the stage change run once more (from scratch, after
 * the other writer has ended), and a conflict that remains is a WriteConflictError, which the
 * routes answer with 409 and a Vietnamese message, nothing written.
 *
 * "Held" writes below come from a connection the Database does not count as a writer (an
 * uncommitted UPDATE made through withConnection): the retry cannot wait for it, so the conflict
 * stays, deterministically. The race at the end is real: an import and many saves at once.
 *
 * Data: tests/fixtures/small, bloc K01 in 2024 put in review, members XA01, XA02, XA03, PH01,
 * criteria TC01–TC06.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { isActionFailure, type RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlocYear, Principal } from '../../src/lib/domain/policy';
import { isWriteConflict, WriteConflictError, type Database } from '../../src/lib/server/db';
import { importFiles, importPaths } from '../../src/lib/server/import';
import { loadSheet, saveSheet, type SaveResult } from '../../src/lib/server/scoring/sheet';
import { changeStage } from '../../src/lib/server/scoring/stage';
import { actions as blocActions } from '../../src/routes/blocs/[bloc]/[year]/+page.server';
import { actions as sheetActions } from '../../src/routes/blocs/[bloc]/[year]/units/[unit]/+page.server';
import { actions as uploadActions } from '../../src/routes/upload/+page.server';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

const admin: Principal = {
	userId: 1,
	username: 'admin',
	displayName: 'Quản trị',
	grants: [{ role: 'admin' }]
};
const K01: BlocYear = { blocCode: 'K01', year: 2024, stage: 'review' };
const UNITS = ['XA01', 'XA02', 'XA03', 'PH01'];
const CRITERIA: [string, number][] = [
	['TC01', 40],
	['TC02', 20],
	['TC03', 30],
	['TC04', 8],
	['TC05', 6],
	['TC06', 8]
];
const HEADER = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú\n';
/** A stored score row every writer below touches. */
const XA03_TC01 = "year = 2024 AND bloc_code = 'K01' AND unit_code = 'XA03' AND criterion_code = 'TC01'";

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;

/** Where getDatabase() keeps the process's database (src/lib/server/db): the routes use this one. */
const DB_KEY = Symbol.for('khoi-thi-dua.database');
type WithDb = typeof globalThis & { [DB_KEY]?: Promise<Database> };

beforeEach(async () => {
	env = await tempDatabase();
	db = env.db;
	(globalThis as WithDb)[DB_KEY] = Promise.resolve(db);
	process.env.UPLOAD_DIR = `${env.dir}/uploads`;
	expect((await importPaths(db, ['tests/fixtures/small'])).committed).toBe(true);
	await db.run("UPDATE pledge SET stage = 'review' WHERE year = 2024 AND bloc_code = 'K01'");
});
afterEach(() => {
	delete (globalThis as WithDb)[DB_KEY];
	delete process.env.UPLOAD_DIR;
	env.cleanup();
});

/** A scores file of every K01 2024 cell, each with a value and note of round `n`. */
function scoresFile(name: string, n: number) {
	const lines = UNITS.flatMap((u, i) =>
		CRITERIA.map(([c, max], j) => `2024,K01,${u},${c},${max},${(n + i + j) % (max + 1)},nhập ${n}`)
	);
	// Bytes, as uploaded.
	return { name, content: new TextEncoder().encode(HEADER + lines.join('\n') + '\n') };
}

/**
 * Runs `during` while another connection holds an uncommitted UPDATE (`sql`), then rolls that
 * back. The Database does not count the holder as a writer: a retry does not wait for it.
 */
async function whileHeld<T>(sql: string, during: () => Promise<T>): Promise<T> {
	let release!: () => void;
	const gate = new Promise<void>((r) => (release = r));
	let held!: () => void;
	const ready = new Promise<void>((r) => (held = r));
	const holder = db.withConnection(async (conn) => {
		await conn.run('BEGIN TRANSACTION');
		try {
			await conn.run(sql);
			held();
			await gate;
		} finally {
			await conn.run('ROLLBACK');
		}
	});
	await Promise.race([ready, holder]);
	try {
		return await during();
	} finally {
		release();
		await holder;
	}
}

/** The error `p` rejects with (fails when it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
	try {
		await p;
	} catch (e) {
		return e;
	}
	throw new Error('expected a rejection');
}

describe('recognising DuckDB’s write conflicts', () => {
	/** Two connections: A's statement, then B's; the error B (or its commit) got, if any. */
	async function clash(a: string, b: string): Promise<unknown> {
		return db.withConnection((ca) =>
			db.withConnection(async (cb) => {
				await ca.run('BEGIN TRANSACTION');
				await cb.run('BEGIN TRANSACTION');
				await ca.run(a);
				let error: unknown = null;
				try {
					await cb.run(b);
				} catch (e) {
					error = e;
				}
				await ca.run('COMMIT');
				if (error === null)
					try {
						await cb.run('COMMIT');
					} catch (e) {
						error = e;
					}
				await cb.run('ROLLBACK').catch(() => undefined);
				return error;
			})
		);
	}

	it('knows an update of a row another transaction changed, and a key it committed first', async () => {
		await db.run('CREATE TABLE probe (k INTEGER PRIMARY KEY, v INTEGER)');
		await db.run('INSERT INTO probe VALUES (1, 0)');
		const update = await clash('UPDATE probe SET v = 1 WHERE k = 1', 'UPDATE probe SET v = 2 WHERE k = 1');
		expect((update as Error).message).toMatch(/Conflict on update/);
		expect(isWriteConflict(update)).toBe(true);
		const deletion = await clash('DELETE FROM probe WHERE k = 1', 'DELETE FROM probe WHERE k = 1');
		expect((deletion as Error).message).toMatch(/Conflict on tuple deletion/);
		expect(isWriteConflict(deletion)).toBe(true);
		const key = await clash('INSERT INTO probe VALUES (7, 1)', 'INSERT INTO probe VALUES (7, 2)');
		expect((key as Error).message).toMatch(/^TransactionContext Error: Failed to commit: PRIMARY KEY/);
		expect(isWriteConflict(key)).toBe(true);
	});

	it('does not take the data’s own errors for conflicts', async () => {
		await db.run('CREATE TABLE probe (k INTEGER PRIMARY KEY)');
		await db.run('INSERT INTO probe VALUES (1)');
		const duplicate = await rejection(db.run('INSERT INTO probe VALUES (1)'));
		expect((duplicate as Error).message).toMatch(/Duplicate key/);
		expect(isWriteConflict(duplicate)).toBe(false);
		expect(isWriteConflict(await rejection(db.run('SELECT * FROM no_such_table')))).toBe(false);
		expect(isWriteConflict(new Error('Conflict on update!'))).toBe(false);
		expect(isWriteConflict('TransactionContext Error: Conflict on update!')).toBe(false);
	});
});

describe('Database.transaction', () => {
	const note = async () =>
		(await db.all<{ note: string | null }>(`SELECT note FROM score WHERE ${XA03_TC01}`))[0]?.note;

	it('without a retry: a lost write is a WriteConflictError, run once, nothing written', async () => {
		let runs = 0;
		const e = await whileHeld(`UPDATE score SET note = 'giữ' WHERE ${XA03_TC01}`, () =>
			rejection(
				db.transaction(async (conn) => {
					runs++;
					await conn.run(`UPDATE score SET note = 'mới' WHERE ${XA03_TC01}`);
				})
			)
		);
		expect(e).toBeInstanceOf(WriteConflictError);
		expect((e as WriteConflictError).attempts).toBe(1);
		expect((e as Error).message).toMatch(/^Xung đột ghi: .*không có gì được ghi/);
		expect(isWriteConflict((e as Error).cause)).toBe(true);
		expect(runs).toBe(1);
		expect(await note()).toBeNull();
	});

	it('with a retry: waits for the writer that won, runs the function again from scratch, commits once', async () => {
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		let held!: () => void;
		const ready = new Promise<void>((r) => (held = r));
		// The other writer: a transaction of the same Database that commits once we have lost.
		const other = db.transaction(async (conn) => {
			await conn.run(`UPDATE score SET note = 'người kia' WHERE ${XA03_TC01}`);
			held();
			await gate;
		});
		await ready;
		const seen: (string | null)[] = [];
		const result = await db.transaction(
			async (conn: DuckDBConnection) => {
				const [row] = (
					await conn.runAndReadAll(`SELECT note FROM score WHERE ${XA03_TC01}`)
				).getRowObjectsJS();
				seen.push((row?.note as string | null) ?? null);
				try {
					await conn.run(`UPDATE score SET note = 'của tôi' WHERE ${XA03_TC01}`);
				} catch (e) {
					release(); // the other writer commits only now, while we roll back
					throw e;
				}
				return seen.length;
			},
			{ retryOnConflict: true }
		);
		await other;
		// The second run saw what the other writer committed, and its own write is the one kept.
		expect(seen).toEqual([null, 'người kia']);
		expect(result).toBe(2);
		expect(await note()).toBe('của tôi');
	});

	it('with a retry that loses again: a WriteConflictError after two runs, with its scope, nothing written', async () => {
		let runs = 0;
		const e = await whileHeld(`UPDATE score SET note = 'giữ' WHERE ${XA03_TC01}`, () =>
			rejection(
				db.transaction(
					async (conn) => {
						runs++;
						await conn.run(`UPDATE score SET note = 'mới' WHERE ${XA03_TC01}`);
					},
					{ retryOnConflict: true, scope: () => [{ table: 'score', year: 2024, blocCode: 'K01' }] }
				)
			)
		);
		expect(e).toBeInstanceOf(WriteConflictError);
		expect(e).toMatchObject({ attempts: 2, scope: [{ table: 'score', year: 2024, blocCode: 'K01' }] });
		expect((e as Error).message).toMatch(/đã thử 2 lần/);
		expect(runs).toBe(2);
		expect(await note()).toBeNull();
	});
});

describe('a conflict that remains after the retry', () => {
	const held = `UPDATE score SET note = 'giữ' WHERE ${XA03_TC01}`;

	it('import: a WriteConflictError naming the bloc-year, the database unchanged', async () => {
		const before = await contentDigest(db);
		const e = await whileHeld(held, () =>
			rejection(importFiles(db, [scoresFile('diem.csv', 1)], { source: 'cli' }))
		);
		expect(e).toBeInstanceOf(WriteConflictError);
		expect(e).toMatchObject({ attempts: 2, scope: [{ table: 'scores', year: 2024, blocCode: 'K01' }] });
		expect(await contentDigest(db)).toBe(before);
		// Once the other writer is gone, the same import goes through.
		const r = await importFiles(db, [scoresFile('diem.csv', 1)], { source: 'cli' });
		expect(r).toMatchObject({ committed: true });
	});

	it('dry run of an upload: the same error, nothing written', async () => {
		const before = await contentDigest(db);
		const e = await whileHeld(held, () =>
			rejection(importFiles(db, [scoresFile('diem.csv', 1)], { dryRun: true }))
		);
		expect(e).toBeInstanceOf(WriteConflictError);
		expect(await contentDigest(db)).toBe(before);
	});

	it('sheet save: a WriteConflictError, nothing written; without the other writer it saves', async () => {
		const { version } = await loadSheet(db, K01, 'XA03');
		const before = await contentDigest(db);
		const save = () =>
			saveSheet(db, admin, K01, 'XA03', 'review', version, [{ criterionCode: 'TC01', value: '12' }]);
		expect(await whileHeld(held, () => rejection(save()))).toBeInstanceOf(WriteConflictError);
		expect(await contentDigest(db)).toBe(before);
		expect((await save()).status).toBe('saved');
	});

	it('stage change: a WriteConflictError, nothing written', async () => {
		const before = await contentDigest(db);
		const e = await whileHeld(
			"UPDATE pledge SET stage = 'review' WHERE year = 2024 AND bloc_code = 'K01'",
			() => rejection(changeStage(db, admin, K01, 'finalised', ''))
		);
		expect(e).toBeInstanceOf(WriteConflictError);
		expect(e).toMatchObject({ scope: [{ table: 'pledge', year: 2024, blocCode: 'K01' }] });
		expect(await contentDigest(db)).toBe(before);
	});
});

describe('the routes answer a conflict that remains with 409 and a Vietnamese message', () => {
	/** A form post to a route's action as the admin. */
	function post<E = RequestEvent>(path: string, form: FormData, params: Record<string, string>): E {
		const url = new URL(`http://localhost${path}`);
		return {
			url,
			params,
			locals: { user: admin, lang: 'vi', requestId: 'test' },
			request: new Request(url, { method: 'POST', body: form })
		} as unknown as E;
	}
	const form = (fields: Record<string, string | File>) => {
		const f = new FormData();
		for (const [k, v] of Object.entries(fields)) f.append(k, v);
		return f;
	};
	const held = `UPDATE score SET note = 'giữ' WHERE ${XA03_TC01}`;
	const failure = (r: unknown) => {
		if (!isActionFailure(r)) throw new Error(`expected fail(), got ${JSON.stringify(r)}`);
		return r as unknown as { status: number; data: Record<string, unknown> };
	};

	it('upload: the check and the commit, the staged files kept; once the other writer is gone it commits', async () => {
		const { name, content } = scoresFile('diem.csv', 3);
		const file = new File([content], name, { type: 'text/csv' });
		const params = {};
		const checked = (await uploadActions.check!(post('/upload?/check', form({ files: file }), params))) as {
			step: string;
			token: string;
		};
		expect(checked.step).toBe('checked');
		const before = await contentDigest(db);

		const check = failure(
			await whileHeld(held, async () =>
				uploadActions.check!(post('/upload?/check', form({ token: checked.token }), params))
			)
		);
		expect(check.status).toBe(409);
		expect(check.data.message).toBe(
			'Chưa kiểm tra xong: đúng lúc đó có người khác lưu thay đổi vào cùng dữ liệu (Kết quả chấm điểm khối K01 năm 2024). Đã thử lại một lần nhưng vẫn trùng. Không có gì được ghi; hãy tải lên và kiểm tra lại.'
		);

		const commit = failure(
			await whileHeld(held, async () =>
				uploadActions.commit!(post('/upload?/commit', form({ token: checked.token }), params))
			)
		);
		expect(commit.status).toBe(409);
		expect(commit.data.message).toMatch(
			/^Chưa ghi: đúng lúc đó có người khác lưu thay đổi vào cùng dữ liệu \(Kết quả chấm điểm khối K01 năm 2024\)\. .*không có gì được ghi/
		);
		expect(await contentDigest(db)).toBe(before);

		const done = (await uploadActions.commit!(
			post('/upload?/commit', form({ token: checked.token }), params)
		)) as { step: string };
		expect(done.step).toBe('committed');
	});

	it('sheet save: 409 with the values typed kept, and the message of the page', async () => {
		const { version } = await loadSheet(db, K01, 'XA03');
		const before = await contentDigest(db);
		const params = { bloc: 'K01', year: '2024', unit: 'XA03' };
		const r = failure(
			await whileHeld(held, async () =>
				sheetActions.review!(
					post(
						'/blocs/K01/2024/units/XA03?/review',
						form({ version: String(version), 'value.TC01': '12' }),
						params
					)
				)
			)
		);
		expect(r.status).toBe(409);
		expect(r.data).toMatchObject({ writeConflict: true, values: { TC01: '12' }, conflict: null });
		expect(await contentDigest(db)).toBe(before);
	});

	it('stage change: 409 with what was being changed', async () => {
		const before = await contentDigest(db);
		const r = failure(
			await whileHeld(
				"UPDATE pledge SET stage = 'review' WHERE year = 2024 AND bloc_code = 'K01'",
				async () =>
					blocActions.stage!(
						post('/blocs/K01/2024?/stage', form({ to: 'finalised', reason: '' }), {
							bloc: 'K01',
							year: '2024'
						})
					)
			)
		);
		expect(r.status).toBe(409);
		expect(r.data.stageError).toBe(
			'Chưa chuyển giai đoạn: đúng lúc đó một thay đổi khác cũng ghi vào giao ước của khối K01 năm 2024. Đã thử lại một lần nhưng vẫn trùng, nên không có gì được ghi; hãy tải lại trang rồi thử lại.'
		);
		expect(await contentDigest(db)).toBe(before);
	});
});

describe('an import and many sheet saves at once', () => {
	type Cell = { unit: string; code: string; self: string | null; review: string | null; note: string | null };
	const decimal = (v: number | null) => (v === null ? null : String(v));

	async function cells(): Promise<Map<string, Cell>> {
		const rows = await db.all<{
			unit: string;
			code: string;
			self: number | null;
			review: number | null;
			note: string | null;
		}>(
			`SELECT unit_code AS unit, criterion_code AS code, CAST(self_score AS DOUBLE) AS self,
			        CAST(reviewed_score AS DOUBLE) AS review, note
			 FROM score WHERE year = 2024 AND bloc_code = 'K01'`
		);
		return new Map(
			rows.map((r) => [`${r.unit}|${r.code}`, { ...r, self: decimal(r.self), review: decimal(r.review) }])
		);
	}

	async function versions(): Promise<Map<string, number>> {
		const rows = await db.all<{ unit: string; version: number }>(
			"SELECT unit_code AS unit, version FROM score_sheet WHERE year = 2024 AND bloc_code = 'K01'"
		);
		return new Map(rows.map((r) => [r.unit, r.version]));
	}

	it('no unexpected error escapes, each write is all or nothing, and the last write of every cell is what is stored', async () => {
		const ROUNDS = 12;
		const SAVES_PER_UNIT = 3;
		const [base] = await db.all<{ id: number }>(
			'SELECT CAST(COALESCE(max(id), 0) AS INTEGER) AS id FROM audit_log'
		);
		const startVersions = await versions();
		const savedPerUnit = new Map(UNITS.map((u) => [u, 0]));
		let imports = 0;
		let conflicts = 0;
		const outcomes: string[] = [];

		for (let n = 1; n <= ROUNDS; n++) {
			const v = await versions();
			const file = scoresFile(`race-${n}.csv`, n);
			const saves = UNITS.flatMap((unit) =>
				Array.from({ length: SAVES_PER_UNIT }, (_, i) => ({
					unit,
					note: `lưu ${n}.${unit}.${i}`,
					run: () =>
						saveSheet(db, admin, K01, unit, 'review', v.get(unit) ?? 0, [
							{ criterionCode: CRITERIA[i]![0], value: String(i + 1), note: `lưu ${n}.${unit}.${i}` }
						])
				}))
			);
			const [imported, ...saved] = await Promise.allSettled([
				importFiles(db, [file], { source: 'race' }),
				...saves.map((s) => s.run())
			]);
			if (imported!.status === 'rejected') {
				// The only error allowed: a conflict that remained, the import wrote nothing.
				expect(imported!.reason).toBeInstanceOf(WriteConflictError);
				conflicts++;
				outcomes.push(`import ${n}: conflict`);
			} else {
				expect(imported!.value.committed, JSON.stringify(imported!.value.issues)).toBe(true);
				imports++;
				outcomes.push(`import ${n}: committed`);
			}
			const logged = await db.all(`SELECT 1 FROM import_log WHERE files = $1`, [file.name]);
			expect(logged).toHaveLength(imported!.status === 'fulfilled' ? 1 : 0);
			const traced = await db.all(`SELECT 1 FROM audit_log WHERE reason = $1 AND id > $2`, [
				`Nhập tệp ${file.name}`,
				base!.id
			]);
			expect(traced.length > 0, `import ${n} in the audit trail`).toBe(imported!.status === 'fulfilled');

			for (const [k, r] of saved.entries()) {
				const s = saves[k]!;
				if (r.status === 'rejected') {
					expect(r.reason).toBeInstanceOf(WriteConflictError);
					conflicts++;
				} else {
					const result: SaveResult = r.value;
					expect(['saved', 'conflict'], JSON.stringify(result)).toContain(result.status);
					if (result.status === 'saved') savedPerUnit.set(s.unit, savedPerUnit.get(s.unit)! + 1);
				}
				const ok = r.status === 'fulfilled' && r.value.status === 'saved';
				const trail = await db.all(`SELECT 1 FROM audit_log WHERE action = 'score.note' AND new_value = $1`, [
					s.note
				]);
				expect(trail, `${s.note} in the audit trail`).toHaveLength(ok ? 1 : 0);
			}
		}

		// Every sheet's version counts its writes: each save that went through and each import.
		const end = await versions();
		for (const u of UNITS)
			expect(end.get(u), u).toBe((startVersions.get(u) ?? 0) + savedPerUnit.get(u)! + imports);

		// Nothing lost: every cell holds the value of the last write the audit trail has for it.
		const latest = await db.all<{ unit: string; code: string; action: string; value: string | null }>(
			`SELECT unit_code AS unit, criterion_code AS code, action, arg_max_null(new_value, id) AS value
			 FROM audit_log WHERE id > $1 AND action LIKE 'score.%' GROUP BY ALL`,
			[base!.id]
		);
		const stored = await cells();
		expect(latest.length).toBeGreaterThan(0);
		for (const a of latest) {
			const cell = stored.get(`${a.unit}|${a.code}`);
			const field = a.action === 'score.self' ? 'self' : a.action === 'score.review' ? 'review' : 'note';
			expect(cell?.[field] ?? null, `${a.unit} ${a.code} ${field}`).toBe(a.value);
		}
		expect(imports, outcomes.join('\n')).toBeGreaterThan(0);
		console.info(`${ROUNDS} rounds: ${imports} imports committed, ${conflicts} conflicts that remained`);
	});
});
