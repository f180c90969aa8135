/**
 * What-if weights: everything the browser needs to rank one bloc-year again with other weights
 * (the reference rule in `src/lib/domain/ranking.ts`), and the SQL ranking to compare with.
 */
import type { BlocInput, RankingRow } from '../../domain/types';
import type { Database } from '../db';
import { dep } from '../db/freshness';
import { loadBlocInput, rankBloc } from '../ranking';
import type { Access } from './access';
import { readableBlocs } from './data';

export interface WhatIfData {
	blocCode: string;
	blocName: string;
	year: number;
	years: number[];
	provisional: boolean;
	input: BlocInput;
	/** The ranking as the product computes it (SQL): the baseline of every comparison. */
	baseline: RankingRow[];
}

export async function whatIfData(
	db: Database,
	access: Access,
	blocCode: string,
	year: number
): Promise<WhatIfData | null> {
	const bloc = (await readableBlocs(db, access)).find((b) => b.blocCode === blocCode);
	if (!bloc || !bloc.years.includes(year)) return null;
	const [input, baseline] = await Promise.all([
		db.cached(JSON.stringify(['whatIfInput', year, blocCode]), () => loadBlocInput(db, year, blocCode), [
			dep.score(year, blocCode),
			dep.pledge(year, blocCode)
		]),
		rankBloc(db, year, blocCode)
	]);
	return {
		blocCode,
		blocName: bloc.blocName,
		year,
		years: bloc.years,
		provisional: access.provisional(blocCode, year),
		input,
		baseline
	};
}
