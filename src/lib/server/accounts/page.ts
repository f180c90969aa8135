/**
 * What the accounts pages show (issue 14, part 1): the list with its filters and one page of
 * accounts, and one account with its roles and change history; every label in the page's
 * language (roles «Trưởng khối K04 năm 2025», «Cán bộ đơn vị Sở Y tế»), times in Vietnam's time.
 */
import {
	accountAuditValue,
	accountFilterQuery,
	accountPage,
	accountStatus,
	grantKey,
	grantLabel,
	parseAccountFilter,
	ROLES,
	type AccountFilter,
	type AccountStatus,
	type Role
} from '../../domain/accounts';
import { formatDateTime } from '../../domain/numbers';
import type { Principal } from '../../domain/policy';
import type { Translator } from '../../i18n';
import { auditActionKey } from '../audit/format';
import type { Database } from '../db';
import { accountCatalog, accountHistory, getAccount, listAccounts, type AccountCatalog } from './admin';

/** The choices of the filters and of the grant form. */
export interface AccountOptions {
	roles: { value: Role; label: string }[];
	blocs: { code: string; name: string }[];
	years: number[];
	units: { code: string; name: string }[];
}

function options(catalog: AccountCatalog, tr: Translator): AccountOptions {
	return {
		roles: ROLES.map((r) => ({ value: r, label: tr.t(`acct.roleName.${r}`) })),
		blocs: catalog.blocs,
		years: catalog.years,
		units: catalog.units
	};
}

const unitNames = (catalog: AccountCatalog) => {
	const names = new Map(catalog.units.map((u) => [u.code, u.name]));
	return (code: string) => names.get(code);
};

export interface AccountListLine {
	username: string;
	displayName: string;
	status: AccountStatus;
	roles: string[];
	created: string;
}

export interface AccountListPage {
	filter: AccountFilter;
	options: AccountOptions;
	accounts: AccountListLine[];
	total: number;
	page: number;
	pages: number;
	/** The query (without `?`) of the previous and next pages. */
	prev: string | null;
	next: string | null;
	filtered: boolean;
}

export async function accountListPage(
	db: Database,
	params: URLSearchParams,
	tr: Translator
): Promise<AccountListPage> {
	const filter = parseAccountFilter(params);
	const [all, catalog] = await Promise.all([listAccounts(db), accountCatalog(db)]);
	const found = accountPage(all, filter, catalog.memberships);
	const unit = unitNames(catalog);
	const shown = { ...filter, page: found.page };
	return {
		filter: shown,
		options: options(catalog, tr),
		accounts: found.accounts.map((a) => ({
			username: a.username,
			displayName: a.displayName,
			status: accountStatus(a),
			roles: a.grants.map((g) => grantLabel(g, tr, unit)),
			created: formatDateTime(a.createdAt)
		})),
		total: found.total,
		page: found.page,
		pages: found.pages,
		prev: found.page > 1 ? accountFilterQuery(shown, found.page - 1).slice(1) : null,
		next: found.page < found.pages ? accountFilterQuery(shown, found.page + 1).slice(1) : null,
		filtered: accountFilterQuery({ ...filter, page: 1 }) !== ''
	};
}

export interface AccountChangeLine {
	id: number;
	when: string;
	who: string;
	what: string;
	oldValue: string;
	newValue: string;
}

export interface AccountPageData {
	account: {
		username: string;
		displayName: string;
		status: AccountStatus;
		active: boolean;
		created: string;
		disabled: { when: string; by: string } | null;
		passwordChanged: string | null;
		sessions: number;
		roles: { key: string; label: string }[];
	};
	self: boolean;
	options: AccountOptions;
	history: AccountChangeLine[];
}

/** One account's page, or null when there is no such account. */
export async function accountDetailPage(
	db: Database,
	username: string,
	viewer: Principal,
	tr: Translator
): Promise<AccountPageData | null> {
	const [account, catalog, history] = await Promise.all([
		getAccount(db, username),
		accountCatalog(db),
		accountHistory(db, username)
	]);
	if (!account) return null;
	const unit = unitNames(catalog);
	return {
		account: {
			username: account.username,
			displayName: account.displayName,
			status: accountStatus(account),
			active: account.active,
			created: formatDateTime(account.createdAt),
			disabled:
				!account.active && account.disabledAt !== null
					? { when: formatDateTime(account.disabledAt), by: account.disabledBy ?? '' }
					: null,
			passwordChanged: account.passwordChangedAt === null ? null : formatDateTime(account.passwordChangedAt),
			sessions: account.sessions,
			roles: account.grants.map((g) => ({ key: grantKey(g), label: grantLabel(g, tr, unit) }))
		},
		self: account.userId === viewer.userId,
		options: options(catalog, tr),
		history: history.map((h) => {
			const key = auditActionKey(h.action);
			const value = (v: string | null) => (v === null ? '' : accountAuditValue(h.action, v, tr, unit));
			return {
				id: h.id,
				when: formatDateTime(h.changedAt),
				who: h.displayName ? `${h.displayName} (${h.username})` : h.username,
				what: key ? tr.t(key) : h.action,
				oldValue: value(h.oldValue),
				newValue: value(h.newValue)
			};
		})
	};
}

/** The choices of the new account's form. */
export async function accountFormOptions(db: Database, tr: Translator): Promise<AccountOptions> {
	return options(await accountCatalog(db), tr);
}

/** A form's text field, trimmed of nothing (the module trims what it must). */
export const field = (form: FormData, name: string): string => {
	const v = form.get(name);
	return typeof v === 'string' ? v : '';
};

/** The grant fields a form sent, to show them again after a refusal. */
export const grantValues = (form: FormData) => ({
	role: field(form, 'role'),
	bloc: field(form, 'bloc'),
	year: field(form, 'year'),
	unit: field(form, 'unit')
});
