/**
 * Mẫu văn bản khen thưởng (issue 15 part 3): the placeholders the tờ trình and quyết định
 * templates may use, the current template of each (download), and the council's own (upload,
 * checked; a bad file changes nothing) or back to the built-in one. Admin.
 */
import { fail } from '@sveltejs/kit';
import { DECISION_DOCS, isDecisionDoc, PLACEHOLDERS } from '$lib/domain/decisions';
import { authorize } from '$lib/server/auth/guard';
import { getDatabase } from '$lib/server/db';
import { currentTemplate, resetTemplate, uploadTemplate } from '$lib/server/decision/templates';
import { t } from '$lib/i18n';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	authorize(event, { kind: 'decision:template' });
	const db = await getDatabase();
	const templates = await Promise.all(
		DECISION_DOCS.map(async (doc) => {
			const own = await currentTemplate(db, doc);
			return {
				doc,
				own: own && { fileName: own.fileName, uploadedAt: own.uploadedAt, uploadedBy: own.uploadedBy }
			};
		})
	);
	return { templates, placeholders: PLACEHOLDERS.map((p) => ({ ...p })) };
};

export const actions: Actions = {
	upload: async (event) => {
		const user = authorize(event, { kind: 'decision:template' });
		const form = await event.request.formData();
		const doc = form.get('doc');
		const file = form.get('file');
		if (!isDecisionDoc(doc)) return fail(400, { doc: null, error: t(event.locals.lang)('error.notFound') });
		if (!(file instanceof File) || file.size === 0 || !file.name)
			return fail(400, { doc, error: t(event.locals.lang)('decision_tpl.noFile') });
		const r = await uploadTemplate(
			await getDatabase(),
			user,
			doc,
			file.name,
			new Uint8Array(await file.arrayBuffer())
		);
		if (!r.ok) return fail(r.refusal === 'forbidden' ? 403 : 400, { doc, error: r.message });
		return { doc, uploaded: file.name };
	},
	reset: async (event) => {
		const user = authorize(event, { kind: 'decision:template' });
		const doc = (await event.request.formData()).get('doc');
		if (!isDecisionDoc(doc)) return fail(400, { doc: null, error: t(event.locals.lang)('error.notFound') });
		await resetTemplate(await getDatabase(), user, doc);
		return { doc, reset: true };
	}
};
