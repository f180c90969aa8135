/**
 * Where each running upload is, for the progress bar: kept in this process's memory (one server
 * process, as DuckDB requires), by account and an id the browser chose, and forgotten a while
 * after it ends. Only the account that started an upload can read its progress.
 */
import type { ImportProgress } from '.';

interface Entry extends ImportProgress {
	userId: number;
	updatedAt: number;
}

const KEEP_MS = 10 * 60_000;
const entries = new Map<string, Entry>();

const key = (userId: number, id: string) => `${userId}:${id}`;

/** Ids the browser may choose: short, URL-safe. */
export function isProgressId(id: unknown): id is string {
	return typeof id === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(id);
}

function sweep(now: number) {
	for (const [k, e] of entries) if (now - e.updatedAt > KEEP_MS) entries.delete(k);
}

/** Records a step of the upload `id` of `userId`. */
export function reportProgress(userId: number, id: string, p: ImportProgress): void {
	const now = Date.now();
	if (entries.size > 1000) sweep(now);
	entries.set(key(userId, id), { ...p, userId, updatedAt: now });
}

/** The last step of an upload of this account, or null. */
export function readProgress(userId: number, id: string): ImportProgress | null {
	const e = entries.get(key(userId, id));
	if (!e) return null;
	return { phase: e.phase, file: e.file, done: e.done, total: e.total };
}
