/**
 * Uploaded files wait here between the preview and the commit, so that a browser without
 * JavaScript does not send them twice: one folder per upload under UPLOAD_DIR (default: the
 * system's temporary folder), named by a random token, readable only by the account that
 * uploaded. The last check's issues are kept beside them for the error report download, cut
 * short (issues.ts `shortenIssues`). Folders older than a few hours are removed on the next
 * upload and by the hourly housekeeping.
 *
 * Each account has UPLOAD_ACCOUNT_MB of room (config.ts): a new upload first removes that
 * account's oldest waiting uploads (abandoned checks, most often) until it fits; one that cannot
 * fit even alone is refused, as is any when the disk is full. Uploads of one account are staged one at a time, so that two at
 * once cannot both find room. Writes are atomic (a temporary name, then a rename): after a crash
 * a folder is complete or has no meta.json (ignored, and removed after a quarter of an hour).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CellChanges } from '../../domain/cell-changes';
import { config } from '../config';
import { log } from '../log';
import { shortenIssues, type ImportIssue, type StoredIssues } from './issues';

const TTL_MS = 6 * 3600_000;
/** A folder still without meta.json after this long was left by a crash. */
const INCOMPLETE_MS = 15 * 60_000;

/** UPLOAD_DIR (see config.ts). */
export function stagingRoot(): string {
	return config().uploadDir;
}

export interface StagedFile {
	name: string;
	size: number;
}

export interface Staged {
	token: string;
	userId: number;
	createdAt: number;
	files: StagedFile[];
}

export function isToken(token: unknown): token is string {
	return typeof token === 'string' && /^[0-9a-f]{32}$/.test(token);
}

/** A file name as shown and used for detection: no folders, no control characters, at most 200 characters. */
export function safeFileName(name: string): string {
	const base = [...name.replace(/^.*[\\/]/, '')]
		.filter((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) !== 127)
		.join('')
		.trim();
	return (base || 'tep').slice(0, 200);
}

const dirOf = (token: string) => join(stagingRoot(), token);

/**
 * How an upload's folder is removed: whole, and tried again when the disk is slow to let go of a
 * file just written (ENOTEMPTY, EBUSY), seen on a loaded server, where it failed the request.
 */
const REMOVE = { recursive: true, force: true, maxRetries: 3 } as const;

/** Writes `file` whole or not at all: a temporary name in the same folder, then a rename. */
async function writeAtomic(file: string, content: string | Uint8Array): Promise<void> {
	const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		await writeFile(temporary, content, { mode: 0o600 });
		await rename(temporary, file);
	} catch (e) {
		await rm(temporary, { force: true });
		throw e;
	}
}

async function readMeta(token: string): Promise<Staged | null> {
	try {
		return JSON.parse(await readFile(join(dirOf(token), 'meta.json'), 'utf8')) as Staged;
	} catch {
		return null;
	}
}

/** Removes uploads older than the time limit, and folders a crash left without meta.json. */
export async function sweepStaged(now = Date.now()): Promise<void> {
	let names: string[];
	try {
		names = await readdir(stagingRoot());
	} catch {
		return;
	}
	await Promise.all(
		names.filter(isToken).map(async (t) => {
			try {
				const age = now - (await stat(dirOf(t))).mtimeMs;
				if (age > TTL_MS || (age > INCOMPLETE_MS && !(await readMeta(t)))) await rm(dirOf(t), REMOVE);
			} catch {
				/* already gone */
			}
		})
	);
}

/** An upload waiting for `userId`, with the bytes it takes on disk. */
export interface Waiting {
	token: string;
	createdAt: number;
	bytes: number;
}

/** The uploads waiting for `userId`, oldest first. */
export async function waitingUploads(userId: number): Promise<Waiting[]> {
	let names: string[];
	try {
		names = await readdir(stagingRoot());
	} catch {
		return [];
	}
	const found = await Promise.all(
		names.filter(isToken).map(async (token): Promise<Waiting | null> => {
			const meta = await readMeta(token);
			if (!meta || meta.userId !== userId) return null;
			try {
				const files = await readdir(dirOf(token));
				const sizes = await Promise.all(files.map(async (f) => (await stat(join(dirOf(token), f))).size));
				return { token, createdAt: meta.createdAt, bytes: sizes.reduce((a, b) => a + b, 0) };
			} catch {
				return null;
			}
		})
	);
	return found.filter((w): w is Waiting => w !== null).sort((a, b) => a.createdAt - b.createdAt);
}

/** UPLOAD_ACCOUNT_MB in bytes. */
export function accountRoomBytes(): number {
	return Math.floor(config().uploadAccountMb * 1024 * 1024);
}

/** The staging of each account, one upload at a time. */
const queues = new Map<number, Promise<unknown>>();

function oneAtATime<T>(userId: number, run: () => Promise<T>): Promise<T> {
	const previous = queues.get(userId) ?? Promise.resolve();
	const next = previous.then(run, run);
	const settled = next.catch(() => {});
	queues.set(userId, settled);
	void settled.then(() => {
		if (queues.get(userId) === settled) queues.delete(userId);
	});
	return next;
}

export type StageResult =
	| { ok: true; staged: Staged }
	/** Larger than the account's room alone (`roomMb`), or the disk is full (`roomMb` null). */
	| { ok: false; roomMb: number | null };

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Keeps uploaded files for `userId` and returns their token, after removing that account's
 * oldest waiting uploads if it needs the room; refused when the files alone exceed the room.
 */
export function stageFiles(
	userId: number,
	files: { name: string; content: Uint8Array }[]
): Promise<StageResult> {
	return oneAtATime(userId, async () => {
		await sweepStaged();
		const room = accountRoomBytes();
		const needed = files.reduce((n, f) => n + f.content.byteLength, 0);
		if (needed > room) return { ok: false as const, roomMb: config().uploadAccountMb };
		const waiting = await waitingUploads(userId);
		let used = waiting.reduce((n, w) => n + w.bytes, 0);
		for (const w of waiting) {
			if (used + needed <= room) break;
			await rm(dirOf(w.token), REMOVE);
			used -= w.bytes;
			log.info({ user: userId, bytes: w.bytes }, 'Bỏ lần tải lên cũ nhất của tài khoản để có chỗ');
		}
		const token = randomBytes(16).toString('hex');
		const dir = dirOf(token);
		await mkdir(dir, { recursive: true, mode: 0o700 });
		const staged: Staged = {
			token,
			userId,
			createdAt: Date.now(),
			files: files.map((f) => ({ name: safeFileName(f.name), size: f.content.byteLength }))
		};
		try {
			await Promise.all(files.map((f, i) => writeAtomic(join(dir, `${i}.bin`), f.content)));
			// Last: the upload exists for readers once its meta.json does.
			await writeAtomic(join(dir, 'meta.json'), JSON.stringify(staged));
		} catch (e) {
			await rm(dir, REMOVE);
			if (!DISK_FULL.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
			log.error({ err: e, dir: stagingRoot() }, 'Hết chỗ trên đĩa cho tệp tải lên');
			return { ok: false as const, roomMb: null };
		}
		return { ok: true as const, staged };
	});
}

/** The upload `token` of `userId` with its files' bytes, or null (unknown, expired, someone else's). */
export async function openStaged(
	userId: number,
	token: unknown
): Promise<{ staged: Staged; contents: Uint8Array[] } | null> {
	if (!isToken(token)) return null;
	try {
		const staged = JSON.parse(await readFile(join(dirOf(token), 'meta.json'), 'utf8')) as Staged;
		if (staged.userId !== userId || staged.token !== token) return null;
		const contents = await Promise.all(staged.files.map((_, i) => readFile(join(dirOf(token), `${i}.bin`))));
		return { staged, contents: contents.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)) };
	} catch {
		return null;
	}
}

/**
 * Keeps the issues of the last check of an upload (for the error report download), cut short;
 * returns what was kept. A second check of the same upload replaces them whole.
 */
export async function saveIssues(token: string, issues: readonly ImportIssue[]): Promise<StoredIssues> {
	const stored = shortenIssues(issues);
	try {
		await writeAtomic(join(dirOf(token), 'issues.json'), JSON.stringify(stored));
	} catch (e) {
		// Removed while it was checked (its account's newer uploads needed the room): the
		// report goes with it, and the next step says the upload has expired.
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
	}
	return stored;
}

/**
 * Keeps the cells the last check of an upload changes and its digest (issue 15): the list the
 * page pages through, and what the commit must change, no more, no less.
 */
export async function saveChanges(token: string, changes: CellChanges, digest: string | null): Promise<void> {
	try {
		await writeAtomic(join(dirOf(token), 'changes.json'), JSON.stringify({ ...changes, digest }));
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
	}
}

/** The changed cells of the last check of an upload of `userId` (digest null: it had errors), or null. */
export async function readChanges(
	userId: number,
	token: unknown
): Promise<(Omit<CellChanges, 'digest'> & { digest: string | null }) | null> {
	if (!isToken(token)) return null;
	try {
		const staged = JSON.parse(await readFile(join(dirOf(token), 'meta.json'), 'utf8')) as Staged;
		if (staged.userId !== userId || staged.token !== token) return null;
		return JSON.parse(await readFile(join(dirOf(token), 'changes.json'), 'utf8')) as Omit<
			CellChanges,
			'digest'
		> & { digest: string | null };
	} catch {
		return null;
	}
}

/** The issues of the last check of an upload of `userId`, or null. */
export async function readIssues(
	userId: number,
	token: unknown
): Promise<({ staged: Staged } & StoredIssues) | null> {
	if (!isToken(token)) return null;
	try {
		const staged = JSON.parse(await readFile(join(dirOf(token), 'meta.json'), 'utf8')) as Staged;
		if (staged.userId !== userId) return null;
		const stored = JSON.parse(await readFile(join(dirOf(token), 'issues.json'), 'utf8')) as
			StoredIssues | ImportIssue[];
		// Written before reports were cut short: every issue.
		if (Array.isArray(stored)) return { staged, issues: stored, total: stored.length, shortened: [] };
		return { staged, ...stored };
	} catch {
		return null;
	}
}

/** Forgets an upload (after its commit, or when the user discards it). */
export async function dropStaged(token: unknown): Promise<void> {
	if (isToken(token)) await rm(dirOf(token), REMOVE);
}
