/**
 * The printable «Bảng tiêu chí chấm điểm» of a bloc-year, for whoever may read the bloc: the
 * sections and criteria with their maxima and weights, the content maximum, the bonus cap, the
 * tiers and proposal places, and the place, date and signatures (from the query string, as on
 * the ranking report).
 */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize, requireUser } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { parseYear } from '$lib/server/overview';
import { blocReport, parseReportDate, todayInVietnam } from '$lib/server/report';
import { getBlocYear } from '$lib/server/scoring/stage';
import type { PageServerLoad } from './$types';

const text = (v: string | null, max: number) => (v ?? '').trim().slice(0, max);

export const load: PageServerLoad = async (event) => {
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
	// The report's header, signers and place: the same administrative frame.
	const report = await blocReport(db, bloc.year, bloc.blocCode);
	if (!report) error(404, tt('error.notFound'));
	const q = url.searchParams;
	const dateText = q.has('date') ? text(q.get('date'), 20) : null;
	return {
		header: report.header,
		councilName: report.councilName,
		signers: report.signers,
		place: q.has('place') ? text(q.get('place'), 80) : report.place,
		// No date given: today; an empty date: blank dots to fill in by hand.
		date: dateText === null ? todayInVietnam() : parseReportDate(dateText),
		dateText: dateText ?? '',
		preparer: text(q.get('preparer'), 80)
	};
};
