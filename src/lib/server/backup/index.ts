/**
 * Backups of the product's one DuckDB file, made by the process that has it open (the running
 * server, or `npm run backup` when no server runs).
 *
 * A backup is ONE DuckDB file written inside one transaction on a connection of the open
 * database: CHECKPOINT (when no writer is busy), BEGIN, ATTACH a temporary file, count the rows
 * of every table, COPY FROM DATABASE into the attached file (tables, views, sequences with their
 * current values), write the manifest into its table `_backup_manifest`, COMMIT, DETACH. The
 * counts and the copy read the same snapshot, so the file holds the database as it was at one
 * instant: a save committed during the copy is either wholly in it or not at all. Writers are
 * not blocked (DuckDB's MVCC); nothing is written to the main database, so the read caches are
 * kept (withConnection, never run/transaction).
 *
 * Then the file is flushed to disk (fsync), its SHA-256 computed, and it is renamed to its final
 * name (names.ts) with the manifest beside it as `<name>.json` (plus checksum and size).
 * One backup at a time per database: a second request of the same kind joins the running one,
 * another kind waits for it. Retention (pruneBackups) deletes only scheduled backups.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
	chmodSync,
	closeSync,
	createReadStream,
	existsSync,
	fsyncSync,
	linkSync,
	mkdirSync,
	openSync,
	renameSync,
	rmSync,
	statSync,
	statfsSync,
	unlinkSync,
	writeFileSync
} from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Config } from '../config';
import { DatabaseClosingError, type Database } from '../db';
import { APP_VERSION } from '../version';
import { BACKUP_PREFIX, backupName, isBackupName, sidecarName } from './names';

export { isBackupName, parseBackupName, sidecarName } from './names';

export const BACKUP_KINDS = ['manual', 'scheduled', 'cli'] as const;
/** manual: «Sao lưu ngay» on the admin page; scheduled: BACKUP_AT; cli: `npm run backup`. */
export type BackupKind = (typeof BACKUP_KINDS)[number];

/** The table of a backup file that holds its manifest (dropped by a restore). */
export const MANIFEST_TABLE = '_backup_manifest';
export const MANIFEST_FORMAT = 1;

/** What a backup holds: written into the backup file and, with checksum and size, beside it. */
export interface BackupManifest {
	format: typeof MANIFEST_FORMAT;
	/** The instant of the copy's snapshot (ISO, UTC). */
	createdAt: string;
	kind: BackupKind;
	/** Account (manual) or operating-system user (cli) who asked; absent for scheduled ones. */
	requestedBy?: string;
	/** package.json "version" of the app that made it. */
	appVersion: string;
	/** Newest migration applied to the database (max(version) of schema_migration). */
	migrationVersion: number;
	duckdbVersion: string;
	/** Rows of every table of the database at that instant. */
	tables: Record<string, number>;
	totalRows: number;
}

/** One backup as listed: its manifest, file name, full path, size and SHA-256. */
export interface BackupInfo extends BackupManifest {
	name: string;
	file: string;
	sizeBytes: number;
	sha256: string;
}

export interface BackupResult extends BackupInfo {
	/** True when this request joined a backup another request had started. */
	joined: boolean;
}

export interface BackupRequest {
	kind: BackupKind;
	requestedBy?: string | null;
}

/** Why a backup could not be made; the message is for the person who asked (Vietnamese). */
export class BackupError extends Error {
	constructor(
		readonly code: 'dir' | 'space' | 'closing' | 'failed',
		message: string,
		options?: { cause?: unknown }
	) {
		super(message, options);
		this.name = 'BackupError';
	}
}

/** What createBackup needs of the database (the app's Database, or a test's stand-in). */
export type BackupSource = Pick<Database, 'path' | 'withConnection'>;

const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;
const quoteString = (s: string) => `'${s.replaceAll("'", "''")}'`;

interface Running {
	kind: BackupKind;
	dir: string;
	promise: Promise<BackupInfo>;
}
const KEY = Symbol.for('khoi-thi-dua.backups');
type GlobalWithBackups = typeof globalThis & { [KEY]?: Map<string, Running> };
/** Backups in progress, by database path (on globalThis: one map per process, across reloads). */
function runningBackups(): Map<string, Running> {
	const g = globalThis as GlobalWithBackups;
	return (g[KEY] ??= new Map());
}

/**
 * Makes a backup of `db` into `dir` (created if needed). A request of the same kind and folder
 * as the backup running joins it (same file, `joined: true`); any other waits for it first.
 */
export async function createBackup(
	db: BackupSource,
	dir: string,
	request: BackupRequest
): Promise<BackupResult> {
	const running = runningBackups();
	for (;;) {
		const current = running.get(db.path);
		if (!current) break;
		if (current.kind === request.kind && current.dir === dir)
			return { ...(await current.promise), joined: true };
		await current.promise.catch(() => undefined);
	}
	const promise = makeBackup(db, dir, request);
	const entry: Running = { kind: request.kind, dir, promise };
	running.set(db.path, entry);
	try {
		return { ...(await promise), joined: false };
	} finally {
		if (running.get(db.path) === entry) running.delete(db.path);
	}
}

/** Waits until no backup of this database is running (a clean stop calls it). */
export async function waitForBackups(db: Pick<Database, 'path'>): Promise<void> {
	for (;;) {
		const current = runningBackups().get(db.path);
		if (!current) return;
		await current.promise.catch(() => undefined);
	}
}

/** Whether a backup of this database is running now. */
export function backupRunning(db: Pick<Database, 'path'>): boolean {
	return runningBackups().has(db.path);
}

/** Backups hold every personal datum: owner read-write, group read (the folder is 0750). */
const FILE_MODE = 0o640;
const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toLocaleString('vi-VN', { maximumFractionDigits: 1 });

/**
 * mkdir -p, one level at a time: Node's recursive mkdirSync never returns for some paths (a
 * folder under /proc), which would stop the whole server.
 */
export function makeDirs(dir: string, mode = 0o750): void {
	const missing: string[] = [];
	for (let d = resolve(dir); !existsSync(d);) {
		missing.push(d);
		const up = dirname(d);
		if (up === d) break;
		d = up;
	}
	for (const d of missing.reverse()) {
		try {
			mkdirSync(d, { mode });
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		}
	}
}

/** The folder exists (created if needed), takes a new file, and has room for a copy. */
function prepareDir(dir: string, dbPath: string): void {
	const probe = join(dir, `.${BACKUP_PREFIX}write-test-${process.pid}-${randomBytes(4).toString('hex')}`);
	try {
		makeDirs(dir, 0o750);
		writeFileSync(probe, '', { flag: 'wx' });
		unlinkSync(probe);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code ?? '';
		throw new BackupError(
			'dir',
			`Không ghi được vào thư mục sao lưu ${dir} (${code || (e as Error).message}): hãy kiểm tra BACKUP_DIR và quyền ghi của tài khoản chạy máy chủ.`,
			{ cause: e }
		);
	}
	if (dbPath === ':memory:') return;
	let need = 0;
	for (const f of [dbPath, `${dbPath}.wal`]) if (existsSync(f)) need += statSync(f).size;
	let free: number;
	try {
		const fs = statfsSync(dir);
		free = Number(fs.bavail) * Number(fs.bsize);
	} catch {
		return; // no statfs on this platform: the copy itself reports a full disk
	}
	const margin = Math.max(16 * MB, need * 0.1);
	if (free < need + margin)
		throw new BackupError(
			'space',
			`Không đủ chỗ trống trong thư mục sao lưu ${dir}: còn ${mb(free)} MB, cần khoảng ${mb(need + margin)} MB.`
		);
}

/** Tables of the connection's main database, as `name` (or `schema.name` outside main). */
async function tablesOf(conn: DuckDBConnection): Promise<{ key: string; sql: string }[]> {
	const rows = (
		await conn.runAndReadAll(
			`SELECT schema_name AS s, table_name AS t FROM duckdb_tables()
			 WHERE database_name = current_database() AND NOT temporary ORDER BY schema_name, table_name`
		)
	).getRowObjectsJS() as { s: string; t: string }[];
	return rows.map(({ s, t }) => ({
		key: s === 'main' ? t : `${s}.${t}`,
		sql: `${quoteIdent(s)}.${quoteIdent(t)}`
	}));
}

/** Rows of each table, in one statement (so all read the transaction's snapshot together). */
export async function countRows(
	conn: DuckDBConnection,
	exclude: string[] = []
): Promise<Record<string, number>> {
	const tables = (await tablesOf(conn)).filter((t) => !exclude.includes(t.key));
	if (tables.length === 0) return {};
	const sql = tables
		.map((t, i) => `SELECT ${i} AS i, count(*)::BIGINT AS n FROM ${t.sql}`)
		.join(' UNION ALL ');
	const counts = new Map(
		((await conn.runAndReadAll(sql)).getRowObjectsJS() as { i: number; n: bigint }[]).map((r) => [
			r.i,
			Number(r.n)
		])
	);
	return Object.fromEntries(tables.map((t, i) => [t.key, counts.get(i) ?? 0]));
}

async function migrationVersion(conn: DuckDBConnection): Promise<number> {
	const [row] = (
		await conn.runAndReadAll('SELECT coalesce(max(version), 0)::INTEGER AS v FROM schema_migration')
	).getRowObjectsJS() as { v: number }[];
	return row?.v ?? 0;
}

/** SHA-256 (hex) and size of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; sizeBytes: number }> {
	const hash = createHash('sha256');
	let sizeBytes = 0;
	for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
		hash.update(chunk as Buffer);
		sizeBytes += (chunk as Buffer).length;
	}
	return { sha256: hash.digest('hex'), sizeBytes };
}

/** Flushes a file (or, with `dir`, a folder's entries) to the disk. */
export function fsyncPath(path: string, dir = false): void {
	let fd: number | null = null;
	try {
		fd = openSync(path, dir ? 'r' : 'r+');
		fsyncSync(fd);
	} catch (e) {
		// Some platforms cannot fsync a folder; a file must be flushed.
		if (!dir) throw e;
	} finally {
		if (fd !== null) closeSync(fd);
	}
}

/** Moves `from` to `to` without ever replacing an existing `to` (link, then unlink). */
export function moveNoClobber(from: string, to: string): void {
	try {
		linkSync(from, to);
		unlinkSync(from);
		return;
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') throw e;
		if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw e;
	}
	// A file system without hard links: check, then rename.
	if (existsSync(to)) throw Object.assign(new Error(`${to} đã có`), { code: 'EEXIST' });
	renameSync(from, to);
}

function removeQuietly(...files: string[]): void {
	for (const f of files) rmSync(f, { force: true });
}

async function makeBackup(db: BackupSource, dir: string, request: BackupRequest): Promise<BackupInfo> {
	prepareDir(dir, db.path);
	const tmp = join(
		dir,
		`.${BACKUP_PREFIX}${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}.tmp`
	);
	const alias = `ktd_backup_${randomBytes(6).toString('hex')}`;
	let manifest: BackupManifest;
	try {
		manifest = await db.withConnection(async (conn) => {
			// Writes the WAL into the file first; refused while another write transaction runs,
			// which changes nothing for the copy (it reads the snapshot either way).
			await conn.run('CHECKPOINT').catch(() => undefined);
			await conn.run('BEGIN TRANSACTION');
			let attached = false;
			try {
				await conn.run(`ATTACH ${quoteString(tmp)} AS ${alias}`);
				attached = true;
				const createdAt = new Date().toISOString();
				const [name] = (await conn.runAndReadAll('SELECT current_database() AS d')).getRowObjectsJS() as {
					d: string;
				}[];
				const tables = await countRows(conn);
				const m: BackupManifest = {
					format: MANIFEST_FORMAT,
					createdAt,
					kind: request.kind,
					...(request.requestedBy ? { requestedBy: request.requestedBy.slice(0, 100) } : {}),
					appVersion: APP_VERSION,
					migrationVersion: await migrationVersion(conn),
					duckdbVersion: String(
						((await conn.runAndReadAll('SELECT version() AS v')).getRowObjectsJS()[0] as { v: string }).v
					),
					tables,
					totalRows: Object.values(tables).reduce((a, b) => a + b, 0)
				};
				await conn.run(`COPY FROM DATABASE ${quoteIdent(name!.d)} TO ${alias}`);
				await conn.run(
					`CREATE TABLE ${alias}.main.${MANIFEST_TABLE} (format INTEGER NOT NULL, manifest VARCHAR NOT NULL)`
				);
				await conn.run(`INSERT INTO ${alias}.main.${MANIFEST_TABLE} VALUES ($1, $2)`, [
					MANIFEST_FORMAT,
					JSON.stringify(m)
				]);
				await conn.run('COMMIT');
				// Everything into the copy's file now (DETACH would too), so no WAL is left beside it.
				await conn.run(`CHECKPOINT ${alias}`);
				return m;
			} catch (e) {
				await conn.run('ROLLBACK').catch(() => undefined);
				throw e;
			} finally {
				if (attached) await conn.run(`DETACH DATABASE IF EXISTS ${alias}`).catch(() => undefined);
			}
		});
	} catch (e) {
		removeQuietly(tmp, `${tmp}.wal`);
		if (e instanceof DatabaseClosingError)
			throw new BackupError('closing', 'Máy chủ đang dừng: không sao lưu được lúc này.', { cause: e });
		throw new BackupError('failed', `Sao lưu thất bại: ${(e as Error).message}`, { cause: e });
	}

	/** The final file once moved: removed again if its manifest cannot be written. */
	let moved: string | null = null;
	try {
		const wal = `${tmp}.wal`;
		if (existsSync(wal)) {
			if (statSync(wal).size > 0)
				throw new Error('bản sao còn nhật ký ghi trước (WAL) chưa được ghi vào tệp');
			removeQuietly(wal);
		}
		chmodSync(tmp, FILE_MODE);
		fsyncPath(tmp);
		const { sha256, sizeBytes } = await hashFile(tmp);
		const at = Date.parse(manifest.createdAt);
		let name = backupName(at);
		for (let n = 2; existsSync(join(dir, name)) || existsSync(join(dir, sidecarName(name))); n++)
			name = backupName(at, n);
		const file = join(dir, name);
		const info: BackupInfo = { ...manifest, name, file, sizeBytes, sha256 };
		const sidecarTmp = `${tmp}.json`;
		const { file: _file, ...stored } = info;
		writeFileSync(sidecarTmp, JSON.stringify(stored, null, '\t') + '\n', { flag: 'wx', mode: FILE_MODE });
		fsyncPath(sidecarTmp);
		moveNoClobber(tmp, file);
		moved = file;
		renameSync(sidecarTmp, join(dir, sidecarName(name)));
		fsyncPath(dir, true);
		return info;
	} catch (e) {
		removeQuietly(tmp, `${tmp}.wal`, `${tmp}.json`, ...(moved ? [moved] : []));
		throw new BackupError('failed', `Sao lưu thất bại khi ghi tệp: ${(e as Error).message}`, { cause: e });
	}
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/** A manifest read from JSON, or null when it is not one. */
export function parseManifest(value: unknown): BackupManifest | null {
	if (!isRecord(value)) return null;
	const {
		format,
		createdAt,
		kind,
		requestedBy,
		appVersion,
		migrationVersion,
		duckdbVersion,
		tables,
		totalRows
	} = value;
	if (format !== MANIFEST_FORMAT) return null;
	if (typeof createdAt !== 'string' || !Number.isFinite(Date.parse(createdAt))) return null;
	if (!(BACKUP_KINDS as readonly unknown[]).includes(kind)) return null;
	if (requestedBy !== undefined && typeof requestedBy !== 'string') return null;
	if (typeof appVersion !== 'string' || typeof duckdbVersion !== 'string') return null;
	if (!Number.isInteger(migrationVersion) || (migrationVersion as number) < 0) return null;
	if (!isRecord(tables) || !Object.values(tables).every((n) => Number.isInteger(n) && (n as number) >= 0))
		return null;
	if (!Number.isInteger(totalRows)) return null;
	return {
		format: MANIFEST_FORMAT,
		createdAt,
		kind: kind as BackupKind,
		...(requestedBy ? { requestedBy } : {}),
		appVersion,
		migrationVersion: migrationVersion as number,
		duckdbVersion,
		tables: tables as Record<string, number>,
		totalRows: totalRows as number
	};
}

/** A sidecar manifest (`<name>.json`), or null when it is not one. */
export function parseSidecar(value: unknown): Omit<BackupInfo, 'file'> | null {
	const manifest = parseManifest(value);
	if (!manifest || !isRecord(value)) return null;
	const { name, sizeBytes, sha256 } = value;
	if (typeof name !== 'string' || !isBackupName(name)) return null;
	if (!Number.isInteger(sizeBytes) || (sizeBytes as number) < 0) return null;
	if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) return null;
	return { ...manifest, name, sizeBytes: sizeBytes as number, sha256 };
}

/**
 * The backups in `dir`, newest first, read from their sidecar manifests. Files that are not a
 * backup (other names, temporary files, a manifest without its .duckdb, unreadable JSON) are
 * ignored; a missing folder has none.
 */
export async function listBackups(dir: string): Promise<BackupInfo[]> {
	let entries: string[];
	try {
		entries = await readdir(dir);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') return [];
		throw e;
	}
	const names = new Set(entries);
	const found: BackupInfo[] = [];
	for (const entry of entries) {
		if (!entry.endsWith('.json')) continue;
		const name = entry.slice(0, -'.json'.length) + '.duckdb';
		if (!isBackupName(name) || !names.has(name)) continue;
		try {
			const sidecar = parseSidecar(JSON.parse(await readFile(join(dir, entry), 'utf8')));
			if (!sidecar || sidecar.name !== name) continue;
			if (!(await stat(join(dir, name))).isFile()) continue;
			found.push({ ...sidecar, file: join(dir, name) });
		} catch {
			// unreadable or not JSON: not a backup
		}
	}
	return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
}

/** The backup of that exact name in `dir`, or null (the name is checked before any file access). */
export async function findBackup(dir: string, name: string): Promise<BackupInfo | null> {
	if (!isBackupName(name)) return null;
	return (await listBackups(dir)).find((b) => b.name === name) ?? null;
}

const STALE_TMP_MS = 24 * 3600_000;

/**
 * Retention: keeps the newest `keep` scheduled backups and deletes older scheduled ones (file
 * and manifest). Manual and command-line backups are never deleted automatically. Also removes
 * temporary files of backups that stopped more than a day ago. Returns the deleted names.
 */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
	const scheduled = (await listBackups(dir)).filter((b) => b.kind === 'scheduled');
	const removed: string[] = [];
	for (const b of scheduled.slice(Math.max(0, keep))) {
		removeQuietly(b.file, join(dir, sidecarName(b.name)));
		removed.push(b.name);
	}
	for (const entry of await readdir(dir).catch(() => [] as string[])) {
		if (!entry.startsWith(`.${BACKUP_PREFIX}`) || !/\.tmp(\.wal|\.json)?$/.test(entry)) continue;
		const file = join(dir, entry);
		try {
			if (Date.now() - statSync(file).mtimeMs > STALE_TMP_MS) removeQuietly(file);
		} catch {
			// gone meanwhile
		}
	}
	return removed;
}

/** One row of the admin page's list. */
export interface BackupRow {
	name: string;
	createdAtMs: number;
	kind: BackupKind;
	requestedBy: string | null;
	sizeBytes: number;
	migrationVersion: number;
	tableCount: number;
	totalRows: number;
	sha256: string;
}

/** What the admin page shows: the newest backups and the settings in force. */
export async function backupOverview(cfg: Pick<Config, 'backupDir' | 'backupAt' | 'backupKeep'>, limit = 50) {
	const all = await listBackups(cfg.backupDir);
	const rows: BackupRow[] = all.slice(0, limit).map((b) => ({
		name: b.name,
		createdAtMs: Date.parse(b.createdAt),
		kind: b.kind,
		requestedBy: b.requestedBy ?? null,
		sizeBytes: b.sizeBytes,
		migrationVersion: b.migrationVersion,
		tableCount: Object.keys(b.tables).length,
		totalRows: b.totalRows,
		sha256: b.sha256
	}));
	return {
		backups: rows,
		total: all.length,
		settings: { dir: cfg.backupDir, at: cfg.backupAt, keep: cfg.backupKeep }
	};
}

/** The backup file as a download (the caller has authorised it and found it by name). */
export function backupDownload(backup: Pick<BackupInfo, 'name' | 'file'>): Response {
	const size = statSync(backup.file).size;
	const stream = createReadStream(backup.file);
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			stream.on('data', (chunk) => {
				controller.enqueue(new Uint8Array(chunk as Buffer));
				if ((controller.desiredSize ?? 1) <= 0) stream.pause();
			});
			stream.on('end', () => controller.close());
			stream.on('error', (e) => controller.error(e));
		},
		pull() {
			stream.resume();
		},
		cancel() {
			stream.destroy();
		}
	});
	return new Response(body, {
		headers: {
			'Content-Type': 'application/octet-stream',
			'Content-Length': String(size),
			'Content-Disposition': `attachment; filename="${backup.name}"`,
			'Cache-Control': 'private, no-store'
		}
	});
}
