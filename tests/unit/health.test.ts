import { describe, expect, it } from 'vitest';
import { healthReport } from '../../src/lib/server/health';

const base = {
	startedAt: Date.parse('2026-12-01T00:00:00Z'),
	now: Date.parse('2026-12-01T06:00:30Z'),
	version: '0.1.0',
	lastBackup: async () => ({
		name: 'khoi-thi-dua-20261201-020000.duckdb',
		createdAt: '2026-11-30T19:00:00.000Z'
	})
};

describe('the health report', () => {
	it('is ok with the migration, the uptime and the age of the last backup', async () => {
		expect(await healthReport({ ...base, probe: async () => 5 })).toEqual({
			status: 'ok',
			database: 'ok',
			migration: 5,
			uptimeSeconds: 6 * 3600 + 30,
			lastBackup: {
				name: 'khoi-thi-dua-20261201-020000.duckdb',
				createdAt: '2026-11-30T19:00:00.000Z',
				ageHours: 11
			},
			version: '0.1.0'
		});
	});

	it('is unavailable when the database fails, with the first line of the reason only', async () => {
		const h = await healthReport({
			...base,
			probe: async () => {
				throw new Error('IO Error: could not read\n    at stack line');
			}
		});
		expect(h).toMatchObject({ status: 'unavailable', database: 'unavailable', migration: null });
		expect(h.databaseError).toBe('IO Error: could not read');
	});

	it('is unavailable when the database does not answer in time', async () => {
		const h = await healthReport({ ...base, timeoutMs: 30, probe: () => new Promise<number>(() => {}) });
		expect(h.status).toBe('unavailable');
		expect(h.databaseError).toMatch(/không trả lời sau 30 ms/);
	});

	it('without backups, or with an unreadable backup folder, says so and stays ok', async () => {
		const none = await healthReport({ ...base, probe: async () => 5, lastBackup: async () => null });
		expect(none).toMatchObject({ status: 'ok', lastBackup: null });
		const broken = await healthReport({
			...base,
			probe: async () => 5,
			lastBackup: async () => {
				throw new Error('EACCES');
			}
		});
		expect(broken).toMatchObject({ status: 'ok', lastBackup: null });
	});
});
