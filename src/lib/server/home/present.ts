/**
 * The latest changes as the home page shows them: times in Vietnam's time, values the Vietnamese
 * way (stages by name), the person by display name, an import without an account by what it was.
 */
import type { Translator } from '../../i18n';
import { auditActionKey, formatAuditTime, formatAuditValue } from '../audit/format';
import { settingAuditLabel } from '../../domain/council-settings';
import type { RecentChange } from '.';

export interface ChangeLine {
	id: number;
	when: string;
	who: string;
	what: string;
	/** The bloc-year changed; null for an imported file. */
	bloc: { blocCode: string; blocName: string; year: number } | null;
	unitName: string;
	criterionCode: string;
	oldValue: string;
	newValue: string;
	/** An imported file: its name and row count. */
	file: { name: string; rows: number } | null;
}

const IMPORT_SOURCES = ['sample', 'cli', 'upload'] as const;

/** Who made a change: the account's name; an import without an account by its source. */
export function changeAuthor(username: string, displayName: string | null, tr: Translator): string {
	if (displayName) return displayName;
	if (username === 'system:deadline') return tr.t('audit.who.systemDeadline');
	const m = /^import:(.*)$/.exec(username);
	if (m) {
		const source = m[1] ?? '';
		return (IMPORT_SOURCES as readonly string[]).includes(source)
			? tr.t(`home.who.import.${source as (typeof IMPORT_SOURCES)[number]}`)
			: tr.t('home.who.import');
	}
	return username;
}

export function presentChange(c: RecentChange, tr: Translator): ChangeLine {
	const key = c.action === 'import.batch' ? null : auditActionKey(c.action);
	return {
		id: c.id,
		when: formatAuditTime(c.changedAt),
		who: changeAuthor(c.username, c.displayName, tr),
		what: c.action === 'import.batch' ? tr.t('home.changes.importFile') : key ? tr.t(key) : c.action,
		bloc:
			c.blocCode !== null && c.year !== null
				? { blocCode: c.blocCode, blocName: c.blocName ?? c.blocCode, year: c.year }
				: null,
		unitName: c.unitName ?? c.unitCode ?? '',
		// A deadline's row names its field (self_until, review_until) where a score names its criterion.
		criterionCode:
			c.action === 'deadline.set'
				? tr.t(c.criterionCode === 'review_until' ? 'deadline.field.reviewUntil' : 'deadline.field.selfUntil')
				: c.action === 'setting'
					? settingAuditLabel(c.criterionCode ?? '', tr)
					: (c.criterionCode ?? ''),
		oldValue: formatAuditValue(c.action, c.oldValue, tr),
		newValue: formatAuditValue(c.action, c.newValue, tr),
		file: c.fileName !== null ? { name: c.fileName, rows: c.rows ?? 0 } : null
	};
}
