/**
 * The links between the analytics pages of one bloc and year (see AnalyticsNav.svelte). Pure:
 * the bloc and year stay in every link; the years compared open on the pair of years that ends
 * with the year (or on their default, the latest pair, when the year is the bloc's first).
 */
export const ANALYTICS_PAGES = ['trends', 'gaps', 'whatif', 'ranking'] as const;
export type AnalyticsPage = (typeof ANALYTICS_PAGES)[number];

export interface AnalyticsLink {
	page: AnalyticsPage;
	href: string;
}

export function analyticsLinks(blocCode: string, year: number, years: readonly number[]): AnalyticsLink[] {
	const bloc = encodeURIComponent(blocCode);
	const sorted = [...years].sort((a, b) => a - b);
	const before = sorted.filter((y) => y < year).pop();
	const pair = before !== undefined && sorted.includes(year) ? `&from=${before}&to=${year}` : '';
	return [
		{ page: 'trends', href: `/analytics/trends?bloc=${bloc}${pair}` },
		{ page: 'gaps', href: `/analytics/gaps?bloc=${bloc}&year=${year}` },
		{ page: 'whatif', href: `/analytics/whatif?bloc=${bloc}&year=${year}` },
		{ page: 'ranking', href: `/blocs/${bloc}/${year}` }
	];
}
