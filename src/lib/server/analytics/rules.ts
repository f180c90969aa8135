/**
 * Rule checks on the database: gathers the facts (award counts and headcounts per unit-year,
 * bloc leaders and Government flags per year) and runs `src/lib/domain/rules.ts` over them.
 */
import {
	RULES,
	applyRuleSettings,
	checkAll,
	type CheckResult,
	type FlagYearFacts,
	type RuleDef,
	type RuleSetting,
	type UnitYearFacts
} from '../../domain/rules';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import type { Access } from './access';
import { readableYearRankings } from './data';
import { GOV_FLAGS_SQL, RULE_FACTS_SQL, RULE_SETTINGS_SQL } from './queries';

/** The rule table with the council's settings (`rule_setting`). */
export async function effectiveRules(db: Database): Promise<RuleDef[]> {
	const settings = await db.all<RuleSetting & Record<string, unknown>>(RULE_SETTINGS_SQL);
	return applyRuleSettings(RULES, settings);
}

export async function unitYearFacts(db: Database): Promise<UnitYearFacts[]> {
	return db.all<UnitYearFacts & Record<string, unknown>>(RULE_FACTS_SQL);
}

/** Per year with Government flags: the units ranked first in the bloc-years this reader may see. */
export async function flagYearFacts(db: Database, access: Access): Promise<FlagYearFacts[]> {
	const flags = await db.all<{ year: number; unitCode: string; unitName: string; recipientName: string }>(
		GOV_FLAGS_SQL
	);
	const years = [...new Set(flags.map((f) => f.year))].sort((a, b) => a - b);
	// Only the years with Government flags are ranked (none at all without any flag).
	const ranking = await readableYearRankings(db, access, years);
	return years.map((year) => {
		const rows = ranking.filter((r) => r.year === year);
		return {
			year,
			leaders: rows
				.filter((r) => r.rank === 1)
				.map((r) => ({ unitCode: r.unitCode, unitName: r.unitName, blocCode: r.blocCode })),
			nominees: flags
				.filter((f) => f.year === year)
				.map(({ unitCode, unitName, recipientName }) => ({ unitCode, unitName, recipientName })),
			provisional: rows.some((r) => access.provisional(r.blocCode, year)),
			incomplete: access.hiddenIn(year)
		};
	});
}

export interface RuleReport extends CheckResult {
	rules: RuleDef[];
	/** Years with award or headcount data, descending. */
	years: number[];
}

/** Every finding of every rule (optionally of one year), with the rule table as applied. */
async function readRuleReport(db: Database, access: Access, year: number | null = null): Promise<RuleReport> {
	const [rules, units, flags] = await Promise.all([
		effectiveRules(db),
		unitYearFacts(db),
		flagYearFacts(db, access)
	]);
	const years = [...new Set(units.map((u) => u.year))].sort((a, b) => b - a);
	const result = checkAll(
		year === null ? units : units.filter((u) => u.year === year),
		year === null ? flags : flags.filter((f) => f.year === year),
		rules
	);
	return { ...result, rules, years };
}

/** Cached until the next write, per reader's readable bloc-years (see Database.cached). */
export function ruleReport(db: Database, access: Access, year: number | null = null): Promise<RuleReport> {
	// Every ranking (the flags' facts), awards, headcounts and rule settings (catalog).
	return db.cached(
		JSON.stringify(['ruleReport', access.allowedParam, year]),
		() => readRuleReport(db, access, year),
		dep.data
	);
}
