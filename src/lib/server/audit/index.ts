/**
 * The audit trail (nhật ký): who changed which score, note or stage, when, from what to what
 * and why. Read-only here: rows are only ever INSERTed, by the scoring sheet, the stage change
 * (scoring/stage.ts) and the import; nothing in the application updates or deletes them.
 */
import type { BlocYear } from '../../domain/policy';
import type { Translator } from '../../i18n';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import { timelineEntry, type TimelineLine } from './format';
import { TRAIL_ORDER, unitTrail } from './trail';

export {
	AUDIT_ACTIONS,
	auditActionKey,
	formatAuditTime,
	historyCsv,
	historyFileName,
	presentEntry,
	timelineEntry
} from './format';
export type { AuditAction, AuditLine, TimelineLine } from './format';

export interface AuditEntry {
	id: number;
	/** When, as epoch milliseconds (the stored timestamp read in the database's time zone). */
	changedAt: number;
	userId: number | null;
	username: string;
	/** The account's display name, when the change was made by an account. */
	displayName: string | null;
	/** score.self, score.review, score.note, stage, import */
	action: string;
	year: number;
	blocCode: string;
	unitCode: string | null;
	criterionCode: string | null;
	criterionName: string | null;
	oldValue: string | null;
	newValue: string | null;
	reason: string | null;
	/** The file of the import that wrote it (from the import's link), else null. */
	file: string | null;
}

const SELECT = (from: string, file = 'NULL') => `
	SELECT a.id::DOUBLE AS id,
	       epoch_ms(a.changed_at::TIMESTAMPTZ)::DOUBLE AS "changedAt",
	       a.user_id AS "userId", a.username, u.display_name AS "displayName", a.action,
	       a.year, a.bloc_code AS "blocCode", a.unit_code AS "unitCode",
	       a.criterion_code AS "criterionCode", c.criterion_name AS "criterionName",
	       a.old_value AS "oldValue", a.new_value AS "newValue", a.reason, ${file} AS file
	FROM ${from} a
	LEFT JOIN app_user u ON u.user_id = a.user_id
	LEFT JOIN criterion c
	       ON c.year = a.year AND c.bloc_code = a.bloc_code AND c.criterion_code = a.criterion_code`;

/**
 * What was changed on one unit's sheet in a bloc-year (scores, notes, and anything else recorded
 * for the unit), newest first; only one criterion's rows when `criterionCode` is given. The
 * trail reads the audit log and what imports wrote (trail.ts).
 */
export async function unitHistory(
	db: Database,
	bloc: Pick<BlocYear, 'blocCode' | 'year'>,
	unitCode: string,
	criterionCode?: string | null
): Promise<AuditEntry[]> {
	const params: (string | number)[] = [bloc.year, bloc.blocCode, unitCode];
	if (criterionCode) params.push(criterionCode);
	// The audit trail of a bloc-year is written with its scores (and stage changes), and so are
	// the import batches and row links it reads.
	return db.reads([dep.score(bloc.year, bloc.blocCode)], () =>
		db.all<AuditEntry>(
			`${SELECT(`(${unitTrail({ criterion: !!criterionCode })})`, 'a.file')}
		 ORDER BY ${TRAIL_ORDER('a')}`,
			params
		)
	);
}

/** The stage changes of a bloc-year, newest first (at most `limit`). */
export async function blocHistory(
	db: Database,
	bloc: Pick<BlocYear, 'blocCode' | 'year'>,
	limit = 50
): Promise<AuditEntry[]> {
	return db.reads([dep.score(bloc.year, bloc.blocCode)], () =>
		db.all<AuditEntry>(
			`${SELECT('audit_log')}
		 WHERE a.year = $1 AND a.bloc_code = $2 AND a.action = 'stage' AND a.unit_code IS NULL
		 ORDER BY a.changed_at DESC, a.id DESC
		 LIMIT $3`,
			[bloc.year, bloc.blocCode, limit]
		)
	);
}

/** The criteria of a bloc-year's pledge, in the pledge's order (for the history filter). */
export async function criteriaOf(
	db: Database,
	bloc: Pick<BlocYear, 'blocCode' | 'year'>
): Promise<{ code: string; name: string; groupName: string }[]> {
	return db.reads([dep.pledge(bloc.year, bloc.blocCode)], () =>
		db.all(
			`SELECT criterion_code AS code, criterion_name AS name, group_name AS "groupName"
		 FROM criterion WHERE year = $1 AND bloc_code = $2
		 ORDER BY sort_order, criterion_code`,
			[bloc.year, bloc.blocCode]
		)
	);
}

/** The unit's name, or null when the unit is no member of the bloc that year. */
export async function memberName(
	db: Database,
	bloc: Pick<BlocYear, 'blocCode' | 'year'>,
	unitCode: string
): Promise<string | null> {
	const [row] = await db.reads([dep.pledge(bloc.year, bloc.blocCode)], () =>
		db.all<{ name: string }>(
			`SELECT COALESCE(u.unit_name, m.unit_code) AS name
		 FROM bloc_membership m LEFT JOIN unit u ON u.unit_code = m.unit_code
		 WHERE m.year = $1 AND m.bloc_code = $2 AND m.unit_code = $3`,
			[bloc.year, bloc.blocCode, unitCode]
		)
	);
	return row?.name ?? null;
}

/**
 * What the history page of a unit shows: the pledge's criteria (for the filter), the criterion
 * asked for when the pledge has it, and the changes as one list, newest first (the order of the
 * trail and of the CSV), each with its source (the sheet, an import's file) and reason.
 */
export async function unitHistoryPage(
	db: Database,
	bloc: Pick<BlocYear, 'blocCode' | 'year'>,
	unitCode: string,
	wanted: string,
	tr: Translator
): Promise<{
	criteria: { code: string; name: string; groupName: string }[];
	criterion: string | null;
	total: number;
	entries: TimelineLine[];
}> {
	const criteria = await criteriaOf(db, bloc);
	const criterion = criteria.some((c) => c.code === wanted) ? wanted : null;
	const entries = (await unitHistory(db, bloc, unitCode, criterion)).map((e) => timelineEntry(e, tr));
	return { criteria, criterion, total: entries.length, entries };
}
