/**
 * First step of `npm test`: what the tests need from the system, before anything is built.
 *
 * - Chromium at CHROMIUM_PATH (default /usr/bin/chromium; Debian package chromium): the browser
 *   tests drive it, Playwright never downloads a browser of its own;
 * - the Noto fonts (fonts-noto-core), so Vietnamese text renders in screenshots and the PDF;
 * - pdftoppm and pdftotext (poppler-utils), which read the printed report's PDF back.
 *
 * All present: one short line, exit 0. Something missing, running as root with apt-get (and
 * CHROMIUM_PATH not pointing elsewhere): installs just the missing packages, then checks again.
 * Otherwise: one line saying what to run, exit 1 at once, rather than 44 failing browser tests.
 * The decision is `plan()`, pure and unit-tested; importing this module runs nothing.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
/** Where Debian (and a few other distributions) put the Noto fonts. */
export const NOTO_DIRS = [
	'/usr/share/fonts/truetype/noto',
	'/usr/share/fonts/noto',
	'/usr/share/fonts/google-noto'
];
export const POPPLER_TOOLS = ['pdftoppm', 'pdftotext'] as const;

export type Package = 'chromium' | 'fonts-noto-core' | 'poppler-utils';
const WHAT: Record<Package, string> = {
	chromium: 'Chromium',
	'fonts-noto-core': 'phông Noto',
	'poppler-utils': 'poppler (pdftoppm, pdftotext)'
};

/** What the machine has, as found by `gatherFacts()`. */
export interface Facts {
	/** The Chromium the tests will launch (CHROMIUM_PATH or the default). */
	chromiumPath: string;
	/** CHROMIUM_PATH is set to something other than the default. */
	chromiumPathCustom: boolean;
	/** chromiumPath exists and is executable. */
	chromiumOk: boolean;
	fontsOk: boolean;
	/** The poppler tools not found on PATH. */
	missingTools: string[];
	isRoot: boolean;
	hasAptGet: boolean;
}

export type Plan =
	| { action: 'ok'; message: string }
	| { action: 'install'; packages: Package[]; message: string }
	| { action: 'tell'; message: string };

/** The Debian packages missing, in apt's order; Chromium only when the default path is used. */
export function missingPackages(f: Facts): Package[] {
	const p: Package[] = [];
	if (!f.chromiumOk && !f.chromiumPathCustom) p.push('chromium');
	if (!f.fontsOk) p.push('fonts-noto-core');
	if (f.missingTools.length > 0) p.push('poppler-utils');
	return p;
}

export function aptCommand(packages: readonly string[], sudo: boolean): string {
	const s = sudo ? 'sudo ' : '';
	return `${s}apt-get update && ${s}apt-get install -y ${packages.join(' ')}`;
}

/** Facts in, what to do out. */
export function plan(f: Facts): Plan {
	const packages = missingPackages(f);
	const customMissing = f.chromiumPathCustom && !f.chromiumOk;
	if (packages.length === 0 && !customMissing)
		return {
			action: 'ok',
			message: `Đủ điều kiện kiểm thử / test prerequisites present (Chromium: ${f.chromiumPath}).`
		};

	if (customMissing) {
		const also = packages.length > 0 ? `; rồi cài / then install: ${aptCommand(packages, !f.isRoot)}` : '';
		return {
			action: 'tell',
			message:
				`Không chạy được Chromium tại CHROMIUM_PATH=${f.chromiumPath}: đặt CHROMIUM_PATH tới Chromium có sẵn ` +
				`hoặc bỏ biến này để dùng ${DEFAULT_CHROMIUM_PATH} / CHROMIUM_PATH is not an executable Chromium: ` +
				`fix it or unset it${also}`
		};
	}

	const list = packages.join(', ');
	if (f.isRoot && f.hasAptGet)
		return {
			action: 'install',
			packages,
			message: `Thiếu ${list} cho kiểm thử, đang cài bằng apt-get / installing missing test prerequisites: ${list}`
		};

	if (!f.hasAptGet) {
		const chromium = packages.includes('chromium');
		return {
			action: 'tell',
			message:
				`Thiếu ${list} cho kiểm thử và không có apt-get: hãy cài ${packages.map((p) => WHAT[p]).join(', ')} ` +
				`bằng trình quản lý gói của máy${chromium ? ' hoặc đặt CHROMIUM_PATH tới Chromium có sẵn' : ''} / ` +
				`missing test prerequisites, no apt-get: install them with your package manager` +
				(chromium ? ' or set CHROMIUM_PATH to an installed Chromium' : '')
		};
	}

	return {
		action: 'tell',
		message: `Thiếu ${list} cho kiểm thử, hãy chạy / missing test prerequisites, run: ${aptCommand(packages, true)}`
	};
}

function isExecutable(path: string): boolean {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
	return (env.PATH ?? '')
		.split(delimiter)
		.filter(Boolean)
		.some((dir) => isExecutable(join(dir, command)));
}

export function gatherFacts(env: NodeJS.ProcessEnv = process.env): Facts {
	const chromiumPath = env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
	return {
		chromiumPath,
		chromiumPathCustom: chromiumPath !== DEFAULT_CHROMIUM_PATH,
		chromiumOk: isExecutable(chromiumPath),
		// Outside Linux the system fonts cover Vietnamese.
		fontsOk: process.platform !== 'linux' || NOTO_DIRS.some((d) => existsSync(d)),
		missingTools: POPPLER_TOOLS.filter((t) => !onPath(t, env)),
		isRoot: process.getuid?.() === 0,
		hasAptGet: onPath('apt-get', env)
	};
}

function run(command: string, args: string[]): boolean {
	const r = spawnSync(command, args, {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
	});
	return r.status === 0;
}

function main(): number {
	const first = plan(gatherFacts());
	if (first.action === 'ok') {
		console.log(first.message);
		return 0;
	}
	if (first.action === 'tell') {
		console.error(first.message);
		return 1;
	}
	console.log(first.message);
	if (!run('apt-get', ['update']) || !run('apt-get', ['install', '-y', ...first.packages])) {
		console.error(
			`apt-get không cài được ${first.packages.join(', ')}, xem thông báo ở trên / apt-get failed, see above: ` +
				aptCommand(first.packages, false)
		);
		return 1;
	}
	const again = plan(gatherFacts());
	if (again.action !== 'ok') {
		console.error(
			`Đã chạy apt-get nhưng vẫn thiếu / apt-get ran, still missing: ${missingPackages(gatherFacts()).join(', ') || 'Chromium'}`
		);
		return 1;
	}
	console.log(again.message);
	return 0;
}

const invoked = process.argv[1];
if (invoked && import.meta.url === pathToFileURL(existsSync(invoked) ? realpathSync(invoked) : invoked).href)
	process.exit(main());
