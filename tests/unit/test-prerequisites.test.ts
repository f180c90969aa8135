import { describe, expect, it } from 'vitest';
import { DEFAULT_CHROMIUM_PATH, gatherFacts, plan, type Facts } from '../../scripts/test-prerequisites';

const allThere: Facts = {
	chromiumPath: DEFAULT_CHROMIUM_PATH,
	chromiumPathCustom: false,
	chromiumOk: true,
	fontsOk: true,
	missingTools: [],
	isRoot: true,
	hasAptGet: true
};
const facts = (over: Partial<Facts>): Facts => ({ ...allThere, ...over });
const nothing: Partial<Facts> = {
	chromiumOk: false,
	fontsOk: false,
	missingTools: ['pdftoppm', 'pdftotext']
};

describe('test prerequisites plan', () => {
	it('all present: ok, nothing to install', () => {
		expect(plan(allThere).action).toBe('ok');
		expect(plan(facts({ isRoot: false, hasAptGet: false })).action).toBe('ok');
	});

	it('a custom CHROMIUM_PATH that works is enough for the browser', () => {
		const p = plan(facts({ chromiumPath: '/opt/chrome/chrome', chromiumPathCustom: true, isRoot: false }));
		expect(p.action).toBe('ok');
	});

	it('chromium missing, as root with apt-get: installs chromium only', () => {
		const p = plan(facts({ chromiumOk: false }));
		expect(p).toMatchObject({ action: 'install', packages: ['chromium'] });
		expect(p.message.split('\n')).toHaveLength(1);
	});

	it('several missing, as root with apt-get: installs exactly those', () => {
		expect(plan(facts(nothing))).toMatchObject({
			action: 'install',
			packages: ['chromium', 'fonts-noto-core', 'poppler-utils']
		});
		expect(plan(facts({ fontsOk: false, missingTools: ['pdftotext'] }))).toMatchObject({
			action: 'install',
			packages: ['fonts-noto-core', 'poppler-utils']
		});
	});

	it('not root: one line with the sudo command naming every missing package', () => {
		const p = plan(facts({ ...nothing, isRoot: false }));
		expect(p.action).toBe('tell');
		expect(p.message).not.toContain('\n');
		expect(p.message).toContain(
			'sudo apt-get update && sudo apt-get install -y chromium fonts-noto-core poppler-utils'
		);
		const one = plan(facts({ missingTools: ['pdftoppm'], isRoot: false }));
		expect(one.message).toContain('sudo apt-get install -y poppler-utils');
		expect(one.message).not.toContain('chromium fonts');
	});

	it('custom CHROMIUM_PATH missing: tells to fix CHROMIUM_PATH, installs nothing', () => {
		const p = plan(
			facts({ chromiumPath: '/nonexistent/chromium', chromiumPathCustom: true, chromiumOk: false })
		);
		expect(p.action).toBe('tell');
		expect(p.message).toContain('CHROMIUM_PATH=/nonexistent/chromium');
		expect(p.message).not.toContain('\n');
		expect(p.message).not.toContain('apt-get');
		// Other packages missing too: still no install, the line says both.
		const q = plan(
			facts({ chromiumPath: '/x/chromium', chromiumPathCustom: true, chromiumOk: false, fontsOk: false })
		);
		expect(q.action).toBe('tell');
		expect(q.message).toContain('CHROMIUM_PATH');
		expect(q.message).toContain('apt-get install -y fonts-noto-core');
		expect(q.message).not.toMatch(/install -y .*chromium/);
	});

	it('no apt-get (even as root): an instruction, no install', () => {
		const p = plan(facts({ ...nothing, hasAptGet: false }));
		expect(p.action).toBe('tell');
		expect(p.message).not.toContain('\n');
		expect(p.message).toContain('chromium, fonts-noto-core, poppler-utils');
		expect(p.message).toContain('CHROMIUM_PATH');
		const fonts = plan(facts({ fontsOk: false, hasAptGet: false }));
		expect(fonts).toMatchObject({ action: 'tell' });
		expect(fonts.message).toContain('fonts-noto-core');
		expect(fonts.message).not.toContain('CHROMIUM_PATH');
	});

	it('messages are Vietnamese first, English after', () => {
		for (const f of [
			facts(nothing),
			facts({ ...nothing, isRoot: false }),
			facts({ hasAptGet: false, fontsOk: false })
		])
			expect(plan(f).message).toMatch(/^(Thiếu|Không) .* \/ [a-z]/);
	});
});

describe('gatherFacts', () => {
	it('reads CHROMIUM_PATH and PATH from the given environment', () => {
		const f = gatherFacts({ CHROMIUM_PATH: '/nonexistent/chromium', PATH: '/nonexistent/bin' });
		expect(f).toMatchObject({
			chromiumPath: '/nonexistent/chromium',
			chromiumPathCustom: true,
			chromiumOk: false,
			missingTools: ['pdftoppm', 'pdftotext'],
			hasAptGet: false
		});
		expect(gatherFacts({ CHROMIUM_PATH: DEFAULT_CHROMIUM_PATH }).chromiumPathCustom).toBe(false);
		expect(gatherFacts({}).chromiumPath).toBe(DEFAULT_CHROMIUM_PATH);
	});
});
