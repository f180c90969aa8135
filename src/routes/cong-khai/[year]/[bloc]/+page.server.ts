import { error } from '@sveltejs/kit';
import { getDatabase } from '$lib/server/db';
import { publicYearPage } from '$lib/server/publication';
import type { PageServerLoad } from './$types';

/**
 * A published bloc-year (issue 15, part 5): its ranking; 404 when the year is not public or the
 * bloc-year is not finalised (a draft does not exist publicly).
 */
export const load: PageServerLoad = async ({ params }) => {
	const year = /^\d{4}$/.test(params.year) ? Number(params.year) : null;
	const bloc = /^[\p{L}\p{N}_.-]{1,40}$/u.test(params.bloc) ? params.bloc : null;
	const page = year === null || bloc === null ? null : await publicYearPage(await getDatabase(), year, bloc);
	if (!page) error(404, 'Không tìm thấy');
	return { page };
};
