/**
 * The temporary passwords of a bulk creation, for the council to hand out: kept in this
 * process's memory only (never in the database, a log or a cache), for the admin's session
 * that created them, and given ONCE, as CSV or as an Excel file, within HANDOUT_MINUTES. After
 * the download, the expiry, a restart or signing out (the session no longer matches), they are
 * gone: an account whose slip was lost gets a new temporary password from the accounts page.
 */
import { randomBytes } from 'node:crypto';
import { sessionDigest } from '../auth/sessions';
import { toCsv, toXlsx } from '../export/formats';
import type { ExportTable } from '../export/datasets';

export const HANDOUT_MINUTES = 15;

export interface HandoutRow {
	username: string;
	displayName: string;
	/** What the account is for, in Vietnamese (`Cán bộ đơn vị SO11`). */
	role: string;
	password: string;
}

interface Handout {
	/** sessionDigest of the admin's session. */
	owner: string;
	expiresAt: number;
	rows: HandoutRow[];
}

const handouts = new Map<string, Handout>();

function purge(now = Date.now()) {
	for (const [token, h] of handouts) if (h.expiresAt <= now) handouts.delete(token);
}

/** Keeps the passwords for the session's one download; the token names them in the form. */
export function keepHandout(sessionToken: string, rows: HandoutRow[]): { token: string; expiresAt: number } {
	purge();
	const token = randomBytes(18).toString('base64url');
	const expiresAt = Date.now() + HANDOUT_MINUTES * 60_000;
	handouts.set(token, { owner: sessionDigest(sessionToken), expiresAt, rows });
	setTimeout(() => handouts.delete(token), HANDOUT_MINUTES * 60_000).unref();
	return { token, expiresAt };
}

/**
 * The passwords, removed from memory as they are given; null when there are none for this
 * token and session (taken already, expired, another session's, a made-up token).
 */
export function takeHandout(token: string, sessionToken: string | undefined): HandoutRow[] | null {
	purge();
	const h = handouts.get(token);
	if (!h || !sessionToken || h.owner !== sessionDigest(sessionToken)) return null;
	handouts.delete(token);
	return h.rows;
}

/** Whether the token still names passwords for this session (the page shows the buttons). */
export function handoutWaiting(token: string, sessionToken: string | undefined): boolean {
	purge();
	const h = handouts.get(token);
	return !!h && !!sessionToken && h.owner === sessionDigest(sessionToken);
}

function handoutTable(rows: HandoutRow[]): ExportTable {
	return {
		name: 'mat-khau-tam-thoi',
		sheet: 'Mật khẩu tạm thời',
		columns: [
			{ key: 'username', header: 'Tên đăng nhập', type: 'text' },
			{ key: 'display_name', header: 'Tên hiển thị', type: 'text' },
			{ key: 'role', header: 'Vai trò', type: 'text' },
			{ key: 'password', header: 'Mật khẩu tạm thời (đổi ở lần đăng nhập đầu)', type: 'text' }
		],
		rows: rows.map((r) => [r.username, r.displayName, r.role, r.password])
	};
}

export type HandoutFormat = 'csv' | 'xlsx';

/** The file of the passwords: CSV (UTF-8 with BOM, for Excel) or an Excel workbook. */
export async function handoutFile(
	rows: HandoutRow[],
	format: HandoutFormat
): Promise<{ body: string | Uint8Array<ArrayBuffer>; type: string; name: string }> {
	const table = handoutTable(rows);
	return format === 'csv'
		? { body: toCsv(table), type: 'text/csv; charset=utf-8', name: 'mat-khau-tam-thoi.csv' }
		: {
				body: new Uint8Array(await toXlsx(table)),
				type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				name: 'mat-khau-tam-thoi.xlsx'
			};
}
