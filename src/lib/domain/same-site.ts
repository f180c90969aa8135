/**
 * The one rule for where the app may send a browser after a request: a path of this site. Every
 * redirect of the product goes through `safeRedirectPath` (src/lib/server/redirect.ts; a static
 * test keeps it that way), whatever its source: `back` of /lang, `next` of /login, the login
 * redirect of the guard, a form action going back to its page.
 *
 * Browsers are more forgiving than `new URL` on the server: Chromium drops tabs and line breaks
 * anywhere in a URL (`/<TAB>/evil.example` → `//evil.example`), reads `\` as `/`, trims leading
 * spaces and controls, and a path that resolves to `//host` (`/.//host`, `/a/..//host`) is a
 * protocol-relative URL to another site once written in `Location`. So a candidate is accepted
 * only when the text as sent AND each of its percent-decoded forms are a plain absolute path:
 * starting with exactly one `/`, without control, invisible or whitespace characters, without a
 * backslash or a lookalike of `/` or `\` (`／`, `＼`, `⧵`, `∕` …), that resolves against an origin to
 * that same origin with a path not starting with `//`. Absolute URLs (`https://…`, `javascript:`,
 * `data:`), even of this site, are refused: the app only ever writes paths.
 *
 * What comes out is the URL parser's normal form of the path, query and fragment (non-ASCII
 * percent-encoded, dot segments resolved), so it is safe to write in a `Location` header as is.
 * Pure: no I/O, no knowledge of the real origin needed.
 */

/** Longest redirect target accepted (a real page path with its query is far shorter). */
export const REDIRECT_MAX_LENGTH = 2048;

/** Any origin: only whether the candidate leaves it matters. `.invalid` never resolves (RFC 2606). */
const BASE = 'http://same-site.invalid';

/** At most this many rounds of percent-decoding are looked at; deeper nesting is refused. */
const MAX_DECODE_ROUNDS = 4;

/**
 * Never in a redirect target, as sent or once decoded: C0 and C1 controls (tab, CR, LF, NUL …)
 * and DEL; the backslash and characters that look like, or normalise to, `/` or `\`; invisible
 * and direction-changing characters and line separators.
 */
const FORBIDDEN = new RegExp(
	'[' +
		'\\u0000-\\u001f\\u007f-\\u009f' + // controls
		'\\\\' + // backslash
		'\\u2044\\u2215\\u2216\\u29f5\\u29f8\\u29f9\\u2cf9\\u2cfa\\u3033\\u3035\\ufe68\\uff0f\\uff3c' + // ⁄ ∕ ∖ ⧵ ⧸ ⧹ ﹨ ／ ＼ …
		'\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb' + // invisible, bidi
		']',
	'u'
);

/** Whitespace of any kind: never in the text as sent (a real path has it percent-encoded). */
const WHITESPACE = /\s/u;

/** One round of percent-decoding: each run of valid UTF-8 escapes is decoded, anything else is left. */
function decodeOnce(s: string): string {
	return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
		try {
			return decodeURIComponent(run);
		} catch {
			return run;
		}
	});
}

/** Whether one form of the candidate (as sent or decoded) is a plain path of the same origin. */
function plainSamePath(form: string): boolean {
	if (form[0] !== '/' || form[1] === '/' || FORBIDDEN.test(form)) return false;
	// NFKC folds further lookalikes (fullwidth `．`, compatibility forms) into ASCII: that form
	// must be a plain path too.
	const folded = form.normalize('NFKC');
	if (folded !== form && !plainSamePath(folded)) return false;
	let url: URL;
	try {
		url = new URL(form, BASE);
	} catch {
		return false;
	}
	return url.origin === BASE && !url.pathname.startsWith('//');
}

/** The normal form of `candidate` when it is a same-site path, else null. */
function normalise(candidate: unknown): string | null {
	if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > REDIRECT_MAX_LENGTH)
		return null;
	if (WHITESPACE.test(candidate) || !plainSamePath(candidate)) return null;
	let form = candidate;
	for (let round = 0; ; round++) {
		const decoded = decodeOnce(form);
		if (decoded === form) break;
		if (round === MAX_DECODE_ROUNDS || !plainSamePath(decoded)) return null;
		form = decoded;
	}
	const url = new URL(candidate, BASE);
	const out = url.pathname + url.search + url.hash;
	// The normal form is checked as well (encoding may lengthen it; it must stay a plain path).
	return out.length <= REDIRECT_MAX_LENGTH && plainSamePath(out) ? out : null;
}

/**
 * `candidate` as a normalised same-site path (path + query + fragment) when it is one, else
 * `fallback` (itself a same-site path chosen by the code: anything else is a programming error).
 */
export function safeRedirectPath(candidate: unknown, fallback: string): string {
	const safe = normalise(candidate);
	if (safe !== null) return safe;
	const fb = normalise(fallback);
	if (fb === null)
		throw new TypeError(`safeRedirectPath: the fallback ${JSON.stringify(fallback)} is not a same-site path`);
	return fb;
}
