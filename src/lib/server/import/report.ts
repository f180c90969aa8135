/** The error report of an import as a CSV file for Excel (the shared writer: BOM, neutralised cells). */
import { translator } from '../../i18n';
import { csvDocument } from '../export/csv';
import type { ImportIssue } from './issues';

export function issuesCsv(issues: ImportIssue[]): string {
	const tr = translator('vi');
	return csvDocument([
		[
			tr.t('upload.report.severity'),
			tr.t('upload.report.file'),
			tr.t('upload.report.row'),
			tr.t('upload.report.column'),
			tr.t('upload.report.field'),
			tr.t('upload.report.value'),
			tr.t('upload.report.reason')
		],
		...issues.map((i) => [
			i.severity === 'error' ? tr.t('upload.severity.error') : tr.t('upload.severity.warning'),
			i.file,
			i.row === null ? '' : { number: String(i.row) },
			i.column ?? '',
			i.field ?? '',
			i.value ?? '',
			i.message
		])
	]);
}
