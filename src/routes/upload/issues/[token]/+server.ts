/**
 * The error report of an upload's last check as a CSV file for Excel: each issue with its file,
 * row, column, field, value and reason (the first ones of each kind, and the count of each kind
 * when it was cut short). Only the account that uploaded may download it.
 */
import { error } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { attachment } from '$lib/server/export/formats';
import { issuesCsv } from '$lib/server/import/report';
import { readIssues } from '$lib/server/import/staging';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = authorize(event, { kind: 'upload' });
	const found = await readIssues(user.userId, event.params.token);
	if (!found) error(404, t(event.locals.lang)('upload.error.expired'));
	return new Response(issuesCsv(found.issues, found), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': attachment('loi-nhap-du-lieu.csv'),
			'Cache-Control': 'private, no-store'
		}
	});
};
