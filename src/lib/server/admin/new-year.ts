/**
 * A new year from the last one (issue 14, part 4; /admin/years/new): reads what the plan needs
 * (domain/new-year.ts), shows it with a token (the SHA-256 of what would be created), and on
 * confirm creates every chosen bloc-year in one transaction — pledge (title with the year
 * replaced, no signed date, stage 'open'), criteria, membership with the new leader and deputy —
 * with one audit row per bloc-year ('year.create'). A confirm whose plan no longer matches its
 * preview's token (the data changed meanwhile, or the form was changed without a new preview)
 * is refused and writes nothing. No scores are copied; the stored totals of the new bloc-years
 * are computed in the same transaction (its changes name every created bloc-year).
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	planFingerprint,
	planNewYear,
	type LineageLink,
	type NewYearPlan,
	type SourceBloc,
	type SourceCriterion,
	type SourceMember
} from '../../domain/new-year';
import { can, type Principal } from '../../domain/policy';
import { allOn, type Database, type Params } from '../db';
import { dep, type Change } from '../db/freshness';

/** What the admin asked: the years, the blocs, the leaders and deputies chosen by hand. */
export interface NewYearRequest {
	targetYear: number;
	sourceYear: number;
	blocs: string[];
	choices: Map<string, { leader?: string; deputy?: string }>;
}

/** A field of the form that cannot be used, as a message key of the page and its values. */
export interface RequestError {
	key: 'year' | 'source' | 'sameYear' | 'noBlocs' | 'unknownBloc';
	values?: Record<string, string | number>;
}

/** The form's defaults and choices: years with data, the source year's blocs. */
export interface NewYearOptions {
	years: number[];
	latest: number | null;
	/** Blocs of each year that has a pledge or members: year → blocs. */
	blocsByYear: Record<number, { code: string; name: string }[]>;
}

export interface NewYearPreview {
	plan: NewYearPlan;
	token: string;
	unitNames: Record<string, string>;
}

export type CreateResult =
	| { ok: true; plan: NewYearPlan }
	| { ok: false; refusal: 'forbidden' }
	| { ok: false; refusal: 'refused'; preview: NewYearPreview }
	| { ok: false; refusal: 'stale'; preview: NewYearPreview };

type Query = <T>(sql: string, params?: Params) => Promise<T[]>;
const onDb =
	(db: Database): Query =>
	(sql, params) =>
		db.all(sql, params);
const onConn =
	(conn: DuckDBConnection): Query =>
	(sql, params) =>
		allOn(conn, sql, params);

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

export async function newYearOptions(db: Database): Promise<NewYearOptions> {
	const rows = await db.all<{ year: number; code: string; name: string }>(
		`SELECT y.year, b.bloc_code AS code, b.bloc_name AS name
		 FROM (SELECT year, bloc_code FROM pledge UNION SELECT year, bloc_code FROM bloc_membership) y
		 JOIN bloc b ON b.bloc_code = y.bloc_code
		 ORDER BY y.year, b.bloc_code`
	);
	const blocsByYear: Record<number, { code: string; name: string }[]> = {};
	for (const r of rows) (blocsByYear[r.year] ??= []).push({ code: r.code, name: r.name });
	const years = Object.keys(blocsByYear)
		.map(Number)
		.sort((a, b) => a - b);
	return { years, latest: years.at(-1) ?? null, blocsByYear };
}

/**
 * Reads the request from the form or the query string: `year`, `from`, `bloc` (repeated),
 * `leader.<bloc>` and `deputy.<bloc>` (empty: by rotation). Defaults: the latest year + 1, from
 * the year before it, every bloc of the source year.
 */
export function parseRequest(
	get: (name: string) => string | null,
	getAll: (name: string) => string[],
	options: NewYearOptions
): { request: NewYearRequest | null; errors: RequestError[]; defaults: NewYearRequest | null } {
	const errors: RequestError[] = [];
	const fallbackTarget = (options.latest ?? new Date().getFullYear() - 1) + 1;
	const year = (raw: string | null, fallback: number): number | null => {
		if (raw === null || raw.trim() === '') return fallback;
		const n = /^\s*\d{4}\s*$/.test(raw) ? Number(raw) : NaN;
		return n >= MIN_YEAR && n <= MAX_YEAR ? n : null;
	};
	const targetYear = year(get('year'), fallbackTarget);
	if (targetYear === null) errors.push({ key: 'year', values: { min: MIN_YEAR, max: MAX_YEAR } });
	const sourceYear = year(get('from'), (targetYear ?? fallbackTarget) - 1);
	const sourceBlocs = sourceYear === null ? undefined : options.blocsByYear[sourceYear];
	if (sourceYear === null || !sourceBlocs)
		errors.push({ key: 'source', values: { year: sourceYear ?? get('from') ?? '' } });
	else if (sourceYear === targetYear) errors.push({ key: 'sameYear' });
	const codes = sourceBlocs?.map((b) => b.code) ?? [];
	const asked = getAll('bloc');
	// The form sends `blocs=1` with the checkboxes: none ticked is then "none", not "all".
	const blocs = get('blocs') === null && asked.length === 0 ? codes : [...new Set(asked)].sort();
	if (sourceBlocs && blocs.length === 0) errors.push({ key: 'noBlocs' });
	for (const b of blocs)
		if (sourceBlocs && !codes.includes(b))
			errors.push({ key: 'unknownBloc', values: { bloc: b, year: sourceYear! } });
	const choices = new Map<string, { leader?: string; deputy?: string }>();
	for (const b of blocs) {
		const leader = get(`leader.${b}`)?.trim() || undefined;
		const deputy = get(`deputy.${b}`)?.trim() || undefined;
		if (leader || deputy) choices.set(b, { leader, deputy });
	}
	const request =
		targetYear !== null && sourceYear !== null ? { targetYear, sourceYear, blocs, choices } : null;
	return { request: errors.length ? null : request, errors, defaults: request };
}

/** Everything the plan needs, read with `q` (the database, or a transaction's connection). */
async function readInput(q: Query, req: NewYearRequest) {
	// One after another: a transaction's connection runs one statement at a time.
	const names = await q<{ code: string; name: string }>(
		`SELECT bloc_code AS code, bloc_name AS name FROM bloc`
	);
	const members = await q<{ bloc: string; unit: string; role: SourceMember['role'] }>(
		`SELECT bloc_code AS bloc, unit_code AS unit, role FROM bloc_membership WHERE year = $1 ORDER BY unit_code`,
		[req.sourceYear]
	);
	const pledges = await q<{
		bloc: string;
		title: string;
		signedDate: string | null;
		bonusCap: string | null;
		t1: string | null;
		t2: string | null;
		t3: string | null;
		t4: string | null;
		flagCount: number | null;
		flagMinTier: string | null;
		certificateCount: number | null;
		certificateMinTier: string | null;
	}>(
		`SELECT bloc_code AS bloc, title, CAST(signed_date AS VARCHAR) AS "signedDate",
				CAST(bonus_cap AS VARCHAR) AS "bonusCap", CAST(tier_excellent_pct AS VARCHAR) AS t1,
				CAST(tier_good_pct AS VARCHAR) AS t2, CAST(tier_fair_pct AS VARCHAR) AS t3,
				CAST(tier_average_pct AS VARCHAR) AS t4, flag_count AS "flagCount", flag_min_tier AS "flagMinTier",
				certificate_count AS "certificateCount", certificate_min_tier AS "certificateMinTier"
			 FROM pledge WHERE year = $1`,
		[req.sourceYear]
	);
	const criteria = await q<SourceCriterion & { bloc: string }>(
		`SELECT bloc_code AS bloc, criterion_code AS code, group_code AS "groupCode", group_name AS "groupName",
				criterion_name AS name, CAST(max_points AS VARCHAR) AS max, CAST(weight AS VARCHAR) AS weight, kind,
				sort_order AS "order"
			 FROM criterion WHERE year = $1 ORDER BY bloc_code, sort_order, criterion_code`,
		[req.sourceYear]
	);
	const target = await q<{ bloc: string; unit: string }>(
		`SELECT bloc_code AS bloc, unit_code AS unit FROM bloc_membership WHERE year = $1`,
		[req.targetYear]
	);
	const targetPledges = await q<{ bloc: string }>(`SELECT bloc_code AS bloc FROM pledge WHERE year = $1`, [
		req.targetYear
	]);
	const units = await q<{ code: string; name: string }>(
		`SELECT unit_code AS code, unit_name AS name FROM unit`
	);
	const lineage = await q<LineageLink>(
		`SELECT predecessor_code AS predecessor, successor_code AS successor, year, event FROM unit_lineage
			 ORDER BY predecessor_code, successor_code`
	);
	const blocName = new Map(names.map((b) => [b.code, b.name]));
	const sources: SourceBloc[] = req.blocs.map((code) => {
		const p = pledges.find((r) => r.bloc === code);
		return {
			blocCode: code,
			blocName: blocName.get(code) ?? code,
			members: members.filter((m) => m.bloc === code).map((m) => ({ unitCode: m.unit, role: m.role })),
			pledge: p
				? {
						title: p.title,
						signedDate: p.signedDate,
						bonusCap: p.bonusCap,
						tiers: [p.t1, p.t2, p.t3, p.t4],
						flagCount: p.flagCount,
						flagMinTier: p.flagMinTier,
						certificateCount: p.certificateCount,
						certificateMinTier: p.certificateMinTier
					}
				: null,
			criteria: criteria
				.filter((c) => c.bloc === code)
				.map(({ code: c, groupCode, groupName, name, max, weight, kind, order }) => ({
					code: c,
					groupCode,
					groupName,
					name,
					max,
					weight,
					kind,
					order
				}))
		};
	});
	const plan = planNewYear({
		targetYear: req.targetYear,
		sourceYear: req.sourceYear,
		blocs: sources,
		sourceMembership: new Map(members.map((m) => [m.unit, m.bloc])),
		targetMembership: new Map(target.map((m) => [m.unit, m.bloc])),
		targetPledges: new Set(targetPledges.map((p) => p.bloc)),
		units: new Set(units.map((u) => u.code)),
		lineage,
		choices: req.choices
	});
	const token = createHash('sha256').update(planFingerprint(plan, sources)).digest('hex');
	const shown = new Set(
		plan.blocs.flatMap((b) => [
			...b.members.flatMap((m) => [m.unitCode, ...m.replaces]),
			...b.dropped.flatMap((d) => [d.unitCode, d.from]),
			...(b.sourceLeader ? [b.sourceLeader] : []),
			...(b.sourceDeputy ? [b.sourceDeputy] : [])
		])
	);
	const unitNames = Object.fromEntries(units.filter((u) => shown.has(u.code)).map((u) => [u.code, u.name]));
	return { plan, token, unitNames };
}

/** What the request would create, with its token; null when the account may not create years. */
export async function previewNewYear(
	db: Database,
	user: Principal,
	req: NewYearRequest
): Promise<NewYearPreview | null> {
	if (!can(user, { kind: 'manage:years' })) return null;
	return readInput(onDb(db), req);
}

/**
 * Creates what the preview with `token` showed, in one transaction, or nothing: refused when the
 * plan has refusals (a bloc-year that exists already, a unit in two blocs, …) or no longer
 * matches the token (the data changed since the preview). Checked before the transaction and
 * again inside it, on what it reads.
 */
export async function createNewYear(
	db: Database,
	user: Principal,
	req: NewYearRequest,
	token: string
): Promise<CreateResult> {
	if (!can(user, { kind: 'manage:years' })) return { ok: false, refusal: 'forbidden' };
	const before = await readInput(onDb(db), req);
	if (before.plan.refusals.length) return { ok: false, refusal: 'refused', preview: before };
	if (before.token !== token) return { ok: false, refusal: 'stale', preview: before };
	const changes: Change[] = before.plan.blocs.flatMap((b) => [
		{ kind: 'pledge' as const, year: req.targetYear, bloc: b.blocCode },
		{ kind: 'stage' as const, year: req.targetYear, bloc: b.blocCode }
	]);
	return db.transaction(
		async (conn) => {
			const now = await readInput(onConn(conn), req);
			if (now.plan.refusals.length) return { ok: false, refusal: 'refused', preview: now };
			if (now.token !== token) return { ok: false, refusal: 'stale', preview: now };
			for (const b of now.plan.blocs) await createBlocYear(conn, user, now.plan, b);
			return { ok: true, plan: now.plan };
		},
		{ changes }
	);
}

async function createBlocYear(
	conn: DuckDBConnection,
	user: Principal,
	plan: NewYearPlan,
	b: NewYearPlan['blocs'][number]
): Promise<void> {
	const { targetYear, sourceYear } = plan;
	// Every setting as stored (exact decimals), but the title (year replaced) and the signed date.
	await conn.run(
		`INSERT INTO pledge (year, bloc_code, title, signed_date, bonus_cap, tier_excellent_pct, tier_good_pct,
			tier_fair_pct, tier_average_pct, flag_count, flag_min_tier, certificate_count, certificate_min_tier, stage)
		 SELECT $1, bloc_code, $3, NULL, bonus_cap, tier_excellent_pct, tier_good_pct, tier_fair_pct,
			tier_average_pct, flag_count, flag_min_tier, certificate_count, certificate_min_tier, 'open'
		 FROM pledge WHERE year = $2 AND bloc_code = $4`,
		[targetYear, sourceYear, b.title, b.blocCode]
	);
	await conn.run(
		`INSERT INTO criterion (year, bloc_code, criterion_code, group_code, group_name, criterion_name,
			max_points, weight, kind, sort_order)
		 SELECT $1, bloc_code, criterion_code, group_code, group_name, criterion_name, max_points, weight, kind,
			sort_order
		 FROM criterion WHERE year = $2 AND bloc_code = $3`,
		[targetYear, sourceYear, b.blocCode]
	);
	for (const m of b.members)
		await conn.run(`INSERT INTO bloc_membership (year, unit_code, bloc_code, role) VALUES ($1, $2, $3, $4)`, [
			targetYear,
			m.unitCode,
			b.blocCode,
			m.role
		]);
	const criteria = b.criteria.content + b.criteria.bonus + b.criteria.deduction;
	const copied = {
		from: sourceYear,
		title: b.title,
		leader: b.leader,
		deputy: b.deputy,
		members: b.members.map((m) => m.unitCode),
		replaced: Object.fromEntries(
			b.members.filter((m) => m.replaces.length).map((m) => [m.unitCode, m.replaces])
		),
		dropped: b.dropped.map((d) => d.unitCode),
		criteria
	};
	await conn.run(
		`INSERT INTO audit_log (user_id, username, action, year, bloc_code, old_value, new_value)
		 VALUES ($1, $2, 'year.create', $3, $4, NULL, $5)`,
		[user.userId, user.username, targetYear, b.blocCode, JSON.stringify(copied)]
	);
}

/** The latest year with a pledge or members (the Quản trị index's fact), cached until a pledge write. */
export async function latestYear(db: Database): Promise<number | null> {
	const [row] = await db.cached(
		'newYear:latest',
		() =>
			db.all<{ year: number | null }>(
				'SELECT MAX(year) AS year FROM (SELECT year FROM pledge UNION ALL SELECT year FROM bloc_membership)'
			),
		[dep.pledge(null, null)]
	);
	return row?.year ?? null;
}
