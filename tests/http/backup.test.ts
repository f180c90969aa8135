/**
 * Backups of the running, BUILT app (tests/helpers/app-server.ts): `npm run backup` asks the
 * server through its control socket while a bloc leader keeps saving a score sheet; the admin
 * page lists the backup and downloads it byte for byte; after the server stops, `npm run
 * restore` writes a new file equal to the database at backup time: every table as in the
 * manifest, and as in the original file minus the saves made after the backup.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups, type BackupInfo } from '../../src/lib/server/backup';
import { Database } from '../../src/lib/server/db';
import { bundledMigrations } from '../../src/lib/server/db/migrate';
import { startApp, type RunningApp } from '../helpers/app-server';

const GRID = '/blocs/K04/2025/units/SO03'; // K04 2025 is in review: its leader saves bloc scores
const SO03 = `year = 2025 AND bloc_code = 'K04' AND unit_code = 'SO03'`;

let app: RunningApp;
let admin = '';
let leader = '';

function run(script: string, args: string[], env: Record<string, string>) {
	return new Promise<{ status: number | null; stdout: string; stderr: string }>((ok) => {
		const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
			env: { ...process.env, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('exit', (status) => ok({ status, stdout, stderr }));
	});
}

/** The sheet's version and criterion codes, as the leader sees them. */
async function sheet(): Promise<{ version: number; criteria: string[] }> {
	const html = await (await app.request(GRID, { cookie: leader })).text();
	const version = /<dd data-version[^>]*>(\d+)</.exec(html);
	const criteria = [...html.matchAll(/<tr data-criterion="([^"]+)"/g)].map((m) => m[1]!);
	if (!version || criteria.length === 0) throw new Error(`${GRID}: no version or criteria`);
	return { version: Number(version[1]), criteria };
}

/** The i-th save writes this bloc score into every criterion (within every maximum, never twice in a row). */
const valueOf = (i: number) => ((i % 16) + 1) / 4;

const json = (row: unknown) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
async function rows(db: Database, table: string, where = 'true'): Promise<string[]> {
	return (await db.all(`SELECT * FROM "${table}" WHERE ${where} ORDER BY ALL`)).map(json);
}

/** A daily backup time twelve hours away (Vietnam time), so that none runs during the test. */
const farAt = (() => {
	const vn = new Date(Date.now() + 19 * 3600_000); // UTC+7, plus 12 hours
	return `${String(vn.getUTCHours()).padStart(2, '0')}:${String(vn.getUTCMinutes()).padStart(2, '0')}`;
})();

beforeAll(async () => {
	app = await startApp({ BACKUP_AT: farAt, BACKUP_KEEP: '3' });
	admin = await app.login('admin');
	leader = await app.login('truongkhoi.k04');
}, 150_000);

afterAll(async () => {
	await app?.stop();
}, 30_000);

describe('backups of the running server', () => {
	let backup: BackupInfo;
	let v0 = 0;
	let criteria: string[] = [];
	let saves = 0;
	let savedBeforeCli = 0;
	let startedBeforeCliEnd = 0;
	const backupDir = () => join(app.dir, 'backups');

	it('npm run backup asks the server through its socket while a leader keeps saving', async () => {
		const socket = `${app.dbPath}.sock`;
		expect(statSync(socket).isSocket()).toBe(true);
		expect(statSync(socket).mode & 0o777).toBe(0o600);
		({ version: v0, criteria } = await sheet());

		const save = async () => {
			const i = saves + 1;
			const fields: Record<string, string> = { version: String(v0 + saves) };
			for (const c of criteria) fields[`value.${c}`] = String(valueOf(i)).replace('.', ',');
			const res = await app.post(`${GRID}?/review`, fields, leader);
			const body = await res.text();
			expect(res.status, body.slice(0, 400)).toBe(303);
			saves = i;
		};
		await save();
		await save();
		savedBeforeCli = saves;
		let cliDone = false;
		const cli = run('scripts/backup.ts', [], { DATABASE_PATH: app.dbPath }).finally(() => (cliDone = true));
		while (!cliDone) {
			startedBeforeCliEnd = saves + 1;
			await save();
		}
		const r = await cli;
		for (let i = 0; i < 3; i++) await save(); // after the backup

		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/^Đã sao lưu qua máy chủ đang chạy \(PID \d+, cơ sở dữ liệu .*app\.duckdb\)\./);
		const list = await listBackups(backupDir());
		expect(list).toHaveLength(1);
		backup = list[0]!;
		const newest = Math.max(...bundledMigrations().map((m) => m.version));
		expect(backup).toMatchObject({ kind: 'cli', migrationVersion: newest });
		expect(r.stdout).toContain(`Tệp / file:            ${backup.file}`);
		expect(r.stdout).toContain(`SHA-256:               ${backup.sha256}`);
		expect(r.stdout).toMatch(/Tổng số dòng \/ rows: +[\d.]+\n/);
		expect(startedBeforeCliEnd, 'saves while the command ran').toBeGreaterThan(savedBeforeCli);

		// /healthz now tells the age of this backup.
		const health = await (await app.request('/healthz')).json();
		expect(health.lastBackup).toMatchObject({ name: backup.name, createdAt: backup.createdAt });
		expect(health.lastBackup.ageHours).toBeGreaterThanOrEqual(0);
		expect(health.lastBackup.ageHours).toBeLessThan(1);
	}, 120_000);

	it('the admin index links the tools and tells the latest backup', async () => {
		const html = await (await app.request('/admin', { cookie: admin })).text();
		// SvelteKit writes links relative to the page: ./admin/backups.
		expect(html).toMatch(/href="[./]*admin\/backups"/);
		expect(html).toMatch(/href="[./]*admin\/logins"/);
		expect(html).toMatch(/Bản gần nhất: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(tất cả 1 bản\)/);
		expect(html).toContain('Không có tài khoản nào đang bị giữ.');
	});

	it('the admin page lists it and downloads it byte for byte', async () => {
		const page = await app.request('/admin/backups', { cookie: admin });
		const html = await page.text();
		expect(page.status).toBe(200);
		expect(html).toContain('Sao lưu cơ sở dữ liệu');
		expect(html).toContain('Sao lưu ngay');
		expect(html).toContain(`data-backup="${backup.name}"`);
		expect(html).toContain('Dòng lệnh');
		expect(html).toContain(backup.sha256.slice(0, 12));
		expect(html).toContain(`hằng ngày lúc ${farAt} (giờ Việt Nam)`);
		expect(html).toContain('3 bản tự động mới nhất');
		expect(html).toContain(`<code data-setting="dir">${app.dir}/backups</code>`);

		const res = await app.request(`/admin/backups/${backup.name}`, { cookie: admin });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${backup.name}"`);
		expect(res.headers.get('cache-control')).toMatch(/no-store/);
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(bytes.equals(readFileSync(backup.file))).toBe(true);
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(backup.sha256);
	});

	it('serves no other file: traversal, unlisted names, non-admins', async () => {
		const tries = [
			'..%2Fapp.duckdb',
			'..%2F..%2Fapp.duckdb',
			'%2e%2e%2fapp.duckdb',
			'..%5Capp.duckdb',
			`..%2Fbackups%2F${backup.name}`,
			`${backup.name.replace('.duckdb', '.json')}`,
			'khoi-thi-dua-20200101-000000.duckdb',
			'app.duckdb',
			encodeURIComponent(`${backup.name}\u0000`)
		];
		for (const name of tries) {
			const res = await app.request(`/admin/backups/${name}`, { cookie: admin });
			await res.arrayBuffer();
			expect([name, res.status]).toEqual([name, 404]);
		}
		const asLeader = await app.request(`/admin/backups/${backup.name}`, { cookie: leader });
		await asLeader.arrayBuffer();
		expect(asLeader.status).toBe(403);
		const anonymous = await app.request(`/admin/backups/${backup.name}`);
		await anonymous.arrayBuffer();
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toMatch(/^\/login\?next=/);
	});

	it('«Sao lưu ngay» makes a manual backup in the admin’s name', async () => {
		const res = await app.post('/admin/backups?/backup', {}, admin);
		const html = await res.text();
		expect(res.status, html.slice(0, 400)).toBe(200);
		expect(html).toMatch(/Đã sao lưu: khoi-thi-dua-\d{8}-\d{6}(-\d+)?\.duckdb/);
		const [newest] = await listBackups(backupDir());
		expect(newest).toMatchObject({ kind: 'manual', requestedBy: 'admin' });
		expect(newest!.name).not.toBe(backup.name);
	});

	it('after the server stops, npm run restore gives the database as it was at backup time', async () => {
		const socket = `${app.dbPath}.sock`;
		await app.server.stop();
		expect(existsSync(socket)).toBe(false);

		const target = join(app.dir, 'restored.duckdb');
		const r = await run('scripts/restore.ts', [backup.file, '--to', target], { DATABASE_PATH: app.dbPath });
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toContain(`Đã khôi phục vào tệp mới / restored into a new file:\n  ${target}`);
		expect(r.stdout).toContain('khớp tệp ghi kèm .json');
		expect(r.stdout).toContain('Bước tiếp theo / next steps:');

		const restored = await Database.open(target);
		const original = await Database.open(app.dbPath);
		try {
			// Every table, as many rows as the manifest says.
			const tables = (
				await restored.all<{ t: string }>(
					`SELECT table_name AS t FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1`
				)
			).map((x) => x.t);
			expect(tables).toEqual(Object.keys(backup.tables).sort());
			for (const t of tables) expect([t, (await rows(restored, t)).length]).toEqual([t, backup.tables[t]]);

			// The sheet as one of the saves left it, wholly: k saves in, the later ones out.
			const [sheetRow] = await restored.all<{ version: number }>(
				`SELECT version FROM score_sheet WHERE ${SO03}`
			);
			const k = sheetRow!.version - v0;
			expect(k).toBeGreaterThanOrEqual(savedBeforeCli);
			expect(k).toBeLessThanOrEqual(startedBeforeCliEnd);
			expect(k).toBeLessThan(saves);
			const scores = await restored.all<{ c: string; v: number }>(
				`SELECT criterion_code AS c, reviewed_score::DOUBLE AS v FROM score WHERE ${SO03}`
			);
			const values = new Set(scores.filter((s) => criteria.includes(s.c)).map((s) => s.v));
			expect([...values]).toEqual([valueOf(k)]);

			// The original file (after stop) is the restored one plus the later saves only.
			for (const t of tables) {
				if (t === 'audit_log') continue;
				// Later saves changed SO03's cells, its sheet version and its stored totals only.
				const scoped = t === 'score' || t === 'score_sheet' || t === 'unit_total';
				const where = scoped ? `NOT (${SO03})` : 'true';
				expect([t, await rows(restored, t, where)]).toEqual([t, await rows(original, t, where)]);
			}
			const [orig] = await original.all<{ version: number }>(`SELECT version FROM score_sheet WHERE ${SO03}`);
			expect(orig!.version).toBe(v0 + saves);
			const before = new Set(await rows(restored, 'audit_log'));
			const after = await rows(original, 'audit_log');
			expect(after.filter((row) => before.has(row))).toHaveLength(before.size); // nothing lost
			const later = after.filter((row) => !before.has(row)).map((row) => JSON.parse(row));
			expect(later).toHaveLength(criteria.length * (saves - k));
			expect(later.every((a) => a.unit_code === 'SO03' && a.action === 'score.review')).toBe(true);
		} finally {
			restored.close();
			original.close();
		}
	}, 120_000);

	it('with no server running, npm run backup opens the file itself', async () => {
		const r = await run('scripts/backup.ts', [], { DATABASE_PATH: app.dbPath });
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('Không có máy chủ đang chạy: đã tự mở');
		expect(await listBackups(backupDir())).toHaveLength(3);
	}, 60_000);
});
