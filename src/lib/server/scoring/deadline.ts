/**
 * Deadlines of a bloc-year (issue 14, part 6; migration 014): reading them, setting them
 * (`deadline.set`), extending one unit's self-scoring (`deadline.extend`), and the self-scoring
 * window of a unit that the sheet's save checks. The rules of dates and days are pure
 * (domain/deadline.ts); the clock is passed in (`now`, epoch ms), so tests set it.
 *
 * Deadlines are read by the sheet, the home page and the bloc page, cached with the bloc-year's
 * stage (`dep.stage`): every write here names `{ kind: 'stage', year, bloc }`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	checkDeadlines,
	isPast,
	parseDeadline,
	selfWindow,
	type DeadlineProblem,
	type Deadlines,
	type SelfWindow
} from '../../domain/deadline';
import { formatDate } from '../../domain/numbers';
import { can, isStage, type BlocYear, type Principal } from '../../domain/policy';
import { normalizeReason } from '../../domain/sheet';
import { t, type Lang } from '../../i18n';
import { allOn, type Database } from '../db';
import { dep } from '../db/freshness';

/** One unit's extension of the self-scoring. */
export interface Extension {
	unitCode: string;
	unitName: string;
	/** ISO date: the last day the unit may self-score. */
	until: string;
	grantedBy: string;
	grantedByName: string | null;
	/** Epoch milliseconds. */
	grantedAt: number;
	reason: string | null;
}

export interface BlocDeadlines extends Deadlines {
	updatedBy: string | null;
	updatedByName: string | null;
	updatedAt: number | null;
	/** By unit name order of the query (unit code). */
	extensions: Extension[];
}

const NONE: BlocDeadlines = {
	selfUntil: null,
	reviewUntil: null,
	updatedBy: null,
	updatedByName: null,
	updatedAt: null,
	extensions: []
};

const DEADLINE_SQL = `
SELECT strftime(d.self_until, '%Y-%m-%d') AS "selfUntil", strftime(d.review_until, '%Y-%m-%d') AS "reviewUntil",
       d.updated_by AS "updatedBy", u.display_name AS "updatedByName",
       epoch_ms(d.updated_at::TIMESTAMPTZ)::DOUBLE AS "updatedAt"
FROM bloc_deadline d LEFT JOIN app_user u ON u.username = d.updated_by
WHERE d.year = $1 AND d.bloc_code = $2`;

const EXTENSIONS_SQL = `
SELECT e.unit_code AS "unitCode", COALESCE(un.unit_name, e.unit_code) AS "unitName",
       strftime(e.until, '%Y-%m-%d') AS until, e.granted_by AS "grantedBy", u.display_name AS "grantedByName",
       epoch_ms(e.granted_at::TIMESTAMPTZ)::DOUBLE AS "grantedAt", e.reason
FROM deadline_extension e
LEFT JOIN app_user u ON u.username = e.granted_by
LEFT JOIN unit un ON un.unit_code = e.unit_code
WHERE e.year = $1 AND e.bloc_code = $2
ORDER BY e.unit_code`;

async function deadlinesOn(conn: DuckDBConnection, year: number, blocCode: string): Promise<BlocDeadlines> {
	const [d] = await allOn<Omit<BlocDeadlines, 'extensions'>>(conn, DEADLINE_SQL, [year, blocCode]);
	const extensions = await allOn<Extension>(conn, EXTENSIONS_SQL, [year, blocCode]);
	return { ...(d ?? NONE), extensions };
}

/** A bloc-year's deadlines and extensions, cached until its stage (or deadlines) change. */
export function getDeadlines(db: Database, year: number, blocCode: string): Promise<BlocDeadlines> {
	return db.cached(
		`deadline:${year}:${blocCode}`,
		() => db.withConnection((conn) => deadlinesOn(conn, year, blocCode)),
		[dep.stage(year, blocCode)]
	);
}

/** The self-scoring deadlines of every bloc of a year, with their extensions, by bloc code. */
export async function deadlinesOfYear(db: Database, year: number): Promise<Map<string, BlocDeadlines>> {
	const rows = await db.cached(
		`deadlines:${year}`,
		() =>
			db.withConnection(async (conn) => {
				const blocs = await allOn<{ blocCode: string }>(
					conn,
					`SELECT bloc_code AS "blocCode" FROM bloc_deadline WHERE year = $1
					 UNION SELECT bloc_code FROM deadline_extension WHERE year = $1`,
					[year]
				);
				const out: [string, BlocDeadlines][] = [];
				for (const b of blocs) out.push([b.blocCode, await deadlinesOn(conn, year, b.blocCode)]);
				return out;
			}),
		[dep.stage(year, null)]
	);
	return new Map(rows);
}

/** The self-scoring window of a unit from a bloc-year's deadlines, at `now`. */
export function windowOf(d: BlocDeadlines, unitCode: string, now: number): SelfWindow {
	return selfWindow(d.selfUntil, d.extensions.find((e) => e.unitCode === unitCode)?.until ?? null, now);
}

/** The window as stored now, read on a write's connection (inside its transaction). */
export async function selfWindowOn(
	conn: DuckDBConnection,
	bloc: Pick<BlocYear, 'blocCode' | 'year'>,
	unitCode: string,
	now: number
): Promise<SelfWindow> {
	const [row] = await allOn<{ selfUntil: string | null; extension: string | null }>(
		conn,
		`SELECT (SELECT strftime(self_until, '%Y-%m-%d') FROM bloc_deadline WHERE year = $1 AND bloc_code = $2) AS "selfUntil",
		        (SELECT strftime(until, '%Y-%m-%d') FROM deadline_extension
		         WHERE year = $1 AND bloc_code = $2 AND unit_code = $3) AS extension`,
		[bloc.year, bloc.blocCode, unitCode]
	);
	return selfWindow(row?.selfUntil ?? null, row?.extension ?? null, now);
}

/** What the refused save says: the deadline, and who to ask for more time. */
export function afterDeadlineMessage(lang: Lang, w: SelfWindow, blocName: string): string {
	return t(lang)('deadline.refused', {
		date: formatDate(w.until ?? ''),
		bloc: blocName,
		extended: w.extended ? t(lang)('deadline.refusedExtended') : ''
	});
}

// ---------------------------------------------------------------------------------------------
// Writing

export type DeadlineWrite =
	| { ok: true; changed: number }
	| { ok: false; refusal: 'forbidden' | 'not_found'; message: string }
	| { ok: false; refusal: 'invalid'; message: string; problems: DeadlineProblem[] };

const vi = t('vi');

function problemMessage(p: DeadlineProblem): string {
	const field = vi(`deadline.field.${p.field}`);
	return p.kind === 'invalid'
		? vi('deadline.error.invalid', { field, reason: p.reason })
		: vi('deadline.error.beforeSelf', { self: formatDate(p.selfUntil), review: formatDate(p.reviewUntil) });
}

async function storedBloc(conn: DuckDBConnection, bloc: BlocYear): Promise<BlocYear | null> {
	const [row] = await allOn<{ stage: string | null }>(
		conn,
		'SELECT stage FROM pledge WHERE year = $1 AND bloc_code = $2',
		[bloc.year, bloc.blocCode]
	);
	return row ? { ...bloc, stage: isStage(row.stage) ? row.stage : 'open' } : null;
}

/**
 * Sets a bloc-year's self-scoring and review deadlines (each a date typed `dd/mm/yyyy` or ISO,
 * or empty for none; the review deadline not before the self-scoring one). In one transaction:
 * re-reads the stage (`deadline:set` with it: not a finalised bloc), writes the row and one
 * `audit_log` row ('deadline.set', the field in criterion_code, old → new ISO dates) per
 * changed field. A date in the past is allowed (closing the self-scoring now). Refusals write
 * nothing.
 */
export async function setDeadlines(
	db: Database,
	user: Principal,
	bloc: BlocYear,
	input: { selfUntil: string; reviewUntil: string }
): Promise<DeadlineWrite> {
	if (!can(user, { kind: 'deadline:set', bloc }))
		return { ok: false, refusal: 'forbidden', message: vi('error.forbidden') };
	const { deadlines, problems } = checkDeadlines(input);
	if (problems.length)
		return {
			ok: false,
			refusal: 'invalid',
			problems,
			message: problems.map(problemMessage).join(' ')
		};
	return db.transaction(
		async (conn): Promise<DeadlineWrite> => {
			const current = await storedBloc(conn, bloc);
			if (!current)
				return {
					ok: false,
					refusal: 'not_found',
					message: vi('error.blocNotFound', { bloc: bloc.blocCode, year: bloc.year })
				};
			if (!can(user, { kind: 'deadline:set', bloc: current }))
				return { ok: false, refusal: 'forbidden', message: vi('deadline.error.finalised') };
			const before = await deadlinesOn(conn, bloc.year, bloc.blocCode);
			const fields = (['selfUntil', 'reviewUntil'] as const).filter((f) => before[f] !== deadlines[f]);
			if (fields.length === 0) return { ok: true, changed: 0 };
			await conn.run(
				`INSERT INTO bloc_deadline (year, bloc_code, self_until, review_until, updated_at, updated_by)
				 VALUES ($1, $2, CAST($3 AS DATE), CAST($4 AS DATE), current_timestamp, $5)
				 ON CONFLICT (year, bloc_code) DO UPDATE SET self_until = excluded.self_until,
				   review_until = excluded.review_until, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
				[bloc.year, bloc.blocCode, deadlines.selfUntil, deadlines.reviewUntil, user.username]
			);
			for (const f of fields)
				await conn.run(
					`INSERT INTO audit_log (user_id, username, action, year, bloc_code, criterion_code, old_value, new_value)
					 VALUES ($1, $2, 'deadline.set', $3, $4, $5, $6, $7)`,
					[
						user.userId,
						user.username,
						bloc.year,
						bloc.blocCode,
						f === 'selfUntil' ? 'self_until' : 'review_until',
						before[f],
						deadlines[f]
					]
				);
			return { ok: true, changed: fields.length };
		},
		{
			retryOnConflict: true,
			// The deadlines are read with the stage (sheet, home, bloc page) and the trail with everything.
			changes: [{ kind: 'stage', year: bloc.year, bloc: bloc.blocCode }],
			scope: () => [{ table: 'bloc_deadline', year: bloc.year, blocCode: bloc.blocCode }]
		}
	);
}

/** Longest reason kept with an extension (the rest is refused, not cut). */
export const EXTENSION_REASON_MAX = 500;

/**
 * Extends one member unit's self-scoring until `untilRaw` (a date after the bloc's self-scoring
 * deadline; a reason is required). In one transaction: re-reads the stage (`deadline:extend`:
 * not a finalised bloc), the membership and the deadline, upserts the unit's extension and
 * writes one `audit_log` row ('deadline.extend', unit, old → new ISO date, the reason).
 */
export async function extendDeadline(
	db: Database,
	user: Principal,
	bloc: BlocYear,
	unitCode: string,
	untilRaw: string,
	reasonRaw: string,
	now: number = Date.now()
): Promise<DeadlineWrite> {
	if (!can(user, { kind: 'deadline:extend', bloc, unitCode }))
		return { ok: false, refusal: 'forbidden', message: vi('error.forbidden') };
	const invalid = (message: string): DeadlineWrite => ({
		ok: false,
		refusal: 'invalid',
		message,
		problems: []
	});
	const parsed = parseDeadline(untilRaw);
	if (!parsed.ok)
		return invalid(
			vi('deadline.error.invalid', { field: vi('deadline.field.until'), reason: parsed.reason })
		);
	const until = parsed.value;
	if (isPast(until, now)) return invalid(vi('deadline.error.extensionPast', { date: formatDate(until) }));
	const reason = normalizeReason(reasonRaw);
	if (reason === null) return invalid(vi('deadline.error.reasonRequired'));
	if ([...reason].length > EXTENSION_REASON_MAX)
		return invalid(vi('deadline.error.reasonTooLong', { max: EXTENSION_REASON_MAX }));
	return db.transaction(
		async (conn): Promise<DeadlineWrite> => {
			const current = await storedBloc(conn, bloc);
			if (!current)
				return {
					ok: false,
					refusal: 'not_found',
					message: vi('error.blocNotFound', { bloc: bloc.blocCode, year: bloc.year })
				};
			if (!can(user, { kind: 'deadline:extend', bloc: current, unitCode }))
				return { ok: false, refusal: 'forbidden', message: vi('deadline.error.finalised') };
			const [member] = await allOn(
				conn,
				'SELECT 1 FROM bloc_membership WHERE year = $1 AND bloc_code = $2 AND unit_code = $3',
				[bloc.year, bloc.blocCode, unitCode]
			);
			if (!member)
				return invalid(vi('sheet.notMember', { unit: unitCode, bloc: bloc.blocCode, year: bloc.year }));
			const before = await deadlinesOn(conn, bloc.year, bloc.blocCode);
			if (before.selfUntil === null) return invalid(vi('deadline.error.noDeadline'));
			if (until <= before.selfUntil)
				return invalid(
					vi('deadline.error.extensionBefore', {
						date: formatDate(until),
						deadline: formatDate(before.selfUntil)
					})
				);
			const old = before.extensions.find((e) => e.unitCode === unitCode)?.until ?? null;
			if (old === until) return { ok: true, changed: 0 };
			await conn.run(
				`INSERT INTO deadline_extension (year, bloc_code, unit_code, until, granted_at, granted_by, reason)
				 VALUES ($1, $2, $3, CAST($4 AS DATE), current_timestamp, $5, $6)
				 ON CONFLICT (year, bloc_code, unit_code) DO UPDATE SET until = excluded.until,
				   granted_at = excluded.granted_at, granted_by = excluded.granted_by, reason = excluded.reason`,
				[bloc.year, bloc.blocCode, unitCode, until, user.username, reason]
			);
			await conn.run(
				`INSERT INTO audit_log (user_id, username, action, year, bloc_code, unit_code, old_value, new_value, reason)
				 VALUES ($1, $2, 'deadline.extend', $3, $4, $5, $6, $7, $8)`,
				[user.userId, user.username, bloc.year, bloc.blocCode, unitCode, old, until, reason]
			);
			return { ok: true, changed: 1 };
		},
		{
			retryOnConflict: true,
			// Read with the stage; the row is in the unit's history (read with its scores).
			changes: [
				{ kind: 'stage', year: bloc.year, bloc: bloc.blocCode },
				{ kind: 'score', year: bloc.year, bloc: bloc.blocCode, units: [unitCode] }
			],
			scope: () => [{ table: 'deadline_extension', year: bloc.year, blocCode: bloc.blocCode }]
		}
	);
}
