/**
 * Sao lưu: the backups of the database (newest first), the settings in force, «Sao lưu ngay»
 * and a download per backup. Admin only: a backup holds every personal datum of the product.
 */
import { fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { backupOverview, createBackup } from '$lib/server/backup';
import { config } from '$lib/server/config';
import { getDatabase } from '$lib/server/db';
import { log } from '$lib/server/log';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, { kind: 'manage:backups' });
	return backupOverview(config());
};

export const actions: Actions = {
	/** Makes a manual backup now (joins one that another admin just started). */
	backup: async (event) => {
		const user = authorize(event, { kind: 'manage:backups' });
		const tt = t(event.locals.lang);
		try {
			const b = await createBackup(await getDatabase(), config().backupDir, {
				kind: 'manual',
				requestedBy: user.username
			});
			log.info(
				{ user: user.userId, backup: b.name, sizeBytes: b.sizeBytes, joined: b.joined },
				'Sao lưu thủ công (trang Sao lưu)'
			);
			return {
				created: b.name,
				message: tt(b.joined ? 'backup.joined' : 'backup.created', { name: b.name })
			};
		} catch (e) {
			log.error({ user: user.userId, err: e }, 'Sao lưu thủ công thất bại');
			return fail(500, { error: tt('backup.error', { detail: (e as Error).message }) });
		}
	}
};
