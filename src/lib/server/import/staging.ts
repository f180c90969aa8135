/**
 * Uploaded files wait here between the preview and the commit, so that a browser without
 * JavaScript does not send them twice: one folder per upload under UPLOAD_DIR (default: the
 * system's temporary folder), named by a random token, readable only by the account that
 * uploaded. The last check's issues are kept beside them for the error report download.
 * Folders older than a few hours are removed on the next upload and by the hourly housekeeping.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { config } from '../config';
import type { ImportIssue } from './issues';

const TTL_MS = 6 * 3600_000;

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

/** Removes uploads older than the time limit. */
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
				if (now - (await stat(dirOf(t))).mtimeMs > TTL_MS)
					await rm(dirOf(t), { recursive: true, force: true });
			} catch {
				/* already gone */
			}
		})
	);
}

/** Keeps uploaded files for `userId`; returns their token. */
export async function stageFiles(
	userId: number,
	files: { name: string; content: Uint8Array }[]
): Promise<Staged> {
	await sweepStaged();
	const token = randomBytes(16).toString('hex');
	const dir = dirOf(token);
	await mkdir(dir, { recursive: true, mode: 0o700 });
	const staged: Staged = {
		token,
		userId,
		createdAt: Date.now(),
		files: files.map((f) => ({ name: safeFileName(f.name), size: f.content.byteLength }))
	};
	await Promise.all(files.map((f, i) => writeFile(join(dir, `${i}.bin`), f.content, { mode: 0o600 })));
	await writeFile(join(dir, 'meta.json'), JSON.stringify(staged), { mode: 0o600 });
	return staged;
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

/** Keeps the issues of the last check of an upload (for the error report download). */
export async function saveIssues(token: string, issues: ImportIssue[]): Promise<void> {
	await writeFile(join(dirOf(token), 'issues.json'), JSON.stringify(issues), { mode: 0o600 });
}

/** The issues of the last check of an upload of `userId`, or null. */
export async function readIssues(
	userId: number,
	token: unknown
): Promise<{ staged: Staged; issues: ImportIssue[] } | null> {
	if (!isToken(token)) return null;
	try {
		const staged = JSON.parse(await readFile(join(dirOf(token), 'meta.json'), 'utf8')) as Staged;
		if (staged.userId !== userId) return null;
		const issues = JSON.parse(await readFile(join(dirOf(token), 'issues.json'), 'utf8')) as ImportIssue[];
		return { staged, issues };
	} catch {
		return null;
	}
}

/** Forgets an upload (after its commit, or when the user discards it). */
export async function dropStaged(token: unknown): Promise<void> {
	if (isToken(token)) await rm(dirOf(token), { recursive: true, force: true });
}
