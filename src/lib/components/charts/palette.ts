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

/**
 * Colours for charts with many series (a bloc's 7–20 units): the Okabe–Ito colours first, then
 * thirteen more of other hues and lightness, each readable on white and none of them the grey of
 * `MUTED`. Cycled with marker shapes beyond twenty.
 */
export const MANY_SERIES_COLORS: readonly string[] = [
	...SERIES_COLORS,
	'#6A3D9A',
	'#8C564B',
	'#B8A000',
	'#66A61E',
	'#E7298A',
	'#17BECF',
	'#1F3D7A',
	'#FB9A99',
	'#A6761D',
	'#7570B3',
	'#9C2A2A',
	'#C9A0DC',
	'#5C5C5C'
];

/**
 * Years as categories (every unit-year cell of the gaps strip plot): six hues far apart, in an
 * order where neighbouring years never get neighbouring hues (blue, orange, green, purple, black,
 * vermillion, then sky blue).
 */
export const YEAR_COLORS: readonly string[] = [
	OKABE_ITO.blue,
	OKABE_ITO.orange,
	OKABE_ITO.bluishGreen,
	OKABE_ITO.reddishPurple,
	OKABE_ITO.black,
	OKABE_ITO.vermillion,
	OKABE_ITO.skyBlue
];

/** One colour per tier, from best to worst. */
export const TIER_COLORS: Record<Tier, string> = {
	excellent: OKABE_ITO.bluishGreen,
	good: OKABE_ITO.blue,
	fair: OKABE_ITO.skyBlue,
	average: OKABE_ITO.orange,
	weak: OKABE_ITO.vermillion
};

/** Lines that are not the focus of a chart: drawn quietly behind it. */
export const MUTED = '#b8bec6';

/** Marker shapes cycled with the colours, so lines with the same colour still differ. */
export const SERIES_SYMBOLS: readonly string[] = ['circle', 'rect', 'triangle', 'diamond', 'roundRect'];

/**
 * Colour ramp of a percent of the maximum (weak → strong): orange through near white to blue,
 * a diverging scheme that colour-blind readers tell apart; black text stays readable on every step.
 */
export const PERCENT_RAMP: readonly string[] = [
	'#D55E00',
	'#E69F00',
	'#F3D9A4',
	'#F4F4F4',
	'#C6E2F5',
	'#7CC0EA',
	'#3D94D1'
];

/** The same ramp for gaps around zero (below the median / leader → above). */
export const GAP_RAMP: readonly string[] = PERCENT_RAMP;

/** Status of a criterion between two pledges. */
export const CHANGE_COLORS = {
	kept: OKABE_ITO.blue,
	changed: OKABE_ITO.reddishPurple,
	added: OKABE_ITO.bluishGreen,
	removed: OKABE_ITO.vermillion
} as const;

/** Rank moved up / down (what-if), on text and backgrounds. */
export const MOVE_COLORS = { up: '#006b4f', upBg: '#e3f4ee', down: '#a33f00', downBg: '#fdece2' } as const;
