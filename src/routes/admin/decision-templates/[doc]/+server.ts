/** The current template of the tờ trình (`submission.docx`) or quyết định (`decision.docx`): the council's or the built-in one. */
import { error } from '@sveltejs/kit';
import { isDecisionDoc } from '$lib/domain/decisions';
import { t } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { templateFile } from '$lib/server/decision/templates';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	authorize(event, { kind: 'decision:template' });
	const doc = event.params.doc.replace(/\.docx$/, '');
	if (!isDecisionDoc(doc)) error(404, t(event.locals.lang)('error.notFound'));
	const file = await templateFile(await getDatabase(), doc);
	return new Response(file.bytes as unknown as BodyInit, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
			'cache-control': 'no-store'
		}
	});
};
