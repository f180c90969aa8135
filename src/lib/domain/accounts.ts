/**
 * The accounts page's pure rules (issue 14, part 1): roles as a key and as Vietnamese text, the
 * list's filters read from the address, which accounts they keep, and the pages of the list.
 * No I/O: the server module (src/lib/server/accounts/admin.ts) reads and writes.
 */
import type { Translator } from '../i18n';
import { GLOBAL_ROLES, type GlobalRole, type Grant } from './policy';

export const ROLES = [...GLOBAL_ROLES, 'bloc_leader', 'bloc_deputy', 'unit_officer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(s: unknown): s is Role {
	return typeof s === 'string' && (ROLES as readonly string[]).includes(s);
}

export const isGlobalRole = (r: string): r is GlobalRole => (GLOBAL_ROLES as readonly string[]).includes(r);

/** `admin`, `bloc_leader:K04:2025`, `unit_officer:SO03`: a grant in a form value and the audit trail. */
export function grantKey(g: Grant): string {
	if (g.role === 'unit_officer') return `unit_officer:${g.unitCode}`;
	if (g.role === 'bloc_leader' || g.role === 'bloc_deputy') return `${g.role}:${g.blocCode}:${g.year}`;
	return g.role;
}

/** The grant of a key written by `grantKey`, or null. */
export function parseGrantKey(key: string): Grant | null {
	const [role, a, b, ...rest] = key.split(':');
	if (rest.length > 0 || !role) return null;
	if (isGlobalRole(role)) return a === undefined ? { role } : null;
	if (role === 'unit_officer') return a && b === undefined ? { role, unitCode: a } : null;
	if ((role === 'bloc_leader' || role === 'bloc_deputy') && a && b && /^\d{4}$/.test(b))
		return { role, blocCode: a, year: Number(b) };
	return null;
}

export const sameGrant = (a: Grant, b: Grant): boolean => grantKey(a) === grantKey(b);

/**
 * A grant as the council says it: «Quản trị hệ thống», «Trưởng khối K04 năm 2025», «Cán bộ đơn vị
 * Sở Y tế» (the unit's name when `unitName` knows it, else its code).
 */
export function grantLabel(
	g: Grant,
	tr: Translator,
	unitName?: (code: string) => string | undefined
): string {
	switch (g.role) {
		case 'bloc_leader':
		case 'bloc_deputy':
			return tr.t(`acct.role.${g.role}`, { bloc: g.blocCode, year: g.year });
		case 'unit_officer':
			return tr.t('acct.role.unit_officer', { unit: unitName?.(g.unitCode) ?? g.unitCode });
		default:
			return tr.t(`acct.role.${g.role}`);
	}
}

/**
 * The grant a form asks for (role, bloc, year, unit), checked for its shape only, with the
 * problem in Vietnamese naming the field; whether the bloc-year or unit exists is the server's.
 */
export function grantFromForm(input: {
	role: string;
	bloc: string;
	year: string;
	unit: string;
}): { grant: Grant } | { problem: string } {
	const role = input.role.trim();
	if (!isRole(role)) return { problem: 'Vai trò: hãy chọn một vai trò trong danh sách' };
	if (isGlobalRole(role)) return { grant: { role } };
	if (role === 'unit_officer') {
		const unitCode = input.unit.trim();
		if (!unitCode) return { problem: 'Đơn vị: cần chọn đơn vị cho vai trò cán bộ đơn vị' };
		return { grant: { role, unitCode } };
	}
	const blocCode = input.bloc.trim();
	if (!blocCode) return { problem: 'Khối: cần chọn khối cho vai trò trưởng khối / phó khối' };
	if (!/^\d{4}$/.test(input.year.trim()))
		return { problem: 'Năm: cần chọn năm (bốn chữ số) cho vai trò trưởng khối / phó khối' };
	return { grant: { role, blocCode, year: Number(input.year.trim()) } };
}

export const STATUSES = ['active', 'disabled', 'must_change'] as const;
export type AccountStatus = (typeof STATUSES)[number];

/** An account as the list shows it (the server module reads these). */
export interface AccountSummary {
	userId: number;
	username: string;
	displayName: string;
	active: boolean;
	mustChangePassword: boolean;
	/** Epoch milliseconds. */
	createdAt: number;
	disabledAt: number | null;
	disabledBy: string | null;
	grants: Grant[];
}

export interface AccountFilter {
	/** Words found in the username or display name; case, tone marks and diacritics ignored. */
	q: string;
	role: Role | null;
	bloc: string | null;
	year: number | null;
	unit: string | null;
	status: AccountStatus | null;
	/** 1-based. */
	page: number;
}

export const ACCOUNTS_PAGE_SIZE = 50;

/** The filters of the address; anything unknown or malformed is no filter (never an error). */
export function parseAccountFilter(params: URLSearchParams): AccountFilter {
	const text = (name: string, max: number) => (params.get(name) ?? '').trim().slice(0, max);
	const role = text('role', 20);
	const status = text('status', 20);
	const year = text('year', 4);
	const page = Number(text('page', 6));
	return {
		q: text('q', 100),
		role: isRole(role) ? role : null,
		bloc: text('bloc', 40) || null,
		year: /^\d{4}$/.test(year) ? Number(year) : null,
		unit: text('unit', 40) || null,
		status: (STATUSES as readonly string[]).includes(status) ? (status as AccountStatus) : null,
		page: Number.isInteger(page) && page >= 1 ? page : 1
	};
}

/** The address of the list with these filters (and page), empty ones left out. */
export function accountFilterQuery(f: AccountFilter, page = f.page): string {
	const p = new URLSearchParams();
	if (f.q) p.set('q', f.q);
	if (f.role) p.set('role', f.role);
	if (f.bloc) p.set('bloc', f.bloc);
	if (f.year !== null) p.set('year', String(f.year));
	if (f.unit) p.set('unit', f.unit);
	if (f.status) p.set('status', f.status);
	if (page > 1) p.set('page', String(page));
	const s = p.toString();
	return s ? `?${s}` : '';
}

/** Lower case without tone marks or diacritics (đ → d): "Trưởng Khối" → "truong khoi". */
export function foldVi(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}

/** Which bloc a unit belonged to in which year (bloc_membership). */
export interface Membership {
	unitCode: string;
	blocCode: string;
	year: number;
}

/** Answers "was unit U a member of bloc B (any bloc: null) in year Y (any year: null)?". */
export function membershipIndex(
	rows: readonly Membership[]
): (unit: string, bloc: string | null, year: number | null) => boolean {
	const keys = new Set<string>();
	for (const m of rows)
		for (const b of [m.blocCode, '*'])
			for (const y of [String(m.year), '*']) keys.add(`${m.unitCode}|${b}|${y}`);
	return (unit, bloc, year) => keys.has(`${unit}|${bloc ?? '*'}|${year ?? '*'}`);
}

/**
 * Whether one grant answers the role, bloc, year and unit filters together: a leader or deputy
 * of that bloc in that year; the officer of that unit, or of a unit that was a member of that
 * bloc (in that year, or in any year when no year is chosen). A global role has no bloc, year
 * or unit.
 */
function grantMatches(
	g: Grant,
	f: AccountFilter,
	member: (unit: string, bloc: string | null, year: number | null) => boolean
): boolean {
	if (f.role && g.role !== f.role) return false;
	if (!f.bloc && f.year === null && !f.unit) return true;
	if (g.role === 'bloc_leader' || g.role === 'bloc_deputy')
		return !f.unit && (!f.bloc || g.blocCode === f.bloc) && (f.year === null || g.year === f.year);
	if (g.role === 'unit_officer') {
		if (f.unit && g.unitCode !== f.unit) return false;
		return (!f.bloc && f.year === null) || member(g.unitCode, f.bloc, f.year);
	}
	return false;
}

/** Whether an account passes every filter but the page. */
export function matchesAccount(
	a: AccountSummary,
	f: AccountFilter,
	member: (unit: string, bloc: string | null, year: number | null) => boolean
): boolean {
	if (f.status === 'active' && !a.active) return false;
	if (f.status === 'disabled' && a.active) return false;
	if (f.status === 'must_change' && !(a.active && a.mustChangePassword)) return false;
	if (f.q) {
		// Every word typed, anywhere in the username or the display name, in any order.
		const text = `${foldVi(a.username)} ${foldVi(a.displayName)}`;
		if (
			!foldVi(f.q)
				.split(' ')
				.every((w) => text.includes(w))
		)
			return false;
	}
	if (f.role || f.bloc || f.year !== null || f.unit) return a.grants.some((g) => grantMatches(g, f, member));
	return true;
}

export interface AccountPage {
	accounts: AccountSummary[];
	/** Accounts passing the filters, on every page. */
	total: number;
	page: number;
	pages: number;
}

/** The filtered accounts by username, one page of them (a page past the last is the last). */
export function accountPage(
	all: readonly AccountSummary[],
	f: AccountFilter,
	memberships: readonly Membership[],
	size = ACCOUNTS_PAGE_SIZE
): AccountPage {
	const member = membershipIndex(memberships);
	const kept = all
		.filter((a) => matchesAccount(a, f, member))
		.sort((x, y) => (x.username < y.username ? -1 : x.username > y.username ? 1 : 0));
	const pages = Math.max(1, Math.ceil(kept.length / size));
	const page = Math.min(f.page, pages);
	return { accounts: kept.slice((page - 1) * size, page * size), total: kept.length, page, pages };
}

/** The status shown in the list: disabled first, then a temporary password not yet changed. */
export function accountStatus(a: Pick<AccountSummary, 'active' | 'mustChangePassword'>): AccountStatus {
	if (!a.active) return 'disabled';
	return a.mustChangePassword ? 'must_change' : 'active';
}

/** The audit actions of the accounts page; the account changed is in criterion_code. */
export const ACCOUNT_ACTIONS = [
	'account.create',
	'account.update',
	'account.disable',
	'account.enable',
	'account.reset',
	'account.grant',
	'account.revoke'
] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

/** What a reset writes as the new value: the password is a temporary one (never the password). */
export const RESET_VALUE = 'temporary';

/**
 * An account change's old or new value as a reader expects it: a role by its Vietnamese name,
 * «đã khoá», «mật khẩu tạm»; a display name as it is.
 */
export function accountAuditValue(
	action: string,
	value: string,
	tr: Translator,
	unitName?: (code: string) => string | undefined
): string {
	if (action === 'account.grant' || action === 'account.revoke') {
		const g = parseGrantKey(value);
		return g ? grantLabel(g, tr, unitName) : value;
	}
	if (
		(action === 'account.disable' || action === 'account.enable') &&
		(value === 'active' || value === 'disabled')
	)
		return tr.t(`acct.value.${value}`);
	if (action === 'account.reset' && value === RESET_VALUE) return tr.t('acct.value.temporary');
	return value;
}
