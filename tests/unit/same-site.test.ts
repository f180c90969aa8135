/**
 * The same-site rule of every redirect (src/lib/domain/same-site.ts) against known open-redirect
 * bypasses: each must give the fallback. And the paths the app really writes must come back
 * as they are (or in the URL parser's normal form), so the rule is not "always the fallback".
 */
import { describe, expect, it } from 'vitest';
import { REDIRECT_MAX_LENGTH, safeRedirectPath } from '../../src/lib/domain/same-site';

const FALLBACK = '/';
const safe = (candidate: unknown) => safeRedirectPath(candidate, FALLBACK);

/** What a browser does with a `Location` on a page of `origin`, as far as `new URL` knows. */
const followed = (location: string, origin = 'https://thidua.example.vn') =>
	new URL(location, origin + '/x/y');

/** A candidate as a readable test name: anything outside printable ASCII as \uXXXX. */
const shown = (s: string) =>
	s.length > 60
		? `${s.slice(0, 12)}… (${s.length} characters)`
		: s.replace(/[^\x21-\x7e]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);

/** Each refused, with why it is an attack. */
const BYPASSES: [string, string][] = [
	// The reproductions of issue 11.
	['/.//evil.example', 'dot segment then //: resolves to //evil.example'],
	['/\t/evil.example', '/%09/ (as decoded by searchParams): Chromium drops the tab'],
	['/\t\\evil.example', '/%09%5C: Chromium drops the tab and reads \\ as /'],
	['/%09/evil.example', 'the tab still encoded'],
	['/%09%5Cevil.example', 'tab and backslash still encoded'],
	['/.%2F%2Fevil.example', '/.// encoded'],
	// Protocol-relative and backslashes.
	['//evil.example', 'protocol-relative'],
	['//evil.example/x?y#z', 'protocol-relative with path'],
	['///evil.example', 'triple slash'],
	['////evil.example', 'four slashes'],
	['/\\evil.example', '/\\: a backslash is a slash to browsers'],
	['\\\\evil.example', 'two backslashes'],
	['\\/evil.example', 'backslash then slash'],
	['/\\/evil.example', 'slash backslash slash'],
	['/%5Cevil.example', 'encoded backslash'],
	['/%5cevil.example', 'encoded backslash, lower case'],
	['/%2F%2Fevil.example', 'encoded //'],
	['/%2f/evil.example', 'encoded / then /'],
	['%2F%2Fevil.example', 'encoded // without a leading slash'],
	['/%252F%252Fevil.example', 'double-encoded //'],
	['/%25252F%25252Fevil.example', 'triple-encoded //'],
	['/%2525252525252F/evil', 'encoded many times over'],
	// Dot segments, plain and encoded.
	['/..//evil.example', '.. then //'],
	['/a/..//evil.example', 'segment, .. then //'],
	['/a/b/../..//evil.example', 'two .. then //'],
	['/%2e%2e//evil.example', 'encoded dots (the URL parser treats %2e as .)'],
	['/%2E//evil.example', 'encoded single dot'],
	['/.%2e//evil.example', 'half-encoded ..'],
	['/%2e%2e%2f%2fevil.example', 'encoded dots and slashes'],
	['/%252e%252e%252f%252fevil.example', 'double-encoded dots and slashes'],
	['/．．//evil.example', 'fullwidth full stops (NFKC: ..)'],
	// Control characters and line breaks (header injection too).
	['/\r\nLocation: https://evil.example', 'CRLF'],
	['/%0d%0aLocation:%20https://evil.example', 'encoded CRLF'],
	['/%0D%0ASet-Cookie:%20session=x', 'encoded CRLF setting a cookie'],
	['/\n/evil.example', 'line feed'],
	['/\r/evil.example', 'carriage return'],
	['/%0a/evil.example', 'encoded line feed'],
	['/\0/evil.example', 'NUL'],
	['/%00/evil.example', 'encoded NUL'],
	['/\u007f/evil.example', 'DEL'],
	['/\u0085/evil.example', 'C1 next line'],
	['/%C2%85/evil.example', 'encoded C1 next line'],
	['/\u000b/evil.example', 'vertical tab'],
	// Whitespace.
	[' //evil.example', 'leading space (browsers trim it)'],
	['\t//evil.example', 'leading tab'],
	['/ /evil.example', 'space inside'],
	['/\u00a0/evil.example', 'no-break space'],
	['/\u3000/evil.example', 'ideographic space'],
	['/\u2028/evil.example', 'line separator'],
	['//evil.example ', 'trailing space'],
	// Unicode lookalikes of / and \ and invisible characters.
	['/／evil.example', 'fullwidth solidus U+FF0F'],
	['／／evil.example', 'two fullwidth solidi'],
	['/%EF%BC%8Fevil.example', 'encoded fullwidth solidus'],
	['/⧵evil.example', 'reverse solidus operator U+29F5'],
	['/＼evil.example', 'fullwidth reverse solidus U+FF3C'],
	['/﹨evil.example', 'small reverse solidus U+FE68'],
	['/∕evil.example', 'division slash U+2215'],
	['/⁄evil.example', 'fraction slash U+2044'],
	['/∖evil.example', 'set minus U+2216'],
	['/\u200b/evil.example', 'zero-width space'],
	['/\ufeff/evil.example', 'byte order mark'],
	['/\u202e/evil.example', 'right-to-left override'],
	['/%E2%80%8B/evil.example', 'encoded zero-width space'],
	// Other schemes and absolute URLs.
	['https://evil.example', 'absolute https'],
	['http://evil.example/', 'absolute http'],
	['HTTPS://evil.example', 'absolute, upper case'],
	['https:evil.example', 'scheme without slashes'],
	['https:/evil.example', 'scheme with one slash'],
	['https:\\\\evil.example', 'scheme and backslashes'],
	['ftp://evil.example', 'other scheme'],
	['javascript:alert(1)', 'javascript:'],
	['JaVaScRiPt:alert(1)', 'javascript: mixed case'],
	['java\tscript:alert(1)', 'javascript: with a tab'],
	['data:text/html,<script>alert(1)</script>', 'data:'],
	['vbscript:msgbox(1)', 'vbscript:'],
	['https://thidua.example.vn/blocs/K01/2025', 'absolute, even to this site'],
	// Userinfo and host tricks.
	['//thidua.example.vn@evil.example', 'userinfo that looks like this site'],
	['//evil.example%2F@thidua.example.vn', 'encoded / before @'],
	['https://thidua.example.vn@evil.example/', 'absolute with userinfo'],
	['/\\thidua.example.vn@evil.example', 'backslash then userinfo'],
	['//evil%E3%80%82example', 'ideographic full stop in a host'],
	// Not a path at all.
	['evil.example', 'relative host-looking text'],
	['blocs/K01/2025', 'relative path'],
	['./blocs', 'dot-relative path'],
	['../blocs', 'parent-relative path'],
	['?next=//evil.example', 'query only'],
	['#x', 'fragment only'],
	['', 'empty'],
	// Too long.
	['/' + 'a'.repeat(REDIRECT_MAX_LENGTH), 'longer than the limit'],
	['/' + 'é'.repeat(1000), 'short text whose encoded form is longer than the limit']
];

describe('safeRedirectPath refuses known bypasses', () => {
	for (const [candidate, why] of BYPASSES)
		it(`${shown(candidate)}: ${why}`, () => {
			expect(safe(candidate)).toBe(FALLBACK);
		});

	it('refuses what is not a string', () => {
		for (const v of [null, undefined, 42, {}, ['/x'], new URL('http://x/y')]) expect(safe(v)).toBe(FALLBACK);
	});

	it('returns the fallback it is given, normalised', () => {
		expect(safeRedirectPath('//evil.example', '/login')).toBe('/login');
		expect(safeRedirectPath(null, '/blocs/K01/2025?saved=1')).toBe('/blocs/K01/2025?saved=1');
	});

	it('refuses an unsafe fallback (a programming error, not user input)', () => {
		expect(() => safeRedirectPath('//evil.example', '//evil.example')).toThrow(TypeError);
		expect(() => safeRedirectPath(null, 'https://evil.example')).toThrow(TypeError);
	});

	it('never answers a target a browser would follow to another origin', () => {
		// Every candidate above, and each with a prefix or suffix, stays on the origin.
		const origin = 'https://thidua.example.vn';
		for (const [candidate] of BYPASSES)
			for (const c of [candidate, '/' + candidate, candidate + '/x', '/ok/' + candidate]) {
				const out = safe(c);
				expect(followed(out, origin).origin, JSON.stringify(c)).toBe(origin);
				expect(out, JSON.stringify(c)).toMatch(/^\/(?![/\\])/);
				expect(out, JSON.stringify(c)).not.toMatch(/[\s\\]|\p{Cc}/u);
			}
	});
});

describe('safeRedirectPath keeps the paths the app writes', () => {
	const KEPT: string[] = [
		'/',
		'/blocs/K01/2025',
		'/blocs/K04/2025/units/SO03?saved=3',
		'/analytics/trends?bloc=K05&year=2024',
		'/analytics?bloc=all#chart',
		'/awards/2024/SO03',
		'/login?next=%2Fblocs%2FK01%2F2025',
		'/units/XA01?year=2025',
		'/upload',
		'/@user', // an @ inside a path is a path, not userinfo
		'/a:b', // a colon after the first slash is a path
		'/awards?q=Nguy%E1%BB%85n%20V%C4%83n', // encoded Vietnamese and a space in a query
		'/x?back=%2Fblocs%2FK01' // an encoded path inside a query
	];
	for (const path of KEPT)
		it(path, () => {
			expect(safe(path)).toBe(path);
		});

	it('answers the URL normal form: non-ASCII encoded, dot segments resolved', () => {
		expect(safe('/blocs/K01/../K02/2025')).toBe('/blocs/K02/2025');
		expect(safe('/./blocs/K01/2025')).toBe('/blocs/K01/2025');
		expect(safe('/awards?q=Nguyễn')).toBe('/awards?q=Nguy%E1%BB%85n');
		expect(safe('/đơn-vị')).toBe('/%C4%91%C6%A1n-v%E1%BB%8B');
		expect(safe('/x#phần')).toBe('/x#ph%E1%BA%A7n');
		// The normal form is accepted again as it is.
		for (const c of ['/awards?q=Nguyễn', '/đơn-vị', '/blocs/K01/../K02/2025'])
			expect(safe(safe(c))).toBe(safe(c));
	});

	it('accepts a path up to the length limit', () => {
		const longest = '/' + 'a'.repeat(REDIRECT_MAX_LENGTH - 1);
		expect(safe(longest)).toBe(longest);
	});
});
