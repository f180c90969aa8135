import { loadMessages } from '$lib/i18n';
import type { LayoutLoad } from './$types';

/**
 * The interface language's messages are there before the page is drawn. A browser starts with
 * the page's language only (see $lib/i18n); this loads another one if the language changed
 * without a reload.
 */
export const load: LayoutLoad = async ({ data }) => {
	await loadMessages(data.lang);
	return data;
};
