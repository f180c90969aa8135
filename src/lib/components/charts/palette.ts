/**
 * Okabe–Ito colour-blind-safe palette (Okabe & Ito, 2008), the one place colours come from.
 * Yellow (#F0E442) is left out of the tier scale: it is unreadable on a white background.
 */
import type { Tier } from '$lib/domain/types';

export const OKABE_ITO = {
	orange: '#E69F00',
	skyBlue: '#56B4E9',
	bluishGreen: '#009E73',
	yellow: '#F0E442',
	blue: '#0072B2',
	vermillion: '#D55E00',
	reddishPurple: '#CC79A7',
	black: '#000000'
} as const;

/** Series colours in order, for charts with several series. */
export const SERIES_COLORS: readonly string[] = [
	OKABE_ITO.blue,
	OKABE_ITO.orange,
	OKABE_ITO.bluishGreen,
	OKABE_ITO.vermillion,
	OKABE_ITO.skyBlue,
	OKABE_ITO.reddishPurple,
	OKABE_ITO.black
];

/** One colour per tier, from best to worst. */
export const TIER_COLORS: Record<Tier, string> = {
	excellent: OKABE_ITO.bluishGreen,
	good: OKABE_ITO.blue,
	fair: OKABE_ITO.skyBlue,
	average: OKABE_ITO.orange,
	weak: OKABE_ITO.vermillion
};
