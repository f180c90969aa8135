import { describe, expect, it } from 'vitest';
import {
	backupName,
	isBackupName,
	parseBackupName,
	restoredName,
	sidecarName,
	vietnamStamp
} from '../../src/lib/server/backup/names';
import { nextRunAt } from '../../src/lib/server/backup/schedule';
import { parseManifest, parseSidecar } from '../../src/lib/server/backup';

const utc = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('nextRunAt: the next daily run in Vietnam time (UTC+7)', () => {
	it('later the same day when the hour is still ahead', () => {
		// 01:00 in Vietnam (18:00 UTC the day before) → 02:00 in Vietnam = 19:00 UTC.
		expect(iso(nextRunAt(utc('2025-03-09T18:00:00Z'), '02:00'))).toBe('2025-03-09T19:00:00.000Z');
		// 08:00 in Vietnam → 23:30 the same Vietnam day.
		expect(iso(nextRunAt(utc('2025-03-10T01:00:00Z'), '23:30'))).toBe('2025-03-10T16:30:00.000Z');
	});

	it('the next day when the hour has passed, or is now', () => {
		// 03:00 in Vietnam → 02:00 tomorrow.
		expect(iso(nextRunAt(utc('2025-03-09T20:00:00Z'), '02:00'))).toBe('2025-03-10T19:00:00.000Z');
		// Exactly 02:00: the run is now, the next one is tomorrow (strictly after).
		expect(iso(nextRunAt(utc('2025-03-09T19:00:00Z'), '02:00'))).toBe('2025-03-10T19:00:00.000Z');
		expect(iso(nextRunAt(utc('2025-03-09T19:00:00.001Z'), '02:00'))).toBe('2025-03-10T19:00:00.000Z');
		expect(iso(nextRunAt(utc('2025-03-09T18:59:59.999Z'), '02:00'))).toBe('2025-03-09T19:00:00.000Z');
	});

	it('rolls the day over at Vietnam midnight, not UTC midnight', () => {
		// 23:30 UTC is already 06:30 the next day in Vietnam: 07:00 that Vietnam day is 00:00 UTC.
		expect(iso(nextRunAt(utc('2025-03-09T23:30:00Z'), '07:00'))).toBe('2025-03-10T00:00:00.000Z');
		// 17:00 UTC is 00:00 in Vietnam; 00:15 is a quarter of an hour later.
		expect(iso(nextRunAt(utc('2025-03-09T17:00:00Z'), '00:15'))).toBe('2025-03-09T17:15:00.000Z');
		// 23:59 in Vietnam, run at 00:00 → one minute later, the next Vietnam day.
		expect(iso(nextRunAt(utc('2025-03-09T16:59:00Z'), '00:00'))).toBe('2025-03-09T17:00:00.000Z');
	});

	it('across the end of a month, of a year and a leap day', () => {
		expect(iso(nextRunAt(utc('2025-12-31T20:00:00Z'), '02:00'))).toBe('2026-01-01T19:00:00.000Z');
		expect(iso(nextRunAt(utc('2024-02-28T20:00:00Z'), '02:00'))).toBe('2024-02-29T19:00:00.000Z');
		expect(iso(nextRunAt(utc('2025-01-31T20:00:00Z'), '02:00'))).toBe('2025-02-01T19:00:00.000Z');
	});

	it('is always within a day and lands on the asked minute in Vietnam', () => {
		for (let i = 0; i < 500; i++) {
			const now = utc('2020-01-01T00:00:00Z') + Math.floor(Math.random() * 6 * 365 * 86400_000);
			const at = `${String(i % 24).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`;
			const next = nextRunAt(now, at);
			expect(next).toBeGreaterThan(now);
			expect(next - now).toBeLessThanOrEqual(86400_000);
			expect(vietnamStamp(next).slice(9, 13)).toBe(at.replace(':', ''));
		}
	});

	it('refuses a time that is not HH:MM', () => {
		for (const bad of ['2:00', '24:00', '02:60', 'off', '']) expect(() => nextRunAt(0, bad)).toThrow(/HH:MM/);
	});
});

describe('backup names', () => {
	it('are written in Vietnam time, with -N for a second backup in the same second', () => {
		const at = utc('2025-03-09T19:04:05.678Z'); // 02:04:05 on 10/03/2025 in Vietnam
		expect(vietnamStamp(at)).toBe('20250310-020405');
		expect(backupName(at)).toBe('khoi-thi-dua-20250310-020405.duckdb');
		expect(backupName(at, 2)).toBe('khoi-thi-dua-20250310-020405-2.duckdb');
		expect(sidecarName(backupName(at, 2))).toBe('khoi-thi-dua-20250310-020405-2.json');
		expect(restoredName(at)).toBe('khoi-thi-dua-restored-20250310-020405.duckdb');
	});

	it('parse back to the instant they stand for', () => {
		expect(parseBackupName('khoi-thi-dua-20250310-020405.duckdb')).toEqual({
			stamp: '20250310-020405',
			n: 1,
			epochMs: utc('2025-03-09T19:04:05Z')
		});
		expect(parseBackupName('khoi-thi-dua-20250310-020405-12.duckdb')?.n).toBe(12);
	});

	it('accept nothing else: paths, other files, impossible dates, odd suffixes', () => {
		const bad = [
			'',
			'app.duckdb',
			'khoi-thi-dua-20250310-020405.json',
			'khoi-thi-dua-20250310-020405.duckdb.wal',
			'.khoi-thi-dua-20250310-020405.duckdb',
			'khoi-thi-dua-20250310-020405.duckdb/',
			'../khoi-thi-dua-20250310-020405.duckdb',
			'../../app.duckdb',
			'..%2Fapp.duckdb',
			'backups/khoi-thi-dua-20250310-020405.duckdb',
			'khoi-thi-dua-20250310-020405.duckdb\u0000',
			'KHOI-THI-DUA-20250310-020405.DUCKDB',
			'khoi-thi-dua-20250230-020405.duckdb', // 30 February
			'khoi-thi-dua-20251310-020405.duckdb', // month 13
			'khoi-thi-dua-20250310-246000.duckdb',
			'khoi-thi-dua-20250310-020405-0.duckdb',
			'khoi-thi-dua-20250310-020405-01.duckdb',
			'khoi-thi-dua-20250310-020405-12345.duckdb',
			'khoi-thi-dua-restored-20250310-020405.duckdb',
			'khoi-thi-dua-2025031-020405.duckdb'
		];
		for (const name of bad) expect(isBackupName(name), name).toBe(false);
		expect(isBackupName('khoi-thi-dua-20240229-235959.duckdb')).toBe(true);
		expect(isBackupName('khoi-thi-dua-20250229-235959.duckdb')).toBe(false);
	});
});

describe('manifests', () => {
	const manifest = {
		format: 1,
		createdAt: '2025-03-09T19:04:05.678Z',
		kind: 'scheduled',
		appVersion: '0.1.0',
		migrationVersion: 4,
		duckdbVersion: 'v1.5.6',
		tables: { unit: 94, score: 13055 },
		totalRows: 13149
	};

	it('read back what a backup writes', () => {
		expect(parseManifest(manifest)).toEqual(manifest);
		const sidecar = {
			...manifest,
			requestedBy: 'admin',
			name: 'khoi-thi-dua-20250310-020405.duckdb',
			sizeBytes: 1024,
			sha256: 'a'.repeat(64)
		};
		expect(parseSidecar(sidecar)).toEqual(sidecar);
	});

	it('refuse anything else', () => {
		for (const bad of [
			null,
			[],
			'x',
			{ ...manifest, format: 2 },
			{ ...manifest, kind: 'weekly' },
			{ ...manifest, createdAt: 'yesterday' },
			{ ...manifest, migrationVersion: -1 },
			{ ...manifest, tables: { unit: -1 } },
			{ ...manifest, tables: { unit: '94' } }
		])
			expect(parseManifest(bad), JSON.stringify(bad)).toBeNull();
		const ok = {
			...manifest,
			name: 'khoi-thi-dua-20250310-020405.duckdb',
			sizeBytes: 1,
			sha256: 'a'.repeat(64)
		};
		expect(parseSidecar({ ...ok, name: '../x.duckdb' })).toBeNull();
		expect(parseSidecar({ ...ok, sha256: 'xyz' })).toBeNull();
		expect(parseSidecar({ ...ok, sizeBytes: 1.5 })).toBeNull();
	});
});
