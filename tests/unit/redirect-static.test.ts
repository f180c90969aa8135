/**
 * Every redirect goes through the same-site rule: no file under src/ but
 * src/lib/server/redirect.ts calls SvelteKit's `redirect()` (or `Response.redirect`), and none
 * writes a `Location` header or assigns `location` in the browser. A scan of the source text,
 * like audit-static.test.ts, so that a new route cannot quietly redirect to a raw parameter.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = 'src';
/** The one module allowed to call SvelteKit's redirect (with a checked target). */
const ALLOWED = join('src', 'lib', 'server', 'redirect.ts');

const FORBIDDEN: { what: string; re: RegExp }[] = [
	// redirect(…), kit.redirect(…), Response.redirect(…); not redirectSameSite(…) or isRedirect(…).
	{ what: 'redirect()', re: /(?<![\w$])redirect\s*\(/ },
	{ what: 'Location header', re: /['"`]location['"`]\s*[,:\]]/i },
	{ what: 'Location header', re: /(?<![\w$.])location\s*:/i },
	{ what: 'location assignment', re: /(?<![\w$])location(?:\.href)?\s*=(?!=)/ },
	{ what: 'location.assign/replace', re: /(?<![\w$])location\.(?:assign|replace)\s*\(/ },
	{ what: 'writeHead(3xx)', re: /writeHead\(\s*30\d/ }
];

/** The text without whole-line comments (`// …`, JSDoc lines), which may mention redirect(). */
const code = (text: string) =>
	text
		.split('\n')
		.filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
		.join('\n');

function offences(text: string): string[] {
	const body = code(text);
	return FORBIDDEN.filter((f) => f.re.test(body)).map((f) => f.what);
}

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]
	);
}

describe('every redirect passes the same-site rule', () => {
	it('recognises every way to redirect around it (the scan is not vacuous)', () => {
		expect(offences("redirect(303, url.searchParams.get('next'))")).toEqual(['redirect()']);
		expect(offences('throw redirect (302, back);')).toEqual(['redirect()']);
		expect(offences('kit.redirect(303, back)')).toEqual(['redirect()']);
		expect(offences('return Response.redirect(back, 303);')).toEqual(['redirect()']);
		expect(offences('new Response(null, { status: 303, headers: { Location: back } })')).toEqual([
			'Location header'
		]);
		expect(offences("new Response(null, { headers: { 'location': back } })")).toEqual(['Location header']);
		expect(offences("response.headers.set('Location', back)")).toEqual(['Location header']);
		expect(offences("res.setHeader('location', back)")).toEqual(['Location header']);
		expect(offences('res.writeHead(302, { Location: back })')).toEqual(['Location header', 'writeHead(3xx)']);
		expect(offences('window.location = back;')).toEqual(['location assignment']);
		expect(offences('location.href = back')).toEqual(['location assignment']);
		expect(offences('window.location.replace(back)')).toEqual(['location.assign/replace']);
	});

	it('lets the checked redirect and look-alike names through', () => {
		expect(offences("redirectSameSite(303, url.searchParams.get('next'), '/')")).toEqual([]);
		expect(offences('if (isRedirect(e)) throw e;')).toEqual([]);
		expect(offences("nameLocation: 'middle',")).toEqual([]);
		expect(offences('await goto(result.location, { invalidateAll: true })')).toEqual([]);
		expect(offences("if (location === '/') return;")).toEqual([]);
		expect(offences('// redirect() throws\n\t * redirect(303, x) in a doc comment')).toEqual([]);
	});

	it('finds no file under src/ that redirects without it', () => {
		const files = filesUnder(SRC).filter((f) => /\.(ts|js|svelte)$/.test(f) && f !== ALLOWED);
		expect(files.length).toBeGreaterThan(20);
		const found = files
			.map((f) => ({ file: relative('.', f), what: offences(readFileSync(f, 'utf8')) }))
			.filter((f) => f.what.length > 0);
		expect(found).toEqual([]);
	});

	it('the allowed module checks its target before redirecting', () => {
		const text = readFileSync(ALLOWED, 'utf8');
		expect(text).toMatch(/redirect\(status, safeRedirectPath\(target, fallback\)\)/);
		expect(offences(text)).toEqual(['redirect()']);
	});
});
