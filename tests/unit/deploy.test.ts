/**
 * The deployment files say what the server needs: the systemd unit (deploy/khoi-thi-dua.service)
 * and the Dockerfile, read as text (neither systemd nor Docker runs here).
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/lib/server/config';

/** Lines without comments, a line ending in a backslash joined to the next (systemd, Docker). */
function logicalLines(text: string): string[] {
	const lines: string[] = [];
	let pending = '';
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (line.startsWith('#') || line.startsWith(';')) continue;
		if (line.endsWith('\\')) pending += `${line.slice(0, -1)} `;
		else {
			if (pending + line) lines.push(pending + line);
			pending = '';
		}
	}
	return lines;
}

/** Section → key → every value (systemd keys such as Environment= repeat). */
type Ini = Map<string, Map<string, string[]>>;

function parseIni(text: string): Ini {
	const ini: Ini = new Map();
	let section: Map<string, string[]> | undefined;
	for (const line of logicalLines(text)) {
		const head = /^\[(.+)\]$/.exec(line);
		if (head) {
			section = ini.get(head[1]!) ?? new Map();
			ini.set(head[1]!, section);
			continue;
		}
		const eq = line.indexOf('=');
		if (!section || eq < 0) throw new Error(`not an INI line: ${line}`);
		const key = line.slice(0, eq).trim();
		section.set(key, [...(section.get(key) ?? []), line.slice(eq + 1).trim()]);
	}
	return ini;
}

const unit = parseIni(readFileSync('deploy/khoi-thi-dua.service', 'utf8'));
const service = unit.get('Service') ?? new Map<string, string[]>();
/** The one value of a [Service] key (the last, as systemd takes it). */
const get = (key: string) => service.get(key)?.at(-1);
const environment = new Map(
	(service.get('Environment') ?? [])
		.flatMap((v) => v.split(/\s+/))
		.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const)
);
const seconds = (v: string | undefined) => {
	const m = /^(\d+)\s*(s|sec|min)?$/.exec(v ?? '');
	return m ? Number(m[1]) * (m[2] === 'min' ? 60 : 1) : NaN;
};

describe('deploy/khoi-thi-dua.service', () => {
	it('has the Unit, Service and Install sections', () => {
		expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
		expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
	});

	it('runs build/start.js from /opt/khoi-thi-dua as a dedicated user, not root', () => {
		expect(get('User')).toBe('thidua');
		expect(['root', '0']).not.toContain(get('Group'));
		expect(get('WorkingDirectory')).toBe('/opt/khoi-thi-dua');
		expect(get('ExecStart')).toBe('/usr/bin/node build/start.js');
	});

	it('reads the settings file, with production values of its own', () => {
		expect(get('EnvironmentFile')).toBe('-/etc/khoi-thi-dua.env');
		expect(Object.fromEntries(environment)).toMatchObject({
			NODE_ENV: 'production',
			DATABASE_PATH: '/var/lib/khoi-thi-dua/khoi-thi-dua.duckdb',
			BACKUP_DIR: '/var/backups/khoi-thi-dua',
			SEED_SAMPLE: '0'
		});
	});

	it('restarts on failure, but not on a bad configuration (exit 78)', () => {
		expect(get('Restart')).toBe('on-failure');
		expect(get('RestartPreventExitStatus')?.split(/\s+/)).toContain('78');
	});

	it('stops with SIGTERM and waits longer than the server drains requests', () => {
		const shutdownDefault = Number(SETTINGS.find((s) => s.name === 'SHUTDOWN_TIMEOUT')?.default);
		expect(shutdownDefault).toBe(15);
		expect(get('KillSignal')).toBe('SIGTERM');
		expect(seconds(get('TimeoutStopSec'))).toBeGreaterThan(shutdownDefault + 10);
	});

	it('is hardened, and can still write the database and backup folders', () => {
		expect(get('NoNewPrivileges')).toBe('yes');
		expect(get('ProtectSystem')).toBe('strict');
		expect(get('PrivateTmp')).toBe('yes');
		expect(get('ProtectHome')).toBe('yes');
		// Node's JIT needs writable executable memory.
		expect(get('MemoryDenyWriteExecute')).toBeUndefined();
		expect(get('StateDirectory')).toBe('khoi-thi-dua');

		const writable = (service.get('ReadWritePaths') ?? []).flatMap((v) => v.split(/\s+/));
		const covered = (dir: string) =>
			writable.some((w) => {
				const p = w.replace(/^-/, '').replace(/\/$/, '');
				return dir === p || dir.startsWith(`${p}/`);
			});
		const dbDir = dirname(environment.get('DATABASE_PATH')!);
		expect(dbDir).toBe(`/var/lib/${get('StateDirectory')}`);
		expect(covered(dbDir)).toBe(true);
		expect(covered(environment.get('BACKUP_DIR')!)).toBe(true);
		// The backup folder is created before the sandbox starts.
		expect(service.get('ExecStartPre')?.join('\n')).toContain(environment.get('BACKUP_DIR'));
	});
});

/** Dockerfile instructions (continuation lines joined), grouped by FROM stage. */
function dockerStages(text: string): { op: string; args: string }[][] {
	const stages: { op: string; args: string }[][] = [];
	for (const line of logicalLines(text)) {
		const m = /^([A-Za-z]+)\s+(.*)$/.exec(line);
		if (!m) continue;
		const ins = { op: m[1]!.toUpperCase(), args: m[2]!.trim() };
		if (ins.op === 'FROM') stages.push([]);
		stages.at(-1)?.push(ins);
	}
	return stages;
}

describe('Dockerfile', () => {
	const text = readFileSync('Dockerfile', 'utf8');
	const stages = dockerStages(text);
	const final = stages.at(-1) ?? [];
	const args = (op: string) => final.filter((i) => i.op === op).map((i) => i.args);

	it('builds in one stage and runs in another', () => {
		expect(stages.length).toBeGreaterThanOrEqual(2);
		for (const s of stages) expect(s[0]?.args).toMatch(/^node:20-bookworm-slim\b/);
		const build = stages[0]!.map((i) => i.args).join('\n');
		expect(build).toContain('npm install');
		expect(build).toContain('npm run build');
		expect(build).toContain('npm prune --omit=dev');
		// npm install, not npm ci: see the README.
		expect(stages.flat().map((i) => i.args)).not.toContainEqual(expect.stringMatching(/npm ci\b/));
	});

	it('runs as a user that is not root', () => {
		const user = args('USER').at(-1);
		expect(user).toBeDefined();
		expect(['root', '0', '0:0']).not.toContain(user);
	});

	it('keeps the data in a volume, serves port 3000, checks /healthz, runs build/start.js', () => {
		expect(args('VOLUME')).toContain('/data');
		const env = args('ENV').join(' ');
		expect(env).toContain('DATABASE_PATH=/data/');
		expect(env).toContain('BACKUP_DIR=/data/');
		expect(env).toContain('NODE_ENV=production');
		expect(args('EXPOSE')).toContain('3000');
		expect(args('HEALTHCHECK').join(' ')).toContain('/healthz');
		expect(args('STOPSIGNAL')).toEqual(['SIGTERM']);
		expect(JSON.parse(args('CMD').at(-1) ?? 'null')).toEqual(['node', 'build/start.js']);
	});

	it('is built without local state (.dockerignore)', () => {
		const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
		for (const p of [
			'node_modules',
			'build',
			'.svelte-kit',
			'data/*.duckdb*',
			'test-results',
			'.git',
			'.env'
		])
			expect(ignored).toContain(p);
	});
});
