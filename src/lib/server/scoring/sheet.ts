/**
 * One unit's scoring sheet (phiếu chấm điểm) in a bloc-year: reading it, saving one column of it
 * with optimistic concurrency, and the bloc's scoring status.
 *
 * Saving (`saveSheet`) happens in one transaction: the stage, membership, criteria, stored scores
 * and the sheet's version are read, every entry is checked (`src/lib/domain/sheet.ts`, the same
 * rules the grid runs live), and only when nothing is wrong and the version is the one the user
 * loaded are the changed cells written, each change with an `audit_log` row, and the version
 * incremented. A save from an older version writes nothing and returns what the other person
 * changed since, so that nobody's work is silently overwritten. A save that DuckDB refuses
 * because a concurrent transaction (an import) wrote the same rows is run once more, and throws
 * WriteConflictError (routes: 409) when it loses again.
 *
 * Only static SQL: every input is a bind parameter.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	can,
	DEFAULT_OWN_UNIT_RULE,
	isStage,
	type BlocYear,
	type OwnUnitRule,
	type Principal,
	type Stage
} from '../../domain/policy';
import {
	canonicalScore,
	checkEntries,
	checkNoteHasScore,
	formatStamp,
	fieldValueText,
	normalizeReason,
	problemText,
	REASON_MAX_LENGTH,
	saverText,
	stageOfSide,
	type ConflictCell,
	type Sheet,
	type SheetCriterion,
	type SheetEntryInput,
	type SheetField,
	type SheetGroup,
	type SheetProblem,
	type SheetSide
} from '../../domain/sheet';
import { compareVi } from '../../domain/text';
import type { Role } from '../../domain/types';
import { translator } from '../../i18n';
import { TRAIL_ORDER, unitTrail } from '../audit/trail';
import { allOn, type Database } from '../db';
import { dep } from '../db/freshness';
import { rankBloc } from '../ranking';
import { afterDeadlineMessage, selfWindowOn } from './deadline';

export type {
	ConflictCell,
	Sheet,
	SheetCriterion,
	SheetField,
	SheetGroup,
	SheetUnit
} from '../../domain/sheet';

type CriterionWithScores = SheetCriterion & { [key: string]: unknown };
type SheetRow = {
	version: number;
	updatedAt: number;
	updatedBy: string | null;
	updatedByName: string | null;
};

const CRITERIA_SQL = `
SELECT
	c.criterion_code AS code,
	c.criterion_name AS name,
	c.group_code AS "groupCode",
	c.group_name AS "groupName",
	c.kind,
	CAST(c.max_points AS DOUBLE) AS "maxPoints",
	CAST(c.weight AS DOUBLE) AS weight,
	c.sort_order AS "sortOrder",
	CAST(s.self_score AS DOUBLE) AS "selfScore",
	CAST(s.reviewed_score AS DOUBLE) AS "reviewedScore",
	s.note
FROM criterion c
LEFT JOIN score s
	ON s.year = c.year AND s.bloc_code = c.bloc_code AND s.unit_code = $3 AND s.criterion_code = c.criterion_code
WHERE c.year = $1 AND c.bloc_code = $2
ORDER BY MIN(c.sort_order) OVER (PARTITION BY c.group_code), c.group_code, c.sort_order, c.criterion_code`;

const SHEET_ROW_SQL = `
SELECT
	s.version,
	epoch_ms(s.updated_at::TIMESTAMPTZ)::DOUBLE AS "updatedAt",
	s.updated_by AS "updatedBy",
	u.display_name AS "updatedByName"
FROM score_sheet s
LEFT JOIN app_user u ON u.username = s.updated_by
WHERE s.year = $1 AND s.bloc_code = $2 AND s.unit_code = $3`;

const PLEDGE_SQL = `
SELECT COALESCE(b.bloc_name, p.bloc_code) AS "blocName", p.stage, CAST(p.bonus_cap AS DOUBLE) AS "bonusCap"
FROM pledge p LEFT JOIN bloc b ON b.bloc_code = p.bloc_code
WHERE p.year = $1 AND p.bloc_code = $2`;

/** The bloc's leader unit that year, and whether the council has the deputy review it. */
const RULE_SQL = `
SELECT
	(SELECT min(unit_code) FROM bloc_membership WHERE year = $1 AND bloc_code = $2 AND role = 'leader') AS "leaderUnit",
	COALESCE((SELECT deputy_reviews_leader_unit FROM council_setting WHERE id = 1), false) AS "deputyReviews"`;

/** Who reviews the bloc leader's own unit in this bloc-year (read on the write's connection). */
export async function ruleOn(conn: DuckDBConnection, year: number, blocCode: string): Promise<OwnUnitRule> {
	const [r] = await allOn<{ leaderUnit: string | null; deputyReviews: boolean }>(conn, RULE_SQL, [
		year,
		blocCode
	]);
	return { leaderUnit: r?.leaderUnit ?? null, deputyReviews: r?.deputyReviews === true };
}

const MEMBER_SQL = `
SELECT m.unit_code AS code, COALESCE(u.unit_name, m.unit_code) AS name, m.role
FROM bloc_membership m LEFT JOIN unit u ON u.unit_code = m.unit_code
WHERE m.year = $1 AND m.bloc_code = $2 AND m.unit_code = $3`;

function groupCriteria(rows: SheetCriterion[]): SheetGroup[] {
	const groups: SheetGroup[] = [];
	for (const c of rows) {
		const last = groups[groups.length - 1];
		if (last && last.groupCode === c.groupCode) last.criteria.push(c);
		else groups.push({ groupCode: c.groupCode, groupName: c.groupName, criteria: [c] });
	}
	return groups;
}

const stageOf = (s: unknown): Stage => (isStage(s) ? s : 'open');

/** Criteria of a bloc-year in the sheet's order, without scores (CRITERIA_SQL's columns). */
const FRAME_CRITERIA_SQL = `
SELECT
	criterion_code AS code,
	criterion_name AS name,
	group_code AS "groupCode",
	group_name AS "groupName",
	kind,
	CAST(max_points AS DOUBLE) AS "maxPoints",
	CAST(weight AS DOUBLE) AS weight,
	sort_order AS "sortOrder"
FROM criterion
WHERE year = $1 AND bloc_code = $2
ORDER BY MIN(sort_order) OVER (PARTITION BY group_code), group_code, sort_order, criterion_code`;

const FRAME_MEMBERS_SQL = `
SELECT m.unit_code AS code, COALESCE(u.unit_name, m.unit_code) AS name, m.role
FROM bloc_membership m LEFT JOIN unit u ON u.unit_code = m.unit_code
WHERE m.year = $1 AND m.bloc_code = $2`;

/** One unit's stored scores in a bloc-year. */
const UNIT_SCORES_SQL = `
SELECT criterion_code AS code, CAST(self_score AS DOUBLE) AS self, CAST(reviewed_score AS DOUBLE) AS reviewed, note
FROM score WHERE year = $1 AND bloc_code = $2 AND unit_code = $3`;

/** What every sheet of a bloc-year shares: its pledge, stage, criteria, members and rule. */
interface SheetFrame {
	pledge: { blocName: string; stage: string | null; bonusCap: number | null } | undefined;
	members: { code: string; name: string; role: Role }[];
	criteria: Omit<SheetCriterion, 'selfScore' | 'reviewedScore' | 'note'>[];
	rule: OwnUnitRule;
}

/**
 * A bloc-year's sheet frame, read once until its pledge, criteria, membership or stage change (a
 * sheet save changes none of them): loading a sheet again after a save then reads only the
 * unit's scores and the sheet's version. Unit names and the council's rule are catalog data
 * (a catalog write makes every read stale).
 */
function sheetFrame(db: Database, bloc: BlocYear): Promise<SheetFrame> {
	return db.cached(
		`sheetFrame:${bloc.year}:${bloc.blocCode}`,
		() =>
			db.withConnection(async (conn) => {
				const params = [bloc.year, bloc.blocCode];
				const [pledge] = await allOn<SheetFrame['pledge'] & object>(conn, PLEDGE_SQL, params);
				const members = await allOn<SheetFrame['members'][number]>(conn, FRAME_MEMBERS_SQL, params);
				const criteria = await allOn<SheetFrame['criteria'][number]>(conn, FRAME_CRITERIA_SQL, params);
				const rule = await ruleOn(conn, bloc.year, bloc.blocCode);
				return { pledge, members, criteria, rule };
			}),
		[dep.pledge(bloc.year, bloc.blocCode), dep.stage(bloc.year, bloc.blocCode)]
	);
}

/**
 * The sheet of `unitCode` in a bloc-year: the unit (null if no member that year), the criteria in
 * their groups with the unit's self-score, reviewed score and note, the bonus cap and the
 * sheet's version (0 when never saved), last saved at and by.
 */
export async function loadSheet(db: Database, bloc: BlocYear, unitCode: string): Promise<Sheet> {
	const frame = await sheetFrame(db, bloc);
	const unit = frame.members.find((m) => m.code === unitCode);
	// The unit's scores and the sheet's version: what a save changes.
	const { scores, sheet } = await db.reads([dep.score(bloc.year, bloc.blocCode)], () =>
		db.withConnection(async (conn) => {
			const params = [bloc.year, bloc.blocCode, unitCode];
			const scores = unit ? await allOn<StoredScore>(conn, UNIT_SCORES_SQL, params) : [];
			const [sheet] = await allOn<SheetRow>(conn, SHEET_ROW_SQL, params);
			return { scores: new Map(scores.map((r) => [r.code, r])), sheet };
		})
	);
	const pledge = frame.pledge;
	return {
		blocCode: bloc.blocCode,
		blocName: pledge?.blocName ?? bloc.blocCode,
		year: bloc.year,
		stage: pledge ? stageOf(pledge.stage) : bloc.stage,
		unit: unit ? { code: unit.code, name: unit.name, role: unit.role } : null,
		groups: groupCriteria(
			(unit ? frame.criteria : []).map((c) => {
				const s = scores.get(c.code);
				return {
					...c,
					selfScore: s?.self ?? null,
					reviewedScore: s?.reviewed ?? null,
					note: s?.note ?? null
				};
			})
		),
		bonusCap: pledge?.bonusCap ?? null,
		version: sheet?.version ?? 0,
		updatedAt: sheet?.updatedAt ?? null,
		updatedBy: sheet?.updatedBy ?? null,
		updatedByName: sheet?.updatedByName ?? null,
		rule: { ...frame.rule }
	};
}

// ---------------------------------------------------------------------------------------------
// Saving

/** One criterion as submitted: the edited column's value and the note; a missing field is left as stored. */
export type SaveEntry = SheetEntryInput;

export type SaveResult =
	| { status: 'saved'; version: number; changes: number }
	/** Nothing differed from what is stored: nothing written, the version kept. */
	| { status: 'unchanged'; version: number }
	/** Every problem, with its Vietnamese message; nothing written. */
	| { status: 'invalid'; problems: (SheetProblem & { message: string })[] }
	/**
	 * The sheet was saved by someone else since `expectedVersion`: nothing written. `version` is
	 * the current one: saving again with it overwrites deliberately.
	 */
	| {
			status: 'conflict';
			version: number;
			updatedBy: string | null;
			updatedByName: string | null;
			updatedAt: number | null;
			cells: ConflictCell[];
			message: string;
	  }
	/**
	 * The stage does not open this column, the account may not write it, the unit is no member,
	 * or (`deadline`) the unit's self-scoring deadline has passed: `until` is its last day.
	 */
	| {
			status: 'refused';
			reason: 'stage' | 'forbidden' | 'ownUnit' | 'notMember' | 'deadline';
			stage: Stage;
			message: string;
			until?: string | null;
	  }
	/** The reason typed with the save is longer than REASON_MAX_LENGTH: nothing written. */
	| { status: 'reasonTooLong'; length: number; limit: number };

type StoredScore = { code: string; self: number | null; reviewed: number | null; note: string | null };

interface FieldChange {
	code: string;
	field: SheetField;
	old: string | null;
	new: string | null;
}

const AUDIT_ACTION: Record<SheetField, string> = {
	self: 'score.self',
	review: 'score.review',
	note: 'score.note'
};

const vi = translator('vi');

/**
 * Saves of one bloc-year run one after another in this process (DuckDB allows one writer
 * process): each ranks its bloc-year again (ranking/totals.ts), writing every member's ranking
 * row, so two at once would write the same rows; DuckDB refuses the second, which would then
 * run again alone, holding up every other write.
 */
const queues = new Map<string, Promise<unknown>>();

async function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
	const previous = queues.get(key) ?? Promise.resolve();
	const run = previous.catch(() => undefined).then(fn);
	queues.set(key, run);
	try {
		return await run;
	} finally {
		if (queues.get(key) === run) queues.delete(key);
	}
}

/**
 * Saves one column (`side`) of a unit's sheet and the notes, from the version the user loaded.
 *
 * Refuses (writes nothing) when the stage does not open that column (self-scores only in
 * self_scoring, reviews only in review, read again inside the transaction), when `can` refuses
 * the account (the route has authorised already: defence in depth) or when the unit is no
 * member. Checks every entry and returns all problems. With no problem: when nothing differs
 * from what is stored, writes nothing and keeps the version; when the stored version is not
 * `expectedVersion`, writes nothing and returns the cells changed since then, by whom and when;
 * otherwise writes the changed cells (a row left without any score or note is deleted), one
 * `audit_log` row per changed field, and sets the version to `expectedVersion + 1`.
 *
 * `reason` (bloc scores only): why they were changed by hand, kept in `audit_log.reason` of
 * every row of the save (REASON_MAX_LENGTH at most, else nothing is written). A bloc leader
 * reviewing the leader's own unit is refused (`ownUnit`) when the council has the deputy
 * review it (council_setting.deputy_reviews_leader_unit, read in the transaction). A unit
 * officer's self-scores are refused (`deadline`) once the unit's self-scoring window has ended
 * at `now` (the bloc's deadline or the unit's extension, read in the transaction:
 * scoring/deadline.ts); an admin's are not.
 */
export async function saveSheet(
	db: Database,
	user: Principal,
	bloc: BlocYear,
	unitCode: string,
	side: SheetSide,
	expectedVersion: number,
	entries: SaveEntry[],
	reason: string | null = null,
	now: number = Date.now()
): Promise<SaveResult> {
	// A reason is asked for with the bloc's scores only (a manual change of a bloc score).
	const why = side === 'review' ? normalizeReason(reason) : null;
	if (why !== null && [...why].length > REASON_MAX_LENGTH)
		return { status: 'reasonTooLong', length: [...why].length, limit: REASON_MAX_LENGTH };
	const key = `${db.path}\u0000${bloc.year}\u0000${bloc.blocCode}`;
	// When another writer (an import) commits the same rows meanwhile, DuckDB refuses the save:
	// it runs once more from scratch, which reads the new version and reports the conflict with
	// the other person's values. Losing twice throws WriteConflictError (nothing written).
	return serialised(key, () =>
		db.transaction((conn) => saveIn(conn, user, bloc, unitCode, side, expectedVersion, entries, why, now), {
			retryOnConflict: true,
			changes: [{ kind: 'score', year: bloc.year, bloc: bloc.blocCode, units: [unitCode] }],
			scope: () => [{ table: 'score', year: bloc.year, blocCode: bloc.blocCode }]
		})
	);
}

function refused(
	reason: 'stage' | 'forbidden' | 'ownUnit' | 'notMember',
	stage: Stage,
	side: SheetSide
): SaveResult {
	return {
		status: 'refused',
		reason,
		stage,
		message: vi.t(`sheet.refused.${reason}`, {
			stage: vi.t(`stage.${stage}`),
			side: vi.t(`sheet.field.${side}`)
		})
	};
}

async function saveIn(
	conn: DuckDBConnection,
	user: Principal,
	bloc: BlocYear,
	unitCode: string,
	side: SheetSide,
	expectedVersion: number,
	entries: SaveEntry[],
	reason: string | null,
	now: number
): Promise<SaveResult> {
	const keyParams: [number, string, string] = [bloc.year, bloc.blocCode, unitCode];
	const [pledge] = await allOn<{ stage: string | null; bonusCap: number | null }>(conn, PLEDGE_SQL, [
		bloc.year,
		bloc.blocCode
	]);
	const stage = pledge ? stageOf(pledge.stage) : bloc.stage;
	// The stage as the caller saw it and as stored now must both open this column.
	if (!pledge || bloc.stage !== stageOfSide(side) || stage !== stageOfSide(side))
		return refused('stage', stage, side);
	const current: BlocYear = { ...bloc, stage };
	if (side === 'self') {
		// The unit's self-scoring window as stored now: the bloc's deadline and the unit's extension.
		const window = await selfWindowOn(conn, bloc, unitCode, now);
		const write = { kind: 'write:self', bloc: current, unitCode } as const;
		if (!can(user, { ...write, afterDeadline: window.afterDeadline })) {
			if (!can(user, { ...write, afterDeadline: false })) return refused('forbidden', stage, side);
			return {
				status: 'refused',
				reason: 'deadline',
				stage,
				until: window.until,
				message: afterDeadlineMessage('vi', window, bloc.blocCode)
			};
		}
	}
	if (side === 'review') {
		// The council's rule as stored now: the deputy may review the leader's own unit instead.
		const rule = await ruleOn(conn, bloc.year, bloc.blocCode);
		if (!can(user, { kind: 'write:review', bloc: current, unitCode, rule }))
			return refused(
				can(user, { kind: 'write:review', bloc: current, unitCode, rule: DEFAULT_OWN_UNIT_RULE })
					? 'ownUnit'
					: 'forbidden',
				stage,
				side
			);
	}
	const [member] = await allOn(conn, MEMBER_SQL, keyParams);
	if (!member) return refused('notMember', stage, side);

	const criteria = await allOn<CriterionWithScores>(conn, CRITERIA_SQL, keyParams);
	const checked = checkEntries(criteria, pledge.bonusCap, entries);
	const problems = checked.problems;

	// The unit's stored scores, from the criteria's own read (its LEFT JOIN of the unit's scores):
	// a score row always holds a self or a reviewed score (the table's CHECK), so a criterion
	// without either has no row. Only the criteria's rows are ever written.
	const stored = new Map<string, StoredScore>();
	for (const c of criteria)
		if (c.selfScore !== null || c.reviewedScore !== null)
			stored.set(c.code, {
				code: c.code,
				self: c.selfScore,
				reviewed: c.reviewedScore,
				note: c.note
			});

	// The rows as they would be after the save, and the fields that change.
	const rows: { code: string; before: StoredScore | undefined; after: StoredScore }[] = [];
	const changes: FieldChange[] = [];
	for (const e of checked.entries) {
		const code = e.criterion.code;
		const before = stored.get(code);
		const after: StoredScore = {
			code,
			self: before?.self ?? null,
			reviewed: before?.reviewed ?? null,
			note: before?.note ?? null
		};
		if (e.value !== undefined) {
			if (side === 'self') after.self = e.value;
			else after.reviewed = e.value;
		}
		if (e.note !== undefined) after.note = e.note;
		const valueProblem = problems.some((p) => p.criterionCode === code && p.field === 'value');
		if (!valueProblem) problems.push(...checkNoteHasScore(code, after.self, after.reviewed, after.note));
		const diff: FieldChange[] = [];
		const self = [canonicalScore(before?.self ?? null), canonicalScore(after.self)];
		const reviewed = [canonicalScore(before?.reviewed ?? null), canonicalScore(after.reviewed)];
		if (self[0] !== self[1]) diff.push({ code, field: 'self', old: self[0]!, new: self[1]! });
		if (reviewed[0] !== reviewed[1])
			diff.push({ code, field: 'review', old: reviewed[0]!, new: reviewed[1]! });
		if ((before?.note ?? null) !== after.note)
			diff.push({ code, field: 'note', old: before?.note ?? null, new: after.note });
		if (diff.length) {
			rows.push({ code, before, after });
			changes.push(...diff);
		}
	}

	if (problems.length)
		return { status: 'invalid', problems: problems.map((p) => ({ ...p, message: problemText(vi, p) })) };

	const [sheet] = await allOn<SheetRow>(conn, SHEET_ROW_SQL, keyParams);
	const version = sheet?.version ?? 0;
	if (changes.length === 0) return { status: 'unchanged', version };
	if (version !== expectedVersion)
		return conflict(conn, bloc, unitCode, expectedVersion, sheet, stored, checked.entries, side);

	await writeRows(conn, keyParams, rows);
	// One statement for every changed field: at year-end a save meets many readers, and each
	// statement waits its turn for the cores. The reason typed with the save goes with each row.
	await conn.run(
		`INSERT INTO audit_log (user_id, username, action, year, bloc_code, unit_code, criterion_code, old_value, new_value, reason)
		 VALUES ${changes.map((_, i) => `($1, $2, $${7 + i * 4}, $3, $4, $5, $${8 + i * 4}, $${9 + i * 4}, $${10 + i * 4}, $6)`).join(', ')}`,
		[
			user.userId,
			user.username,
			...keyParams,
			reason,
			...changes.flatMap((c) => [AUDIT_ACTION[c.field], c.code, c.old, c.new])
		]
	);
	const next = expectedVersion + 1;
	if (sheet)
		await conn.run(
			`UPDATE score_sheet SET version = $4, updated_at = current_timestamp, updated_by = $5
			 WHERE year = $1 AND bloc_code = $2 AND unit_code = $3`,
			[...keyParams, next, user.username]
		);
	else
		await conn.run(
			`INSERT INTO score_sheet (year, bloc_code, unit_code, version, updated_at, updated_by)
			 VALUES ($1, $2, $3, $4, current_timestamp, $5)`,
			[...keyParams, next, user.username]
		);
	return { status: 'saved', version: next, changes: changes.length };
}

/** A score row after the save: the key's criterion and the canonical values. */
type ScoreCells = [code: string, self: string | null, reviewed: string | null, note: string | null];

/**
 * Writes a sheet's changed rows in at most three statements (deleted, updated, added): a row
 * left without any score or note is deleted.
 */
async function writeRows(
	conn: DuckDBConnection,
	keyParams: [number, string, string],
	rows: { code: string; before: StoredScore | undefined; after: StoredScore }[]
): Promise<void> {
	const cells = (r: (typeof rows)[number]): ScoreCells => [
		r.code,
		canonicalScore(r.after.self),
		canonicalScore(r.after.reviewed),
		r.after.note
	];
	const empty = (r: (typeof rows)[number]) =>
		r.after.self === null && r.after.reviewed === null && r.after.note === null;
	const deleted = rows.filter(empty).map((r) => r.code);
	const updated = rows.filter((r) => r.before && !empty(r)).map(cells);
	const added = rows.filter((r) => !r.before && !empty(r)).map(cells);
	// $1–$3 are the key; each row's four values follow.
	const values = (list: ScoreCells[]) =>
		list
			.map((_, i) => {
				const at = 4 + i * 4;
				return `($${at}, CAST($${at + 1} AS DECIMAL(9, 2)), CAST($${at + 2} AS DECIMAL(9, 2)), $${at + 3})`;
			})
			.join(', ');
	if (deleted.length) {
		const codes = deleted.map((_, i) => `$${4 + i}`).join(', ');
		// The import that wrote a deleted row stays in its history (audit/trail.ts).
		await conn.run(
			`INSERT INTO import_score_row (batch_id, pos, added, year, bloc_code, unit_code, criterion_code)
			 SELECT import_batch, import_pos, import_added, year, bloc_code, unit_code, criterion_code FROM score
			 WHERE year = $1 AND bloc_code = $2 AND unit_code = $3 AND criterion_code IN (${codes})
				AND import_batch IS NOT NULL`,
			[...keyParams, ...deleted]
		);
		await conn.run(
			`DELETE FROM score WHERE year = $1 AND bloc_code = $2 AND unit_code = $3 AND criterion_code IN (${codes})`,
			[...keyParams, ...deleted]
		);
	}
	if (updated.length)
		await conn.run(
			`UPDATE score SET self_score = v.self, reviewed_score = v.reviewed, note = v.note
			 FROM (VALUES ${values(updated)}) AS v(code, self, reviewed, note)
			 WHERE score.year = $1 AND score.bloc_code = $2 AND score.unit_code = $3 AND score.criterion_code = v.code`,
			[...keyParams, ...updated.flat()]
		);
	if (added.length)
		await conn.run(
			`INSERT INTO score (year, bloc_code, unit_code, criterion_code, self_score, reviewed_score, note)
			 SELECT $1, $2, $3, v.* FROM (VALUES ${values(added)}) AS v(code, self, reviewed, note)`,
			[...keyParams, ...added.flat()]
		);
}

/** The unit's audit trail (sheet saves, imports): what changed since a version (`conflict`). */
const UNIT_TRAIL = unitTrail();

type AuditRow = {
	code: string;
	action: string;
	username: string;
	displayName: string | null;
	changedAt: number;
};

/**
 * What changed since `expectedVersion`. Every version is one write (a sheet save or an import),
 * and every write records its changed fields in the audit trail (audit/trail.ts: `audit_log`,
 * and the rows an import added) in one transaction, hence with one timestamp: the newest
 * (current − expected) such groups of this sheet's score rows are the changes the user has not
 * seen. Each cell is reported with its current value.
 */
async function conflict(
	conn: DuckDBConnection,
	bloc: BlocYear,
	unitCode: string,
	expectedVersion: number,
	sheet: SheetRow | undefined,
	stored: Map<string, StoredScore>,
	entries: ReturnType<typeof checkEntries>['entries'],
	side: SheetSide
): Promise<SaveResult> {
	const version = sheet?.version ?? 0;
	const missed = expectedVersion >= 0 && expectedVersion < version ? version - expectedVersion : 1;
	const audit = await allOn<AuditRow>(
		conn,
		`SELECT a.criterion_code AS code, a.action, a.username, u.display_name AS "displayName",
		        epoch_ms(a.changed_at::TIMESTAMPTZ)::DOUBLE AS "changedAt"
		 FROM (${UNIT_TRAIL}) a LEFT JOIN app_user u ON u.user_id = a.user_id
		 WHERE a.action IN ('score.self', 'score.review', 'score.note') AND a.criterion_code IS NOT NULL
		 ORDER BY ${TRAIL_ORDER('a')}
		 LIMIT 10000`,
		[bloc.year, bloc.blocCode, unitCode]
	);
	const submitted = new Map(entries.map((e) => [e.criterion.code, e]));
	const cells = new Map<string, ConflictCell>();
	let groups = 0;
	let group = '';
	for (const a of audit) {
		const g = `${a.changedAt}\u0000${a.username}`;
		if (g !== group) {
			if (++groups > missed) break;
			group = g;
		}
		const field: SheetField =
			a.action === 'score.self' ? 'self' : a.action === 'score.review' ? 'review' : 'note';
		const id = `${a.code}\u0000${field}`;
		if (cells.has(id)) continue; // newest first: the latest change of the cell is kept
		const now = stored.get(a.code);
		const current =
			field === 'note'
				? (now?.note ?? null)
				: canonicalScore((field === 'self' ? now?.self : now?.reviewed) ?? null);
		const e = submitted.get(a.code);
		const yours =
			e === undefined
				? undefined
				: field === 'note'
					? e.note
					: field === side && e.value !== undefined
						? canonicalScore(e.value)
						: undefined;
		cells.set(id, {
			criterionCode: a.code,
			field,
			current,
			yours,
			differs: yours !== undefined && yours !== current,
			changedBy: a.username,
			changedByName: a.displayName,
			changedAt: a.changedAt
		});
	}
	const list = [...cells.values()].reverse();
	const who = saverText(vi, sheet?.updatedBy ?? null, sheet?.updatedByName ?? null) || '?';
	const values = list.length
		? list
				.map((c) =>
					vi.t('sheet.conflictCell', {
						code: c.criterionCode,
						field: vi.t(`sheet.field.${c.field}`),
						value: fieldValueText(vi, c.field, c.current)
					})
				)
				.join('; ')
		: vi.t('sheet.conflictUnknown');
	return {
		status: 'conflict',
		version,
		updatedBy: sheet?.updatedBy ?? null,
		updatedByName: sheet?.updatedByName ?? null,
		updatedAt: sheet?.updatedAt ?? null,
		cells: list,
		message: vi.t('sheet.conflict', { name: who, at: formatStamp(sheet?.updatedAt ?? null), values })
	};
}

// ---------------------------------------------------------------------------------------------
// The bloc's scoring status

export interface UnitScoringStatus {
	unitCode: string;
	unitName: string;
	role: Role;
	/** Criteria of the pledge, and of them the content ones. */
	criteria: number;
	contentCriteria: number;
	/** Criteria with a self-score / with a reviewed score. */
	selfScored: number;
	reviewed: number;
	/** Content criteria without a self-score. */
	selfMissingContent: number;
	/** Content criteria without a reviewed score. */
	reviewMissingContent: number;
	/** Criteria with a self-score nobody reviewed yet. */
	unreviewed: number;
	/** Content criteria with no score at all (counted as 0 by the ranking), and their codes. */
	missingContent: number;
	missingCodes: string[];
	version: number;
	updatedAt: number | null;
	updatedBy: string | null;
	updatedByName: string | null;
}

const STATUS_SQL = `
WITH
member AS (
	SELECT m.unit_code, COALESCE(u.unit_name, m.unit_code) AS unit_name, m.role
	FROM bloc_membership m LEFT JOIN unit u ON u.unit_code = m.unit_code
	WHERE m.year = $1 AND m.bloc_code = $2
),
cell AS (
	SELECT mb.unit_code, c.criterion_code, c.kind, c.sort_order, s.self_score, s.reviewed_score
	FROM member mb
	JOIN criterion c ON c.year = $1 AND c.bloc_code = $2
	LEFT JOIN score s
		ON s.year = $1 AND s.bloc_code = $2 AND s.unit_code = mb.unit_code AND s.criterion_code = c.criterion_code
),
per_unit AS (
	SELECT
		unit_code,
		COUNT(*) AS criteria,
		COUNT(*) FILTER (WHERE kind = 'content') AS content_criteria,
		COUNT(*) FILTER (WHERE self_score IS NOT NULL) AS self_scored,
		COUNT(*) FILTER (WHERE reviewed_score IS NOT NULL) AS reviewed,
		COUNT(*) FILTER (WHERE kind = 'content' AND self_score IS NULL) AS self_missing_content,
		COUNT(*) FILTER (WHERE kind = 'content' AND reviewed_score IS NULL) AS review_missing_content,
		COUNT(*) FILTER (WHERE self_score IS NOT NULL AND reviewed_score IS NULL) AS unreviewed,
		COUNT(*) FILTER (WHERE kind = 'content' AND self_score IS NULL AND reviewed_score IS NULL) AS missing_content,
		list(criterion_code ORDER BY sort_order, criterion_code)
			FILTER (WHERE kind = 'content' AND self_score IS NULL AND reviewed_score IS NULL) AS missing_codes
	FROM cell
	GROUP BY unit_code
)
SELECT
	mb.unit_code AS "unitCode",
	mb.unit_name AS "unitName",
	mb.role,
	CAST(COALESCE(p.criteria, 0) AS INTEGER) AS criteria,
	CAST(COALESCE(p.content_criteria, 0) AS INTEGER) AS "contentCriteria",
	CAST(COALESCE(p.self_scored, 0) AS INTEGER) AS "selfScored",
	CAST(COALESCE(p.reviewed, 0) AS INTEGER) AS reviewed,
	CAST(COALESCE(p.self_missing_content, 0) AS INTEGER) AS "selfMissingContent",
	CAST(COALESCE(p.review_missing_content, 0) AS INTEGER) AS "reviewMissingContent",
	CAST(COALESCE(p.unreviewed, 0) AS INTEGER) AS unreviewed,
	CAST(COALESCE(p.missing_content, 0) AS INTEGER) AS "missingContent",
	COALESCE(p.missing_codes, []) AS "missingCodes",
	COALESCE(s.version, 0) AS version,
	epoch_ms(s.updated_at::TIMESTAMPTZ)::DOUBLE AS "updatedAt",
	s.updated_by AS "updatedBy",
	u.display_name AS "updatedByName"
FROM member mb
LEFT JOIN per_unit p ON p.unit_code = mb.unit_code
LEFT JOIN score_sheet s ON s.year = $1 AND s.bloc_code = $2 AND s.unit_code = mb.unit_code
LEFT JOIN app_user u ON u.username = s.updated_by`;

const ROLE_ORDER: Record<Role, number> = { leader: 0, deputy: 1, member: 2 };

/**
 * Per member unit of the bloc-year: how many criteria are self-scored and reviewed out of the
 * total, what is missing, and who saved the sheet last and when. Leader, deputy, then the
 * members in Vietnamese name order.
 */
export async function sheetStatus(db: Database, bloc: BlocYear): Promise<UnitScoringStatus[]> {
	const rows = await db.all<UnitScoringStatus & { [key: string]: unknown }>(STATUS_SQL, [
		bloc.year,
		bloc.blocCode
	]);
	return rows
		.map((r) => ({ ...r, missingCodes: [...r.missingCodes] }))
		.sort(
			(a, b) =>
				ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
				compareVi(a.unitName, b.unitName) ||
				(a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0)
		);
}

// ---------------------------------------------------------------------------------------------
// Where a unit stands

/**
 * The unit's total and rank in its bloc-year's ranking now, and the bloc's size; null when
 * the unit is not ranked. The ranking is cached until a write of the bloc-year's scores.
 */
export async function unitStanding(
	db: Database,
	bloc: Pick<BlocYear, 'blocCode' | 'year'>,
	unitCode: string
): Promise<{ total: number; rank: number; of: number } | null> {
	const rows = await rankBloc(db, bloc.year, bloc.blocCode);
	const row = rows.find((r) => r.unitCode === unitCode);
	return row ? { total: row.total, rank: row.rank, of: rows.length } : null;
}
