import { fail } from '@sveltejs/kit';
import { DEFAULT_SETTINGS, formFields } from '$lib/domain/council-settings';
import { RULES } from '$lib/domain/rules';
import { TIERS } from '$lib/domain/types';
import { readCouncilSettings, saveCouncilSettings, settingHistory } from '$lib/server/admin/settings';
import { authorize } from '$lib/server/auth/guard';
import { publicationYears, savePublication } from '$lib/server/publication';
import { autoAdvanceAtDeadline, setAutoAdvanceAtDeadline } from '$lib/server/scoring/auto-advance';
import { getDatabase, WriteConflictError } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

/** Cấu hình hội đồng: every council setting with its meaning, value and default (admin only). */
export const load: PageServerLoad = async (event) => {
	authorize(event, { kind: 'manage:settings' });
	const db = await getDatabase();
	const [settings, history, autoAdvance, publication] = await Promise.all([
		readCouncilSettings(db),
		settingHistory(db),
		autoAdvanceAtDeadline(db),
		publicationYears(db)
	]);
	return {
		settings,
		defaults: DEFAULT_SETTINGS,
		tiers: [...TIERS],
		rules: RULES.map((r) => ({
			id: r.id,
			name: r.name,
			source: r.source,
			status: r.status,
			from: r.effectiveFrom,
			to: r.effectiveTo
		})),
		history,
		autoAdvance,
		publication
	};
};

export const actions: Actions = {
	/** Every setting of the form in one transaction; nothing written when any field is wrong. */
	save: async (event) => {
		const user = authorize(event, { kind: 'manage:settings' });
		const form = await event.request.formData();
		const result = await saveCouncilSettings(await getDatabase(), user, formFields(form.entries()));
		if (result.status === 'invalid')
			return fail(400, { problems: result.problems, typed: result.typed, saved: null, rankedAgain: false });
		if (result.status === 'forbidden')
			return fail(403, { problems: [], typed: {}, saved: null, rankedAgain: false });
		return {
			problems: [],
			typed: {},
			saved: result.changes.length,
			rankedAgain: result.changes.some((c) => c.ranking)
		};
	},
	/** Issue 14 part 6: the stage advances by itself at the self-scoring deadline (checkbox: present = on). */
	autoAdvance: async (event) => {
		const user = authorize(event, { kind: 'manage:settings' });
		const form = await event.request.formData();
		await setAutoAdvanceAtDeadline(await getDatabase(), user, form.get('autoAdvance') === 'on');
		return { autoAdvanceSaved: true };
	},
	/** Issue 15 part 5: the years whose finalised rankings are public (one switch per year). */
	publication: async (event) => {
		const user = authorize(event, { kind: 'manage:publication' });
		const form = await event.request.formData();
		let result;
		try {
			result = await savePublication(await getDatabase(), user, formFields(form.entries()));
		} catch (e) {
			// Another save of the same years won twice: nothing written, said so.
			if (!(e instanceof WriteConflictError)) throw e;
			return fail(409, { publicationSaved: null, publicationProblems: [], publicationConflict: true });
		}
		if (result.status === 'forbidden')
			return fail(403, { publicationSaved: null, publicationProblems: [], publicationConflict: false });
		if (result.status === 'invalid')
			return fail(400, {
				publicationSaved: null,
				publicationProblems: result.problems,
				publicationConflict: false
			});
		return { publicationSaved: result.changes.length, publicationProblems: [], publicationConflict: false };
	}
};
