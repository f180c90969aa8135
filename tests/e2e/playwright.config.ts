import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EMPTY_ADMIN, EMPTY_PORT, SAMPLE_PORT } from './empty-server';

const port = SAMPLE_PORT;
// A fresh database per run: the server loads the sample province on first start.
const dbDir = process.env.E2E_DB_DIR ?? (process.env.E2E_DB_DIR = mkdtempSync(join(tmpdir(), 'ktd-e2e-')));

export default defineConfig({
	testDir: '.',
	testMatch: '**/*.spec.ts',
	outputDir: '../../test-results/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	forbidOnly: true,
	reporter: [['list']],
	timeout: 30_000,
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		viewport: { width: 1366, height: 900 },
		// Charts then draw without animation, so screenshots show final values.
		contextOptions: { reducedMotion: 'reduce' },
		launchOptions: {
			// Debian's Chromium; Playwright never downloads a browser here.
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--headless=new',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: [
		{
			command: 'node build/start.js',
			cwd: '../..',
			url: `http://127.0.0.1:${port}/`,
			timeout: 120_000,
			reuseExistingServer: false,
			env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dbDir, 'e2e.duckdb') }
		},
		{
			// The first admin made on the command line, as the README tells a council.
			command: `echo "$ADMIN_PASSWORD" | node build/cli/user-add.js --username ${EMPTY_ADMIN.username} --name "Quản trị hội đồng" --role admin && node build/start.js`,
			cwd: '../..',
			url: `http://127.0.0.1:${EMPTY_PORT}/login`,
			timeout: 120_000,
			reuseExistingServer: false,
			env: {
				PORT: String(EMPTY_PORT),
				HOST: '127.0.0.1',
				DATABASE_PATH: join(dbDir, 'empty.duckdb'),
				SEED_SAMPLE: '0',
				ADMIN_PASSWORD: EMPTY_ADMIN.password
			}
		}
	]
});
