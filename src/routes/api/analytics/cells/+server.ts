/**
 * GET /api/analytics/cells?bloc=K05[&year=2024][&format=arrow|json]
 * Every content-criterion cell (unit × criterion × year) of the bloc-years the reader may see:
 * Arrow IPC when over 1 000 rows, column-wise JSON otherwise (or as `format` asks).
 * `bloc=all` (or none) for every bloc.
 */
import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/policy';
import { getDatabase } from '$lib/server/db';
import {
	analyticsAccess,
	cellColumns,
	codeParam,
	requestedFormat,
	tableResponse,
	yearParam
} from '$lib/server/analytics';
import { CELL_SCHEMA } from '$lib/transport/schema';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url, locals }) => {
	if (!locals.user) error(401, 'Cần đăng nhập');
	if (!can(locals.user, { kind: 'read:dashboard' })) error(403, 'Không có quyền');
	const rawBloc = url.searchParams.get('bloc');
	const bloc = rawBloc === null || rawBloc === '' || rawBloc === 'all' ? null : codeParam(rawBloc);
	const rawYear = url.searchParams.get('year');
	const year = yearParam(rawYear);
	if ((rawBloc && rawBloc !== 'all' && bloc === null) || (rawYear && year === null))
		error(400, 'Tham số không hợp lệ');
	const db = await getDatabase();
	const access = await analyticsAccess(db, locals.user);
	const columns = await cellColumns(db, access, { blocCode: bloc, year });
	return tableResponse(CELL_SCHEMA, columns, requestedFormat(url.searchParams.get('format')));
};
