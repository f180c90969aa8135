/**
 * The council's settings (council_setting, rule_setting), changed on /admin/settings: the
 * council's name, the award-balance target, the ranking defaults a pledge falls back to (tier
 * thresholds, proposal places), the emulation year's first day, the rule versions' years and
 * switches, who reviews the bloc leader's own unit (migration 008) and whether leadership follows
 * the membership (migration 015). A submit is read and checked by domain/council-settings.ts and
 * saved in one transaction; every change is recorded in the audit trail (action 'setting', the
 * setting's name, old → new).
 *
 * Caching: a change of a ranking default names no changes (every bloc-year is ranked again and
 * every cached read is stale: freshness.ts on 'catalog', ranking/totals.ts); any other change is
 * a catalog write.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	DEFAULT_SETTINGS,
	isDefaultRuleSetting,
	parseSettingsForm,
	SETTING_FIELDS,
	settingChanges,
	type CouncilSettings,
	type FormFields,
	type KnownRule,
	type RuleSettingValue,
	type SettingChange,
	type SettingProblem
} from '../../domain/council-settings';
import { can, type Principal } from '../../domain/policy';
import { RULES } from '../../domain/rules';
import { isTier } from '../../domain/ranking';
import { allOn, type Database } from '../db';
import { dep } from '../db/freshness';

/** The rule versions of domain/rules.ts a council may set. */
export const KNOWN_RULES: readonly KnownRule[] = RULES.map((r) => ({
	id: r.id,
	effectiveFrom: r.effectiveFrom,
	effectiveTo: r.effectiveTo
}));

const SETTINGS_SQL = `
SELECT
	council_name AS "councilName",
	CAST(direct_worker_per_leader_target AS DOUBLE) AS "directWorkerPerLeaderTarget",
	CAST(tier_excellent_pct AS DOUBLE) AS "tierExcellentPct",
	CAST(tier_good_pct AS DOUBLE) AS "tierGoodPct",
	CAST(tier_fair_pct AS DOUBLE) AS "tierFairPct",
	CAST(tier_average_pct AS DOUBLE) AS "tierAveragePct",
	flag_count AS "flagCount",
	flag_min_tier AS "flagMinTier",
	certificate_count AS "certificateCount",
	certificate_min_tier AS "certificateMinTier",
	year_start_month AS "yearStartMonth",
	year_start_day AS "yearStartDay",
	COALESCE(deputy_reviews_leader_unit, false) AS "deputyReviewsLeaderUnit",
	COALESCE(leaders_follow_membership, true) AS "leadersFollowMembership"
FROM council_setting WHERE id = 1`;

const RULES_SQL = `
SELECT rule_id AS "ruleId", effective_from AS "effectiveFrom", effective_to AS "effectiveTo", enabled
FROM rule_setting`;

type Row = Record<string, unknown>;

function toSettings(row: Row | undefined, ruleRows: Row[]): CouncilSettings {
	const c = { ...DEFAULT_SETTINGS, ...(row ?? {}) } as Omit<CouncilSettings, 'rules'>;
	if (!isTier(c.flagMinTier)) c.flagMinTier = DEFAULT_SETTINGS.flagMinTier;
	if (!isTier(c.certificateMinTier)) c.certificateMinTier = DEFAULT_SETTINGS.certificateMinTier;
	const byId = new Map(ruleRows.map((r) => [r.ruleId as string, r]));
	const rules: RuleSettingValue[] = KNOWN_RULES.map((k) => {
		const r = byId.get(k.id);
		return {
			ruleId: k.id,
			effectiveFrom: (r?.effectiveFrom as number | null | undefined) ?? null,
			effectiveTo: (r?.effectiveTo as number | null | undefined) ?? null,
			enabled: r ? r.enabled !== false : true
		};
	});
	return { ...c, rules };
}

/** Every setting as it is now. */
export async function readCouncilSettings(db: Database): Promise<CouncilSettings> {
	return db.reads(dep.catalog, async () => {
		const [row] = await db.all<Row>(SETTINGS_SQL);
		return toSettings(row, await db.all<Row>(RULES_SQL));
	});
}

async function readOn(conn: DuckDBConnection): Promise<CouncilSettings> {
	const [row] = await allOn<Row>(conn, SETTINGS_SQL);
	return toSettings(row, await allOn<Row>(conn, RULES_SQL));
}

export type SaveSettingsResult =
	| { status: 'forbidden' }
	/** Nothing written; every problem by field, and what was typed. */
	| { status: 'invalid'; problems: SettingProblem[]; typed: Record<string, string> }
	| { status: 'saved'; changes: SettingChange[] };

/** A save refused inside its transaction (the settings changed meanwhile): rolled back. */
class InvalidSettings extends Error {
	constructor(readonly problems: SettingProblem[]) {
		super('invalid settings');
	}
}

/**
 * Reads, checks and saves a submitted settings form in one transaction: nothing is written when
 * any field is wrong, nor when nothing changed.
 */
export async function saveCouncilSettings(
	db: Database,
	user: Principal,
	fields: FormFields
): Promise<SaveSettingsResult> {
	if (!can(user, { kind: 'manage:settings' })) return { status: 'forbidden' };
	const now = await readCouncilSettings(db);
	const first = parseSettingsForm(fields, now, KNOWN_RULES);
	if (first.problems.length > 0) return { status: 'invalid', problems: first.problems, typed: first.typed };
	// Nothing to change: no write, so no cached read or page becomes stale.
	if (settingChanges(now, first.settings).length === 0) return { status: 'saved', changes: [] };
	let changes: SettingChange[] = [];
	try {
		await db.transaction(
			async (conn) => {
				// Read again in the transaction: what is written is decided on what is there now.
				const before = await readOn(conn);
				const parsed = parseSettingsForm(fields, before, KNOWN_RULES);
				if (parsed.problems.length > 0) throw new InvalidSettings(parsed.problems);
				changes = settingChanges(before, parsed.settings);
				if (changes.length === 0) return;
				await writeSettings(conn, before, parsed.settings);
				for (const c of changes)
					await conn.run(
						`INSERT INTO audit_log (user_id, username, action, criterion_code, old_value, new_value)
						 VALUES ($1, $2, 'setting', $3, $4, $5)`,
						[user.userId, user.username, c.setting, c.old, c.new]
					);
			},
			{
				// A ranking default changed: name nothing, so that every bloc-year is ranked again.
				changes: () => (changes.some((c) => c.ranking) ? undefined : [{ kind: 'catalog' }])
			}
		);
	} catch (e) {
		if (e instanceof InvalidSettings) return { status: 'invalid', problems: e.problems, typed: first.typed };
		throw e;
	}
	return { status: 'saved', changes };
}

async function writeSettings(conn: DuckDBConnection, before: CouncilSettings, after: CouncilSettings) {
	const changed = SETTING_FIELDS.filter((f) => before[f.key] !== after[f.key]);
	if (changed.length > 0)
		await conn.run(
			`UPDATE council_setting SET ${changed.map((f, i) => `${f.column} = $${i + 1}`).join(', ')} WHERE id = 1`,
			changed.map((f) => after[f.key])
		);
	const old = new Map(before.rules.map((r) => [r.ruleId, r]));
	for (const r of after.rules) {
		const b = old.get(r.ruleId);
		if (
			b &&
			b.effectiveFrom === r.effectiveFrom &&
			b.effectiveTo === r.effectiveTo &&
			b.enabled === r.enabled
		)
			continue;
		// Back to the rule table as written: the row goes, unless it holds the council's note.
		if (isDefaultRuleSetting(r)) {
			await conn.run('DELETE FROM rule_setting WHERE rule_id = $1 AND note IS NULL', [r.ruleId]);
			await conn.run(
				'UPDATE rule_setting SET effective_from = NULL, effective_to = NULL, enabled = true WHERE rule_id = $1',
				[r.ruleId]
			);
		} else
			await conn.run(
				`INSERT INTO rule_setting (rule_id, effective_from, effective_to, enabled)
				 VALUES ($1::VARCHAR, $2::INTEGER, $3::INTEGER, $4::BOOLEAN)
				 ON CONFLICT (rule_id) DO UPDATE SET
					effective_from = excluded.effective_from,
					effective_to = excluded.effective_to,
					enabled = excluded.enabled`,
				[r.ruleId, r.effectiveFrom, r.effectiveTo, r.enabled]
			);
	}
}

/** One change of a setting in the audit trail, newest first on the page. */
export interface SettingHistoryEntry {
	at: number;
	username: string;
	setting: string;
	old: string | null;
	new: string | null;
}

/** The latest changes of the council's settings. */
export async function settingHistory(db: Database, limit = 15): Promise<SettingHistoryEntry[]> {
	return db.reads(dep.catalog, () =>
		db.all<SettingHistoryEntry & Row>(
			`SELECT CAST(epoch_ms(changed_at) AS DOUBLE) AS at, username, criterion_code AS setting,
				old_value AS old, new_value AS new
			 FROM audit_log WHERE action = 'setting' ORDER BY id DESC LIMIT $1`,
			[limit]
		)
	);
}

/** Whether the deputy, not the leader, reviews the bloc leader's own unit (default: no). */
export async function deputyReviewsLeaderUnit(db: Database): Promise<boolean> {
	return (await readCouncilSettings(db)).deputyReviewsLeaderUnit;
}

/**
 * Sets it; false (nothing written) when the account may not change the council's settings.
 * Every cached read and page is stale afterwards (a catalog write).
 */
export async function setDeputyReviewsLeaderUnit(
	db: Database,
	user: Principal,
	on: boolean
): Promise<boolean> {
	const result = await saveCouncilSettings(
		db,
		user,
		new Map([['deputyReviewsLeaderUnit', [on ? 'on' : 'off']]])
	);
	return result.status !== 'forbidden';
}
