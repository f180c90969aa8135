import { mkdirSync, mkdtempSync, rmSync, utimesSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { housekeeping, sweepDatabase } from '../../src/lib/server/housekeeping';
import { tempDatabase } from '../helpers/db';

describe('housekeeping', () => {
	let t: Awaited<ReturnType<typeof tempDatabase>>;
	const uploads = mkdtempSync(join(tmpdir(), 'ktd-uploads-'));
	beforeAll(async () => {
		t = await tempDatabase();
		process.env.UPLOAD_DIR = uploads;
	});
	afterAll(() => {
		delete process.env.UPLOAD_DIR;
		t.cleanup();
		rmSync(uploads, { recursive: true, force: true });
	});

	async function seed() {
		await t.db.run(`DELETE FROM user_session; DELETE FROM login_attempt`);
		await t.db.run(`INSERT INTO user_session (token_hash, user_id, created_at, expires_at) VALUES
			('expired', 1, now()::TIMESTAMP - INTERVAL 2 DAY, now()::TIMESTAMP - INTERVAL 1 MINUTE),
			('live', 1, now()::TIMESTAMP, now()::TIMESTAMP + INTERVAL 1 HOUR)`);
		await t.db.run(`INSERT INTO login_attempt (attempted_at, username, address, success) VALUES
			(now()::TIMESTAMP - INTERVAL 31 DAY, 'a', '10.0.0.1', false),
			(now()::TIMESTAMP - INTERVAL 29 DAY, 'b', '10.0.0.1', false),
			(now()::TIMESTAMP - INTERVAL 1 MINUTE, 'c', '10.0.0.1', false)`);
	}

	it('deletes expired sessions and login attempts older than 30 days, and nothing else', async () => {
		await seed();
		expect(await sweepDatabase(t.db)).toEqual({ sessions: 1, loginAttempts: 1 });
		expect((await t.db.all('SELECT token_hash FROM user_session')).map((r) => r.token_hash)).toEqual([
			'live'
		]);
		expect((await t.db.all('SELECT username FROM login_attempt ORDER BY 1')).map((r) => r.username)).toEqual([
			'b',
			'c'
		]);
	});

	it('keeps the read caches: it changes nothing a page shows', async () => {
		await seed();
		const generation = t.db.generation;
		await sweepDatabase(t.db);
		expect(t.db.generation).toBe(generation);
	});

	it('runs at start as a service, also sweeping staged uploads past their time', async () => {
		await seed();
		const old = join(uploads, 'a'.repeat(32));
		const fresh = join(uploads, 'b'.repeat(32));
		mkdirSync(old, { recursive: true });
		mkdirSync(fresh, { recursive: true });
		const sevenHoursAgo = new Date(Date.now() - 7 * 3600_000);
		utimesSync(old, sevenHoursAgo, sevenHoursAgo);
		const service = housekeeping(t.db);
		await service.stop(); // waits for the first run, started at once
		expect(existsSync(old)).toBe(false);
		expect(existsSync(fresh)).toBe(true);
		expect((await t.db.all('SELECT token_hash FROM user_session')).length).toBe(1);
	});
});
