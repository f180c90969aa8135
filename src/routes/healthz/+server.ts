import { json } from '@sveltejs/kit';
import { listBackups } from '$lib/server/backup';
import { config } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { healthReport, probeDatabase } from '$lib/server/health';
import { runtime } from '$lib/server/runtime';
import { APP_VERSION } from '$lib/server/version';
import type { RequestHandler } from './$types';

/** Health of the running server: 200 when the database answers, 503 when it does not. */
export const GET: RequestHandler = async () => {
	const health = await healthReport({
		probe: async () => probeDatabase(await getDatabase()),
		startedAt: runtime().startedAt,
		lastBackup: async () => (await listBackups(config().backupDir))[0] ?? null,
		version: APP_VERSION
	});
	return json(health, {
		status: health.status === 'ok' ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
};
