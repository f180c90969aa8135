/**
 * User-interface text. Vietnamese is the default and the reference; English has the same keys.
 * Numbers and dates go through `formatNumber`/`formatDate` with the language's locale.
 *
 * Each language's messages are a module of their own, loaded before anything here is used (a
 * top-level `await`): on the server (and in scripts and tests) both languages, in the browser only
 * the page's language (`<html lang>`, set from the language cookie; switching language reloads the
 * page). A browser thus downloads one dictionary, not two. Should the language change without a
 * reload (the cookie set from another tab), the root layout's load fetches the other dictionary
 * (`loadMessages`) before the page is drawn.
 */
import { formatDate, formatNumber } from '$lib/domain/numbers';
import type { CriterionKind, Proposal, Role, Tier } from '$lib/domain/types';
import type { MessageKey, Messages } from './vi';

export type { MessageKey, Messages } from './vi';

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'vi';
/** Cookie holding the chosen interface language (set by the /lang route). */
export const LANG_COOKIE = 'lang';

const LOADERS: Record<Lang, () => Promise<Messages>> = {
	vi: () => import('./vi').then((m) => m.vi),
	en: () => import('./en').then((m) => m.en)
};

/** The messages of the languages loaded here: both on the server, the page's one in a browser. */
export const messages: Partial<Record<Lang, Messages>> = {};

/** Loads a language's messages, once. */
export async function loadMessages(lang: Lang): Promise<void> {
	messages[lang] ??= await LOADERS[lang]();
}

/**
 * Number locale of each language: one format, the Vietnamese one (`1.234,5`), in every language.
 * The council's files, exports, printed reports and the score inputs all write numbers the
 * Vietnamese way, and the one input parser reads `1.250` as one thousand two hundred and fifty:
 * an English screen writing `1,250.5` (or `1.25` next to an input reading `1.250` as 1250) would
 * make the same number look different on screen and in the file. English pages say so.
 */
export const NUMBER_LOCALE: Record<Lang, string> = { vi: 'vi-VN', en: 'vi-VN' };

/** Plural rules of each language's words (not its number format). */
const PLURAL_LOCALE: Record<Lang, string> = { vi: 'vi', en: 'en' };
const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The plural category of `count` in a language: `one` for 1 in English, always `other` in Vietnamese. */
export function pluralCategory(lang: Lang, count: number): Intl.LDMLPluralRule {
	let rules = pluralRules.get(lang);
	if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(PLURAL_LOCALE[lang])));
	return rules.select(count);
}

export function isLang(value: unknown): value is Lang {
	return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

if (typeof document === 'undefined') await Promise.all(LANGS.map(loadMessages));
else {
	const pageLang = document.documentElement.lang;
	await loadMessages(isLang(pageLang) ? pageLang : DEFAULT_LANG);
}

/** The dictionary of a language, or while it is not loaded (see above) one that is. */
function dictionary(lang: Lang): Messages {
	const dict = messages[lang] ?? Object.values(messages)[0];
	if (!dict) throw new Error('no interface messages loaded');
	return dict;
}

export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/**
 * Replaces `{name}` with `params.name`. Numbers are inserted as they are (`String(n)`), so a
 * year stays `2025`; format decimals with `num()` before passing them. Unknown names are kept.
 */
export function interpolate(template: string, params?: MessageParams): string {
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
		Object.hasOwn(params, name) ? String(params[name]) : whole
	);
}

const translators = new Map<Lang, Translate>();

/**
 * The message of `key`, or of a plural message (`key.one`, `key.other`, …) the variant of
 * `params.count`'s category, `{count}` then written in the language's number format (`1.065`).
 */
function lookup(lang: Lang, key: string, params?: MessageParams): [string, MessageParams | undefined] {
	const dict = dictionary(lang) as Partial<Record<string, string>>;
	const written = dict[key];
	if (written !== undefined) return [written, params];
	const other = dict[`${key}.other`];
	if (other === undefined) return [key, params];
	const count = params?.count;
	if (typeof count !== 'number') return [other, params];
	const variant = dict[`${key}.${pluralCategory(lang, count)}`] ?? other;
	return [variant, { ...params, count: formatNumber(count, 2, NUMBER_LOCALE[lang]) }];
}

/**
 * The translator of a language: `t('vi')('overview.title', { year: 2025 })`; a plural message by
 * its name with a number `count`: `t('en')('awards.fig.individuals', { count: 1 })`.
 */
export function t(lang: Lang): Translate {
	let fn = translators.get(lang);
	if (!fn) {
		fn = (key, params) => interpolate(...lookup(lang, key, params));
		translators.set(lang, fn);
	}
	return fn;
}

/** Everything a page needs to write text, numbers and domain labels in one language. */
export interface Translator {
	lang: Lang;
	t: Translate;
	/** `1234.5` → `1.234,5` (in every language, see NUMBER_LOCALE), at most `digits` decimals. */
	num(value: number, digits?: number): string;
	/** `95.25` → `95,3%`. */
	pct(value: number, digits?: number): string;
	/** ISO `2025-03-04` → `04/03/2025`. */
	date(iso: string): string;
	tier(tier: Tier): string;
	role(role: Role): string;
	proposal(proposal: Proposal): string;
	unitType(type: string): string;
	kind(kind: CriterionKind): string;
}

const cache = new Map<Lang, Translator>();

export function translator(lang: Lang): Translator {
	let tr = cache.get(lang);
	if (tr) return tr;
	const tt = t(lang);
	const locale = NUMBER_LOCALE[lang];
	const num = (value: number, digits = 2) => formatNumber(value, digits, locale);
	tr = {
		lang,
		t: tt,
		num,
		pct: (value, digits = 1) => `${num(value, digits)}%`,
		date: (iso) => formatDate(iso),
		tier: (tier) => tt(`tier.${tier}`),
		role: (role) => tt(`role.${role}`),
		proposal: (proposal) => (proposal ? tt(`proposal.${proposal}`) : tt('proposal.none')),
		unitType: (type) => {
			const key = `unitType.${type}`;
			return Object.hasOwn(dictionary(lang), key) ? tt(key as MessageKey) : type;
		},
		kind: (kind) => tt(`kind.${kind}`)
	};
	cache.set(lang, tr);
	return tr;
}
