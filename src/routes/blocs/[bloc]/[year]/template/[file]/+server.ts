/**
 * The scoring sheet template of a bloc-year, generated from its pledge: `diem_K04_2025.xlsx` or
 * `.csv` (any name ending in .xlsx or .csv). `?field=self` or `?field=review` writes the kind of
 * score into the title. Whoever may read the bloc may download it.
 *
 * Issue 15: `&fill=1` (with a field) fills it with the stored scores, authorised like the data
 * it holds: the rows of the units whose sheet the account may read (`read:sheet`: the whole
 * bloc for its leader, deputy and the council; the own unit for a unit's officer); `&unit=` keeps
 * one unit. None readable: refused as the blank template is.
 */
import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/policy';
import { t } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { attachment, CONTENT_TYPES } from '$lib/server/export/formats';
import {
	fillTemplate,
	scoreTemplate,
	templateCsv,
	templateFileName,
	templateXlsx
} from '$lib/server/export/template';
import { parseYear } from '$lib/server/overview';
import { blocHeader } from '$lib/server/overview/bloc';
import { getBlocYear } from '$lib/server/scoring/stage';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	// Nobody signed in: the login page before any lookup, so that no 404 tells what exists.
	const user = requireUser(event);
	const { params, locals, url } = event;
	const tt = t(locals.lang);
	const year = parseYear(params.year);
	const db = await getDatabase();
	const bloc = year === null ? null : await getBlocYear(db, year, params.bloc);
	if (!bloc)
		error(404, tt('error.blocNotFound', { bloc: params.bloc.slice(0, 40), year: params.year.slice(0, 20) }));
	const field = url.searchParams.get('field');
	const scoreField = field === 'self' ? 'self_score' : field === 'review' ? 'reviewed_score' : null;
	const fill = url.searchParams.get('fill') === '1' && scoreField !== null;
	const only = url.searchParams.get('unit');
	const mayRead = (unitCode: string) =>
		(only === null || only === unitCode) && can(user, { kind: 'read:sheet', bloc, unitCode });
	// A unit's officer reads the own sheet (not the bloc): a filled template of that row.
	if (!fill || !(await memberCodes(bloc.year, bloc.blocCode)).some(mayRead))
		authorize(event, { kind: 'read:bloc', bloc });
	const format = /\.(csv|xlsx)$/i.exec(params.file)?.[1]?.toLowerCase() as 'csv' | 'xlsx' | undefined;
	const header = await blocHeader(db, bloc.year, bloc.blocCode);
	if (!format || !header) error(404, tt('error.notFound'));
	const blank = await scoreTemplate(db, header, scoreField);
	const template = fill ? await fillTemplate(db, blank, mayRead) : blank;
	const headers = {
		'Content-Type': CONTENT_TYPES[format],
		'Content-Disposition': attachment(templateFileName(template, format)),
		'Cache-Control': 'private, no-store'
	};
	return format === 'csv'
		? new Response(templateCsv(template), { headers })
		: new Response(new Uint8Array(await templateXlsx(template)), { headers });
};

/** The member units of a bloc-year. */
async function memberCodes(year: number, blocCode: string): Promise<string[]> {
	const db = await getDatabase();
	const rows = await db.all<{ c: string }>(
		'SELECT unit_code AS c FROM bloc_membership WHERE year = $1 AND bloc_code = $2',
		[year, blocCode]
	);
	return rows.map((r) => r.c);
}
