import { describe, expect, it } from 'vitest';
import {
	chooseUsernames,
	officerDisplayName,
	officerUsername,
	USERNAME_PATTERN
} from '../../src/lib/domain/account-names';
import { passwordGate, PASSWORD_PAGE } from '../../src/lib/domain/password-gate';
import { COMMON_PASSWORDS, commonForm } from '../../src/lib/server/auth/common-passwords';
import { passwordProblem, PASSWORD_MAX_LENGTH } from '../../src/lib/server/auth/password';

describe('the password rule (passwordProblem)', () => {
	it('accepts a long enough password of the account’s own', () => {
		expect(passwordProblem('Hoa sen nở 2026')).toBeNull();
		expect(
			passwordProblem('mat-khau-thu-nghiem', { username: 'cb.so11', displayName: 'Cán bộ Sở Y tế' })
		).toBeNull();
	});
	it('refuses a short or an overlong one', () => {
		expect(passwordProblem('abc1234')).toBe('mật khẩu cần ít nhất 8 ký tự');
		// 8 characters counted as characters, not UTF-16 units or bytes
		expect(passwordProblem('mậtkhẩu8')).toBeNull();
		expect(passwordProblem('x'.repeat(PASSWORD_MAX_LENGTH) + 'y')).toMatch(/dài quá 128 ký tự/);
	});
	it('refuses the most common passwords, whatever their case, tone marks and spaces', () => {
		for (const p of [
			'12345678',
			'password',
			'Password123',
			'qwertyuiop',
			'66668888',
			'matkhau123',
			'Mật khẩu 123',
			'ANH YEU EM',
			'iloveyou',
			'1q2w3e4r'
		])
			expect(passwordProblem(p), p).toMatch(/quá phổ biến/);
		expect(COMMON_PASSWORDS.size).toBeGreaterThan(250);
		expect(commonForm('Mật-Khẩu_1.2 3')).toBe('matkhau123');
	});
	it('refuses one character repeated', () => {
		expect(passwordProblem('zzzzzzzzzz')).toMatch(/một ký tự lặp lại/);
	});
	it('refuses the username and the display name, in any writing', () => {
		expect(passwordProblem('CB.SO11-xyz', { username: 'cb.so11-xyz' })).toBe(
			'mật khẩu không được trùng tên đăng nhập'
		);
		expect(passwordProblem('canbosoyte', { displayName: 'Cán bộ Sở Y tế' })).toBe(
			'mật khẩu không được trùng tên hiển thị'
		);
	});
	it('does not refuse the sample province’s shared password (its accounts keep signing in)', () => {
		expect(passwordProblem('thidua2025')).toBeNull();
	});
});

describe('usernames of officer accounts made in bulk', () => {
	it('are cb.<unit code> in lower case without diacritics, valid usernames', () => {
		expect(officerUsername('SO11')).toBe('cb.so11');
		expect(officerUsername('XÃ 01/A')).toBe('cb.xa-01-a');
		expect(officerUsername('Đ01')).toBe('cb.d01');
		for (const code of ['SO11', 'XÃ 01/A', 'X'.repeat(80), '--A--'])
			expect(officerUsername(code)).toMatch(USERNAME_PATTERN);
		expect(officerDisplayName(' Sở Y tế ')).toBe('Cán bộ Sở Y tế');
	});
	it('take the next free -2, -3… when the name is taken by an account or by another unit of the list', () => {
		const got = chooseUsernames(
			[
				{ unitCode: 'SO11', wanted: 'cb.so11' },
				{ unitCode: 'SO12', wanted: 'cb.so12' },
				{ unitCode: 'so12', wanted: 'cb.so12' },
				{ unitCode: 'SO13', wanted: 'cb.so13' }
			],
			new Set(['cb.so11', 'cb.so11-2', 'admin'])
		);
		expect(got.map((g) => [g.username, g.clash])).toEqual([
			['cb.so11-3', 'account'],
			['cb.so12', null],
			['cb.so12-2', 'list'],
			['cb.so13', null]
		]);
	});
});

describe('the forced password change (passwordGate)', () => {
	const page = { routeId: '/awards', accept: 'text/html,application/xhtml+xml', pageRequest: false };
	it('lets an account without a temporary password through', () => {
		expect(passwordGate(false, page)).toBe('pass');
		expect(passwordGate(false, { ...page, routeId: '/api/analytics/cells', accept: '' })).toBe('pass');
	});
	it('sends pages, their data and form actions to the password page', () => {
		expect(passwordGate(true, page)).toBe('redirect');
		expect(passwordGate(true, { ...page, routeId: '/', accept: '*/*', pageRequest: true })).toBe('redirect');
		expect(passwordGate(true, { ...page, routeId: '/blocs/[bloc]/[year]/units/[unit]' })).toBe('redirect');
	});
	it('refuses the API and downloads asked for by a script', () => {
		expect(passwordGate(true, { ...page, routeId: '/api/analytics/cells' })).toBe('refuse');
		expect(
			passwordGate(true, { ...page, routeId: '/blocs/[bloc]/[year]/export/[file]', accept: '*/*' })
		).toBe('refuse');
	});
	it('keeps open the password page, signing out, the language switch, the health probe and unknown paths', () => {
		for (const routeId of [PASSWORD_PAGE, '/logout', '/lang', '/healthz', null])
			expect(passwordGate(true, { ...page, routeId }), String(routeId)).toBe('pass');
		expect(passwordGate(true, { ...page, routeId: '/account' })).toBe('redirect');
	});
});
