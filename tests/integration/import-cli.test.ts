import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/lib/server/db';
import { contentDigest } from '../helpers/snapshot';

const dir = mkdtempSync(join(tmpdir(), 'ktd-cli-'));
const dbPath = join(dir, 'cli.duckdb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runImport(...args: string[]) {
	return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], {
		env: { ...process.env, DATABASE_PATH: dbPath },
		encoding: 'utf8',
		timeout: 60_000
	});
}

async function digest(): Promise<string> {
	const db = await Database.open(dbPath);
	try {
		return await contentDigest(db, { exclude: ['import_log'] });
	} finally {
		db.close();
	}
}

describe('npm run import', () => {
	it('imports a folder, prints what it added, and exits 0', () => {
		const r = runImport('tests/fixtures/small');
		expect(r.stderr).not.toMatch(/LỖI/);
		expect(r.status).toBe(0);
		expect(r.stdout).toContain('Đã nhập trong một giao dịch');
		expect(r.stdout).toMatch(/Kết quả chấm điểm: 25 thêm mới, 0 thay thế, 0 không đổi/);
	});

	it('prints file, row, column and reason for a score above its maximum, exits 1, and changes nothing', async () => {
		const before = await digest();
		const bad = join(dir, 'diem_2024.csv');
		writeFileSync(
			bad,
			'\uFEFFNăm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm\n2024,K01,XA01,TC01,"45,5",40\n'
		);
		const r = runImport(bad);
		expect(r.status).toBe(1);
		expect(r.stderr).toContain(
			'LỖI diem_2024.csv, dòng 2, cột E "Điểm tự chấm" (self_score), giá trị "45,5": 45,5 vượt điểm tối đa 40 của tiêu chí TC01 (nội dung)'
		);
		expect(r.stderr).toContain('Không có thay đổi nào được ghi');
		expect(await digest()).toBe(before);
	});

	it('importing the same folder twice gives the same database', async () => {
		const before = await digest();
		const r = runImport('tests/fixtures/small');
		expect(r.status).toBe(0);
		expect(r.stdout).toMatch(/Kết quả chấm điểm: 0 thêm mới, 0 thay thế, 25 không đổi/);
		expect(await digest()).toBe(before);
	});

	it('explains its usage when given nothing', () => {
		const r = runImport();
		expect(r.status).toBe(2);
		expect(r.stdout).toContain('Cách dùng');
	});
});
