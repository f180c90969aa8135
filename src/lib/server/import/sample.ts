import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '../config';
import type { Grant } from '../../domain/policy';
import { insertUser } from '../auth/users';
import type { Database } from '../db';
import { formatIssue, importPaths } from '.';

/** The bundled sample province: SAMPLE_DIR (see config.ts). */
export function sampleDir(): string {
	return config().sampleDir;
}

/**
 * Loads the sample province into an empty database (no units yet), unless SEED_SAMPLE=0.
 * Returns whether it loaded. A sample that fails validation is a bug: it throws.
 */
export async function loadSampleIfEmpty(db: Database): Promise<boolean> {
	if (!config().seedSample) return false;
	const [row] = await db.all<{ n: number }>('SELECT count(*)::INTEGER AS n FROM unit');
	if ((row?.n ?? 0) > 0) return false;
	const dir = sampleDir();
	if (!existsSync(dir)) return false;
	const result = await importPaths(db, [dir], { source: 'sample' });
	if (!result.committed)
		throw new Error(`Không nạp được dữ liệu mẫu:\n${result.issues.map(formatIssue).join('\n')}`);
	await loadSampleAccounts(db, dir);
	return true;
}

interface SampleAccount {
	username: string;
	displayName: string;
	grants: Grant[];
	passwordHash: string;
}

/** The sample accounts (accounts.json beside the CSV files), when there is no account yet. */
export async function loadSampleAccounts(db: Database, dir = sampleDir()): Promise<number> {
	const file = join(dir, 'accounts.json');
	if (!existsSync(file)) return 0;
	const accounts = JSON.parse(readFileSync(file, 'utf8')) as SampleAccount[];
	return db.transaction(async (conn) => {
		const [row] = (await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM app_user')).getRowObjectsJS();
		if (Number(row?.n ?? 0) > 0) return 0;
		for (const a of accounts) await insertUser(conn, a, a.passwordHash);
		return accounts.length;
	});
}
