/** Where the signed-in account's running upload `?id=` is: `{ phase, done, total, file }` or null. */
import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/auth/guard';
import { isProgressId, readProgress } from '$lib/server/import/progress';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = authorize(event, { kind: 'upload' });
	const id = event.url.searchParams.get('id');
	const progress = isProgressId(id) ? readProgress(user.userId, id) : null;
	return json(progress, { headers: { 'Cache-Control': 'no-store' } });
};
