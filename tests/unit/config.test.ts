import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, SETTINGS } from '../../src/lib/server/config';
import {
	renderExampleEnv,
	renderSettingsTable,
	SETTINGS_END,
	SETTINGS_START
} from '../../src/lib/server/config-docs';

function problems(env: Record<string, string>): string[] {
	try {
		parseConfig(env);
	} catch (e) {
		if (e instanceof ConfigError) return e.problems.map((p) => p.name);
		throw e;
	}
	return [];
}

describe('the configuration', () => {
	it('has a default for every setting when nothing is set', () => {
		const c = parseConfig({});
		expect(c.port).toBe(3000);
		expect(c.host).toBe('0.0.0.0');
		expect(c.databasePath).toBe(resolve('data/khoi-thi-dua.duckdb'));
		expect(c.backupDir).toBe(resolve('data/backups'));
		expect(c.controlSocket).toBe(resolve('data/khoi-thi-dua.duckdb') + '.sock');
		expect(c.seedSample).toBe(true);
		expect(c.trustProxy).toBe(false);
		expect(c.origin).toBeNull();
		expect(c.backupAt).toBe('02:00');
		expect(c.backupKeep).toBe(14);
		expect(c.sessionHours).toBe(12);
		expect(c.uploadMaxMb).toBe(50);
		expect(c.uploadAccountMb).toBe(500);
		expect(c.xlsxTimeoutSeconds).toBe(30);
		expect(c.pageCacheMb).toBe(64);
		expect(c.shutdownTimeoutSeconds).toBe(15);
		expect(c.logLevel).toBe('info');
		expect(c.duckdbThreads).toBe(1);
	});

	it('reads valid values, and an empty value counts as unset', () => {
		const c = parseConfig({
			PORT: '8080',
			HOST: '127.0.0.1',
			DATABASE_PATH: '/srv/ktd/db.duckdb',
			SEED_SAMPLE: '0',
			TRUST_PROXY: '1',
			ORIGIN: 'https://thidua.example.vn/',
			SESSION_HOURS: '0.5',
			BACKUP_AT: 'off',
			BACKUP_DIR: '',
			PAGE_CACHE_MB: '0',
			LOG_LEVEL: 'warn'
		});
		expect(c).toMatchObject({
			port: 8080,
			host: '127.0.0.1',
			databasePath: '/srv/ktd/db.duckdb',
			backupDir: '/srv/ktd/backups',
			seedSample: false,
			trustProxy: true,
			origin: 'https://thidua.example.vn',
			sessionHours: 0.5,
			backupAt: null,
			pageCacheMb: 0,
			logLevel: 'warn'
		});
	});

	it('refuses a bad value with a message naming the variable, the value and what it needs', () => {
		expect(() => parseConfig({ PORT: 'abc' })).toThrow(
			'Thiết lập PORT="abc" không hợp lệ: cần một số nguyên'
		);
		expect(() => parseConfig({ PORT: '70000' })).toThrow(/PORT="70000".*1–65535/);
		expect(() => parseConfig({ BACKUP_AT: '25:00' })).toThrow(/BACKUP_AT.*HH:MM/);
	});

	it('lists every bad variable at once, not only the first', () => {
		expect(
			problems({
				PORT: '3000x',
				SEED_SAMPLE: 'yes',
				TRUST_PROXY: '2',
				SESSION_HOURS: '0',
				UPLOAD_MAX_MB: '50MB',
				UPLOAD_ACCOUNT_MB: '0',
				XLSX_TIMEOUT: 'ba mươi',
				PAGE_CACHE_MB: '-1',
				BACKUP_KEEP: '1.5',
				SHUTDOWN_TIMEOUT: 'lâu',
				LOG_LEVEL: 'verbose',
				UV_THREADPOOL_SIZE: '0',
				ORIGIN: 'thidua.example.vn',
				HOST: 'a b'
			})
		).toEqual([
			'PORT',
			'HOST',
			'SEED_SAMPLE',
			'ORIGIN',
			'TRUST_PROXY',
			'SESSION_HOURS',
			'UV_THREADPOOL_SIZE',
			'UPLOAD_MAX_MB',
			'UPLOAD_ACCOUNT_MB',
			'XLSX_TIMEOUT',
			'PAGE_CACHE_MB',
			'BACKUP_KEEP',
			'SHUTDOWN_TIMEOUT',
			'LOG_LEVEL'
		]);
	});

	it('refuses an origin with a path or another scheme, and a database path too long for its control socket', () => {
		expect(problems({ ORIGIN: 'https://thidua.example.vn/app' })).toEqual(['ORIGIN']);
		expect(problems({ ORIGIN: 'ftp://thidua.example.vn' })).toEqual(['ORIGIN']);
		expect(problems({ ORIGIN: 'http://10.0.0.5:3000' })).toEqual([]);
		expect(problems({ DATABASE_PATH: '/' + 'd'.repeat(120) + '.duckdb' })).toEqual(['DATABASE_PATH']);
	});

	it('is documented in example.env and the README exactly as config.ts says (npm run docs)', () => {
		expect(readFileSync('example.env', 'utf8')).toBe(renderExampleEnv());
		const readme = readFileSync('README.md', 'utf8');
		const block = readme.slice(
			readme.indexOf(SETTINGS_START) + SETTINGS_START.length,
			readme.indexOf(SETTINGS_END)
		);
		expect(block.trim()).toBe(renderSettingsTable().trim());
		for (const s of SETTINGS) expect(block).toContain(`\`${s.name}\``);
	});

	it('example.env parses back to the defaults', () => {
		const env: Record<string, string> = {};
		for (const line of renderExampleEnv().split('\n')) {
			const m = /^#([A-Z_]+)=(.*)$/.exec(line);
			if (m) env[m[1]!] = m[2]!;
		}
		expect(Object.keys(env)).toEqual(SETTINGS.map((s) => s.name));
		expect(parseConfig(env)).toEqual(parseConfig({}));
	});

	it('is the only server module that reads the environment', () => {
		const offenders: string[] = [];
		const walk = (dir: string) => {
			for (const name of readdirSync(dir)) {
				const path = join(dir, name);
				if (statSync(path).isDirectory()) walk(path);
				else if (/\.(ts|svelte)$/.test(name) && !path.endsWith(join('server', 'config.ts'))) {
					const text = readFileSync(path, 'utf8').replace(/process\.env\.NODE_ENV/g, '');
					if (/process\.env\b/.test(text)) offenders.push(path);
				}
			}
		};
		walk('src/lib');
		walk('src/routes');
		expect(offenders).toEqual([]);
	});
});
