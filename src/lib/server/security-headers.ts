/**
 * The security headers of every answer of the server, in one place: SvelteKit's pages and
 * endpoints (src/hooks.server.ts), and what the server entry answers before SvelteKit sees the
 * request (src/start.ts): static files of build/client served by adapter-node, the 413 of a body
 * too large, the last-resort 404. The Content-Security-Policy of pages comes from
 * svelte.config.js.
 *
 * Strict-Transport-Security only when the request came over https, as the server decides it
 * (ORIGIN starting with https://, or TRUST_PROXY=1 and the proxy's `X-Forwarded-Proto: https`):
 * browsers ignore it over plain http, and an intranet served by plain http must not be told to
 * use https. Without `includeSubDomains`: other hosts of the office's domain may be http only.
 */
import type { Config } from './config';

/** Headers every answer carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin'
});

/** One year, the usual value. */
export const HSTS = 'max-age=31536000';

/** The headers of an answer to a request that came over https (`true`) or plain http. */
export function securityHeaders(https: boolean): Record<string, string> {
	return https ? { ...SECURITY_HEADERS, 'Strict-Transport-Security': HSTS } : { ...SECURITY_HEADERS };
}

/**
 * Whether the server counts a request as https: ORIGIN says so, else (only with TRUST_PROXY=1)
 * the first value of the proxy's X-Forwarded-Proto. The same rule adapter-node applies to the
 * request's URL with the settings start.ts gives it.
 */
export function requestIsHttps(
	cfg: Pick<Config, 'origin' | 'trustProxy'>,
	forwardedProto: string | string[] | undefined
): boolean {
	if (cfg.origin) return cfg.origin.startsWith('https://');
	if (!cfg.trustProxy) return false;
	const first = (Array.isArray(forwardedProto) ? forwardedProto[0] : forwardedProto)?.split(',')[0];
	return first?.trim().toLowerCase() === 'https';
}
