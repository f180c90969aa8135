/** The error report of an import as a CSV file for Excel (the shared writer: BOM, neutralised cells). */
import { translator } from '../../i18n';
import { csvDocument } from '../export/csv';
import { ISSUES_PER_KIND, type ImportIssue, type StoredIssues } from './issues';

/**
 * One row per issue; when the stored report was cut short (`shortened`), a note after them says
 * so and gives, per kind cut short, how many there were, with an example.
 */
export function issuesCsv(issues: ImportIssue[], cut?: Omit<StoredIssues, 'issues'>): string {
	const tr = translator('vi');
	const severity = (i: ImportIssue) =>
		i.severity === 'error' ? tr.t('upload.severity.error') : tr.t('upload.severity.warning');
	const note =
		cut && cut.shortened.length > 0
			? [
					[],
					[
						tr.t('upload.report.shortened', {
							kept: tr.num(issues.length, 0),
							total: tr.num(cut.total, 0),
							perKind: tr.num(ISSUES_PER_KIND, 0)
						})
					],
					...cut.shortened.map((k) => [
						severity(k.example),
						k.example.file,
						'',
						k.example.column ?? '',
						k.example.field ?? '',
						'',
						tr.t('upload.report.kind', {
							total: tr.num(k.total, 0),
							kept: tr.num(k.kept, 0),
							message: k.example.message
						})
					])
				]
			: [];
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
			severity(i),
			i.file,
			i.row === null ? '' : { number: String(i.row) },
			i.column ?? '',
			i.field ?? '',
			i.value ?? '',
			i.message
		]),
		...note
	]);
}
