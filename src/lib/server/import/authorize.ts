/**
 * What an upload may touch. First, before any row is compared with stored data, the score rows
 * the account may not read are refused whatever their values (uploadScreen). Then who may commit
 * an upload, checked on what it really changes (after validation, inside the import's
 * transaction): an admin imports anything (finalised bloc-years stay locked by the
 * import itself); a bloc leader or deputy only scores, only of bloc-years and fields that
 * `import:bloc` allows them (their bloc's scores and notes while it is in review). A file that
 * leaves a field as stored needs no right to it, so a bloc's exported scores, edited in the bloc
 * score column and uploaded again, pass.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { can, isStage, type ImportField, type Principal } from '../../domain/policy';
import { t } from '../../i18n';
import { allOn } from '../db';
import type { ImportOptions } from '.';
import type { ImportIssue } from './issues';
import { ruleOn } from '../scoring/sheet';

const FIELD_TEXT: Record<ImportField, string> = {
	self: 'điểm tự chấm',
	review: 'điểm khối chấm',
	note: 'ghi chú'
};

const refusal = (file: string, message: string): ImportIssue => ({
	severity: 'error',
	file,
	row: null,
	column: null,
	field: null,
	value: null,
	message
});

/**
 * What `user` may see of the score rows of an upload, checked before anything is compared with
 * stored data (ImportOptions.screen): a row of a unit whose sheet the account may not read
 * (`read:sheet`: an admin or analyst reads every one, a bloc leader or deputy those of their
 * bloc-year, every account the finalised ones) is refused, the same way whatever its values,
 * so that a check cannot be used to guess a draft score or note by trying values.
 */
export function uploadScreen(user: Principal): NonNullable<ImportOptions['screen']> {
	return async (conn: DuckDBConnection) => {
		const stages = await storedStages(conn);
		return ({ year, blocCode, unitCode }) => {
			const stored = stages.get(`${year}|${blocCode}`);
			const bloc = { blocCode, year, stage: isStage(stored) ? stored : ('open' as const) };
			if (can(user, { kind: 'read:sheet', bloc, unitCode })) return null;
			return `tài khoản này không được xem phiếu chấm của đơn vị ${unitCode}, khối ${blocCode} năm ${year}: dòng bị từ chối, không được kiểm tra hay so với dữ liệu đang có`;
		};
	};
}

/** The stage of every pledge, by `year|bloc`. */
async function storedStages(conn: DuckDBConnection): Promise<Map<string, string | null>> {
	return new Map(
		(
			await allOn<{ year: number; bloc: string; stage: string | null }>(
				conn,
				'SELECT year, bloc_code AS bloc, stage FROM pledge'
			)
		).map((r) => [`${r.year}|${r.bloc}`, r.stage])
	);
}

/** The import's last check for `user`; undefined for an account that may import everything. */
export function uploadApprover(user: Principal): ImportOptions['approve'] {
	if (can(user, { kind: 'import' })) return undefined;
	const tt = t('vi');
	return async ({ files, blocYears }, conn: DuckDBConnection) => {
		const issues: ImportIssue[] = [];
		for (const f of files)
			if (f.table !== 'scores')
				issues.push(
					refusal(
						f.file,
						`tệp ${f.label.toLowerCase()}: tài khoản này chỉ được nhập điểm chấm của khối mình phụ trách; dữ liệu khác do quản trị viên nhập`
					)
				);
		const scoreFiles = files.filter((f) => f.table === 'scores').map((f) => f.file);
		const stages = await storedStages(conn);
		for (const by of blocYears) {
			if (by.table !== 'scores' || !by.changed || by.blocCode === null) continue;
			const stored = stages.get(`${by.year}|${by.blocCode}`);
			const bloc = {
				blocCode: by.blocCode,
				year: by.year,
				stage: isStage(stored) ? stored : ('open' as const)
			};
			const fields = (['self', 'review', 'note'] as const).filter((f) => by.changed![f] > 0);
			const refused = fields.filter((field) => !can(user, { kind: 'import:bloc', bloc, field }));
			if (refused.length === 0) {
				// The council may have the deputy review the leader's own unit: not by file either.
				const rule = by.reviewUnits?.length ? await ruleOn(conn, by.year, by.blocCode) : null;
				const own = rule
					? by.reviewUnits!.filter((unitCode) => !can(user, { kind: 'write:review', bloc, unitCode, rule }))
					: [];
				if (own.length > 0)
					issues.push(
						refusal(
							scoreFiles.join(', '),
							`không có quyền thay đổi điểm khối chấm của đơn vị ${own.join(', ')} (khối ${by.blocCode} năm ${by.year}): hội đồng quy định Phó khối chấm đơn vị của Trưởng khối, Trưởng khối không chấm đơn vị mình`
						)
					);
				continue;
			}
			issues.push(
				refusal(
					scoreFiles.join(', '),
					`không có quyền thay đổi ${refused.map((f) => FIELD_TEXT[f]).join(', ')} của khối ${by.blocCode} năm ${by.year} (giai đoạn ${tt(`stage.${bloc.stage}`)}): Trưởng khối, Phó khối chỉ nhập điểm khối chấm và ghi chú của khối mình khi khối ở giai đoạn Khối chấm; điểm tự chấm do đơn vị nhập`
				)
			);
		}
		return issues;
	};
}
