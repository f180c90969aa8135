/**
 * The accounts file of a bulk creation (issue 14; read by server/accounts/bulk-file.ts, documented
 * in docs/csv-formats.md by csv-docs.ts): one role per row. Pure.
 */
import type { ColumnSpec } from './csv-schema';

/** The roles a file may name: the code or a Vietnamese name (the first is the template's). */
export const ROLE_VALUES = {
	admin: ['Quản trị', 'Quản trị hệ thống', 'Quản trị viên'],
	analyst: ['Phân tích', 'Chuyên viên phân tích'],
	viewer: ['Lãnh đạo', 'Chỉ xem'],
	bloc_leader: ['Trưởng khối'],
	bloc_deputy: ['Phó khối'],
	unit_officer: ['Cán bộ đơn vị', 'Cán bộ']
} as const;
export type AccountRole = keyof typeof ROLE_VALUES;

/** The columns of the accounts file (the first Vietnamese header is the template's). */
export const ACCOUNT_COLUMNS: readonly ColumnSpec[] = [
	{
		name: 'username',
		vi: ['Tên đăng nhập', 'Tài khoản'],
		type: { kind: 'code' },
		required: true,
		doc: 'tên đăng nhập: 3–64 ký tự chữ thường không dấu, số, dấu chấm, gạch dưới, gạch nối (viết hoa được đổi thành chữ thường)'
	},
	{
		name: 'display_name',
		vi: ['Tên hiển thị', 'Họ và tên', 'Họ tên'],
		type: { kind: 'text' },
		required: true,
		doc: 'tên hiển thị trên trang và trong lịch sử thay đổi'
	},
	{
		name: 'role',
		vi: ['Vai trò'],
		type: { kind: 'enum', values: ROLE_VALUES },
		required: true,
		doc: 'Quản trị, Phân tích, Lãnh đạo, Trưởng khối, Phó khối hoặc Cán bộ đơn vị (hoặc admin, analyst, viewer, bloc_leader, bloc_deputy, unit_officer)'
	},
	{
		name: 'bloc',
		vi: ['Mã khối', 'Khối'],
		type: { kind: 'code' },
		required: false,
		doc: 'mã khối: bắt buộc với Trưởng khối, Phó khối; với Cán bộ đơn vị, nếu ghi thì đơn vị phải thuộc khối đó năm đó'
	},
	{
		name: 'year',
		vi: ['Năm'],
		type: { kind: 'year' },
		required: false,
		doc: 'năm: bắt buộc với Trưởng khối, Phó khối'
	},
	{
		name: 'unit',
		vi: ['Mã đơn vị', 'Đơn vị'],
		type: { kind: 'code' },
		required: false,
		doc: 'mã đơn vị: bắt buộc với Cán bộ đơn vị'
	}
];

/** Rows of one file, at most (a province has a few thousand accounts at most). */
export const ACCOUNT_ROWS_MAX = 5000;

/** An example file, as docs/csv-formats.md shows it. */
export const ACCOUNTS_EXAMPLE = [
	'Tên đăng nhập,Tên hiển thị,Vai trò,Mã khối,Năm,Mã đơn vị',
	'cb.xa17,Cán bộ Xã Tân Lập Mới,Cán bộ đơn vị,,,XA17',
	'nguyen.van.an,Nguyễn Văn An,Trưởng khối,K01,2026,',
	'nguyen.van.an,Nguyễn Văn An,Cán bộ đơn vị,K01,2026,XA17',
	'tran.thi.binh,Trần Thị Bình,Lãnh đạo,,,'
].join('\n');
