/**
 * Backups and restore on a real DuckDB file with the sample province (src/lib/server/backup):
 * a backup made while the database is open and written to holds exactly one instant of it; a
 * restore into a new file gives back every table row by row; sequences continue; retention
 * deletes only scheduled backups; every refusal (newer migration, checksum, existing target,
 * tampered counts, files that are no backup) is clear and leaves no file behind.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	BackupError,
	createBackup,
	listBackups,
	MANIFEST_TABLE,
	pruneBackups,
	sidecarName,
	type BackupInfo,
	type BackupSource
} from '../../src/lib/server/backup';
import { askBackup, askStatus, controlSocket } from '../../src/lib/server/backup/control';
import { RestoreError, restoreBackup } from '../../src/lib/server/backup/restore';
import { parseConfig } from '../../src/lib/server/config';
import { Database } from '../../src/lib/server/db';
import { bundledMigrations, migrate } from '../../src/lib/server/db/migrate';
import { importFiles, importPaths } from '../../src/lib/server/import';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import { tempDatabase } from '../helpers/db';

type Snapshot = Map<string, string[]>;
const json = (row: unknown) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));

/** Every base table of the database, each row as JSON, in a fixed order. */
async function snapshotOf(db: Pick<Database, 'all'>): Promise<Snapshot> {
	const tables = await db.all<{ name: string }>(
		`SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database()
		 AND NOT temporary ORDER BY table_name`
	);
	const out: Snapshot = new Map();
	for (const { name } of tables)
		out.set(name, (await db.all(`SELECT * FROM "${name}" ORDER BY ALL`)).map(json));
	return out;
}

/** Opens a file with DuckDB directly (no migrations), runs `fn`, closes. */
async function onFile<T>(
	file: string,
	fn: (c: Awaited<ReturnType<DuckDBInstance['connect']>>) => Promise<T>
) {
	const instance = await DuckDBInstance.create(file);
	const conn = await instance.connect();
	try {
		return await fn(conn);
	} finally {
		conn.closeSync();
		instance.closeSync();
	}
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const filesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

let env: Awaited<ReturnType<typeof tempDatabase>>;
let backups = '';
let first: BackupInfo;
/** The database as it was when `first` was made. */
let atBackup: Snapshot;

beforeAll(async () => {
	env = await tempDatabase();
	expect((await importPaths(env.db, ['data/sample'])).committed).toBe(true);
	expect(await loadSampleAccounts(env.db, 'data/sample')).toBeGreaterThan(0);
	// A later file that replaces stored values: its audit rows are in the backup too.
	const again = await importFiles(env.db, [
		{
			name: 'diem.csv',
			content:
				'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú\n2025,K04,SO03,I.1,"24,5","24,5",Biên bản kiểm tra số 7\n'
		}
	]);
	expect(again.counts).toMatchObject([{ table: 'scores', replaced: 1 }]);
	backups = join(env.dir, 'backups');
});
afterAll(() => env?.cleanup());

/** A folder of its own for one test's files. */
function folder(name: string): string {
	const dir = join(env.dir, name);
	mkdirSync(dir, { recursive: true });
	return dir;
}

/** `restore` must be refused with `code` and a message matching `message`, creating nothing. */
async function refused(restore: () => Promise<unknown>, dir: string, code: string, message: RegExp) {
	const before = filesIn(dir);
	const error = await restore().then(
		() => null,
		(e: unknown) => e
	);
	expect(error, 'the restore was not refused').toBeInstanceOf(RestoreError);
	expect((error as RestoreError).code, (error as Error).message).toBe(code);
	expect((error as Error).message).toMatch(message);
	expect(filesIn(dir)).toEqual(before);
}

describe('a backup of the open database', () => {
	it('copies every table in one instant, without writing to the database or emptying its cache', async () => {
		atBackup = await snapshotOf(env.db);
		const generation = env.db.generation;
		const cachedValue = await env.db.cached('backup-test', async () => ({ n: 1 }));
		first = await createBackup(env.db, backups, { kind: 'manual', requestedBy: 'kiemthu' });

		expect(env.db.generation).toBe(generation);
		expect(await env.db.cached('backup-test', async () => ({ n: 2 }))).toBe(cachedValue);
		expect(first.name).toMatch(/^khoi-thi-dua-\d{8}-\d{6}\.duckdb$/);
		expect(first).toMatchObject({
			kind: 'manual',
			requestedBy: 'kiemthu',
			migrationVersion: Math.max(...bundledMigrations().map((m) => m.version)),
			format: 1
		});
		const counts = Object.fromEntries([...atBackup].map(([t, rows]) => [t, rows.length]));
		expect(first.tables).toEqual(counts);
		expect(first.totalRows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
		expect(first.tables.score).toBeGreaterThan(1000);
		expect(first.sizeBytes).toBe(statSync(first.file).size);
		expect(first.sha256).toBe(sha256(first.file));

		// The sidecar manifest, and the listing read from it.
		const sidecar = JSON.parse(readFileSync(join(backups, sidecarName(first.name)), 'utf8'));
		expect(sidecar).toMatchObject({ name: first.name, sha256: first.sha256, sizeBytes: first.sizeBytes });
		const { joined: _joined, ...info } = first as BackupInfo & { joined?: boolean };
		expect(await listBackups(backups)).toEqual([info]);
		expect(filesIn(backups)).toEqual([first.name, sidecarName(first.name)]);
		expect(statSync(first.file).mode & 0o777).toBe(0o640);
	});

	it('restores into a new file that equals the database at backup time, row by row', async () => {
		// Changes after the backup: scores, an account, an audit row.
		await env.db.run(
			`UPDATE score SET self_score = 0 WHERE year = 2025 AND bloc_code = 'K05' AND self_score IS NOT NULL`
		);
		await env.db.run(
			`INSERT INTO app_user (username, display_name, password_hash) VALUES ('moi.sau.sao.luu', 'Mới', 'x')`
		);
		await env.db.run(
			`INSERT INTO audit_log (username, action, new_value) VALUES ('kiemthu', 'score.self', 'sau sao lưu')`
		);
		expect(await snapshotOf(env.db)).not.toEqual(atBackup);

		const target = join(folder('restore-1'), 'restored.duckdb');
		const r = await restoreBackup(first.file, target);
		expect(r).toMatchObject({ target, checksum: 'verified', applied: [], sha256: first.sha256 });
		expect(filesIn(folder('restore-1'))).toEqual(['restored.duckdb']);

		const restored = await Database.open(target);
		try {
			const now = await snapshotOf(restored);
			expect([...now.keys()]).toEqual([...atBackup.keys()]);
			expect(now.has(MANIFEST_TABLE)).toBe(false);
			for (const [table, rows] of atBackup) expect(now.get(table), table).toEqual(rows);
			// And against the backup file itself, both ways, through ATTACH.
			await restored.withConnection(async (c) => {
				await c.run(`ATTACH '${first.file}' AS bk (READ_ONLY)`);
				try {
					for (const table of atBackup.keys()) {
						const diff = await c.runAndReadAll(
							`SELECT count(*)::INTEGER AS n FROM ((SELECT * FROM main."${table}" EXCEPT ALL SELECT * FROM bk.main."${table}")
							 UNION ALL (SELECT * FROM bk.main."${table}" EXCEPT ALL SELECT * FROM main."${table}"))`
						);
						expect(diff.getRowObjectsJS()[0]?.n, table).toBe(0);
					}
				} finally {
					await c.run('DETACH bk');
				}
			});
			expect(await restored.all(`SELECT 1 FROM app_user WHERE username = 'moi.sau.sao.luu'`)).toEqual([]);
			expect(await restored.all(`SELECT 1 FROM audit_log WHERE new_value = 'sau sao lưu'`)).toEqual([]);
			const [k05] = await restored.all<{ n: number }>(
				`SELECT count(*)::INTEGER AS n FROM score WHERE year = 2025 AND bloc_code = 'K05' AND self_score > 0`
			);
			expect(k05?.n).toBeGreaterThan(0);
		} finally {
			restored.close();
		}
	});

	it('restores sequences that continue after the copied ids (no id collides)', async () => {
		const target = join(folder('restore-seq'), 'restored.duckdb');
		await restoreBackup(first.file, target);
		const restored = await Database.open(target);
		try {
			const max = async (sql: string) => Number((await restored.all<{ m: number }>(sql))[0]?.m ?? 0);
			const users = await max('SELECT max(user_id)::INTEGER AS m FROM app_user');
			const imports = await max('SELECT max(id)::INTEGER AS m FROM import_log');
			const audits = await max('SELECT max(id)::BIGINT AS m FROM audit_log');
			const batches = await max('SELECT max(id)::BIGINT AS m FROM import_batch');
			expect(users * imports * audits * batches).toBeGreaterThan(0);
			await restored.run(
				`INSERT INTO app_user (username, display_name, password_hash) VALUES ('sau.khoi.phuc', 'Sau', 'x')`
			);
			await restored.run(
				`INSERT INTO import_log (source, files, added, replaced, unchanged) VALUES ('cli', 'x.csv', 1, 0, 0)`
			);
			await restored.run(`INSERT INTO audit_log (username, action) VALUES ('sau.khoi.phuc', 'import')`);
			const [{ batch } = { batch: 0 }] = await restored.all<{ batch: number }>(
				"SELECT nextval('import_batch_seq')::DOUBLE AS batch"
			);
			const [u] = await restored.all<{ id: number }>(
				`SELECT user_id AS id FROM app_user WHERE username = 'sau.khoi.phuc'`
			);
			const [i] = await restored.all<{ id: number }>(`SELECT max(id)::INTEGER AS id FROM import_log`);
			const [a] = await restored.all<{ id: number; n: number }>(
				`SELECT max(id)::BIGINT AS id, count(*)::INTEGER - count(DISTINCT id)::INTEGER AS n FROM audit_log`
			);
			expect(u!.id).toBeGreaterThan(users);
			expect(i!.id).toBeGreaterThan(imports);
			expect(Number(a!.id)).toBeGreaterThan(audits);
			expect(a!.n).toBe(0); // audit ids stay unique
			expect(batch).toBeGreaterThan(batches);
		} finally {
			restored.close();
		}
	});

	it('takes a save made during the backup wholly or not at all', async () => {
		const unit = `year = 2025 AND bloc_code = 'K04' AND unit_code = 'SO03'`;
		let done = 0;
		const save = (i: number) =>
			env.db.transaction(async (c) => {
				await c.run(`UPDATE score SET note = $1 WHERE ${unit}`, [`lần ${i}`]);
				await c.run(
					`INSERT INTO audit_log (username, action, new_value) VALUES ('viet', 'test.concurrent', $1)`,
					[String(i)]
				);
			});
		await save(++done);
		let backupDone = false;
		const doneAtStart = done;
		const backup = createBackup(env.db, folder('concurrent'), { kind: 'manual' }).finally(
			() => (backupDone = true)
		);
		let startedBeforeEnd = done;
		while (!backupDone || done < startedBeforeEnd + 3) {
			if (!backupDone) startedBeforeEnd = done + 1;
			await save(++done);
		}
		const b = await backup;
		expect(done).toBeGreaterThan(doneAtStart + 3);
		expect(startedBeforeEnd, 'saves made while the backup ran').toBeGreaterThan(doneAtStart + 1);

		const target = join(folder('restore-concurrent'), 'restored.duckdb');
		await restoreBackup(b.file, target);
		const restored = await Database.open(target);
		try {
			const notes = await restored.all<{ note: string }>(`SELECT DISTINCT note FROM score WHERE ${unit}`);
			expect(notes).toHaveLength(1); // every row of the save, or none
			const k = Number(/^lần (\d+)$/.exec(notes[0]!.note)?.[1]);
			const [audit] = await restored.all<{ n: number; last: number }>(
				`SELECT count(*)::INTEGER AS n, max(new_value::INTEGER)::INTEGER AS last FROM audit_log WHERE action = 'test.concurrent'`
			);
			expect(audit).toEqual({ n: k, last: k });
			expect(k).toBeGreaterThanOrEqual(doneAtStart);
			expect(k).toBeLessThanOrEqual(startedBeforeEnd);
			expect(b.tables.audit_log).toBe((await restored.all('SELECT 1 FROM audit_log')).length);
		} finally {
			restored.close();
		}
	});

	it('runs one backup at a time: the same kind joins, another kind waits and makes its own', async () => {
		const dir = folder('together');
		const [a, b, c] = await Promise.all([
			createBackup(env.db, dir, { kind: 'manual', requestedBy: 'mot' }),
			createBackup(env.db, dir, { kind: 'manual', requestedBy: 'hai' }),
			createBackup(env.db, dir, { kind: 'scheduled' })
		]);
		expect([a.joined, b.joined, c.joined]).toEqual([false, true, false]);
		expect(b.name).toBe(a.name);
		expect(b.requestedBy).toBe('mot');
		expect(c.name).not.toBe(a.name);
		expect((await listBackups(dir)).map((x) => [x.name, x.kind])).toEqual([
			[c.name, 'scheduled'],
			[a.name, 'manual']
		]);
	});

	it('refuses clearly when the backup folder cannot be written, and writes nothing', async () => {
		const file = join(env.dir, 'la-tep');
		writeFileSync(file, 'không phải thư mục');
		const error = await createBackup(env.db, join(file, 'backups'), { kind: 'manual' }).catch((e) => e);
		expect(error).toBeInstanceOf(BackupError);
		expect(error.code).toBe('dir');
		expect(error.message).toMatch(/Không ghi được vào thư mục sao lưu .*la-tep\/backups/);
		expect(readFileSync(file, 'utf8')).toBe('không phải thư mục');
	});
});

describe('retention and the listing', () => {
	it('keeps the newest N scheduled backups and never deletes manual or command-line ones', async () => {
		const dir = folder('retention');
		const made: BackupInfo[] = [];
		for (const kind of [
			'scheduled',
			'manual',
			'scheduled',
			'cli',
			'scheduled',
			'manual',
			'scheduled'
		] as const)
			made.push(await createBackup(env.db, dir, { kind }));
		const scheduled = made.filter((b) => b.kind === 'scheduled').reverse(); // newest first
		const removed = await pruneBackups(dir, 2);
		expect(removed.sort()).toEqual(
			scheduled
				.slice(2)
				.map((b) => b.name)
				.sort()
		);
		const left = await listBackups(dir);
		expect(left.map((b) => b.name)).toEqual(
			made
				.filter((b) => b.kind !== 'scheduled' || scheduled.slice(0, 2).includes(b))
				.reverse()
				.map((b) => b.name)
		);
		for (const b of scheduled.slice(2)) {
			expect(existsSync(b.file)).toBe(false);
			expect(existsSync(join(dir, sidecarName(b.name)))).toBe(false);
		}
		expect(await pruneBackups(dir, 2)).toEqual([]);
		expect(await pruneBackups(dir, 1)).toEqual([scheduled[1]!.name]);
		expect((await listBackups(dir)).filter((b) => b.kind !== 'scheduled')).toHaveLength(3);
	});

	it('lists only backups: junk, temporary files and orphan manifests are ignored', async () => {
		const dir = folder('junk');
		copyFileSync(first.file, join(dir, first.name));
		copyFileSync(join(backups, sidecarName(first.name)), join(dir, sidecarName(first.name)));
		writeFileSync(join(dir, 'ghi-chu.txt'), 'x');
		writeFileSync(
			join(dir, 'khoi-thi-dua-20250101-000000.json'),
			JSON.stringify({ ...first, file: undefined })
		);
		writeFileSync(join(dir, 'khoi-thi-dua-20250102-000000.json'), '{ không phải JSON');
		writeFileSync(join(dir, 'khoi-thi-dua-20250102-000000.duckdb'), 'x');
		writeFileSync(join(dir, 'khoi-thi-dua-20250103-000000.duckdb'), 'x');
		writeFileSync(join(dir, '.khoi-thi-dua-1-2-abcd.tmp'), 'x');
		writeFileSync(join(dir, '.khoi-thi-dua-1-2-abcd.tmp.wal'), 'x');
		writeFileSync(join(dir, 'khoi-thi-dua-20250104-000000.duckdb'), 'x');
		writeFileSync(join(dir, 'khoi-thi-dua-20250104-000000.json'), JSON.stringify(first)); // names another file
		expect((await listBackups(dir)).map((b) => b.name)).toEqual([first.name]);
		expect(await listBackups(join(env.dir, 'khong-co'))).toEqual([]);
	});
});

describe('restore refuses, leaving no file behind', () => {
	/** A copy of the first backup (without its sidecar unless asked) in a folder of its own. */
	function copyOfFirst(name: string, withSidecar = false): string {
		const dir = folder(name);
		const file = join(dir, first.name);
		copyFileSync(first.file, file);
		if (withSidecar) copyFileSync(join(backups, sidecarName(first.name)), join(dir, sidecarName(first.name)));
		return file;
	}

	it('a backup made by a newer version of the app (its manifest or its schema_migration)', async () => {
		const LATEST = Math.max(...bundledMigrations().map((m) => m.version));
		const byManifest = copyOfFirst('newer-manifest');
		await onFile(byManifest, async (c) => {
			const { manifest } = (
				await c.runAndReadAll(`SELECT manifest FROM ${MANIFEST_TABLE}`)
			).getRowObjectsJS()[0] as {
				manifest: string;
			};
			await c.run(`UPDATE ${MANIFEST_TABLE} SET manifest = $1`, [
				JSON.stringify({ ...JSON.parse(manifest), migrationVersion: 99, appVersion: '9.0.0' })
			]);
		});
		await refused(
			() => restoreBackup(byManifest, join(folder('newer-manifest'), 'restored.duckdb')),
			folder('newer-manifest'),
			'newer',
			new RegExp(
				`phiên bản mới hơn của ứng dụng \\(9\\.0\\.0, migration 99\\); phiên bản đang chạy chỉ biết tới migration ${LATEST}\\. Hãy cập nhật ứng dụng`
			)
		);

		const bySchema = copyOfFirst('newer-schema');
		await onFile(bySchema, (c) =>
			c.run(`INSERT INTO schema_migration (version, name) VALUES (99, 'tuong_lai')`)
		);
		await refused(
			() => restoreBackup(bySchema, join(folder('newer-schema'), 'restored.duckdb')),
			folder('newer-schema'),
			'newer',
			/migration 99\)/
		);
	});

	it('a file that does not match its sidecar checksum', async () => {
		const file = copyOfFirst('checksum', true);
		await onFile(file, (c) => c.run(`UPDATE unit SET unit_name = unit_name || ' (sửa)'`));
		await refused(
			() => restoreBackup(file, join(folder('checksum'), 'restored.duckdb')),
			folder('checksum'),
			'checksum',
			/không khớp mã kiểm tra SHA-256/
		);
	});

	it('an existing target, which is left as it was', async () => {
		const dir = folder('existing');
		const target = join(dir, 'dang-dung.duckdb');
		writeFileSync(target, 'tệp đang có');
		await refused(() => restoreBackup(first.file, target), dir, 'target', /đã có: .*không bao giờ ghi đè/);
		expect(readFileSync(target, 'utf8')).toBe('tệp đang có');
	});

	it('a backup whose rows do not match its manifest (the partial copy is removed)', async () => {
		const file = copyOfFirst('counts');
		await onFile(file, (c) => c.run(`DELETE FROM unit_lineage`));
		await refused(
			() => restoreBackup(file, join(folder('counts'), 'restored.duckdb')),
			folder('counts'),
			'counts',
			new RegExp(
				`Số dòng .* không khớp .*bảng unit_lineage: 0 dòng, danh mục ghi ${first.tables.unit_lineage}`
			)
		);
	});

	it('a file that is no DuckDB database, or a DuckDB file that is no backup (bad-file corpus)', async () => {
		const dir = folder('bad-files');
		const target = join(dir, 'restored.duckdb');
		// A CSV file renamed to .duckdb, made here: no database file is kept in git.
		const renamed = join(folder('bad-sources'), 'not-a-database.duckdb');
		copyFileSync('data/sample/units.csv', renamed);
		await refused(
			() => restoreBackup(renamed, target),
			dir,
			'not_duckdb',
			/không phải tệp cơ sở dữ liệu DuckDB/
		);
		await refused(
			() => restoreBackup('tests/fixtures/bad/empty.csv', target),
			dir,
			'not_duckdb',
			/không phải tệp cơ sở dữ liệu DuckDB/
		);
		const plain = join(folder('plain'), 'khong-phai-sao-luu.duckdb');
		await onFile(plain, (c) => c.run('CREATE TABLE unit (unit_code VARCHAR); INSERT INTO unit VALUES (1)'));
		await refused(
			() => restoreBackup(plain, target),
			dir,
			'not_backup',
			/là tệp DuckDB nhưng không phải bản sao lưu của ứng dụng \(không có bảng _backup_manifest\)/
		);
		await refused(() => restoreBackup(join(dir, 'khong-co.duckdb'), target), dir, 'source', /Không tìm thấy/);
		expect(filesIn(dir)).toEqual([]);
	});
});

describe('an older backup is brought forward', () => {
	it('restores a backup made at migration 3 and applies every later migration', async () => {
		const dir = folder('older');
		const file = join(dir, 'cu.duckdb');
		const instance = await DuckDBInstance.create(file);
		const old: BackupSource = {
			path: file,
			withConnection: async (fn) => {
				const c = await instance.connect();
				try {
					return await fn(c);
				} finally {
					c.closeSync();
				}
			}
		};
		await old.withConnection(async (c) => {
			await migrate(
				c,
				bundledMigrations().filter((m) => m.version <= 3)
			);
			await c.run(`INSERT INTO app_user (username, display_name, password_hash) VALUES ('cu', 'Cũ', 'x')`);
			await c.run(`INSERT INTO audit_log (username, action, new_value) VALUES ('cu', 'import', 'trước 004')`);
		});
		const b = await createBackup(old, join(dir, 'backups'), { kind: 'cli' });
		instance.closeSync();
		expect(b.migrationVersion).toBe(3);

		const target = join(dir, 'restored.duckdb');
		const r = await restoreBackup(b.file, target);
		const later = bundledMigrations()
			.map((m) => m.version)
			.filter((v) => v > 3);
		expect(r.applied).toEqual(later);
		const restored = await Database.open(target);
		try {
			expect(await restored.all('SELECT version FROM schema_migration ORDER BY version')).toEqual(
				bundledMigrations().map((m) => ({ version: m.version }))
			);
			expect(await restored.all(`SELECT username, new_value FROM audit_log`)).toEqual([
				{ username: 'cu', new_value: 'trước 004' }
			]);
			await restored.run(`INSERT INTO audit_log (username, action) VALUES ('moi', 'import')`);
			expect(await restored.all('SELECT id::INTEGER AS id FROM audit_log ORDER BY id')).toEqual([
				{ id: 1 },
				{ id: 2 }
			]);
		} finally {
			restored.close();
		}
	});
});

describe('npm run backup without a server', () => {
	const runBackup = (databasePath: string, backupDir: string) =>
		new Promise<{ status: number | null; stdout: string; stderr: string }>((ok) => {
			const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backup.ts'], {
				env: { ...process.env, DATABASE_PATH: databasePath, BACKUP_DIR: backupDir },
				stdio: ['ignore', 'pipe', 'pipe']
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			child.on('exit', (status) => ok({ status, stdout, stderr }));
		});

	it('opens the database file itself and says so', async () => {
		const dir = folder('cli-direct');
		const target = join(dir, 'db.duckdb');
		await restoreBackup(first.file, target);
		const r = await runBackup(target, join(dir, 'backups'));
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toContain(`Không có máy chủ đang chạy: đã tự mở ${target} và sao lưu trực tiếp.`);
		const [b] = await listBackups(join(dir, 'backups'));
		expect(b?.kind).toBe('cli');
		expect(r.stdout).toContain(`Tệp / file:            ${b!.file}`);
		expect(r.stdout).toContain(`SHA-256:               ${b!.sha256}`);
		// Every table of the schema (as many as the first backup counted: migrations add tables).
		expect(r.stdout).toMatch(new RegExp(`Số bảng / tables: +${Object.keys(first.tables).length}\n`));
		expect(Object.keys(first.tables)).toEqual(
			expect.arrayContaining(['bloc_deadline', 'deadline_extension'])
		);
		expect(b!.tables).toEqual(first.tables);
	});

	it('refuses clearly when another process holds the file without answering on the socket', async () => {
		const dir = folder('cli-locked');
		const r = await runBackup(env.db.path, dir); // this test process holds env.db open
		expect(r.status).toBe(1);
		expect(r.stderr).toMatch(
			/LỖI: tệp .*test\.duckdb đang bị một tiến trình khác giữ nhưng không có máy chủ nào trả lời trên ổ cắm điều khiển .*test\.duckdb\.sock/
		);
		expect(r.stderr).toContain('Sao lưu không thành công.');
		expect(filesIn(dir)).toEqual([]);
	});
});

describe('the control socket', () => {
	const configFor = (dir: string) =>
		parseConfig({
			DATABASE_PATH: join(dir, 'db.duckdb'),
			BACKUP_DIR: join(dir, 'backups'),
			BACKUP_AT: 'off'
		});

	it('answers GET /status and POST /backup, mode 0600, and is removed on stop', async () => {
		const dir = folder('socket');
		const cfg = configFor(dir);
		const service = await controlSocket(env.db, cfg);
		try {
			expect(statSync(cfg.controlSocket).isSocket()).toBe(true);
			expect(statSync(cfg.controlSocket).mode & 0o777).toBe(0o600);
			expect(await askStatus(cfg.controlSocket)).toMatchObject({
				pid: process.pid,
				database: env.db.path,
				backupDir: cfg.backupDir
			});
			const b = await askBackup(cfg.controlSocket, 'quantri');
			expect(b).toMatchObject({ kind: 'cli', requestedBy: 'quantri', joined: false });
			expect((await listBackups(cfg.backupDir)).map((x) => x.name)).toEqual([b.name]);
		} finally {
			await service.stop();
		}
		expect(existsSync(cfg.controlSocket)).toBe(false);
		expect(await askStatus(cfg.controlSocket)).toBeNull();
	});

	it('replaces a stale socket nobody answers on, and refuses a path that is no socket', async () => {
		const dir = folder('socket-stale');
		const cfg = configFor(dir);
		// A server killed without cleaning up leaves its socket file behind.
		const killed = spawn(process.execPath, [
			'-e',
			`require('net').createServer().listen(${JSON.stringify(cfg.controlSocket)}, () => process.kill(process.pid, 'SIGKILL'))`
		]);
		await new Promise((ok) => killed.on('exit', ok));
		expect(statSync(cfg.controlSocket).isSocket()).toBe(true);
		expect(await askStatus(cfg.controlSocket)).toBeNull(); // ECONNREFUSED: no server
		const service = await controlSocket(env.db, cfg);
		expect((await askStatus(cfg.controlSocket))?.pid).toBe(process.pid);
		// A second server on the same socket is refused while the first answers.
		await expect(controlSocket(env.db, cfg)).rejects.toThrow(/đang trả lời trên ổ cắm điều khiển/);
		await service.stop();

		writeFileSync(cfg.controlSocket, 'tệp thường');
		await expect(controlSocket(env.db, cfg)).rejects.toThrow(/đã có và không phải ổ cắm/);
		expect(readFileSync(cfg.controlSocket, 'utf8')).toBe('tệp thường');
	});
});
