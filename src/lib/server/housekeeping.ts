/**
 * Housekeeping of the running server: expired sessions, old login attempts and staged uploads
 * past their time are deleted on start and then every hour; and, when the council has turned it
 * on, bloc-years whose self-scoring deadline has passed move to review (scoring/auto-advance.ts).
 */
import { sweepStaged } from './import/staging';
import { LOGIN_THROTTLE } from '../domain/login-throttle';
import type { Database } from './db';
import { log } from './log';
import { advanceAtDeadlines } from './scoring/auto-advance';
import { every, type Service } from './runtime';

const HOUR_MS = 3600_000;
/** Login attempts are kept this long (far past the throttling window) for the admin to read. */
export const LOGIN_ATTEMPT_KEEP_DAYS = 30;

export interface Swept {
	sessions: number;
	loginAttempts: number;
}

/**
 * Deletes expired sessions and login attempts older than LOGIN_ATTEMPT_KEEP_DAYS (always far
 * longer than the login throttle's window; the successes are what tells the rule an address
 * has signed in to an account before). Neither is held by a cache (/admin/logins reads the
 * attempts uncached), so the caches stay.
 */
export async function sweepDatabase(db: Database): Promise<Swept> {
	const keepMinutes = Math.max(LOGIN_ATTEMPT_KEEP_DAYS * 24 * 60, LOGIN_THROTTLE.windowMinutes);
	return db.maintenance(async (conn) => {
		const sessions = await conn.run('DELETE FROM user_session WHERE expires_at <= now()::TIMESTAMP');
		const attempts = await conn.run(
			'DELETE FROM login_attempt WHERE attempted_at < now()::TIMESTAMP - to_minutes($1::INTEGER)',
			[keepMinutes]
		);
		return { sessions: Number(sessions.rowsChanged), loginAttempts: Number(attempts.rowsChanged) };
	});
}

export function housekeeping(db: Database): Service {
	return every('housekeeping', HOUR_MS, async () => {
		const swept = await sweepDatabase(db);
		await sweepStaged();
		if (swept.sessions || swept.loginAttempts)
			log.info(swept, 'Dọn dẹp: đã xóa phiên hết hạn và lần đăng nhập cũ');
		// Issue 14 part 6: the stage by itself at the self-scoring deadline (a council setting, off).
		const moved = await advanceAtDeadlines(db);
		if (moved.length) log.info({ moved }, 'Hết hạn tự chấm: khối đã tự chuyển sang giai đoạn khối chấm');
	});
}
