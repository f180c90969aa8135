/**
 * How the audit trail is shown and exported. Pure (no I/O): action names, Vietnamese times,
 * values (numbers vi-VN, stages by name) and the CSV file, which spreadsheets must not be able
 * to run: a cell that starts like a formula is prefixed with `'`.
 */
import { formatDateTime } from '../../domain/numbers';
import { ACCOUNT_ACTIONS, accountAuditValue } from '../../domain/accounts';
import { settingAuditValue } from '../../domain/council-settings';
import { isStage } from '../../domain/policy';
import { whoText } from '../../domain/sheet';
import { translator, type MessageKey, type Translator } from '../../i18n';
import { csvDocument, neutralizeCell } from '../export/csv';
import type { AuditEntry } from '.';

export { neutralizeCell };

export const AUDIT_ACTIONS = [
	'score.self',
	'score.review',
	'score.note',
	'stage',
	'import',
	// issue 14 part 4: a bloc-year created from the year before (/admin/years/new)
	'year.create',
	// Issue 14 part 6 (deadlines): a bloc-year's deadlines set, a unit's self-scoring extended.
	'deadline.set',
	'deadline.extend',
	// Accounts page (issue 14, part 1): the account changed is in criterion_code.
	...ACCOUNT_ACTIONS,
	// Issue 14, my account: the own password changed (never the password itself).
	'account.password',
	// Issue 14 part 5: the pledge editor.
	'pledge.update',
	'pledge.effect',
	'criterion.create',
	'criterion.update',
	'criterion.delete',
	'criterion.move',
	// Issue 14 part 7: a council setting changed (the setting in criterion_code).
	'setting',
	// Issue 15 part 1: a bloc-year's secret ballot recorded or cleared (summary in new/old value).
	'vote.record',
	'vote.clear',
	// Issue 15 part 3: a decision's number and date recorded (its award rows written) or removed;
	// a council's own template of the tờ trình / quyết định (the document in criterion_code).
	'decision.record',
	'decision.remove',
	'decision.template'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const ACTION_KEYS: Record<AuditAction, MessageKey> = {
	'score.self': 'audit.action.score.self',
	'score.review': 'audit.action.score.review',
	'score.note': 'audit.action.score.note',
	stage: 'audit.action.stage',
	import: 'audit.action.import',
	'year.create': 'audit.action.year.create',
	'deadline.set': 'audit.action.deadline.set',
	'deadline.extend': 'audit.action.deadline.extend',
	// Accounts page (issue 14, part 1)
	'account.create': 'acct.action.create',
	'account.update': 'acct.action.update',
	'account.disable': 'acct.action.disable',
	'account.enable': 'acct.action.enable',
	'account.reset': 'acct.action.reset',
	'account.grant': 'acct.action.grant',
	'account.revoke': 'acct.action.revoke',
	'account.password': 'audit.action.account.password',
	// Issue 14 part 5: the pledge editor.
	'pledge.update': 'audit.action.pledge.update',
	'pledge.effect': 'audit.action.pledge.effect',
	'criterion.create': 'audit.action.criterion.create',
	'criterion.update': 'audit.action.criterion.update',
	'criterion.delete': 'audit.action.criterion.delete',
	'criterion.move': 'audit.action.criterion.move',
	setting: 'audit.action.setting',
	// Issue 15 part 1: the vote.
	'vote.record': 'vote_audit.record',
	'vote.clear': 'vote_audit.clear',
	// Issue 15 part 3
	'decision.record': 'decision_audit.record',
	'decision.remove': 'decision_audit.remove',
	'decision.template': 'decision_audit.template'
};

/** The message key of an action's name; null for an action this version does not know. */
export function auditActionKey(action: string): MessageKey | null {
	return (AUDIT_ACTIONS as readonly string[]).includes(action) ? ACTION_KEYS[action as AuditAction] : null;
}

/** Epoch milliseconds → `dd/mm/yyyy HH:mm` in Vietnam's time. */
export const formatAuditTime = (epochMs: number): string => formatDateTime(epochMs);

const NUMBER = /^-?\d+(\.\d+)?$/;

/** A stored old or new value as a reader expects it: `28.5` → `28,5`, `review` → its stage name. */
export function formatAuditValue(action: string, value: string | null, tr: Translator): string {
	if (value === null) return '';
	if (action === 'stage' && isStage(value)) return tr.t(`stage.${value}`);
	if (action === 'year.create') return yearCreateText(value, tr);
	if (action.startsWith('account.')) return accountAuditValue(action, value, tr);
	if (action.startsWith('deadline.')) return tr.date(value);
	if (action === 'setting') return settingAuditValue(value, tr);
	if (action.startsWith('score.') && action !== 'score.note' && NUMBER.test(value))
		return tr.num(Number(value), 2);
	return value;
}

/** A 'year.create' row's value (JSON: what was copied) as a sentence; the text itself if not JSON. */
function yearCreateText(value: string, tr: Translator): string {
	try {
		const v = JSON.parse(value) as {
			from?: number;
			members?: string[];
			leader?: string | null;
			deputy?: string | null;
			criteria?: number;
		};
		return tr.t('newyear.audit', {
			from: v.from ?? '',
			members: tr.num(v.members?.length ?? 0, 0),
			leader: v.leader ?? tr.t('newyear.none'),
			deputy: v.deputy ?? tr.t('newyear.none'),
			criteria: tr.num(v.criteria ?? 0, 0)
		});
	} catch {
		return value;
	}
}

/** An audit row with every cell as text, ready for a table or a CSV line. */
export interface AuditLine {
	id: number;
	when: string;
	username: string;
	who: string;
	action: string;
	actionLabel: string;
	criterionCode: string;
	criterionName: string;
	oldValue: string;
	newValue: string;
	reason: string;
}

export { whoText } from '../../domain/sheet';

export function presentEntry(e: AuditEntry, tr: Translator): AuditLine {
	const key = auditActionKey(e.action);
	return {
		id: e.id,
		when: formatAuditTime(e.changedAt),
		username: e.username,
		who: whoText(e.username, e.displayName, tr),
		action: e.action,
		actionLabel: key ? tr.t(key) : e.action,
		criterionCode: e.criterionCode ?? '',
		criterionName: e.criterionName ?? '',
		oldValue: formatAuditValue(e.action, e.oldValue, tr),
		newValue: formatAuditValue(e.action, e.newValue, tr),
		reason: e.reason ?? ''
	};
}

/** Where a change came from: a sheet save, an import's file, a stage change, or not known. */
export type AuditSource =
	{ kind: 'sheet' } | { kind: 'file'; file: string } | { kind: 'stage' } | { kind: 'other' };

/** The reason an import writes with every value it replaced (write.ts). */
const IMPORT_REASON = 'Nhập tệp ';

/**
 * The source of an entry: the import's file when the trail links the entry to one (import
 * batches, migration 007), the file named by an import's reason in rows written before that,
 * a stage change, or else a save on the sheet (score changes by an account).
 */
export function auditSource(e: Pick<AuditEntry, 'action' | 'file' | 'reason' | 'username'>): AuditSource {
	if (e.file) return { kind: 'file', file: e.file };
	if (e.action === 'stage') return { kind: 'stage' };
	if (e.action === 'import') return { kind: 'other' };
	if (e.reason?.startsWith(IMPORT_REASON) && e.username.startsWith('import'))
		return { kind: 'file', file: e.reason.slice(IMPORT_REASON.length) };
	return e.action.startsWith('score.') ? { kind: 'sheet' } : { kind: 'other' };
}

/** A line of the history timeline: the CSV's cells, the source, and the reason worth showing. */
export interface TimelineLine extends AuditLine {
	source: AuditSource;
	/** The reason, unless it only repeats the import's file (shown as the source). */
	note: string;
}

export function timelineEntry(e: AuditEntry, tr: Translator): TimelineLine {
	const line = presentEntry(e, tr);
	const source = auditSource(e);
	const note = source.kind === 'file' && line.reason === `${IMPORT_REASON}${source.file}` ? '' : line.reason;
	return { ...line, source, note };
}

const CSV_COLUMNS: [MessageKey, keyof AuditLine][] = [
	['audit.col.when', 'when'],
	['audit.col.username', 'username'],
	['audit.col.who', 'who'],
	['audit.col.action', 'actionLabel'],
	['audit.col.criterionCode', 'criterionCode'],
	['audit.col.criterion', 'criterionName'],
	['audit.col.old', 'oldValue'],
	['audit.col.new', 'newValue'],
	['audit.col.reason', 'reason']
];

/**
 * The history as a CSV file for Excel: UTF-8 with a BOM (so Excel reads the diacritics),
 * comma-separated, CRLF lines, Vietnamese headers, numbers written the Vietnamese way (quoted,
 * `"28,5"`), and no cell that a spreadsheet would run as a formula.
 */
export function historyCsv(entries: AuditEntry[]): string {
	const tr = translator('vi');
	return csvDocument([
		CSV_COLUMNS.map(([key]) => tr.t(key)),
		...entries.map((e) => {
			const line = presentEntry(e, tr);
			return CSV_COLUMNS.map(([, field]) => String(line[field]));
		})
	]);
}

/** `lich-su-XA01-2025.csv`; characters a file name or header must not hold become `_`. */
export function historyFileName(unitCode: string, year: number): string {
	return `lich-su-${unitCode.replace(/[^A-Za-z0-9._-]/g, '_')}-${year}.csv`;
}
