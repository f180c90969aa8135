/**
 * Downloads of a bloc-year: which file a URL names, who may have it, and the response.
 *
 * Authorisation: a bloc's own ranking, scores and awards as CSV or Excel go to whoever may read
 * the bloc page (`read:bloc`: a draft to admin, analysts and that bloc-year's leader and deputy;
 * a finalised bloc to every account): the file holds what the page shows. The analysts' formats
 * (Parquet, Arrow) and a whole year's awards need `export` (admin, analyst). In award rows,
 * individuals are named (with gender and ethnicity) only to readers allowed
 * `read:award-recipients` of their unit: admin, analysts, leadership, the unit's own officer.
 */
import { can, type BlocYear, type Principal } from '../../domain/policy';
import type { Database } from '../db';
import { blocHeader } from '../overview/bloc';
import {
	awardsTable,
	isDataset,
	rankingTable,
	scoresTable,
	type Dataset,
	type ExportTable
} from './datasets';
import {
	attachment,
	CONTENT_TYPES,
	exportFileName,
	isFormat,
	toArrow,
	toCsv,
	toParquet,
	toXlsx,
	type ExportFormat
} from './formats';

export { DATASETS, type Dataset } from './datasets';
export { FORMATS, type ExportFormat } from './formats';

/** `ranking.csv` → dataset and format; null for anything else. */
export function parseExportFile(file: string): { dataset: Dataset; format: ExportFormat } | null {
	const m = /^([a-z-]+)\.([a-z]+)$/.exec(file);
	if (!m || !isDataset(m[1]!) || !isFormat(m[2]!)) return null;
	return { dataset: m[1], format: m[2] };
}

/** Whether a download needs the analysts' `export` right on top of reading the bloc. */
export function needsExportRight(dataset: Dataset, format: ExportFormat): boolean {
	return dataset === 'year-awards' || format === 'parquet' || format === 'arrow';
}

/** Whether `user` may download `dataset` as `format` for `bloc`. */
export function mayDownload(
	user: Principal | null,
	bloc: BlocYear,
	dataset: Dataset,
	format: ExportFormat
): boolean {
	if (!can(user, { kind: 'read:bloc', bloc })) return false;
	return !needsExportRight(dataset, format) || can(user, { kind: 'export' });
}

async function table(
	db: Database,
	bloc: BlocYear,
	dataset: Dataset,
	user: Principal | null
): Promise<ExportTable | null> {
	// Award recipients by name only where the reader may see them (personal data); counts always.
	const named = (unitCode: string) => can(user, { kind: 'read:award-recipients', unitCode });
	switch (dataset) {
		case 'ranking': {
			const header = await blocHeader(db, bloc.year, bloc.blocCode);
			return header ? rankingTable(db, header) : null;
		}
		case 'scores':
			return scoresTable(db, bloc.year, bloc.blocCode);
		case 'awards':
			return awardsTable(db, bloc.year, bloc.blocCode, named);
		case 'year-awards':
			return awardsTable(db, bloc.year, null, named);
	}
}

/**
 * The download as an HTTP response (the caller has authorised it with `mayDownload`'s rule);
 * `user` decides which award recipients are named.
 */
export async function exportResponse(
	db: Database,
	bloc: BlocYear,
	dataset: Dataset,
	format: ExportFormat,
	user: Principal | null
): Promise<Response | null> {
	const t = await table(db, bloc, dataset, user);
	if (!t) return null;
	const scope = dataset === 'year-awards' ? String(bloc.year) : `${bloc.blocCode}-${bloc.year}`;
	const headers: Record<string, string> = {
		'Content-Type': CONTENT_TYPES[format],
		'Content-Disposition': attachment(exportFileName(t, scope, format)),
		'Cache-Control': 'private, no-store'
	};
	switch (format) {
		case 'csv':
			return new Response(toCsv(t), { headers });
		case 'xlsx':
			return new Response(new Uint8Array(await toXlsx(t)), { headers });
		case 'arrow':
			return new Response(new Uint8Array(toArrow(t)), { headers });
		case 'parquet': {
			const { stream, size } = await toParquet(db, t);
			return new Response(stream, { headers: { ...headers, 'Content-Length': String(size) } });
		}
	}
}
