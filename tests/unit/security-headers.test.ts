/**
 * When the server counts a request as https (and so sends HSTS): the rule adapter-node applies
 * with the settings src/start.ts gives it. Over HTTP in tests/http/hardening.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
	HSTS,
	requestIsHttps,
	SECURITY_HEADERS,
	securityHeaders
} from '../../src/lib/server/security-headers';

describe('requestIsHttps', () => {
	it('follows ORIGIN when it is set, whatever the proxy says', () => {
		expect(requestIsHttps({ origin: 'https://thidua.example.vn', trustProxy: false }, 'http')).toBe(true);
		expect(requestIsHttps({ origin: 'https://thidua.example.vn', trustProxy: true }, undefined)).toBe(true);
		expect(requestIsHttps({ origin: 'http://10.0.0.5:3000', trustProxy: true }, 'https')).toBe(false);
	});

	it('believes X-Forwarded-Proto only with TRUST_PROXY=1', () => {
		expect(requestIsHttps({ origin: null, trustProxy: false }, 'https')).toBe(false);
		expect(requestIsHttps({ origin: null, trustProxy: true }, 'https')).toBe(true);
		expect(requestIsHttps({ origin: null, trustProxy: true }, 'HTTPS')).toBe(true);
		expect(requestIsHttps({ origin: null, trustProxy: true }, ['https'])).toBe(true);
		expect(requestIsHttps({ origin: null, trustProxy: true }, 'https, http')).toBe(true);
		expect(requestIsHttps({ origin: null, trustProxy: true }, 'http')).toBe(false);
		expect(requestIsHttps({ origin: null, trustProxy: true }, undefined)).toBe(false);
		expect(requestIsHttps({ origin: null, trustProxy: true }, '')).toBe(false);
	});
});

describe('securityHeaders', () => {
	it('adds HSTS over https only, to the same set', () => {
		expect(securityHeaders(false)).toEqual(SECURITY_HEADERS);
		expect(securityHeaders(true)).toEqual({ ...SECURITY_HEADERS, 'Strict-Transport-Security': HSTS });
		expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
	});
});
