/**
 * The what-if ranking as a file (CSV for Excel, or .xlsx), written by the export's own writers
 * (`../export/formats`): the ranking under the weights of the request's `w.` / `g.` fields, each
 * unit's new rank, move and total beside its rank and total under the pledge. Unit names and
 * numbers only: no award recipient appears in it.
 *
 * Rights are the what-if page's: the caller has authorised `read:dashboard`, and `whatIfData`
 * answers only for a bloc-year the reader may see (null otherwise: a 404, as the page).
 */
import { parseOverrides, whatIf, type RankChange } from '../../domain/whatif';
import { translator, type MessageKey } from '../../i18n';
import { attachment, CONTENT_TYPES, toCsv, toXlsx } from '../export/formats';
import type { ExportColumn, ExportTable, ExportValue } from '../export/datasets';
import type { Database } from '../db';
import type { Access } from './access';
import { blocParam, blocYear } from './params';
import { readableBlocs } from './data';
import { whatIfData } from './whatif';

export const WHATIF_FORMATS = ['csv', 'xlsx'] as const;
export type WhatIfFormat = (typeof WHATIF_FORMATS)[number];

/** `xep-hang-gia-dinh.csv` → `csv`; null for any other file name. */
export function whatIfFileFormat(file: string): WhatIfFormat | null {
	const m = /^xep-hang-gia-dinh\.(csv|xlsx)$/.exec(file);
	return m ? (m[1] as WhatIfFormat) : null;
}

const tr = translator('vi');
const h = (key: MessageKey) => tr.t(key);

/** The what-if ranking of a bloc-year as an export table (Vietnamese headers and words). */
export function whatIfTable(blocCode: string, year: number, changes: readonly RankChange[]): ExportTable {
	const columns: ExportColumn[] = [
		{ key: 'year', header: h('export.col.year'), type: 'int' },
		{ key: 'bloc_code', header: h('export.col.blocCode'), type: 'text' },
		{ key: 'rank', header: h('whatif.col.newRank'), type: 'int' },
		{ key: 'change', header: h('whatif.col.change'), type: 'int' },
		{ key: 'pledge_rank', header: h('ax.export.oldRank'), type: 'int' },
		{ key: 'unit_code', header: h('ax.export.unitCode'), type: 'text' },
		{ key: 'unit_name', header: h('ax.export.unit'), type: 'text' },
		{ key: 'total', header: h('whatif.col.newTotal'), type: 'number' },
		{ key: 'pledge_total', header: h('ax.export.oldTotal'), type: 'number' },
		{ key: 'percent', header: h('whatif.col.percent'), type: 'number' },
		{ key: 'tier', header: h('whatif.col.tier'), type: 'text', label: (v) => tr.t(`tier.${v as 'good'}`) },
		{
			key: 'proposal',
			header: h('whatif.col.proposal'),
			type: 'text',
			label: (v) => (v ? tr.proposal(v as 'flag') : '')
		}
	];
	const rows: ExportValue[][] = changes.map((c) => [
		year,
		blocCode,
		c.after.rank,
		c.delta,
		c.before?.rank ?? null,
		c.after.unitCode,
		c.after.unitName,
		c.after.total,
		c.before?.total ?? null,
		c.after.percent,
		c.after.tier,
		c.after.proposal
	]);
	return { name: 'xep-hang-gia-dinh', sheet: h('ax.export.sheet'), columns, rows };
}

/**
 * The download for `params` (bloc, year and weight fields, as the page's form sends them), or
 * null when the reader may not see that bloc-year or it does not exist. Fields that are not
 * valid weights are left out, as on the page (which says so).
 */
export async function whatIfDownload(
	db: Database,
	access: Access,
	params: URLSearchParams,
	format: WhatIfFormat
): Promise<Response | null> {
	const bloc = blocParam(await readableBlocs(db, access), params.get('bloc'), false);
	if (!bloc || bloc === 'all') return null;
	const year = blocYear(bloc, params.get('year'));
	if (year === undefined) return null;
	const data = await whatIfData(db, access, bloc.blocCode, year);
	if (!data) return null;
	const { overrides } = parseOverrides(params.entries(), data.input);
	const table = whatIfTable(data.blocCode, data.year, whatIf(data.input, overrides, data.baseline));
	const safe = `${data.blocCode}-${data.year}`.replace(/[^A-Za-z0-9._-]/g, '_');
	const headers = {
		'Content-Type': CONTENT_TYPES[format],
		'Content-Disposition': attachment(`${table.name}-${safe}.${format}`),
		'Cache-Control': 'private, no-store'
	};
	return format === 'csv'
		? new Response(toCsv(table), { headers })
		: new Response(new Uint8Array(await toXlsx(table)), { headers });
}
