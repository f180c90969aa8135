/**
 * The pledge's criteria as a file the criteria import reads back (docs/csv-formats.md,
 * `criteria`): the import's columns with their first Vietnamese headers, kinds by their
 * Vietnamese names, numbers the Vietnamese way in CSV and as numbers in Excel; the file name
 * `tieu_chi_K04_2025.csv` is recognised as a criteria file. A council can edit it and upload
 * it again (round trip).
 */
import { TABLES } from '../../domain/csv-schema';
import type { StoredCriterion } from '../../domain/pledge-editor';
import { translator } from '../../i18n';
import type { ExportColumn, ExportTable } from '../export/datasets';

const vi = translator('vi');

const COLUMN_TYPES: Record<string, ExportColumn['type']> = {
	year: 'int',
	max_points: 'number',
	weight: 'number',
	sort_order: 'int'
};

/** The criteria table of a bloc-year in the import's columns, in display order. */
export function criteriaTable(
	year: number,
	blocCode: string,
	criteria: readonly StoredCriterion[]
): ExportTable {
	const spec = TABLES.find((t) => t.name === 'criteria')!;
	const columns: ExportColumn[] = spec.columns.map((c) => ({
		key: c.name,
		header: c.vi[0] ?? c.name,
		type: COLUMN_TYPES[c.name] ?? 'text',
		...(c.name === 'weight' ? { digits: 3 } : {}),
		...(c.name === 'kind' ? { label: (v) => vi.kind(v as StoredCriterion['kind']) } : {})
	}));
	const value = (c: StoredCriterion, i: number, key: string) =>
		({
			year,
			bloc_code: blocCode,
			criterion_code: c.code,
			group_code: c.groupCode,
			group_name: c.groupName,
			criterion_name: c.name,
			max_points: c.maxPoints,
			weight: c.weight,
			kind: c.kind,
			sort_order: i + 1
		})[key] ?? null;
	return {
		name: `tieu_chi_${blocCode}_${year}`,
		sheet: `Tiêu chí ${blocCode} ${year}`,
		columns,
		rows: criteria.map((c, i) => columns.map((col) => value(c, i, col.key)))
	};
}

/** `tieu_chi_K04_2025.csv`: a name the importer reads as a criteria file. */
export function criteriaFileName(blocCode: string, year: number, format: 'csv' | 'xlsx'): string {
	return `tieu_chi_${blocCode.replace(/[^A-Za-z0-9.-]/g, '-')}_${year}.${format}`;
}
