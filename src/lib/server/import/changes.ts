/**
 * The cells an import changes, read inside its transaction from the table of changed score
 * rows that write.ts builds (stored values beside the imported ones): one line per self-score,
 * bloc score or note that differs, with the unit's and criterion's names, kept up to
 * CHANGE_LIMIT, and a digest of every one of them (count and order-free hashes), so that a
 * commit can tell whether it is about to write exactly what the check listed (issue 15).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	CHANGE_LIMIT,
	changeValueText,
	type CellChange,
	type CellChanges,
	type ChangeField
} from '../../domain/cell-changes';
import { csvDocument, type CsvValue } from '../../domain/csv';
import { formatNumber } from '../../domain/numbers';
import { translator } from '../../i18n';
import { allOn } from '../db';
import type { TableCounts } from './write';
import { decimalText } from './tables';

/** Every field that changes, one row each, from the changed-rows table `chg`. */
const lines = (chg: string) =>
	(
		[
			['self', decimalText('__old_self'), decimalText('self_score')],
			['review', decimalText('__old_review'), decimalText('reviewed_score')],
			['note', '__old_note', 'note']
		] as const
	)
		.map(
			([field, old, now], i) =>
				`SELECT __file AS file, __row AS row, __rec AS rec, ${i} AS f, '${field}' AS field, year, bloc_code,
				        unit_code, criterion_code, ${old} AS old, ${now} AS new
				 FROM ${chg} WHERE __change > 0 AND (${old}) IS DISTINCT FROM (${now})`
		)
		.join(' UNION ALL ');

/** The changed cells of the score rows in `chg` (write.ts's changed-rows table). */
export async function scoreCellChanges(conn: DuckDBConnection, chg: string): Promise<CellChanges> {
	const sql = lines(chg);
	const [sum] = await allOn<{ n: number; x: string | null; s: string | null }>(
		conn,
		`SELECT count(*)::INTEGER AS n,
		        bit_xor(h)::VARCHAR AS x, sum(h::HUGEINT)::VARCHAR AS s
		 FROM (SELECT hash(year, bloc_code, unit_code, criterion_code, field, old, new, file, row) AS h FROM (${sql}))`
	);
	const cells = await allOn<{
		file: string;
		row: number;
		year: number;
		bloc: string;
		unit: string;
		unitName: string | null;
		criterion: string;
		criterionName: string | null;
		field: ChangeField;
		old: string | null;
		new: string | null;
	}>(
		conn,
		`SELECT c.file, c.row::INTEGER AS row, c.year, c.bloc_code AS bloc, c.unit_code AS unit, u.unit_name AS "unitName",
		        c.criterion_code AS criterion, k.criterion_name AS "criterionName", c.field, c.old, c.new
		 FROM (${sql}) c
		 LEFT JOIN main.unit u ON u.unit_code = c.unit_code
		 LEFT JOIN main.criterion k ON k.year = c.year AND k.bloc_code = c.bloc_code AND k.criterion_code = c.criterion_code
		 ORDER BY c.file, c.row, c.rec, c.f
		 LIMIT ${CHANGE_LIMIT}`
	);
	return {
		cells: cells.map((c): CellChange => ({
			file: c.file,
			row: c.row,
			year: c.year,
			blocCode: c.bloc,
			unitCode: c.unit,
			unitName: c.unitName,
			criterionCode: c.criterion,
			criterionName: c.criterionName,
			field: c.field,
			old: c.old,
			new: c.new
		})),
		total: sum?.n ?? 0,
		digest: `${sum?.n ?? 0}:${sum?.x ?? '0'}:${sum?.s ?? '0'}`
	};
}

export const NO_CHANGES: CellChanges = { cells: [], total: 0, digest: '0:0:0' };

/** The digest of a whole import: its score cells and every table's counts. */
export function importDigest(cells: CellChanges, counts: readonly TableCounts[]): string {
	const tables = counts
		.map((c) => `${c.table}=${c.added}+${c.replaced}`)
		.sort()
		.join(',');
	return `${cells.digest}|${tables}`;
}

/** The list (filtered or whole) as a CSV file for Excel: one line per changed cell. */
export function changesCsv(cells: readonly CellChange[], total: number): string {
	const tr = translator('vi');
	const num = (n: number) => formatNumber(n, 2).replace(/\./g, '');
	const rows: CsvValue[][] = [
		[
			tr.t('roundtrip_changes.col.file'),
			tr.t('roundtrip_changes.col.row'),
			tr.t('roundtrip_changes.col.bloc'),
			tr.t('roundtrip_changes.col.year'),
			tr.t('roundtrip_changes.col.unitCode'),
			tr.t('roundtrip_changes.col.unit'),
			tr.t('roundtrip_changes.col.criterionCode'),
			tr.t('roundtrip_changes.col.criterion'),
			tr.t('roundtrip_changes.col.field'),
			tr.t('roundtrip_changes.col.old'),
			tr.t('roundtrip_changes.col.new')
		],
		...cells.map((c) => [
			c.file,
			{ number: String(c.row) },
			c.blocCode,
			{ number: String(c.year) },
			c.unitCode,
			c.unitName ?? '',
			c.criterionCode,
			c.criterionName ?? '',
			tr.t(`roundtrip_changes.field.${c.field}`),
			changeValueText(c.field, c.old, num),
			changeValueText(c.field, c.new, num)
		])
	];
	if (total > cells.length)
		rows.push(
			[],
			[tr.t('roundtrip_changes.cut', { kept: tr.num(cells.length, 0), total: tr.num(total, 0) })]
		);
	return csvDocument(rows);
}
