/**
 * One backup file as a download, admin only. The name must be exactly one of the listed
 * backups (src/lib/server/backup), so no URL can reach another file.
 */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { backupDownload, findBackup } from '$lib/server/backup';
import { config } from '$lib/server/config';
import { log } from '$lib/server/log';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = authorize(event, { kind: 'manage:backups' });
	const backup = await findBackup(config().backupDir, event.params.name);
	if (!backup) error(404, t(event.locals.lang)('error.notFound'));
	log.info({ user: user.userId, backup: backup.name }, 'Tải bản sao lưu xuống');
	return backupDownload(backup);
};
