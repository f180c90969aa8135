/** The tờ trình (`to-trinh.docx`) or quyết định (`quyet-dinh.docx`) draft, filled from the form's query. */
import { draftResponse } from '$lib/server/decision/page';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) => draftResponse(event);
