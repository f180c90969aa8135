import { fail } from '@sveltejs/kit';
import { t, type Translate } from '$lib/i18n';
import { authorize } from '$lib/server/auth/guard';
import {
	createNewYear,
	newYearOptions,
	parseRequest,
	previewNewYear,
	type NewYearRequest,
	type RequestError
} from '$lib/server/admin/new-year';
import { getDatabase, WriteConflictError } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

/** The form's values, as the page shows them again (choices by bloc). */
function values(req: NewYearRequest | null) {
	return req && { ...req, choices: Object.fromEntries(req.choices) };
}

const messages = (tt: Translate, errors: RequestError[]) =>
	errors.map((e) => tt(`newyear.error.${e.key}`, e.values));

/**
 * A new year from the last one (admin): the form (GET, so a preview is a link), and the preview
 * once a year was asked (`?year=…`).
 */
export const load: PageServerLoad = async (event) => {
	const user = authorize(event, { kind: 'manage:years' });
	const db = await getDatabase();
	const options = await newYearOptions(db);
	const q = event.url.searchParams;
	const asked = q.has('year');
	const { request, errors, defaults } = parseRequest(
		(n) => q.get(n),
		(n) => q.getAll(n),
		options
	);
	const preview = asked && request ? await previewNewYear(db, user, request) : null;
	return {
		options,
		values: values(request ?? defaults),
		errors: asked ? messages(t(event.locals.lang), errors) : [],
		preview
	};
};

export const actions: Actions = {
	/** Creates what the preview showed: the same fields and the preview's `token`. */
	create: async (event) => {
		const user = authorize(event, { kind: 'manage:years' });
		const tt = t(event.locals.lang);
		const db = await getDatabase();
		const form = await event.request.formData();
		const get = (n: string) => {
			const v = form.get(n);
			return typeof v === 'string' ? v : null;
		};
		const getAll = (n: string) => form.getAll(n).filter((v): v is string => typeof v === 'string');
		const { request, errors, defaults } = parseRequest(get, getAll, await newYearOptions(db));
		if (!request) return fail(400, { errors: messages(tt, errors), values: values(defaults), preview: null });
		try {
			const result = await createNewYear(db, user, request, get('token') ?? '');
			if (result.ok)
				return { created: { year: request.targetYear, blocs: result.plan.blocs.map((b) => b.blocCode) } };
			if (result.refusal === 'forbidden') return fail(403, { errors: [tt('error.forbidden')] });
			return fail(409, {
				errors: [tt(result.refusal === 'stale' ? 'newyear.stale' : 'newyear.refused')],
				values: values(request),
				preview: result.preview
			});
		} catch (e) {
			if (!(e instanceof WriteConflictError)) throw e;
			return fail(409, { errors: [tt('newyear.conflict')], values: values(request), preview: null });
		}
	}
};
