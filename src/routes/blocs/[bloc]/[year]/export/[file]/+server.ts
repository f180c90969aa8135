/**
 * A bloc-year's data as a file: `ranking`, `scores`, `awards` (the bloc's units) or
 * `year-awards` (every unit that year), as `.csv`, `.xlsx`, `.parquet` or `.arrow`.
 * Rights: see `$lib/server/export` (reading the bloc; analysts' formats need `export`).
 */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { exportResponse, needsExportRight, parseExportFile } from '$lib/server/export';
import { parseYear } from '$lib/server/overview';
import { getBlocYear } from '$lib/server/scoring/stage';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	// Nobody signed in: the login page before any lookup, so that no 404 tells what exists.
	requireUser(event);
	const { params, locals } = event;
	const tt = t(locals.lang);
	const year = parseYear(params.year);
	const db = await getDatabase();
	const bloc = year === null ? null : await getBlocYear(db, year, params.bloc);
	if (!bloc)
		error(404, tt('error.blocNotFound', { bloc: params.bloc.slice(0, 40), year: params.year.slice(0, 20) }));
	const user = authorize(event, { kind: 'read:bloc', bloc });
	const file = parseExportFile(params.file);
	if (!file) error(404, tt('error.notFound'));
	if (needsExportRight(file.dataset, file.format)) authorize(event, { kind: 'export' });
	const response = await exportResponse(db, bloc, file.dataset, file.format, user);
	if (!response) error(404, tt('error.notFound'));
	return response;
};
