/**
 * The accounts file of a bulk creation (issue 14): CSV or Excel, one role per row, columns
 * username, display_name, role, bloc, year, unit (or their Vietnamese headers, docs/csv-formats.md).
 * Read like every import (import/grid.ts: encodings, separators, the Excel file guards and
 * worker, formulas without a value) and checked like one: every problem with its file, row,
 * column and what is wrong in Vietnamese; the accounts come out only when no row is wrong.
 * Several rows with one username are one account with several roles.
 */
import { cellValue } from '../../domain/cells';
import type { ColumnSpec } from '../../domain/csv-schema';
import { ACCOUNT_COLUMNS, ACCOUNT_ROWS_MAX, ROLE_VALUES, type AccountRole } from '../../domain/account-file';
import { USERNAME_PATTERN } from '../../domain/account-names';
import type { Grant } from '../../domain/policy';
import { normalizeKey } from '../../domain/text';
import type { Database } from '../db';
import { columnLetter, PENDING_FORMULA, pendingCell, readGrid } from '../import/grid';
import type { ImportIssue } from '../import/issues';
import { uploadMaxBytes, uploadMaxMb } from '../import/limits';
import { convertCell, describe, fileIssue, isInfoHeader } from '../import/parse';
import type { BulkAccount } from './bulk';

const HEADERS = new Map<string, ColumnSpec>();
for (const c of ACCOUNT_COLUMNS) for (const h of [c.name, ...c.vi]) HEADERS.set(normalizeKey(h), c);

export interface AccountsFileCheck {
	file: string;
	/** Data rows read (empty rows aside). */
	rows: number;
	issues: ImportIssue[];
	/** The accounts, when no issue is an error; else empty. */
	accounts: BulkAccount[];
}

interface Row {
	row: number;
	username: string;
	displayName: string;
	role: AccountRole;
	bloc: string | null;
	year: number | null;
	unit: string | null;
}

/** Reads and checks an accounts file against the stored accounts, units and blocs. Writes nothing. */
export async function checkAccountsFile(
	db: Database,
	file: { name: string; content: Uint8Array }
): Promise<AccountsFileCheck> {
	const name = file.name.replace(/^.*[\\/]/, '') || 'tệp';
	const done = (issues: ImportIssue[], rows = 0): AccountsFileCheck => ({
		file: name,
		rows,
		issues,
		accounts: []
	});
	if (file.content.length > uploadMaxBytes())
		return done([fileIssue(name, `tệp lớn hơn giới hạn ${uploadMaxMb()} MB`)]);
	const read = await readGrid(name, file.content);
	if (!read.ok) return done([fileIssue(name, read.reason)]);
	const grid = read.grid;
	const issues: ImportIssue[] = [];
	const header = grid.rows[0] ?? [];
	const fieldAt: (ColumnSpec | null)[] = [];
	const where = new Map<string, { index: number; column: string }>();
	header.forEach((h, i) => {
		const text = h.trim();
		const column = `${columnLetter(i)} "${text}"`;
		const col = HEADERS.get(normalizeKey(text)) ?? null;
		if (!col) {
			if (text !== '' && !isInfoHeader(text))
				issues.push({
					severity: 'warning',
					file: name,
					row: 1,
					column,
					field: null,
					value: text,
					message: `cột "${text}" không thuộc định dạng tệp tài khoản, bị bỏ qua`
				});
			fieldAt.push(null);
			return;
		}
		const seen = where.get(col.name);
		if (seen) {
			issues.push({
				severity: 'error',
				file: name,
				row: 1,
				column,
				field: col.name,
				value: text,
				message: `cột ${describe(col)} xuất hiện hai lần (cột ${seen.column.split(' ')[0]} và cột ${columnLetter(i)})`
			});
			fieldAt.push(null);
			return;
		}
		where.set(col.name, { index: i, column });
		fieldAt.push(col);
	});
	const missing = ACCOUNT_COLUMNS.filter((c) => c.required && !where.has(c.name));
	if (missing.length > 0)
		issues.push(fileIssue(name, `tệp tài khoản: thiếu cột bắt buộc ${missing.map(describe).join(', ')}`));
	if (issues.some((i) => i.severity === 'error')) return done(issues);

	const body = grid.rows
		.map((cells, i) => ({ cells, row: i + 1 }))
		.slice(1)
		.filter(({ cells, row }) => cells.some((c, j) => c.trim() !== '' || pendingCell(grid, row - 1, j)));
	if (body.length === 0)
		return done([...issues, fileIssue(name, 'tệp chỉ có dòng tiêu đề, không có tài khoản nào')]);
	if (body.length > ACCOUNT_ROWS_MAX)
		return done(
			[
				...issues,
				fileIssue(name, `tệp có ${body.length} dòng, nhiều hơn giới hạn ${ACCOUNT_ROWS_MAX} dòng một lần`)
			],
			body.length
		);

	const at = (field: string) => where.get(field);
	const problem = (row: number, field: string, value: string | null, message: string) => {
		const w = at(field);
		issues.push({
			severity: 'error',
			file: name,
			row,
			column: w ? w.column : null,
			field,
			value,
			message
		});
	};

	// Cells to values.
	const rows: Row[] = [];
	for (const { cells, row } of body) {
		const values: Record<string, string | number | null> = {};
		let ok = true;
		for (const col of ACCOUNT_COLUMNS) {
			const w = at(col.name);
			if (!w) {
				values[col.name] = null;
				continue;
			}
			if (pendingCell(grid, row - 1, w.index)) {
				problem(row, col.name, null, PENDING_FORMULA);
				ok = false;
				continue;
			}
			const raw = cells[w.index] ?? '';
			const converted = convertCell(raw, col);
			if ('reason' in converted) {
				problem(row, col.name, cellValue(raw), converted.reason);
				ok = false;
				continue;
			}
			values[col.name] = converted.value as string | number | null;
		}
		if (!ok) continue;
		const username = String(values.username).toLowerCase();
		const displayName = String(values.display_name);
		if (!USERNAME_PATTERN.test(username)) {
			problem(
				row,
				'username',
				username,
				'tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch nối'
			);
			continue;
		}
		if (displayName.length > 200) {
			problem(row, 'display_name', displayName.slice(0, 40) + '…', 'tên hiển thị dài quá 200 ký tự');
			continue;
		}
		rows.push({
			row,
			username,
			displayName,
			role: values.role as AccountRole,
			bloc: (values.bloc as string | null) ?? null,
			year: (values.year as number | null) ?? null,
			unit: (values.unit as string | null) ?? null
		});
	}

	// Against the stored data.
	const taken = new Set(
		(await db.all<{ username: string }>('SELECT username FROM app_user')).map((r) => r.username)
	);
	const units = new Set((await db.all<{ c: string }>('SELECT unit_code AS c FROM unit')).map((r) => r.c));
	const blocs = new Set((await db.all<{ c: string }>('SELECT bloc_code AS c FROM bloc')).map((r) => r.c));
	const memberships = new Set(
		(
			await db.all<{ k: string }>(
				"SELECT year || '/' || bloc_code || '/' || unit_code AS k FROM bloc_membership"
			)
		).map((r) => r.k)
	);
	const accounts = new Map<string, { first: Row; grants: Grant[]; keys: Map<string, number> }>();
	for (const r of rows) {
		let bad = false;
		const bad1 = (field: string, value: string | null, message: string) => {
			problem(r.row, field, value, message);
			bad = true;
		};
		if (taken.has(r.username))
			bad1(
				'username',
				r.username,
				`tên đăng nhập ${r.username} đã có (một tài khoản không bao giờ bị xóa, kể cả khi đã khóa)`
			);
		let grant: Grant | null = null;
		const roleName = ROLE_VALUES[r.role][0];
		if (r.role === 'bloc_leader' || r.role === 'bloc_deputy') {
			if (r.bloc === null) bad1('bloc', null, `vai trò ${roleName} cần mã khối`);
			else if (!blocs.has(r.bloc)) bad1('bloc', r.bloc, `không có khối mã ${r.bloc}`);
			if (r.year === null) bad1('year', null, `vai trò ${roleName} cần năm`);
			if (r.unit !== null)
				bad1(
					'unit',
					r.unit,
					`vai trò ${roleName} không dùng mã đơn vị: hãy để trống, hoặc thêm một dòng Cán bộ đơn vị cho cùng tên đăng nhập`
				);
			if (r.bloc !== null && r.year !== null) grant = { role: r.role, blocCode: r.bloc, year: r.year };
		} else if (r.role === 'unit_officer') {
			if (r.unit === null) bad1('unit', null, `vai trò ${roleName} cần mã đơn vị`);
			else if (!units.has(r.unit)) bad1('unit', r.unit, `không có đơn vị mã ${r.unit}`);
			if ((r.bloc === null) !== (r.year === null))
				bad1(r.bloc === null ? 'bloc' : 'year', null, 'hãy ghi cả mã khối và năm, hoặc để trống cả hai');
			else if (
				r.bloc !== null &&
				r.unit !== null &&
				units.has(r.unit) &&
				!memberships.has(`${r.year}/${r.bloc}/${r.unit}`)
			)
				bad1('bloc', r.bloc, `đơn vị ${r.unit} không thuộc khối ${r.bloc} năm ${r.year}`);
			if (r.unit !== null) grant = { role: 'unit_officer', unitCode: r.unit };
		} else {
			for (const field of ['bloc', 'year', 'unit'] as const)
				if (r[field] !== null)
					bad1(field, String(r[field]), `vai trò ${roleName} áp dụng cho toàn tỉnh: hãy để trống cột này`);
			grant = { role: r.role };
		}
		const account = accounts.get(r.username);
		if (account && account.first.displayName !== r.displayName)
			bad1(
				'display_name',
				r.displayName,
				`tên đăng nhập ${r.username} đã có tên hiển thị «${account.first.displayName}» ở dòng ${account.first.row}: mỗi tài khoản một tên`
			);
		if (bad || !grant) continue;
		const key = JSON.stringify(grant);
		const seen = account?.keys.get(key);
		if (seen !== undefined) {
			problem(
				r.row,
				'role',
				roleName,
				`dòng trùng với dòng ${seen}: cùng tài khoản ${r.username}, cùng vai trò`
			);
			continue;
		}
		if (account) {
			account.grants.push(grant);
			account.keys.set(key, r.row);
		} else accounts.set(r.username, { first: r, grants: [grant], keys: new Map([[key, r.row]]) });
	}
	const failed = issues.some((i) => i.severity === 'error');
	// In the file's order: the cell checks and the checks against the stored data mixed by row.
	issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
	return {
		file: name,
		rows: body.length,
		issues,
		accounts: failed
			? []
			: [...accounts.values()].map((a) => ({
					username: a.first.username,
					displayName: a.first.displayName,
					grants: a.grants,
					unitCode: a.grants.find((g) => g.role === 'unit_officer')?.unitCode ?? null
				}))
	};
}
