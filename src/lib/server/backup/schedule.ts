/**
 * The daily automatic backup of the running server: at BACKUP_AT (Vietnam time, "HH:MM"; off
 * when null) a 'scheduled' backup into BACKUP_DIR, then retention keeps the newest BACKUP_KEEP
 * scheduled ones (manual and command-line backups are never deleted automatically).
 * A run missed while the server was stopped is not made up at the next start.
 */
import type { Config } from '../config';
import type { Database } from '../db';
import { log } from '../log';
import type { Service } from '../runtime';
import { createBackup, pruneBackups } from '.';
import { VIETNAM_OFFSET_MS } from './names';

const DAY_MS = 24 * 3600_000;
/** The timer wakes at least this often and checks the wall clock (it may have been changed). */
const MAX_SLEEP_MS = 3600_000;

/** The first instant strictly after `now` (epoch ms) when Vietnam's clock reads `at` ("HH:MM"). */
export function nextRunAt(now: number, at: string): number {
	const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(at);
	if (!m) throw new Error(`Giờ sao lưu không hợp lệ: ${at} (cần HH:MM)`);
	const local = now + VIETNAM_OFFSET_MS;
	const midnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
	let run = midnight + Number(m[1]) * 3600_000 + Number(m[2]) * 60_000 - VIETNAM_OFFSET_MS;
	if (run <= now) run += DAY_MS;
	return run;
}

/** The ServiceStarter: arms the daily backup when `backupAt` is set. */
export function scheduledBackups(db: Database, cfg: Config): Service {
	const at = cfg.backupAt;
	if (!at) {
		log.info('Sao lưu tự động: tắt (BACKUP_AT=off)');
		return { name: 'scheduled-backups', stop() {} };
	}
	let timer: ReturnType<typeof setTimeout> | null = null;
	let running: Promise<void> | null = null;
	let stopped = false;
	let due = nextRunAt(Date.now(), at);

	const run = async () => {
		try {
			const b = await createBackup(db, cfg.backupDir, { kind: 'scheduled' });
			log.info(
				{ backup: b.name, sizeBytes: b.sizeBytes, totalRows: b.totalRows, sha256: b.sha256 },
				'Sao lưu tự động: xong'
			);
			const removed = await pruneBackups(cfg.backupDir, cfg.backupKeep);
			if (removed.length)
				log.info({ removed, keep: cfg.backupKeep }, 'Sao lưu tự động: đã xóa bản tự động cũ');
		} catch (error) {
			log.error({ err: error, dir: cfg.backupDir }, 'Sao lưu tự động thất bại');
		}
	};

	const arm = () => {
		if (stopped) return;
		const wait = Math.max(0, Math.min(due - Date.now(), MAX_SLEEP_MS));
		timer = setTimeout(tick, wait);
		timer.unref();
	};
	const tick = () => {
		timer = null;
		if (stopped) return;
		const now = Date.now();
		if (now < due) return arm();
		due = nextRunAt(now, at);
		running = run().finally(() => {
			running = null;
			arm();
		});
	};

	arm();
	log.info({ at, next: new Date(due).toISOString(), dir: cfg.backupDir }, 'Sao lưu tự động: đã hẹn giờ');
	return {
		name: 'scheduled-backups',
		async stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			timer = null;
			await running;
		}
	};
}
