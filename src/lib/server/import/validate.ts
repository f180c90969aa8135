/**
 * Checks that need more than one cell: duplicate rows, references between tables (against
 * the database and the rest of the same import), score maxima, bonus caps and membership.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { AWARDS_BY_CODE } from '../../domain/awards';
import { IMPORT_ORDER, type TableName } from '../../domain/csv-schema';
import { formatNumber } from '../../domain/numbers';
import { allOn } from '../db';
import type { ImportIssue } from './issues';
import type { CellValue, ParsedFile, ParsedRecord } from './parse';
import type { WideCatalogue } from './wide';

/**
 * Hidden fields added to every accepted record: the file and spreadsheet row it came from, so
 * that a check made while writing (the finalised lock) still points at its line.
 */
export const FILE_FIELD = '__file';
export const ROW_FIELD = '__row';
/** Hidden field: comma-separated fields the file does not carry, kept as stored (see ParsedFile.keep). */
export const KEEP_FIELD = '__keep';

/** The rows of one table that passed every check, ready to write. */
export type Batch = Map<TableName, ParsedRecord[]>;

interface CriterionRef {
	max: number;
	weight: number;
	kind: string;
}

/** What the database already holds that imported rows may refer to. */
export interface ReferenceState {
	units: Set<string>;
	blocs: Set<string>;
	/** `${year}|${unit}` → bloc and role */
	memberships: Map<string, { bloc: string; role: string }>;
	/** `${year}|${bloc}` → bonus cap */
	pledges: Map<string, { bonusCap: number | null }>;
	/** `${year}|${bloc}|${criterion}` */
	criteria: Map<string, CriterionRef>;
}

export async function loadReferenceState(conn: DuckDBConnection): Promise<ReferenceState> {
	const [units, blocs, memberships, pledges, criteria] = await Promise.all([
		allOn<{ c: string }>(conn, 'SELECT unit_code AS c FROM unit'),
		allOn<{ c: string }>(conn, 'SELECT bloc_code AS c FROM bloc'),
		allOn<{ year: number; unit_code: string; bloc_code: string; role: string }>(
			conn,
			'SELECT year, unit_code, bloc_code, role FROM bloc_membership'
		),
		allOn<{ year: number; bloc_code: string; cap: number | null }>(
			conn,
			'SELECT year, bloc_code, bonus_cap::DOUBLE AS cap FROM pledge'
		),
		allOn<{ year: number; bloc_code: string; code: string; max: number; weight: number; kind: string }>(
			conn,
			`SELECT year, bloc_code, criterion_code AS code, max_points::DOUBLE AS max, weight::DOUBLE AS weight, kind
			 FROM criterion ORDER BY year, bloc_code, sort_order, criterion_code`
		)
	]);
	return {
		units: new Set(units.map((r) => r.c)),
		blocs: new Set(blocs.map((r) => r.c)),
		memberships: new Map(
			memberships.map((r) => [`${r.year}|${r.unit_code}`, { bloc: r.bloc_code, role: r.role }])
		),
		pledges: new Map(pledges.map((r) => [`${r.year}|${r.bloc_code}`, { bonusCap: r.cap }])),
		criteria: new Map(
			criteria.map((r) => [
				`${r.year}|${r.bloc_code}|${r.code}`,
				{ max: r.max, weight: r.weight, kind: r.kind }
			])
		)
	};
}

/** The bloc codes and each bloc-year's criterion codes, for reading wide scoring sheets. */
export function catalogueOf(state: ReferenceState): WideCatalogue {
	const byBlocYear = new Map<string, string[]>();
	for (const key of state.criteria.keys()) {
		const [year, bloc, code] = key.split('|') as [string, string, string];
		const k = `${year}|${bloc}`;
		let codes = byBlocYear.get(k);
		if (!codes) byBlocYear.set(k, (codes = []));
		codes.push(code);
	}
	return {
		blocs: state.blocs,
		criteria: (blocCode, year) => byBlocYear.get(`${year}|${blocCode}`) ?? null
	};
}

const KIND_LABEL: Record<string, string> = {
	content: 'nội dung',
	bonus: 'điểm thưởng',
	deduction: 'điểm trừ'
};

/**
 * Validates the parsed files against each other and the reference state. Appends issues;
 * returns the rows that passed (the caller writes nothing if any error was found).
 */
export function validateBatch(files: ParsedFile[], state: ReferenceState, issues: ImportIssue[]): Batch {
	const batch: Batch = new Map();
	const byTable = new Map<TableName, ParsedFile[]>();
	for (const f of files) byTable.set(f.table.name, [...(byTable.get(f.table.name) ?? []), f]);

	for (const tableName of IMPORT_ORDER) {
		const tableFiles = byTable.get(tableName) ?? [];
		const accepted: ParsedRecord[] = [];
		const firstSeen = new Map<string, string>();
		// Rows per bloc-year role, for the one-leader and one-deputy checks.
		const roleRows = new Map<string, { file: ParsedFile; row: number }[]>();

		for (const f of tableFiles) {
			const keep = f.keep && f.keep.length > 0 ? f.keep.join(',') : null;
			for (const { row, values: v, raw, cells } of f.rows) {
				let ok = true;
				const fail = (
					field: string | null,
					message: string,
					value: CellValue = field ? (raw[field] ?? v[field] ?? null) : null
				) => {
					const col = field ? (cells?.[field] ?? f.columns.get(field)) : undefined;
					issues.push({
						severity: 'error',
						file: f.file,
						row,
						column: col ? `${col.letter} "${col.header}"` : null,
						field,
						value: value === null ? null : String(value),
						message
					});
					ok = false;
				};

				// Derived fields before the key (award_id may be derived).
				if (tableName === 'awards') deriveAward(v, fail);

				const key = f.table.key.map((k) => String(v[k])).join('|');
				const here = `${f.file} dòng ${row}`;
				const first = firstSeen.get(key);
				if (first) {
					fail(
						f.table.key[f.table.key.length - 1] ?? null,
						`dòng trùng khóa (${f.table.key.join(', ')} = ${key}) với ${first}`
					);
					continue;
				}
				firstSeen.set(key, here);

				const s = (k: string) => v[k] as string;
				const n = (k: string) => v[k] as number;
				switch (tableName) {
					case 'lineage':
						for (const k of ['predecessor_code', 'successor_code'])
							if (!state.units.has(s(k))) fail(k, `không có đơn vị mã ${s(k)} trong danh sách đơn vị`);
						if (s('predecessor_code') === s('successor_code'))
							fail('successor_code', 'đơn vị kế thừa trùng với đơn vị cũ');
						break;
					case 'memberships':
						if (!state.units.has(s('unit_code'))) fail('unit_code', `không có đơn vị mã ${s('unit_code')}`);
						if (!state.blocs.has(s('bloc_code'))) fail('bloc_code', `không có khối mã ${s('bloc_code')}`);
						v.role ??= 'member';
						if (v.role !== 'member') {
							const k = `${n('year')}|${s('bloc_code')}|${s('role')}`;
							roleRows.set(k, [...(roleRows.get(k) ?? []), { file: f, row }]);
						}
						break;
					case 'pledges':
						if (!state.blocs.has(s('bloc_code'))) fail('bloc_code', `không có khối mã ${s('bloc_code')}`);
						break;
					case 'criteria':
						if (!state.pledges.has(`${n('year')}|${s('bloc_code')}`))
							fail('bloc_code', `khối ${s('bloc_code')} chưa có giao ước năm ${n('year')}`);
						v.weight ??= 1;
						v.kind ??= 'content';
						v.sort_order ??= row;
						break;
					case 'scores':
						checkScore(v, state, fail);
						break;
					case 'awards':
						if (!state.units.has(s('unit_code'))) fail('unit_code', `không có đơn vị mã ${s('unit_code')}`);
						break;
					case 'headcounts':
						if (!state.units.has(s('unit_code'))) fail('unit_code', `không có đơn vị mã ${s('unit_code')}`);
						if (v.tasks_completed !== null && n('tasks_completed') > n('members'))
							fail(
								'tasks_completed',
								`số hoàn thành nhiệm vụ ${n('tasks_completed')} lớn hơn tổng số người ${n('members')}`
							);
						break;
				}
				if (tableName === 'units') v.remote_area ??= false;
				if (tableName === 'lineage') v.event ??= 'merge';
				if (ok) {
					v[FILE_FIELD] = f.file;
					v[ROW_FIELD] = row;
					v[KEEP_FIELD] = keep;
					accepted.push(v);
				}
			}
		}

		if (tableName === 'memberships') checkRoles(roleRows, accepted, state, issues);

		// What this table adds becomes visible to the tables after it.
		for (const v of accepted) addToState(tableName, v, state);
		if (tableFiles.length > 0) batch.set(tableName, accepted);
	}
	return batch;
}

type Fail = (field: string | null, message: string, value?: CellValue) => void;

function checkScore(v: ParsedRecord, state: ReferenceState, fail: Fail) {
	const year = v.year as number;
	const bloc = v.bloc_code as string;
	const unit = v.unit_code as string;
	const code = v.criterion_code as string;
	if (!state.units.has(unit)) fail('unit_code', `không có đơn vị mã ${unit}`);
	if (!state.blocs.has(bloc)) return fail('bloc_code', `không có khối mã ${bloc}`);
	const pledge = state.pledges.get(`${year}|${bloc}`);
	if (!pledge) return fail('bloc_code', `khối ${bloc} chưa có giao ước năm ${year}`);
	const member = state.memberships.get(`${year}|${unit}`);
	if (state.units.has(unit) && member?.bloc !== bloc)
		fail(
			'unit_code',
			member
				? `đơn vị ${unit} không thuộc khối ${bloc} năm ${year} (năm đó thuộc khối ${member.bloc})`
				: `đơn vị ${unit} không là thành viên khối nào năm ${year}`
		);
	const crit = state.criteria.get(`${year}|${bloc}|${code}`);
	if (!crit) return fail('criterion_code', `giao ước năm ${year} của khối ${bloc} không có tiêu chí ${code}`);
	if (v.self_score === null && v.reviewed_score === null)
		return fail('self_score', 'cần ít nhất một trong hai: điểm tự chấm hoặc điểm khối chấm');
	for (const field of ['self_score', 'reviewed_score'] as const) {
		const p = v[field] as number | null;
		if (p === null) continue;
		if (p > crit.max)
			fail(
				field,
				`${formatNumber(p)} vượt điểm tối đa ${formatNumber(crit.max)} của tiêu chí ${code} (${KIND_LABEL[crit.kind]})`
			);
		else if (crit.kind === 'bonus' && pledge.bonusCap !== null && p * crit.weight > pledge.bonusCap)
			fail(
				field,
				`điểm thưởng ${formatNumber(p * crit.weight)} vượt trần điểm thưởng ${formatNumber(pledge.bonusCap)} của giao ước`
			);
	}
}

function deriveAward(v: ParsedRecord, fail: Fail) {
	const def = AWARDS_BY_CODE.get(v.award_code as string);
	if (!def) return fail('award_code', 'không có trong danh mục danh hiệu, hình thức khen thưởng');
	const individual = v.recipient_kind === 'individual';
	if (def.scope !== 'both' && def.scope !== v.recipient_kind)
		fail(
			'award_code',
			`${def.vi} là ${def.awardClass === 'title' ? 'danh hiệu' : 'hình thức'} dành cho ${def.scope === 'individual' ? 'cá nhân' : 'tập thể'}`
		);
	if (individual && v.recipient_category === null)
		fail(
			'recipient_category',
			'khen thưởng cá nhân cần ghi thành phần (Lãnh đạo, Quản lý, …, Người lao động trực tiếp)'
		);
	if (!individual && v.recipient_category !== null)
		fail('recipient_category', 'khen thưởng tập thể không ghi thành phần cá nhân');
	v.award_class = def.awardClass;
	v.level ??= def.defaultLevel;
	v.ethnic_minority ??= false;
	v.remote_area ??= false;
	v.small_collective ??= false;
	v.award_id ??= `${v.year}|${v.unit_code}|${v.recipient_name}|${v.award_code}`;
}

/** At most one leader (Trưởng khối) and one deputy per bloc and year, counting the database too. */
function checkRoles(
	roleRows: Map<string, { file: ParsedFile; row: number }[]>,
	accepted: ParsedRecord[],
	state: ReferenceState,
	issues: ImportIssue[]
) {
	const importedUnits = new Set(accepted.map((v) => `${v.year}|${v.unit_code}`));
	for (const [key, rows] of roleRows) {
		const [year, bloc, role] = key.split('|');
		let existing = 0;
		for (const [k, m] of state.memberships)
			if (k.startsWith(`${year}|`) && m.bloc === bloc && m.role === role && !importedUnits.has(k)) existing++;
		if (rows.length + existing <= 1) continue;
		for (const { file, row } of rows) {
			const col = file.columns.get('role');
			issues.push({
				severity: 'error',
				file: file.file,
				row,
				column: col ? `${col.letter} "${col.header}"` : null,
				field: 'role',
				value: role ?? null,
				message: `khối ${bloc} năm ${year} có ${rows.length + existing} đơn vị cùng vai trò ${role === 'leader' ? 'Trưởng khối' : 'Phó khối'}; chỉ được một`
			});
		}
		// The rows stay out of the batch because an error exists; writing is refused anyway.
	}
}

function addToState(table: TableName, v: ParsedRecord, state: ReferenceState) {
	switch (table) {
		case 'units':
			state.units.add(v.unit_code as string);
			break;
		case 'blocs':
			state.blocs.add(v.bloc_code as string);
			break;
		case 'memberships':
			state.memberships.set(`${v.year}|${v.unit_code}`, {
				bloc: v.bloc_code as string,
				role: v.role as string
			});
			break;
		case 'pledges':
			state.pledges.set(`${v.year}|${v.bloc_code}`, { bonusCap: v.bonus_cap as number | null });
			break;
		case 'criteria':
			state.criteria.set(`${v.year}|${v.bloc_code}|${v.criterion_code}`, {
				max: v.max_points as number,
				weight: v.weight as number,
				kind: v.kind as string
			});
			break;
	}
}
