/**
 * Issue 15 part 5, publication: what is published (finalised bloc-years of public years, only
 * the published fields), who reaches what without an account, the cache headers and key of the
 * public pages, and how the settings form is read.
 */
import { describe, expect, it } from 'vitest';
import { can } from '../../src/lib/domain/policy';
import {
	ANONYMOUS_ROUTES,
	anonymousGate,
	isPublished,
	parsePublicationForm,
	publicationChanges,
	publicCacheControl,
	publicRow,
	publicSettingName,
	publicSettingYear,
	publishedBlocYears,
	PUBLIC_ROUTES
} from '../../src/lib/domain/publication';
import type { RankingRow } from '../../src/lib/domain/types';
import { pageCacheKey } from '../../src/lib/server/page-cache';

const fields = (f: Record<string, string[]>) => new Map(Object.entries(f));

const row = (over: Partial<RankingRow> = {}): RankingRow => ({
	unitCode: 'SO03',
	unitName: 'Sở Tài chính',
	role: 'member',
	groups: [{ groupCode: 'I', groupName: 'Nhiệm vụ', points: 80, max: 90 }],
	content: 88,
	contentMax: 100,
	bonusRaw: 6,
	bonus: 5,
	deduction: 1,
	total: 92,
	percent: 92,
	rank: 2,
	tied: true,
	tier: 'good',
	proposal: 'certificate',
	proposalTie: false,
	vote: null,
	unreviewedCount: 3,
	missingCount: 1,
	...over
});

describe('what is published', () => {
	const blocs = [
		{ year: 2024, blocCode: 'K01', stage: 'finalised' as const },
		{ year: 2024, blocCode: 'K02', stage: 'review' as const },
		{ year: 2025, blocCode: 'K01', stage: 'finalised' as const },
		{ year: 2023, blocCode: 'K01', stage: 'finalised' as const }
	];

	it('only finalised bloc-years of public years; a draft of a public year is absent', () => {
		expect(publishedBlocYears(blocs, [2024])).toEqual([blocs[0]]);
		expect(publishedBlocYears(blocs, [2024, 2025])).toEqual([blocs[0], blocs[2]]);
		expect(publishedBlocYears(blocs, [])).toEqual([]);
		expect(isPublished(blocs[1]!, [2024])).toBe(false);
		expect(isPublished(blocs[3]!, [2024])).toBe(false);
		expect(isPublished(blocs[3]!, [2023])).toBe(true);
		expect(isPublished(null, [2023])).toBe(false);
	});

	it('a published row carries rank, name, total, maximum, share, tier and proposal, nothing else', () => {
		expect(publicRow(row())).toEqual({
			rank: 2,
			tied: true,
			unitName: 'Sở Tài chính',
			total: 92,
			contentMax: 100,
			percent: 92,
			tier: 'good',
			proposal: 'certificate'
		});
		// No unit code, role, groups, bonus, deduction, unreviewed or missing counts.
		expect(Object.keys(publicRow(row())).sort()).toEqual(
			['contentMax', 'percent', 'proposal', 'rank', 'tied', 'tier', 'total', 'unitName'].sort()
		);
	});

	it('a proposal still waiting for the bloc’s vote is not published as decided', () => {
		expect(publicRow(row({ proposal: 'flag', proposalTie: true })).proposal).toBe('vote');
		expect(publicRow(row({ proposal: null, proposalTie: false })).proposal).toBeNull();
		expect(publicRow(row({ proposal: 'flag', proposalTie: false })).proposal).toBe('flag');
	});
});

describe('without an account', () => {
	it('reaches the public pages and the open routes, nothing else', () => {
		const gate = (routeId: string | null, method = 'GET', signedIn = false) =>
			anonymousGate({ signedIn, routeId, method });
		for (const r of PUBLIC_ROUTES) expect(gate(r)).toBe('pass');
		for (const r of ['/login', '/lang', '/healthz', '/logout']) expect(gate(r)).toBe('pass');
		expect(gate('/login', 'POST')).toBe('pass');
		expect(gate(null)).toBe('pass'); // a 404 says nothing
		expect(gate('/')).toBe('login');
		expect(gate('/blocs/[bloc]/[year]')).toBe('login');
		expect(gate('/blocs/[bloc]/[year]/export/[file]', 'HEAD')).toBe('login');
		expect(gate('/admin/settings', 'POST')).toBe('refuse');
		expect(gate('/api/analytics/cells')).toBe('refuse');
		expect(gate('/cong-khai/[year]', 'POST')).toBe('pass'); // no action: SvelteKit answers 405
		// An account passes everywhere (its routes check its rights).
		expect(gate('/admin/settings', 'POST', true)).toBe('pass');
		expect([...ANONYMOUS_ROUTES].filter((r) => !PUBLIC_ROUTES.has(r)).sort()).toEqual(
			['/healthz', '/lang', '/login', '/logout'].sort()
		);
	});

	it('the policy: a public page is read by anyone only when it is published; only the admin publishes', () => {
		expect(can(null, { kind: 'read:public', published: true })).toBe(true);
		expect(can(null, { kind: 'read:public', published: false })).toBe(false);
		expect(can(null, { kind: 'manage:publication' })).toBe(false);
		const p = (role: 'admin' | 'analyst' | 'viewer') => ({
			userId: 1,
			username: role,
			displayName: role,
			grants: [{ role }]
		});
		expect(can(p('admin'), { kind: 'manage:publication' })).toBe(true);
		expect(can(p('analyst'), { kind: 'manage:publication' })).toBe(false);
		expect(can(p('viewer'), { kind: 'manage:publication' })).toBe(false);
		expect(can(p('viewer'), { kind: 'read:public', published: false })).toBe(false);
	});
});

describe('caching of the public pages', () => {
	it('storable for anonymous visitors but checked on every use; never stored for an account', () => {
		expect(publicCacheControl('/cong-khai/[year]', false, 200)).toBe('public, no-cache');
		expect(publicCacheControl('/cong-khai/[year]', false, 404)).toBe('no-store');
		expect(publicCacheControl('/cong-khai/[year]', true, 200)).toBe('private, no-store');
		expect(publicCacheControl('/blocs/[bloc]/[year]', false, 200)).toBeNull();
		expect(publicCacheControl(null, false, 404)).toBeNull();
	});

	it('the page cache keys an anonymous visitor apart from every account, and only on public pages', () => {
		const get = new Request('http://x/cong-khai/2024', { headers: { accept: 'text/html' } });
		const anon = pageCacheKey(get, '/cong-khai/[year]', undefined, 'vi');
		expect(anon).not.toBeNull();
		expect(anon).not.toBe(pageCacheKey(get, '/cong-khai/[year]', 1, 'vi'));
		expect(anon).not.toBe(pageCacheKey(get, '/cong-khai/[year]', undefined, 'en'));
		expect(pageCacheKey(get, '/blocs/[bloc]/[year]', undefined, 'vi')).toBeNull();
		expect(pageCacheKey(get, '/', undefined, 'vi')).toBeNull();
		const post = new Request('http://x/cong-khai/2024', { method: 'POST' });
		expect(pageCacheKey(post, '/cong-khai/[year]', undefined, 'vi')).toBeNull();
	});
});

describe('the settings form', () => {
	const known = [2023, 2024, 2025];

	it('a ticked year becomes public, an unticked one private, an absent one keeps its state', () => {
		expect(parsePublicationForm(fields({ 'public.2024': ['off', 'on'] }), [], known)).toEqual({
			years: [2024],
			problems: []
		});
		expect(
			parsePublicationForm(
				fields({ 'public.2024': ['off'], 'public.2025': ['off', 'on'] }),
				[2023, 2024],
				known
			).years
		).toEqual([2023, 2025]);
		expect(parsePublicationForm(fields({ other: ['x'] }), [2024], known).years).toEqual([2024]);
	});

	it('a year the council does not have is refused by its field, and nothing changes', () => {
		const parsed = parsePublicationForm(
			fields({ 'public.2024': ['on'], 'public.2099': ['on'], 'public.abc': ['on'] }),
			[2023],
			known
		);
		expect(parsed.years).toEqual([2023]);
		expect(parsed.problems).toEqual([
			{ field: 'public.2099', code: 'unknownYear', params: { year: '2099' } },
			{ field: 'public.abc', code: 'unknownYear', params: { year: 'abc' } }
		]);
	});

	it('the changes of a save, by year, and their names in the audit trail', () => {
		expect(publicationChanges([2023, 2024], [2024, 2025])).toEqual([
			{ year: 2023, public: false },
			{ year: 2025, public: true }
		]);
		expect(publicationChanges([2024], [2024])).toEqual([]);
		expect(publicSettingName(2024)).toBe('public_year:2024');
		expect(publicSettingYear('public_year:2024')).toBe(2024);
		expect(publicSettingYear('tier_good_pct')).toBeNull();
	});
});
