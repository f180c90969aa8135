/**
 * GET /healthz: what a load balancer, Docker's HEALTHCHECK or a monitoring script asks of the
 * server. No session, no page cache, no read cache: the database is asked each time, with a
 * time limit, and a database that does not answer makes the answer 503.
 */
import type { Database } from './db';

/** A database that has not answered within this long counts as down. */
export const PROBE_TIMEOUT_MS = 2_000;

export interface Health {
	status: 'ok' | 'unavailable';
	database: 'ok' | 'unavailable';
	/** Why the database did not answer (never a stack trace). */
	databaseError?: string;
	migration: number | null;
	uptimeSeconds: number;
	lastBackup: { name: string; createdAt: string; ageHours: number } | null;
	version: string;
}

export interface HealthInputs {
	probe: () => Promise<number>;
	startedAt: number;
	lastBackup: () => Promise<{ name: string; createdAt: string } | null>;
	version: string;
	now?: number;
	timeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	return new Promise<T>((ok, fail) => {
		const timer = setTimeout(() => fail(new Error(`không trả lời sau ${ms} ms`)), ms);
		promise.then(
			(v) => (clearTimeout(timer), ok(v)),
			(e) => (clearTimeout(timer), fail(e))
		);
	});
}

export async function healthReport(input: HealthInputs): Promise<Health> {
	const now = input.now ?? Date.now();
	let migration: number | null = null;
	let databaseError: string | undefined;
	try {
		migration = await withTimeout(input.probe(), input.timeoutMs ?? PROBE_TIMEOUT_MS);
	} catch (error) {
		databaseError = error instanceof Error ? error.message.split('\n')[0] : String(error);
	}
	let lastBackup: Health['lastBackup'] = null;
	try {
		const last = await input.lastBackup();
		if (last)
			lastBackup = {
				name: last.name,
				createdAt: last.createdAt,
				ageHours: Math.round(((now - Date.parse(last.createdAt)) / 3600_000) * 10) / 10
			};
	} catch {
		// An unreadable backup folder is not the database being down; the admin page says more.
	}
	const up = databaseError === undefined;
	return {
		status: up ? 'ok' : 'unavailable',
		database: up ? 'ok' : 'unavailable',
		...(up ? {} : { databaseError }),
		migration,
		uptimeSeconds: Math.round((now - input.startedAt) / 1000),
		lastBackup,
		version: input.version
	};
}

/** The newest applied migration, asked of the database itself (never the read cache). */
export async function probeDatabase(db: Database): Promise<number> {
	const [row] = await db.all<{ v: number | null }>('SELECT max(version)::INTEGER AS v FROM schema_migration');
	return row?.v ?? 0;
}
