/**
 * The pledge editor (issue 14 part 5): reads a bloc-year's pledge settings and criteria for the
 * editor, and saves one change of them in one transaction: the settings, a criterion added or
 * changed, removed, or moved (inside its section, or a whole section).
 *
 * Every save:
 * - is checked by `can(user, edit:pledge)` on the stage read inside the transaction (an admin
 *   until finalised, the bloc leader while open) and, once self-scoring has started (locked),
 *   needs a reason;
 * - carries the version of what the form showed (a checksum of the stage, the settings and the
 *   criteria): a save from an outdated form is refused, nothing overwritten;
 * - names `{ kind: 'pledge' }` (the stored totals of the bloc-year are computed again before
 *   COMMIT) and `{ kind: 'score' }` (the bloc-year's audit trail is read with its scores);
 * - compares the stored totals before and after (computed again inside the transaction): the
 *   units whose total, rank, tier or proposal changed are the change's effect, returned and
 *   written to the audit trail ('pledge.effect', one row per unit) with the change itself
 *   ('pledge.update', 'criterion.create', 'criterion.update', 'criterion.delete',
 *   'criterion.move': old → new, and the reason).
 * A refused save writes nothing (the transaction is rolled back).
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	codeMeaningChange,
	contentMaximum,
	orderWith,
	parseCriterion,
	parsePledgeSettings,
	pledgeLocked,
	reorder,
	sections,
	THRESHOLD_TIERS,
	type CouncilDefaults,
	type CriterionField,
	type CriterionValue,
	type Direction,
	type EarlierCriterion,
	type FieldError,
	type PledgeSettings,
	type SettingsField,
	type StoredCriterion
} from '../../domain/pledge-editor';
import { formatDate, formatNumber } from '../../domain/numbers';
import { can, isStage, type BlocYear, type Principal, type Stage } from '../../domain/policy';
import type { Tier } from '../../domain/types';
import { translator } from '../../i18n';
import { allOn, type Database, type Row } from '../db';
import { dep, type Change } from '../db/freshness';
import { refreshTotals, totalsScope } from '../ranking/totals';
import { REASON_MAX } from '../scoring/stage';

export { REASON_MAX };

type Query = <T = Row>(sql: string, params: (string | number | null)[]) => Promise<T[]>;

interface PledgeRow {
	stage: string | null;
	title: string;
	signedDate: string | null;
	bonusCap: string | null;
	excellent: string | null;
	good: string | null;
	fair: string | null;
	average: string | null;
	flagCount: number | null;
	flagMinTier: string | null;
	certificateCount: number | null;
	certificateMinTier: string | null;
}

interface CriterionRowText {
	code: string;
	groupCode: string;
	groupName: string;
	name: string;
	maxPoints: string;
	weight: string;
	kind: CriterionValue['kind'];
	sortOrder: number;
}

const PLEDGE_SQL = `
	SELECT COALESCE(stage, 'open') AS stage, title, CAST(signed_date AS VARCHAR) AS "signedDate",
	       CAST(bonus_cap AS VARCHAR) AS "bonusCap",
	       CAST(tier_excellent_pct AS VARCHAR) AS excellent, CAST(tier_good_pct AS VARCHAR) AS good,
	       CAST(tier_fair_pct AS VARCHAR) AS fair, CAST(tier_average_pct AS VARCHAR) AS average,
	       flag_count AS "flagCount", flag_min_tier AS "flagMinTier",
	       certificate_count AS "certificateCount", certificate_min_tier AS "certificateMinTier"
	FROM pledge WHERE year = $1 AND bloc_code = $2`;

const CRITERIA_SQL = `
	SELECT criterion_code AS code, group_code AS "groupCode", group_name AS "groupName",
	       criterion_name AS name, CAST(max_points AS VARCHAR) AS "maxPoints",
	       CAST(weight AS VARCHAR) AS weight, kind, CAST(sort_order AS INTEGER) AS "sortOrder"
	FROM criterion WHERE year = $1 AND bloc_code = $2
	ORDER BY sort_order, criterion_code`;

const DEFAULTS_SQL = `
	SELECT CAST(tier_excellent_pct AS DOUBLE) AS excellent, CAST(tier_good_pct AS DOUBLE) AS good,
	       CAST(tier_fair_pct AS DOUBLE) AS fair, CAST(tier_average_pct AS DOUBLE) AS average,
	       CAST(flag_count AS INTEGER) AS "flagCount", flag_min_tier AS "flagMinTier",
	       CAST(certificate_count AS INTEGER) AS "certificateCount", certificate_min_tier AS "certificateMinTier"
	FROM council_setting WHERE id = 1`;

const SCORE_COUNTS_SQL = `
	SELECT criterion_code AS code, CAST(COUNT(*) AS INTEGER) AS n
	FROM score WHERE year = $1 AND bloc_code = $2 GROUP BY criterion_code`;

/** The same codes in the bloc's earlier years: each code's latest earlier criterion. */
const EARLIER_SQL = `
	SELECT CAST(year AS INTEGER) AS year, criterion_code AS code, criterion_name AS name,
	       CAST(max_points AS DOUBLE) AS "maxPoints"
	FROM criterion WHERE bloc_code = $2 AND year < $1
	QUALIFY ROW_NUMBER() OVER (PARTITION BY criterion_code ORDER BY year DESC) = 1`;

/** What the editor shows: the settings as typed in the form, the defaults, the criteria. */
export interface PledgeEditorState {
	bloc: BlocYear;
	/** The settings as the form shows them (numbers the Vietnamese way, '' when unset). */
	form: Record<SettingsField, string>;
	defaults: CouncilDefaults;
	criteria: (StoredCriterion & { scoreCount: number })[];
	contentMax: number;
	/** Checksum of the stage, settings and criteria: a save carries it back (stale forms refused). */
	version: string;
}

const num = (v: string | null) => (v === null ? null : Number(v));
/** A stored number as the form shows it: `12.50` → `12,5`. */
const viText = (v: string | number | null) => (v === null ? '' : formatNumber(Number(v), 3));

function versionOf(p: PledgeRow, criteria: CriterionRowText[]): string {
	return createHash('sha256')
		.update(JSON.stringify([p, criteria]))
		.digest('base64url')
		.slice(0, 22);
}

function toCriteria(rows: CriterionRowText[]): StoredCriterion[] {
	return rows.map((r) => ({ ...r, maxPoints: Number(r.maxPoints), weight: Number(r.weight) }));
}

function formOf(p: PledgeRow): Record<SettingsField, string> {
	return {
		title: p.title,
		signedDate: p.signedDate ? formatDate(p.signedDate) : '',
		bonusCap: viText(p.bonusCap),
		tierExcellent: viText(p.excellent),
		tierGood: viText(p.good),
		tierFair: viText(p.fair),
		tierAverage: viText(p.average),
		flagCount: p.flagCount === null ? '' : String(p.flagCount),
		flagMinTier: p.flagMinTier ?? '',
		certificateCount: p.certificateCount === null ? '' : String(p.certificateCount),
		certificateMinTier: p.certificateMinTier ?? ''
	};
}

interface Snapshot {
	pledge: PledgeRow;
	criteria: CriterionRowText[];
	defaults: CouncilDefaults;
	scoreCounts: Map<string, number>;
	version: string;
}

async function readSnapshot(q: Query, year: number, bloc: string): Promise<Snapshot | null> {
	const [pledges, criteria, defaults, counts] = [
		await q<PledgeRow>(PLEDGE_SQL, [year, bloc]),
		await q<CriterionRowText>(CRITERIA_SQL, [year, bloc]),
		await q<{
			excellent: number;
			good: number;
			fair: number;
			average: number;
			flagCount: number;
			flagMinTier: Tier;
			certificateCount: number;
			certificateMinTier: Tier;
		}>(DEFAULTS_SQL, []),
		await q<{ code: string; n: number }>(SCORE_COUNTS_SQL, [year, bloc])
	];
	const p = pledges[0];
	const d = defaults[0];
	if (!p || !d) return null;
	return {
		pledge: p,
		criteria,
		defaults: {
			thresholds: { excellent: d.excellent, good: d.good, fair: d.fair, average: d.average },
			flagCount: d.flagCount,
			flagMinTier: d.flagMinTier,
			certificateCount: d.certificateCount,
			certificateMinTier: d.certificateMinTier
		},
		scoreCounts: new Map(counts.map((c) => [c.code, c.n])),
		version: versionOf(p, criteria)
	};
}

const stageOf = (p: PledgeRow): Stage => (isStage(p.stage) ? p.stage : 'open');

/** The editor's state of a bloc-year, or null without a pledge. */
export async function loadPledgeEditor(
	db: Database,
	year: number,
	blocCode: string
): Promise<PledgeEditorState | null> {
	// Scores (their counts), the pledge and its criteria, the council's defaults (catalog).
	const snap = await db.reads([...dep.blocYear(year, blocCode)], () =>
		readSnapshot((sql, params) => db.all(sql, params), year, blocCode)
	);
	if (!snap) return null;
	const criteria = toCriteria(snap.criteria).map((c) => ({
		...c,
		scoreCount: snap.scoreCounts.get(c.code) ?? 0
	}));
	return {
		bloc: { blocCode, year, stage: stageOf(snap.pledge) },
		form: formOf(snap.pledge),
		defaults: snap.defaults,
		criteria,
		contentMax: contentMaximum(criteria),
		version: snap.version
	};
}

/** One change the editor saves. */
export type PledgeEdit =
	| { kind: 'settings'; raw: Partial<Record<SettingsField, string>> }
	/** `original`: the code of the criterion changed, null for a new one; `confirmed`: the code whose change of meaning the user confirmed. */
	| {
			kind: 'criterion';
			original: string | null;
			raw: Partial<Record<CriterionField, string>>;
			confirmed: string | null;
	  }
	| { kind: 'remove'; code: string }
	| { kind: 'move'; criterion: string; dir: Direction }
	| { kind: 'moveGroup'; group: string; dir: Direction };

/** A unit whose stored outcome the change moved. */
export interface UnitEffect {
	unitCode: string;
	unitName: string;
	before: { total: number; rank: number | null; tier: string | null; proposal: string | null };
	after: { total: number; rank: number | null; tier: string | null; proposal: string | null };
}

export type PledgeRefusal =
	| { refusal: 'forbidden' | 'finalised' | 'not_found' | 'reason_required' | 'reason_too_long' }
	/** The form showed an older state: someone saved meanwhile. */
	| { refusal: 'stale' }
	| { refusal: 'invalid'; errors: FieldError[] }
	/** The code meant something else in an earlier year: to confirm. */
	| { refusal: 'confirm'; earlier: EarlierCriterion }
	/** Scores exist for it: a leader may not remove it; nobody renames its code. */
	| { refusal: 'has_scores' | 'code_has_scores'; code: string; count: number }
	/** Scores above the new maximum. */
	| { refusal: 'scores_above'; code: string; count: number; highest: number }
	| { refusal: 'not_movable' | 'unknown_criterion'; code: string };

export type PledgeSaveResult =
	| { ok: true; changed: boolean; effect: UnitEffect[]; contentMax: number; locked: boolean; code?: string }
	| ({ ok: false } & PledgeRefusal);

class Refused extends Error {
	constructor(readonly result: PledgeRefusal) {
		super(result.refusal);
	}
}
const refuse = (r: PledgeRefusal): never => {
	throw new Refused(r);
};

interface OutcomeRow {
	unitCode: string;
	unitName: string;
	total: number;
	rank: number | null;
	tier: string | null;
	proposal: string | null;
}

const OUTCOME_SQL = `
	SELECT t.unit_code AS "unitCode", COALESCE(u.unit_name, t.unit_code) AS "unitName",
	       CAST(ROUND(t.total, 2) AS DOUBLE) AS total, t.rank, t.tier, t.proposal
	FROM unit_total t LEFT JOIN unit u ON u.unit_code = t.unit_code
	WHERE t.year = $1 AND t.bloc_code = $2 ORDER BY t.unit_code`;

/** The units whose stored total, rank, tier or proposal differ between two readings. */
export function effectOf(before: OutcomeRow[], after: OutcomeRow[]): UnitEffect[] {
	const was = new Map(before.map((r) => [r.unitCode, r]));
	const out: UnitEffect[] = [];
	for (const a of after) {
		const b = was.get(a.unitCode);
		if (!b) continue;
		const pick = (r: OutcomeRow) => ({ total: r.total, rank: r.rank, tier: r.tier, proposal: r.proposal });
		if (b.total !== a.total || b.rank !== a.rank || b.tier !== a.tier || b.proposal !== a.proposal)
			out.push({ unitCode: a.unitCode, unitName: a.unitName, before: pick(b), after: pick(a) });
	}
	return out;
}

const vi = translator('vi');

function describeCriterion(c: CriterionValue): string {
	return vi.t('pledgeed.audit.criterion', {
		group: c.groupCode,
		name: c.name,
		max: vi.num(c.maxPoints, 2),
		weight: vi.num(c.weight, 3),
		kind: vi.kind(c.kind)
	});
}

function outcomeText(o: UnitEffect['before']): string {
	return vi.t('pledgeed.audit.outcome', {
		total: vi.num(o.total, 2),
		rank: o.rank ?? '—',
		tier: o.tier ? vi.tier(o.tier as Tier) : '—'
	});
}

/** The settings as stored text of each field (for the audit trail and change detection). */
function settingsText(s: PledgeSettings): Record<SettingsField, string> {
	const n = (v: number | null, d = 2) => (v === null ? '' : vi.num(v, d));
	return {
		title: s.title,
		signedDate: s.signedDate ? formatDate(s.signedDate) : '',
		bonusCap: n(s.bonusCap),
		tierExcellent: n(s.thresholds.excellent),
		tierGood: n(s.thresholds.good),
		tierFair: n(s.thresholds.fair),
		tierAverage: n(s.thresholds.average),
		flagCount: n(s.flagCount, 0),
		flagMinTier: s.flagMinTier ? vi.tier(s.flagMinTier) : '',
		certificateCount: n(s.certificateCount, 0),
		certificateMinTier: s.certificateMinTier ? vi.tier(s.certificateMinTier) : ''
	};
}

function storedSettings(p: PledgeRow): PledgeSettings {
	const tier = (v: string | null) => (v as Tier | null) ?? null;
	return {
		title: p.title,
		signedDate: p.signedDate,
		bonusCap: num(p.bonusCap),
		thresholds: {
			excellent: num(p.excellent),
			good: num(p.good),
			fair: num(p.fair),
			average: num(p.average)
		},
		flagCount: p.flagCount,
		flagMinTier: tier(p.flagMinTier),
		certificateCount: p.certificateCount,
		certificateMinTier: tier(p.certificateMinTier)
	};
}

/**
 * Saves one change of a bloc-year's pledge. `version`: the editor's version the form was made
 * from; `reason`: required once the criteria are locked (stage past 'open'). See the module.
 */
export async function savePledgeEdit(
	db: Database,
	user: Principal,
	bloc: Pick<BlocYear, 'blocCode' | 'year'>,
	version: string,
	edit: PledgeEdit,
	reason: string
): Promise<PledgeSaveResult> {
	const why = reason.trim();
	if (why.length > REASON_MAX) return { ok: false, refusal: 'reason_too_long' };
	const { year, blocCode } = bloc;
	const changes: Change[] = [
		{ kind: 'pledge', year, bloc: blocCode },
		{ kind: 'score', year, bloc: blocCode }
	];
	try {
		return await db.transaction((conn) => saveIn(conn, user, year, blocCode, version, edit, why), {
			changes,
			scope: () => [{ table: 'criterion', year, blocCode }]
		});
	} catch (e) {
		if (e instanceof Refused) return { ok: false, ...e.result };
		throw e;
	}
}

async function saveIn(
	conn: DuckDBConnection,
	user: Principal,
	year: number,
	blocCode: string,
	version: string,
	edit: PledgeEdit,
	why: string
): Promise<PledgeSaveResult> {
	const q: Query = (sql, params) => allOn(conn, sql, params);
	const snap = await readSnapshot(q, year, blocCode);
	if (!snap) return refuse({ refusal: 'not_found' });
	const stage = stageOf(snap.pledge);
	const bloc: BlocYear = { blocCode, year, stage };
	if (stage === 'finalised') return refuse({ refusal: 'finalised' });
	if (!can(user, { kind: 'edit:pledge', bloc })) return refuse({ refusal: 'forbidden' });
	if (snap.version !== version) return refuse({ refusal: 'stale' });
	const locked = pledgeLocked(stage);
	if (locked && why === '') return refuse({ refusal: 'reason_required' });
	const reason = why === '' ? null : why;

	const before = await q<OutcomeRow>(OUTCOME_SQL, [year, blocCode]);
	const criteria = toCriteria(snap.criteria);
	const audit: {
		action: string;
		code: string | null;
		unit?: string;
		old: string | null;
		new: string | null;
	}[] = [];
	let code: string | undefined;

	if (edit.kind === 'settings') {
		const parsed = parsePledgeSettings(edit.raw, snap.defaults);
		if (!parsed.ok) return refuse({ refusal: 'invalid', errors: parsed.errors });
		const s = parsed.value;
		const was = settingsText(storedSettings(snap.pledge));
		const now = settingsText(s);
		const changed = (Object.keys(now) as SettingsField[]).filter((f) => was[f] !== now[f]);
		if (changed.length === 0)
			return { ok: true, changed: false, effect: [], contentMax: contentMaximum(criteria), locked };
		const label = (f: SettingsField, v: string) =>
			`${vi.t(`pledgeed.field.${f}`)}: ${v || vi.t('pledgeed.audit.unset')}`;
		audit.push({
			action: 'pledge.update',
			code: null,
			old: changed.map((f) => label(f, was[f])).join('; '),
			new: changed.map((f) => label(f, now[f])).join('; ')
		});
		await conn.run(
			`UPDATE pledge SET title = $3, signed_date = CAST($4 AS DATE), bonus_cap = CAST($5 AS DECIMAL(9, 2)),
			   tier_excellent_pct = CAST($6 AS DECIMAL(5, 2)), tier_good_pct = CAST($7 AS DECIMAL(5, 2)),
			   tier_fair_pct = CAST($8 AS DECIMAL(5, 2)), tier_average_pct = CAST($9 AS DECIMAL(5, 2)),
			   flag_count = CAST($10 AS INTEGER), flag_min_tier = $11,
			   certificate_count = CAST($12 AS INTEGER), certificate_min_tier = $13
			 WHERE year = $1 AND bloc_code = $2`,
			[
				year,
				blocCode,
				s.title,
				s.signedDate,
				s.bonusCap === null ? null : String(s.bonusCap),
				...THRESHOLD_TIERS.map((t) => (s.thresholds[t] === null ? null : String(s.thresholds[t]))),
				s.flagCount,
				s.flagMinTier,
				s.certificateCount,
				s.certificateMinTier
			]
		);
	} else if (edit.kind === 'criterion') {
		const original = edit.original === null ? null : criteria.find((c) => c.code === edit.original);
		if (edit.original !== null && !original)
			return refuse({ refusal: 'unknown_criterion', code: edit.original });
		const parsed = parseCriterion(edit.raw, criteria, edit.original);
		if (!parsed.ok) return refuse({ refusal: 'invalid', errors: parsed.errors });
		const c = parsed.value;
		code = c.code;
		const scored = original ? (snap.scoreCounts.get(original.code) ?? 0) : 0;
		if (original && original.code !== c.code && scored > 0)
			return refuse({ refusal: 'code_has_scores', code: original.code, count: scored });
		if (original && c.maxPoints < original.maxPoints) {
			const [above] = await q<{ n: number; highest: number | null }>(
				`SELECT CAST(COUNT(*) AS INTEGER) AS n,
				        CAST(MAX(GREATEST(COALESCE(self_score, 0), COALESCE(reviewed_score, 0))) AS DOUBLE) AS highest
				 FROM score WHERE year = $1 AND bloc_code = $2 AND criterion_code = $3
				   AND (self_score > CAST($4 AS DECIMAL(9, 2)) OR reviewed_score > CAST($4 AS DECIMAL(9, 2)))`,
				[year, blocCode, original.code, String(c.maxPoints)]
			);
			if (above && above.n > 0)
				return refuse({
					refusal: 'scores_above',
					code: original.code,
					count: above.n,
					highest: above.highest ?? 0
				});
		}
		if (edit.confirmed !== c.code) {
			const earlier = await q<EarlierCriterion>(EARLIER_SQL, [year, blocCode]);
			const change = codeMeaningChange(c, original ?? null, earlier);
			if (change) return refuse({ refusal: 'confirm', earlier: change });
		}
		if (original) {
			const same =
				original.code === c.code &&
				original.groupCode === c.groupCode &&
				original.groupName === c.groupName &&
				original.name === c.name &&
				original.maxPoints === c.maxPoints &&
				original.weight === c.weight &&
				original.kind === c.kind;
			if (same)
				return { ok: true, changed: false, effect: [], contentMax: contentMaximum(criteria), locked, code };
			await conn.run('DELETE FROM criterion WHERE year = $1 AND bloc_code = $2 AND criterion_code = $3', [
				year,
				blocCode,
				original.code
			]);
			audit.push({
				action: 'criterion.update',
				code: c.code,
				old: (original.code !== c.code ? `${original.code}: ` : '') + describeCriterion(original),
				new: describeCriterion(c)
			});
		} else audit.push({ action: 'criterion.create', code: c.code, old: null, new: describeCriterion(c) });
		await conn.run(
			`INSERT INTO criterion (year, bloc_code, criterion_code, group_code, group_name, criterion_name, max_points, weight, kind, sort_order)
			 VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS DECIMAL(9, 2)), CAST($8 AS DECIMAL(9, 3)), $9, 0)`,
			[
				year,
				blocCode,
				c.code,
				c.groupCode,
				c.groupName,
				c.name,
				String(c.maxPoints),
				String(c.weight),
				c.kind
			]
		);
		await writeOrder(conn, year, blocCode, orderWith(criteria, c.code, c.groupCode, original?.code ?? null));
	} else if (edit.kind === 'remove') {
		const c = criteria.find((x) => x.code === edit.code);
		if (!c) return refuse({ refusal: 'unknown_criterion', code: edit.code });
		const count = snap.scoreCounts.get(c.code) ?? 0;
		// Scores exist: only an admin, with a reason (the scores go too, each in the trail).
		if (count > 0 && (!can(user, { kind: 'edit:pledge', bloc, scored: true }) || reason === null))
			return refuse({ refusal: 'has_scores', code: c.code, count });
		const key = [year, blocCode, c.code];
		if (count > 0) {
			await conn.run(
				`INSERT INTO audit_log (user_id, username, action, year, bloc_code, unit_code, criterion_code, old_value, new_value, reason)
				 SELECT $4, $5, f.action, year, bloc_code, unit_code, criterion_code, f.value, NULL, $6
				 FROM (
					SELECT year, bloc_code, unit_code, criterion_code, 1 AS k, 'score.self' AS action, CAST(self_score AS VARCHAR) AS value FROM score
					UNION ALL SELECT year, bloc_code, unit_code, criterion_code, 2, 'score.review', CAST(reviewed_score AS VARCHAR) FROM score
					UNION ALL SELECT year, bloc_code, unit_code, criterion_code, 3, 'score.note', note FROM score
				 ) f
				 WHERE f.year = $1 AND f.bloc_code = $2 AND f.criterion_code = $3 AND f.value IS NOT NULL
				 ORDER BY f.unit_code, f.k`,
				[...key, user.userId, user.username, reason]
			);
			// The import that wrote a deleted row stays in its history (audit/trail.ts).
			await conn.run(
				`INSERT INTO import_score_row (batch_id, pos, added, year, bloc_code, unit_code, criterion_code)
				 SELECT import_batch, import_pos, import_added, year, bloc_code, unit_code, criterion_code FROM score
				 WHERE year = $1 AND bloc_code = $2 AND criterion_code = $3 AND import_batch IS NOT NULL`,
				key
			);
			await conn.run('DELETE FROM score WHERE year = $1 AND bloc_code = $2 AND criterion_code = $3', key);
		}
		await conn.run('DELETE FROM criterion WHERE year = $1 AND bloc_code = $2 AND criterion_code = $3', key);
		audit.push({
			action: 'criterion.delete',
			code: c.code,
			old: describeCriterion(c),
			new: count > 0 ? vi.t('pledgeed.audit.scoresRemoved', { count }) : null
		});
		await writeOrder(
			conn,
			year,
			blocCode,
			sections(criteria).flatMap((g) => g.criteria.map((x) => x.code).filter((x) => x !== c.code))
		);
	} else {
		const move =
			edit.kind === 'move'
				? { criterion: edit.criterion, dir: edit.dir }
				: { group: edit.group, dir: edit.dir };
		const order = reorder(criteria, move);
		const what = edit.kind === 'move' ? edit.criterion : edit.group;
		if (!order) return refuse({ refusal: 'not_movable', code: what });
		const was = sections(criteria).flatMap((g) => g.criteria.map((x) => x.code));
		const place = (list: string[]) =>
			edit.kind === 'move'
				? list.indexOf(edit.criterion) + 1
				: sections(criteria.map((c) => ({ ...c, sortOrder: list.indexOf(c.code) }))).findIndex(
						(g) => g.groupCode === edit.group
					) + 1;
		audit.push({
			action: 'criterion.move',
			code: edit.kind === 'move' ? edit.criterion : null,
			old: vi.t(edit.kind === 'move' ? 'pledgeed.audit.place' : 'pledgeed.audit.groupPlace', {
				place: place(was),
				group: what
			}),
			new: vi.t(edit.kind === 'move' ? 'pledgeed.audit.place' : 'pledgeed.audit.groupPlace', {
				place: place(order),
				group: what
			})
		});
		await writeOrder(conn, year, blocCode, order);
	}

	// The effect: the stored totals computed again now (the COMMIT does it once more, unchanged).
	await refreshTotals(conn, totalsScope([{ kind: 'pledge', year, bloc: blocCode }]));
	const after = await q<OutcomeRow>(OUTCOME_SQL, [year, blocCode]);
	const effect = effectOf(before, after);
	for (const e of effect)
		audit.push({
			action: 'pledge.effect',
			code: null,
			unit: e.unitCode,
			old: outcomeText(e.before),
			new: outcomeText(e.after)
		});
	for (const a of audit)
		await conn.run(
			`INSERT INTO audit_log (user_id, username, action, year, bloc_code, unit_code, criterion_code, old_value, new_value, reason)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			[user.userId, user.username, a.action, year, blocCode, a.unit ?? null, a.code, a.old, a.new, reason]
		);
	const [cm] = await q<{ v: number }>(
		`SELECT CAST(COALESCE(SUM(weight * max_points) FILTER (WHERE kind = 'content'), 0) AS DOUBLE) AS v
		 FROM criterion WHERE year = $1 AND bloc_code = $2`,
		[year, blocCode]
	);
	return { ok: true, changed: true, effect, contentMax: cm?.v ?? 0, locked, code };
}

/** Numbers the criteria 1, 2, … in `codes`' order. */
async function writeOrder(
	conn: DuckDBConnection,
	year: number,
	blocCode: string,
	codes: string[]
): Promise<void> {
	if (codes.length === 0) return;
	const values = codes.map((_, i) => `($${3 + i * 2}, CAST($${4 + i * 2} AS INTEGER))`).join(', ');
	await conn.run(
		`UPDATE criterion SET sort_order = v.o FROM (VALUES ${values}) AS v(code, o)
		 WHERE criterion.year = $1 AND criterion.bloc_code = $2 AND criterion.criterion_code = v.code
		   AND criterion.sort_order <> v.o`,
		[year, blocCode, ...codes.flatMap((c, i) => [c, i + 1])]
	);
}
