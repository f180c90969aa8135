/** The accounts page's pure rules: grant keys and labels, the filters of the address, the pages. */
import { describe, expect, it } from 'vitest';
import {
	accountAuditValue,
	accountFilterQuery,
	accountPage,
	grantFromForm,
	grantKey,
	grantLabel,
	parseAccountFilter,
	parseGrantKey,
	type AccountSummary
} from '../../src/lib/domain/accounts';
import type { Grant } from '../../src/lib/domain/policy';
import { translator } from '../../src/lib/i18n';

const tr = translator('vi');

const account = (
	username: string,
	displayName: string,
	grants: Grant[],
	extra: Partial<AccountSummary> = {}
) => ({
	userId: username.length,
	username,
	displayName,
	active: true,
	mustChangePassword: false,
	createdAt: 0,
	disabledAt: null,
	disabledBy: null,
	grants,
	...extra
});

const ALL: AccountSummary[] = [
	account('truongkhoi.k04', 'Trưởng khối K04', [{ role: 'bloc_leader', blocCode: 'K04', year: 2025 }]),
	account('phokhoi.k04', 'Phó khối K04', [{ role: 'bloc_deputy', blocCode: 'K04', year: 2025 }]),
	account('so03', 'Cán bộ Sở Y tế', [{ role: 'unit_officer', unitCode: 'SO03' }], {
		mustChangePassword: true
	}),
	account('xa08', 'Cán bộ xã Đắk Lắk', [{ role: 'unit_officer', unitCode: 'XA08' }], { active: false }),
	account('admin', 'Quản trị hệ thống', [{ role: 'admin' }])
];
const MEMBERS = [
	{ unitCode: 'SO03', blocCode: 'K04', year: 2025 },
	{ unitCode: 'XA08', blocCode: 'K01', year: 2024 }
];
const names = (q: string) =>
	accountPage(ALL, parseAccountFilter(new URLSearchParams(q)), MEMBERS).accounts.map((a) => a.username);

describe('grants', () => {
	it('round-trip through their key and read in Vietnamese', () => {
		const grants: Grant[] = [
			{ role: 'admin' },
			{ role: 'bloc_leader', blocCode: 'K04', year: 2025 },
			{ role: 'unit_officer', unitCode: 'SO03' }
		];
		for (const g of grants) expect(parseGrantKey(grantKey(g))).toEqual(g);
		expect(
			['admin:x', 'bloc_leader:K04', 'bloc_leader:K04:25', 'nobody', 'unit_officer'].map(parseGrantKey)
		).toEqual([null, null, null, null, null]);
		expect(grants.map((g) => grantLabel(g, tr, (c) => (c === 'SO03' ? 'Sở Y tế' : undefined)))).toEqual([
			'Quản trị hệ thống',
			'Trưởng khối K04 năm 2025',
			'Cán bộ đơn vị Sở Y tế'
		]);
		expect(accountAuditValue('account.grant', 'bloc_deputy:K01:2024', tr)).toBe('Phó khối K01 năm 2024');
		expect(accountAuditValue('account.disable', 'disabled', tr)).toBe('đã khoá');
		expect(accountAuditValue('account.update', 'Tên mới', tr)).toBe('Tên mới');
	});

	it('from a form: the fields each role needs, with the field named', () => {
		const f = (role: string, bloc = '', year = '', unit = '') => grantFromForm({ role, bloc, year, unit });
		expect(f('viewer', 'K01', '2025', 'SO03')).toEqual({ grant: { role: 'viewer' } });
		expect(f('bloc_deputy', 'K01', '2025')).toEqual({
			grant: { role: 'bloc_deputy', blocCode: 'K01', year: 2025 }
		});
		expect(f('bloc_leader', '', '2025')).toEqual({
			problem: 'Khối: cần chọn khối cho vai trò trưởng khối / phó khối'
		});
		expect(f('bloc_leader', 'K01', '')).toMatchObject({ problem: expect.stringMatching(/^Năm: /) });
		expect(f('unit_officer')).toEqual({ problem: 'Đơn vị: cần chọn đơn vị cho vai trò cán bộ đơn vị' });
		expect(f('root')).toMatchObject({ problem: expect.stringMatching(/^Vai trò: /) });
	});
});

describe('the list’s filters', () => {
	it('search ignores case, tone marks and đ, in usernames and display names', () => {
		expect(names('q=TRUONGKHOI')).toEqual(['truongkhoi.k04']);
		expect(names('q=truong khoi')).toEqual(['truongkhoi.k04']);
		expect(names('q=dak lak')).toEqual(['xa08']);
		expect(names('q=sở y')).toEqual(['so03']);
		expect(names('q=khoi truong')).toEqual(['truongkhoi.k04']);
		expect(names('q=k04 pho')).toEqual(['phokhoi.k04']);
	});

	it('role, bloc, year and unit apply to one grant; officers count in their unit’s bloc', () => {
		expect(names('role=bloc_leader')).toEqual(['truongkhoi.k04']);
		expect(names('bloc=K04')).toEqual(['phokhoi.k04', 'so03', 'truongkhoi.k04']);
		expect(names('bloc=K04&role=unit_officer')).toEqual(['so03']);
		expect(names('bloc=K04&year=2024')).toEqual([]);
		expect(names('year=2024')).toEqual(['xa08']);
		expect(names('unit=XA08')).toEqual(['xa08']);
		expect(names('role=admin&bloc=K04')).toEqual([]);
	});

	it('status: active, disabled, must change the password; unknown values filter nothing', () => {
		expect(names('status=disabled')).toEqual(['xa08']);
		expect(names('status=must_change')).toEqual(['so03']);
		expect(names('status=active')).toHaveLength(4);
		expect(names('status=nope&role=god&year=20x5&page=-3')).toHaveLength(5);
	});

	it('pages of the list, by username, a page past the end shows the last; the address keeps the filters', () => {
		const f = parseAccountFilter(new URLSearchParams('q=k&page=9'));
		const p = accountPage(ALL, f, MEMBERS, 2);
		expect([p.total, p.page, p.pages, p.accounts.map((a) => a.username)]).toEqual([3, 2, 2, ['xa08']]);
		expect(accountFilterQuery({ ...f, role: 'bloc_leader' }, 2)).toBe('?q=k&role=bloc_leader&page=2');
		expect(accountFilterQuery(parseAccountFilter(new URLSearchParams('')))).toBe('');
	});
});
