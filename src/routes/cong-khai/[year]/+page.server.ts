import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { publicYearPage } from '$lib/server/publication';
import type { PageServerLoad } from './$types';

/** A public year (issue 15, part 5): every finalised bloc's ranking; 404 when the year is not public. */
export const load: PageServerLoad = async ({ params }) => {
	const year = /^\d{4}$/.test(params.year) ? Number(params.year) : null;
	const page = year === null ? null : await publicYearPage(await getDatabase(), year);
	if (!page) error(404, 'Không tìm thấy');
	return { page };
};
