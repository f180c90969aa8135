/** A problem found in an imported file, located as precisely as the file allows. */
export interface ImportIssue {
	severity: 'error' | 'warning';
	file: string;
	/** Spreadsheet row number (header = 1), or null for the whole file. */
	row: number | null;
	/** Column letter and header as written in the file, e.g. `F "Điểm khối chấm"`. */
	column: string | null;
	/** The field (English column name) concerned. */
	field: string | null;
	/** The value as written. */
	value: string | null;
	/** What is wrong, in Vietnamese. */
	message: string;
}

/** `scores.csv, dòng 5, cột F "Điểm khối chấm" (reviewed_score), giá trị "12": vượt …` */
export function formatIssue(i: ImportIssue): string {
	const where = [i.file];
	if (i.row !== null) where.push(`dòng ${i.row}`);
	if (i.column !== null) where.push(`cột ${i.column}${i.field ? ` (${i.field})` : ''}`);
	else if (i.field !== null) where.push(`trường ${i.field}`);
	if (i.value !== null && i.value !== '') where.push(`giá trị "${i.value}"`);
	return `${i.severity === 'error' ? 'LỖI' : 'Cảnh báo'} ${where.join(', ')}: ${i.message}`;
}
