/**
 * The scoring sheet template of a bloc-year, generated from its pledge: `diem_K04_2025.xlsx` or
 * `.csv` (any name ending in .xlsx or .csv). `?field=self` or `?field=review` writes the kind of
 * score into the title. Whoever may read the bloc may download it.
 */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { attachment, CONTENT_TYPES } from '$lib/server/export/formats';
import { scoreTemplate, templateCsv, templateFileName, templateXlsx } from '$lib/server/export/template';
import { parseYear } from '$lib/server/overview';
import { blocHeader } from '$lib/server/overview/bloc';
import { getBlocYear } from '$lib/server/scoring/stage';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	// Nobody signed in: the login page before any lookup, so that no 404 tells what exists.
	requireUser(event);
	const { params, locals, url } = event;
	const tt = t(locals.lang);
	const year = parseYear(params.year);
	const db = await getDatabase();
	const bloc = year === null ? null : await getBlocYear(db, year, params.bloc);
	if (!bloc)
		error(404, tt('error.blocNotFound', { bloc: params.bloc.slice(0, 40), year: params.year.slice(0, 20) }));
	authorize(event, { kind: 'read:bloc', bloc });
	const format = /\.(csv|xlsx)$/i.exec(params.file)?.[1]?.toLowerCase() as 'csv' | 'xlsx' | undefined;
	const header = await blocHeader(db, bloc.year, bloc.blocCode);
	if (!format || !header) error(404, tt('error.notFound'));
	const field = url.searchParams.get('field');
	const template = await scoreTemplate(
		db,
		header,
		field === 'self' ? 'self_score' : field === 'review' ? 'reviewed_score' : null
	);
	const headers = {
		'Content-Type': CONTENT_TYPES[format],
		'Content-Disposition': attachment(templateFileName(template, format)),
		'Cache-Control': 'private, no-store'
	};
	return format === 'csv'
		? new Response(templateCsv(template), { headers })
		: new Response(new Uint8Array(await templateXlsx(template)), { headers });
};
