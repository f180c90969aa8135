/**
 * The council's own templates of the tờ trình and the quyết định (issue 15 part 3): uploaded by
 * an admin, checked (a .docx docxtemplater parses, using only the listed placeholders, with a
 * list of collectives), kept in `decision_template`; downloading gives the current one (the
 * built-in template when the council has none). A bad file changes nothing.
 */
import { checkTemplateTags, type DecisionDoc, type TemplateProblem } from '../../domain/decisions';
import { can, type Principal } from '../../domain/policy';
import { t } from '../../i18n';
import { allOn, type Database } from '../db';
import { checkWorkbook, type XlsxLimits } from '../import/xlsx-guard';
import { DEFAULT_TEMPLATE_NAMES, defaultTemplate, templateTags, TemplateFileError } from './docx';

/** Messages in Vietnamese: refusals and document texts are the council's language. */
const vi = t('vi');

/** Largest template accepted (a letterhead image fits; a 5 MB upload is not a template). */
export const TEMPLATE_MAX_BYTES = 2 * 1024 * 1024;

/**
 * A .docx is a ZIP archive like a workbook: the import's guard refuses a zip bomb, a lying
 * directory or too many parts before docxtemplater inflates anything (cells: not a workbook).
 */
const DOCX_LIMITS: XlsxLimits = {
	entries: 1_000,
	inflatedBytes: 32 * 1024 * 1024,
	ratio: 500,
	ratioFloorBytes: 1024 * 1024,
	cells: Number.POSITIVE_INFINITY
};

/** The guard's reasons are written for workbooks: the same words for a Word file. */
const asWord = (reason: string) =>
	reason
		.replace(/tệp Excel \(\.xlsx\)/g, 'tệp Word (.docx)')
		.replace(/tệp Excel/g, 'tệp Word')
		.replace(/bằng Excel/g, 'bằng Word')
		.replace(/một bảng tính bình thường/g, 'một văn bản Word bình thường')
		.replace(/không phải bảng tính/g, 'không phải văn bản Word')
		.replace(/trong bảng tính/g, 'trong văn bản Word')
		.replace(/; hãy chia nhỏ tệp hoặc lưu thành "CSV UTF-8"/g, '');

export interface StoredTemplate {
	fileName: string;
	content: Uint8Array;
	uploadedAt: number;
	uploadedBy: string;
}

/** The council's template of a document, or null (the built-in one is used). */
export async function currentTemplate(db: Database, doc: DecisionDoc): Promise<StoredTemplate | null> {
	const [row] = await db.all<{ fileName: string; content: string; uploadedAt: number; uploadedBy: string }>(
		`SELECT file_name AS "fileName", to_base64(content) AS content, epoch_ms(uploaded_at::TIMESTAMPTZ)::DOUBLE AS "uploadedAt",
		        uploaded_by AS "uploadedBy" FROM decision_template WHERE kind = $1`,
		[doc]
	);
	return row ? { ...row, content: new Uint8Array(Buffer.from(row.content, 'base64')) } : null;
}

/** The template to download: the council's, or the built-in one. */
export async function templateFile(
	db: Database,
	doc: DecisionDoc
): Promise<{ fileName: string; bytes: Uint8Array }> {
	const own = await currentTemplate(db, doc);
	return own
		? { fileName: own.fileName, bytes: own.content }
		: { fileName: DEFAULT_TEMPLATE_NAMES[doc], bytes: defaultTemplate(doc) };
}

function problemText(p: TemplateProblem): string {
	switch (p.kind) {
		case 'unknown':
			return vi('decision_tpl.unknown', { name: p.name });
		case 'misplaced':
			return vi('decision_tpl.misplaced', { name: p.name, loop: p.loop });
		case 'noList':
			return vi('decision_tpl.noList');
	}
}

export type TemplateCheck = { ok: true; tags: number } | { ok: false; message: string };

/** Whether `bytes` is a template the drafts can use; the Vietnamese reason naming the file if not. */
export function checkTemplate(fileName: string, bytes: Uint8Array): TemplateCheck {
	const where = vi('decision_tpl.where', { file: fileName });
	if (!/\.docx$/i.test(fileName)) return { ok: false, message: `${where}: ${vi('decision_tpl.notDocx')}` };
	if (bytes.byteLength === 0) return { ok: false, message: `${where}: ${vi('decision_tpl.empty')}` };
	if (bytes.byteLength > TEMPLATE_MAX_BYTES)
		return {
			ok: false,
			message: `${where}: ${vi('decision_tpl.tooLarge', { max: TEMPLATE_MAX_BYTES / 1024 / 1024 })}`
		};
	const zip = checkWorkbook(bytes, DOCX_LIMITS);
	if (!zip.ok) return { ok: false, message: `${where}: ${asWord(zip.reason)}` };
	let tags;
	try {
		tags = templateTags(bytes);
	} catch (e) {
		if (e instanceof TemplateFileError) return { ok: false, message: `${where}: ${e.message}` };
		return { ok: false, message: `${where}: ${vi('decision_tpl.unreadable')}` };
	}
	const problems = checkTemplateTags(tags);
	if (problems.length) return { ok: false, message: `${where}: ${problems.map(problemText).join('; ')}` };
	return { ok: true, tags: tags.length };
}

export type TemplateWrite = { ok: true } | { ok: false; refusal: 'forbidden' | 'invalid'; message: string };

/** Replaces the council's template of a document (admin; checked first; audited 'decision.template'). */
export async function uploadTemplate(
	db: Database,
	user: Principal,
	doc: DecisionDoc,
	fileName: string,
	bytes: Uint8Array
): Promise<TemplateWrite> {
	if (!can(user, { kind: 'decision:template' }))
		return { ok: false, refusal: 'forbidden', message: vi('error.forbidden') };
	const check = checkTemplate(fileName, bytes);
	if (!check.ok) return { ok: false, refusal: 'invalid', message: check.message };
	await db.transaction(
		async (conn) => {
			const [before] = await allOn<{ name: string }>(
				conn,
				'SELECT file_name AS name FROM decision_template WHERE kind = $1',
				[doc]
			);
			await conn.run(
				`INSERT INTO decision_template (kind, file_name, content, uploaded_by) VALUES ($1, $2, from_base64($3), $4)
				 ON CONFLICT (kind) DO UPDATE SET file_name = excluded.file_name, content = excluded.content,
				   uploaded_at = now()::TIMESTAMP, uploaded_by = excluded.uploaded_by`,
				[doc, fileName, Buffer.from(bytes).toString('base64'), user.username]
			);
			await conn.run(
				`INSERT INTO audit_log (user_id, username, action, criterion_code, old_value, new_value)
				 VALUES ($1, $2, 'decision.template', $3, $4, $5)`,
				[user.userId, user.username, doc, before?.name ?? null, fileName]
			);
		},
		{
			retryOnConflict: true,
			changes: [{ kind: 'catalog' }],
			scope: () => [{ table: 'decision_template', year: null, blocCode: null }]
		}
	);
	return { ok: true };
}

/** Back to the built-in template (admin; audited). */
export async function resetTemplate(db: Database, user: Principal, doc: DecisionDoc): Promise<TemplateWrite> {
	if (!can(user, { kind: 'decision:template' }))
		return { ok: false, refusal: 'forbidden', message: vi('error.forbidden') };
	await db.transaction(
		async (conn) => {
			const [before] = await allOn<{ name: string }>(
				conn,
				'SELECT file_name AS name FROM decision_template WHERE kind = $1',
				[doc]
			);
			if (!before) return;
			await conn.run('DELETE FROM decision_template WHERE kind = $1', [doc]);
			await conn.run(
				`INSERT INTO audit_log (user_id, username, action, criterion_code, old_value, new_value)
				 VALUES ($1, $2, 'decision.template', $3, $4, NULL)`,
				[user.userId, user.username, doc, before.name]
			);
		},
		{
			retryOnConflict: true,
			changes: [{ kind: 'catalog' }],
			scope: () => [{ table: 'decision_template', year: null, blocCode: null }]
		}
	);
	return { ok: true };
}
