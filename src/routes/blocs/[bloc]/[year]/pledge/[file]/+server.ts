/**
 * The pledge's criteria as a file the criteria import accepts: `tieu_chi_K04_2025.csv` or
 * `.xlsx` (any name ending so). Whoever may read the bloc may download it.
 */
import { error } from '@sveltejs/kit';
import { sections } from '$lib/domain/pledge-editor';
import { t } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { attachment, CONTENT_TYPES, toCsv, toXlsx } from '$lib/server/export/formats';
import { parseYear } from '$lib/server/overview';
import { criteriaFileName, criteriaTable } from '$lib/server/pledge/document';
import { loadPledgeEditor } from '$lib/server/pledge/editor';
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
	authorize(event, { kind: 'read:bloc', bloc });
	const format = /\.(csv|xlsx)$/i.exec(params.file)?.[1]?.toLowerCase() as 'csv' | 'xlsx' | undefined;
	const state = await loadPledgeEditor(db, bloc.year, bloc.blocCode);
	if (!format || !state) error(404, tt('error.notFound'));
	const ordered = sections(state.criteria).flatMap((g) => g.criteria);
	const table = criteriaTable(bloc.year, bloc.blocCode, ordered);
	const headers = {
		'Content-Type': CONTENT_TYPES[format],
		'Content-Disposition': attachment(criteriaFileName(bloc.blocCode, bloc.year, format)),
		'Cache-Control': 'private, no-store'
	};
	return format === 'csv'
		? new Response(toCsv(table), { headers })
		: new Response(new Uint8Array(await toXlsx(table)), { headers });
};
