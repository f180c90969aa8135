/** Proposals become a decision (issue 15 part 3): the draft documents and the decision's number and date. */
import { decisionActions, loadDecisionPage } from '$lib/server/decision/page';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => loadDecisionPage(event);

export const actions: Actions = decisionActions;
