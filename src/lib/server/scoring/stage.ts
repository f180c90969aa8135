/** The stage (giai đoạn) of a bloc-year, read from its pledge. */
import { isStage, type BlocYear } from '../../domain/policy';
import type { Database } from '../db';

/** The bloc-year with its stage, or null when the bloc signed no pledge that year. */
export async function getBlocYear(db: Database, year: number, blocCode: string): Promise<BlocYear | null> {
	const [row] = await db.all<{ stage: string | null }>(
		'SELECT stage FROM pledge WHERE year = $1 AND bloc_code = $2',
		[year, blocCode]
	);
	if (!row) return null;
	return { blocCode, year, stage: isStage(row.stage) ? row.stage : 'open' };
}

/** Stages of every bloc in a year, by bloc code. */
export async function stagesOfYear(db: Database, year: number): Promise<Map<string, BlocYear>> {
	const rows = await db.all<{ bloc_code: string; stage: string | null }>(
		'SELECT bloc_code, stage FROM pledge WHERE year = $1',
		[year]
	);
	return new Map(
		rows.map((r) => [
			r.bloc_code,
			{ blocCode: r.bloc_code, year, stage: isStage(r.stage) ? r.stage : 'open' }
		])
	);
}
