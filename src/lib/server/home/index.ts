/**
 * What the home page ("Việc của tôi") reads: the account's own sheets in the open year, the
 * units of the blocs it leads, the blocs by stage, the latest changes of the audit trail and
 * the year leadership lands on. Which sections an account sees is decided in domain/home.ts;
 * the counts come from the scoring status (scoring/sheet.ts) and every read is cached until a
 * write changes what it read.
 */
import {
	blocsByStage,
	grantScopes,
	homeSections,
	latestFinalisedYear,
	latestFinalisedYearOfBloc,
	openYear,
	sheetProgress,
	splitUnits,
	type HomeSection,
	type Progress,
	type YearStage
} from '../../domain/home';
import { byUrgency, deadlineView, type DeadlineView } from '../../domain/deadline';
import { can, isStage, type BlocYear, type Principal, type Stage } from '../../domain/policy';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import { sheetStatus, type UnitScoringStatus } from '../scoring/sheet';
import { allowedStageMoves } from '../scoring/stage';
import { deadlinesOfYear, windowOf, type BlocDeadlines } from '../scoring/deadline';

export interface PledgeStage extends YearStage {
	blocName: string;
	[key: string]: unknown;
}

/** Every bloc-year with a pledge: its stage and the bloc's name, latest year first. */
export async function pledgeStages(db: Database): Promise<PledgeStage[]> {
	const rows = await db.cached(
		'home:pledgeStages',
		() =>
			db.all<PledgeStage & { stage: string | null }>(
				`SELECT CAST(p.year AS INTEGER) AS year, p.bloc_code AS "blocCode",
				        COALESCE(b.bloc_name, p.bloc_code) AS "blocName", p.stage
				 FROM pledge p LEFT JOIN bloc b ON b.bloc_code = p.bloc_code
				 ORDER BY p.year DESC, p.bloc_code`
			),
		[dep.stage(null, null), dep.pledge(null, null)]
	);
	return rows.map((r) => ({ ...r, stage: isStage(r.stage) ? r.stage : 'open' }));
}

/** The scoring status of a bloc-year's members, kept until its scores, stage or pledge change. */
function cachedStatus(db: Database, bloc: BlocYear): Promise<UnitScoringStatus[]> {
	return db.cached(`home:status:${bloc.year}:${bloc.blocCode}`, () => sheetStatus(db, bloc), [
		...dep.blocYear(bloc.year, bloc.blocCode)
	]);
}

/** One of the account's own unit sheets. */
export interface OwnSheet {
	blocCode: string;
	blocName: string;
	year: number;
	stage: Stage;
	unitCode: string;
	unitName: string;
	self: Progress;
	review: Progress;
	/**
	 * The unit's self-scoring deadline (the bloc's, or the unit's extension when later) with its
	 * days left in Vietnam time; null when none is set, or once the bloc is past self-scoring.
	 */
	deadline: DeadlineView | null;
	/** The deadline is the unit's extension. */
	extended: boolean;
	/** Whether the account may write the self-scores now. */
	writable: boolean;
	updatedAt: number | null;
	/** Who saved last: the account (or `import:…`) and its display name. */
	updatedBy: string | null;
	updatedByName: string | null;
}

/** A unit of a bloc the account leads, with what is left to do. */
export interface LedUnit {
	unitCode: string;
	unitName: string;
	self: Progress;
	/** Criteria self-scored and not yet scored by the bloc. */
	unreviewed: number;
}

export interface LedBloc {
	blocCode: string;
	blocName: string;
	year: number;
	stage: Stage;
	role: 'bloc_leader' | 'bloc_deputy';
	/** Leads by the bloc's own decision (its membership), not by a grant (issue 14 part 3). */
	via?: 'membership';
	awaitingReview: LedUnit[];
	notSelfScored: LedUnit[];
	done: number;
	/** The next stage(s) the account may move the bloc forward to now (moving back is on the bloc page). */
	moves: Stage[];
	/**
	 * The deadline of the stage the bloc is in (self-scoring or review), with its days left;
	 * null when none is set or the stage has none.
	 */
	deadline: { kind: 'self' | 'review'; view: DeadlineView } | null;
}

export interface RecentChange {
	id: number;
	changedAt: number;
	username: string;
	displayName: string | null;
	/** An audit action (score.self, stage, …) or `import.batch` (one imported file). */
	action: string;
	/** The bloc-year; null for an imported file. */
	year: number | null;
	blocCode: string | null;
	blocName: string | null;
	unitCode: string | null;
	unitName: string | null;
	criterionCode: string | null;
	oldValue: string | null;
	newValue: string | null;
	fileName: string | null;
	tableName: string | null;
	rows: number | null;
	[key: string]: unknown;
}

export interface Home {
	sections: HomeSection[];
	/** The year scoring happens in (latest pledge), null on an empty database. */
	openYear: number | null;
	/** The year leadership lands on (see domain/home.ts). */
	finalisedYear: number | null;
	sheets: OwnSheet[];
	/** Units of the account's grants that are no member of any bloc in the open year. */
	unitsWithoutSheet: string[];
	ledBlocs: LedBloc[];
	/** The open year's blocs by stage (analysts and admins). */
	stages: { stage: Stage; blocs: { blocCode: string; blocName: string }[] }[];
	changes: RecentChange[];
	/** Blocs of the open year, and how many of them are finalised (published). */
	openYearBlocs: { total: number; finalised: number };
}

const MEMBER_SQL = `
	SELECT m.bloc_code AS "blocCode", m.unit_code AS "unitCode"
	FROM bloc_membership m
	WHERE m.year = $1 AND m.unit_code = $2
	ORDER BY m.bloc_code`;

async function ownSheets(
	db: Database,
	user: Principal,
	units: string[],
	year: number,
	pledges: PledgeStage[],
	now: number
): Promise<{ sheets: OwnSheet[]; without: string[] }> {
	const deadlines = await deadlinesOfYear(db, year);
	const sheets: OwnSheet[] = [];
	const without: string[] = [];
	for (const unitCode of units) {
		const memberships = await db.cached(
			`home:member:${year}:${unitCode}`,
			() => db.all<{ blocCode: string; unitCode: string }>(MEMBER_SQL, [year, unitCode]),
			[dep.pledge(year, null)]
		);
		if (memberships.length === 0) without.push(unitCode);
		for (const m of memberships) {
			const p = pledges.find((x) => x.year === year && x.blocCode === m.blocCode);
			if (!p) continue;
			const bloc: BlocYear = { blocCode: p.blocCode, year, stage: p.stage };
			const status = (await cachedStatus(db, bloc)).find((s) => s.unitCode === unitCode);
			if (!status) continue;
			const d = deadlines.get(p.blocCode);
			const window = d ? windowOf(d, unitCode, now) : null;
			const shown = window?.until && (p.stage === 'open' || p.stage === 'self_scoring');
			sheets.push({
				blocCode: p.blocCode,
				blocName: p.blocName,
				year,
				stage: p.stage,
				unitCode,
				unitName: status.unitName,
				...sheetProgress(status),
				deadline: shown ? deadlineView(window.until!, now) : null,
				extended: shown ? window.extended : false,
				writable: can(user, {
					kind: 'write:self',
					bloc,
					unitCode,
					afterDeadline: window?.afterDeadline ?? false
				}),
				updatedAt: status.updatedAt,
				updatedBy: status.updatedBy,
				updatedByName: status.updatedByName
			});
		}
	}
	// The most urgent first: the nearest (or most overdue) deadline.
	return { sheets: byUrgency(sheets, (s) => s.deadline), without };
}

/** The deadline of the stage a bloc-year is in, if any. */
function stageDeadline(d: BlocDeadlines | undefined, stage: Stage, now: number): LedBloc['deadline'] {
	const iso = stage === 'self_scoring' ? d?.selfUntil : stage === 'review' ? d?.reviewUntil : null;
	if (!iso) return null;
	return { kind: stage === 'self_scoring' ? 'self' : 'review', view: deadlineView(iso, now) };
}

async function ledBlocs(
	db: Database,
	user: Principal,
	pledges: PledgeStage[],
	now: number
): Promise<LedBloc[]> {
	const out: LedBloc[] = [];
	const ofYear = new Map<number, Map<string, BlocDeadlines>>();
	for (const g of grantScopes(user.grants).ledBlocs) {
		const p = pledges.find((x) => x.year === g.year && x.blocCode === g.blocCode);
		if (!p) continue;
		if (!ofYear.has(p.year)) ofYear.set(p.year, await deadlinesOfYear(db, p.year));
		const bloc: BlocYear = { blocCode: p.blocCode, year: p.year, stage: p.stage };
		const split = splitUnits(await cachedStatus(db, bloc));
		const unit = (s: UnitScoringStatus): LedUnit => ({
			unitCode: s.unitCode,
			unitName: s.unitName,
			self: sheetProgress(s).self,
			unreviewed: s.unreviewed
		});
		out.push({
			blocCode: p.blocCode,
			blocName: p.blocName,
			year: p.year,
			stage: p.stage,
			role: g.role,
			...(g.via ? { via: g.via } : {}),
			awaitingReview: split.awaitingReview.map(unit),
			notSelfScored: split.notSelfScored.map(unit),
			done: split.done.length,
			moves: allowedStageMoves(user, bloc)
				.filter((m) => m.kind === 'stage:advance')
				.map((m) => m.to),
			deadline: stageDeadline(ofYear.get(p.year)!.get(p.blocCode), p.stage, now)
		});
	}
	// The most urgent first (nearest deadline), then the latest year first as before.
	return byUrgency(out, (b) => b.deadline?.view ?? null);
}

/** How many changes the home page lists. */
export const RECENT_CHANGES = 12;

/**
 * The audit trail's rows and the import batches (one line per imported file: an import that
 * adds rows writes no audit row for them), newest first. An award file appears by its name and
 * row count only: the trail holds no award recipient.
 */
const CHANGES_SQL = `
	WITH trail AS (
		(SELECT a.id::DOUBLE AS id, a.changed_at, a.user_id, a.username, a.action, a.year, a.bloc_code,
		        a.unit_code, a.criterion_code, a.old_value, a.new_value, NULL::VARCHAR AS file_name,
		        NULL::VARCHAR AS table_name, NULL::INTEGER AS rows
		 FROM audit_log a ORDER BY a.changed_at DESC, a.id DESC LIMIT $1)
		UNION ALL
		(SELECT -b.id::DOUBLE, b.imported_at, b.user_id, b.username, 'import.batch', NULL, NULL, NULL, NULL,
		        NULL, NULL, b.file_name, b.table_name, b.rows
		 FROM import_batch b ORDER BY b.imported_at DESC, b.id DESC LIMIT $1)
	)
	SELECT t.id, epoch_ms(t.changed_at::TIMESTAMPTZ)::DOUBLE AS "changedAt",
	       t.username, u.display_name AS "displayName", t.action, CAST(t.year AS INTEGER) AS year,
	       t.bloc_code AS "blocCode", COALESCE(b.bloc_name, t.bloc_code) AS "blocName",
	       t.unit_code AS "unitCode", un.unit_name AS "unitName", t.criterion_code AS "criterionCode",
	       t.old_value AS "oldValue", t.new_value AS "newValue", t.file_name AS "fileName",
	       t.table_name AS "tableName", t.rows
	FROM trail t
	LEFT JOIN app_user u ON u.user_id = t.user_id
	LEFT JOIN bloc b ON b.bloc_code = t.bloc_code
	LEFT JOIN unit un ON un.unit_code = t.unit_code
	ORDER BY t.changed_at DESC, t.id DESC
	LIMIT $1`;

/**
 * The latest changes, newest first: who, what (scores, notes, stages, imported files) and where.
 */
export function recentChanges(db: Database, limit = RECENT_CHANGES): Promise<RecentChange[]> {
	// Sheet saves and stage changes come with a score change of their bloc-year; imports with a
	// change of what they wrote.
	return db.cached(`home:changes:${limit}`, () => db.all<RecentChange>(CHANGES_SQL, [limit]), dep.data);
}

/** Everything the home page of `user` shows; deadlines' days left at `now` (Vietnam time). */
export async function loadHome(db: Database, user: Principal, now: number = Date.now()): Promise<Home> {
	const sections = homeSections(user.grants);
	const pledges = await pledgeStages(db);
	const year = openYear(pledges);
	const scopes = grantScopes(user.grants);
	const own =
		sections.includes('sheets') && year !== null
			? await ownSheets(db, user, scopes.units, year, pledges, now)
			: { sheets: [], without: [] };
	const led = sections.includes('review') ? await ledBlocs(db, user, pledges, now) : [];
	const changes = sections.includes('changes') ? await recentChanges(db) : [];
	const ofYear = pledges.filter((p) => p.year === year);
	return {
		sections,
		openYear: year,
		finalisedYear: latestFinalisedYear(pledges),
		sheets: own.sheets,
		unitsWithoutSheet: own.without,
		ledBlocs: led,
		stages: sections.includes('stages')
			? blocsByStage(ofYear).map((g) => ({
					stage: g.stage,
					blocs: g.blocs.map((b) => ({ blocCode: b.blocCode, blocName: b.blocName }))
				}))
			: [],
		changes,
		openYearBlocs: { total: ofYear.length, finalised: ofYear.filter((p) => p.stage === 'finalised').length }
	};
}

/** The latest finalised year of one bloc (for the 403 of a draft), or null. */
export async function finalisedYearOfBloc(db: Database, blocCode: string): Promise<number | null> {
	return latestFinalisedYearOfBloc(await pledgeStages(db), blocCode);
}

/** The year the overview opens on for an account that reads finalised results only. */
export async function viewerDefaultYear(db: Database): Promise<number | null> {
	return latestFinalisedYear(await pledgeStages(db));
}
