import { getDatabase } from '$lib/server/db';
import { publicOverview } from '$lib/server/publication';
import type { PageServerLoad } from './$types';

/** Kết quả công khai (issue 15, part 5): every public year with its finalised blocs; no sign-in. */
export const load: PageServerLoad = async () => ({ years: await publicOverview(await getDatabase()) });
