/**
 * Restores a backup (index.ts) into a NEW database file; the file in use is never touched. Run by
 * `npm run restore` with the server stopped or running (the new file is not the server's).
 *
 * Checks, before anything is written: the backup is a DuckDB file; its sidecar manifest, when
 * there is one, has the file's SHA-256 and size; its `_backup_manifest` is readable (opened
 * READ_ONLY) and its migration is not newer than this code's newest. Then the file is copied to
 * a temporary name beside the target, every table's row count is checked against the manifest,
 * `_backup_manifest` is dropped, pending migrations are applied (an older backup is brought
 * forward), and after a CHECKPOINT the file is flushed and moved to the target, which must not
 * exist. Any refusal or failure leaves no file behind.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import {
	closeSync,
	copyFileSync,
	constants,
	existsSync,
	openSync,
	readFileSync,
	readSync,
	rmSync,
	statSync
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Database } from '../db';
import { bundledMigrations, type Migration } from '../db/migrate';
import {
	countRows,
	fsyncPath,
	hashFile,
	makeDirs,
	MANIFEST_TABLE,
	moveNoClobber,
	parseManifest,
	parseSidecar,
	type BackupManifest
} from '.';
import { restoredName, sidecarName } from './names';

export type RestoreRefusal =
	'source' | 'target' | 'not_duckdb' | 'not_backup' | 'checksum' | 'newer' | 'counts' | 'locked' | 'failed';

/** Why a restore was refused; the message says what to do (Vietnamese). Nothing was created. */
export class RestoreError extends Error {
	constructor(
		readonly code: RestoreRefusal,
		message: string,
		options?: { cause?: unknown }
	) {
		super(message, options);
		this.name = 'RestoreError';
	}
}

export interface RestoreResult {
	source: string;
	target: string;
	manifest: BackupManifest;
	/** 'verified' against the sidecar `<name>.json`; 'no-sidecar' when there was none beside it. */
	checksum: 'verified' | 'no-sidecar';
	sha256: string;
	/** Migrations applied to bring an older backup to this code's schema. */
	applied: number[];
}

/** `data/khoi-thi-dua-restored-YYYYMMDD-HHMMSS.duckdb` beside the database (Vietnam time). */
export function defaultRestoreTarget(databasePath: string, now = Date.now()): string {
	return join(dirname(resolve(databasePath)), restoredName(now));
}

/** DuckDB's main header: bytes 8–11 are "DUCK". */
function looksLikeDuckDb(file: string): boolean {
	const fd = openSync(file, 'r');
	try {
		const head = Buffer.alloc(12);
		return readSync(fd, head, 0, 12, 0) === 12 && head.subarray(8, 12).toString('latin1') === 'DUCK';
	} finally {
		closeSync(fd);
	}
}

/** JSON.parse, or undefined for text that is not JSON. */
function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

const isLockError = (e: unknown) => /lock/i.test((e as Error)?.message ?? '');

async function withInstance<T>(
	file: string,
	readOnly: boolean,
	fn: (conn: Awaited<ReturnType<DuckDBInstance['connect']>>) => Promise<T>
): Promise<T> {
	const instance = await DuckDBInstance.create(file, readOnly ? { access_mode: 'READ_ONLY' } : {});
	try {
		const conn = await instance.connect();
		try {
			return await fn(conn);
		} finally {
			conn.closeSync();
		}
	} finally {
		instance.closeSync();
	}
}

async function tableExists(conn: Awaited<ReturnType<DuckDBInstance['connect']>>, name: string) {
	const rows = (
		await conn.runAndReadAll(
			`SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'
			 AND table_name = $1`,
			[name]
		)
	).getRowObjectsJS();
	return rows.length > 0;
}

/** Reads and checks the manifest inside a backup file, opened READ_ONLY. */
export async function readBackupManifest(
	file: string
): Promise<{ manifest: BackupManifest; fileMigration: number }> {
	if (!looksLikeDuckDb(file))
		throw new RestoreError(
			'not_duckdb',
			`${file} không phải tệp cơ sở dữ liệu DuckDB: hãy chọn tệp khoi-thi-dua-….duckdb trong thư mục sao lưu.`
		);
	try {
		return await withInstance(file, true, async (conn) => {
			if (!(await tableExists(conn, MANIFEST_TABLE)))
				throw new RestoreError(
					'not_backup',
					`${file} là tệp DuckDB nhưng không phải bản sao lưu của ứng dụng (không có bảng ${MANIFEST_TABLE}). Cơ sở dữ liệu đang dùng không khôi phục được theo cách này; hãy chọn một tệp do npm run backup hoặc trang Sao lưu tạo ra.`
				);
			const rows = (
				await conn.runAndReadAll(`SELECT format, manifest FROM main.${MANIFEST_TABLE}`)
			).getRowObjectsJS() as { format: number; manifest: string }[];
			const manifest = rows.length === 1 ? parseManifest(parseJson(rows[0]!.manifest)) : null;
			if (!manifest)
				throw new RestoreError(
					'not_backup',
					`Bảng ${MANIFEST_TABLE} của ${file} không đọc được: tệp bị sửa hoặc hỏng.`
				);
			const fileMigration = (await tableExists(conn, 'schema_migration'))
				? Number(
						(
							(
								await conn.runAndReadAll(
									'SELECT coalesce(max(version), 0)::INTEGER AS v FROM main.schema_migration'
								)
							).getRowObjectsJS()[0] as { v: number }
						).v
					)
				: 0;
			return { manifest, fileMigration };
		});
	} catch (e) {
		if (e instanceof RestoreError) throw e;
		if (isLockError(e))
			throw new RestoreError(
				'locked',
				`${file} đang được một tiến trình khác mở (máy chủ?): đó có phải là cơ sở dữ liệu đang dùng, không phải bản sao lưu? ${(e as Error).message}`,
				{ cause: e }
			);
		if (/not a valid DuckDB database/i.test((e as Error).message))
			throw new RestoreError(
				'not_duckdb',
				`${file} không phải tệp cơ sở dữ liệu DuckDB hợp lệ (tệp hỏng?).`,
				{
					cause: e
				}
			);
		throw new RestoreError('failed', `Không đọc được bản sao lưu ${file}: ${(e as Error).message}`, {
			cause: e
		});
	}
}

/** Checks the file against its sidecar `<name>.json`, when there is one. */
async function verifySidecar(file: string): Promise<{ checksum: RestoreResult['checksum']; sha256: string }> {
	const { sha256, sizeBytes } = await hashFile(file);
	const sidecar = join(dirname(file), sidecarName(basename(file)));
	if (!existsSync(sidecar)) return { checksum: 'no-sidecar', sha256 };
	const parsed = parseSidecar(parseJson(readFileSync(sidecar, 'utf8')));
	if (!parsed)
		throw new RestoreError(
			'checksum',
			`Tệp ghi kèm ${sidecar} không đọc được nên không kiểm tra được mã SHA-256 của bản sao lưu. Nếu chắc chắn tệp .duckdb còn nguyên vẹn, hãy chuyển tệp .json đi chỗ khác rồi chạy lại.`
		);
	if (parsed.sha256 !== sha256 || parsed.sizeBytes !== sizeBytes)
		throw new RestoreError(
			'checksum',
			`Bản sao lưu ${file} không khớp mã kiểm tra SHA-256 (hoặc dung lượng) ghi trong ${sidecar}: tệp đã bị thay đổi hoặc hỏng khi sao chép. Không khôi phục; hãy dùng một bản sao lưu khác.`
		);
	return { checksum: 'verified', sha256 };
}

function describeCounts(expected: Record<string, number>, actual: Record<string, number>): string[] {
	const problems: string[] = [];
	for (const t of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
		if (!(t in actual)) problems.push(`thiếu bảng ${t}`);
		else if (!(t in expected)) problems.push(`bảng ${t} không có trong danh mục`);
		else if (expected[t] !== actual[t])
			problems.push(`bảng ${t}: ${actual[t]} dòng, danh mục ghi ${expected[t]}`);
	}
	return problems;
}

/**
 * Restores `source` into the new file `target`. `migrations` (tests) is what the code knows; by
 * default the bundled ones.
 */
export async function restoreBackup(
	source: string,
	target: string,
	options: { migrations?: Migration[] } = {}
): Promise<RestoreResult> {
	source = resolve(source);
	target = resolve(target);
	if (!existsSync(source) || !statSync(source).isFile())
		throw new RestoreError('source', `Không tìm thấy tệp sao lưu ${source}.`);
	if (existsSync(target) || existsSync(`${target}.wal`) || source === target)
		throw new RestoreError(
			'target',
			`Tệp đích ${target} đã có: khôi phục chỉ ghi vào một tệp mới, không bao giờ ghi đè. Hãy chọn tên khác (--to) hoặc chuyển tệp cũ đi.`
		);

	const { checksum, sha256 } = await verifySidecar(source);
	const { manifest, fileMigration } = await readBackupManifest(source);
	const migrations = options.migrations ?? bundledMigrations();
	const newest = migrations.reduce((m, x) => Math.max(m, x.version), 0);
	const backupMigration = Math.max(manifest.migrationVersion, fileMigration);
	if (backupMigration > newest)
		throw new RestoreError(
			'newer',
			`Bản sao lưu được tạo bởi phiên bản mới hơn của ứng dụng (${manifest.appVersion}, migration ${backupMigration}); phiên bản đang chạy chỉ biết tới migration ${newest}. Hãy cập nhật ứng dụng rồi khôi phục lại.`
		);

	try {
		makeDirs(dirname(target));
	} catch (e) {
		throw new RestoreError(
			'target',
			`Không tạo được thư mục ${dirname(target)} cho tệp đích (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
			{ cause: e }
		);
	}
	const tmp = join(
		dirname(target),
		`.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.restoring`
	);
	const cleanup = () => {
		for (const f of [tmp, `${tmp}.wal`]) rmSync(f, { force: true });
	};
	try {
		copyFileSync(source, tmp, constants.COPYFILE_EXCL);
		await withInstance(tmp, false, async (conn) => {
			const actual = await countRows(conn, [MANIFEST_TABLE]);
			const problems = describeCounts(manifest.tables, actual);
			if (problems.length > 0)
				throw new RestoreError(
					'counts',
					`Số dòng trong bản sao lưu không khớp danh mục của nó (${problems.join('; ')}): tệp bị sửa hoặc hỏng. Không khôi phục.`
				);
			await conn.run(`DROP TABLE main.${MANIFEST_TABLE}`);
			await conn.run('CHECKPOINT');
		});
		const before = new Set<number>();
		await withInstance(tmp, true, async (conn) => {
			for (const r of (await conn.runAndReadAll('SELECT version FROM schema_migration')).getRowObjectsJS())
				before.add(Number(r.version));
		}).catch(() => undefined); // no schema_migration yet: every migration is pending
		const db = await Database.open(tmp);
		const after = (
			await db.all<{ version: number }>('SELECT version FROM schema_migration ORDER BY version')
		).map((r) => r.version);
		await db.checkpointAndClose();
		if (existsSync(`${tmp}.wal`)) {
			if (statSync(`${tmp}.wal`).size > 0)
				throw new Error('tệp khôi phục còn nhật ký ghi trước (WAL) sau CHECKPOINT');
			rmSync(`${tmp}.wal`, { force: true });
		}
		fsyncPath(tmp);
		try {
			moveNoClobber(tmp, target);
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code === 'EEXIST')
				throw new RestoreError(
					'target',
					`Tệp đích ${target} vừa được tạo bởi một tiến trình khác: không ghi đè.`
				);
			throw e;
		}
		fsyncPath(dirname(target), true);
		return { source, target, manifest, checksum, sha256, applied: after.filter((v) => !before.has(v)) };
	} catch (e) {
		cleanup();
		if (e instanceof RestoreError) throw e;
		throw new RestoreError('failed', `Khôi phục thất bại: ${(e as Error).message}`, { cause: e });
	}
}
