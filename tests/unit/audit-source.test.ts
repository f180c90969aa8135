import { describe, expect, it } from 'vitest';
import { auditSource } from '../../src/lib/server/audit/format';

const e = (over: Partial<Parameters<typeof auditSource>[0]>) => ({
	action: 'score.review',
	file: null,
	reason: null,
	username: 'truongkhoi.k04',
	...over
});

describe('the source of a history entry', () => {
	it('is the import’s file when the trail links it to one, whatever the reason', () => {
		expect(auditSource(e({ file: 'diem.csv', reason: 'Nhập tệp diem.csv' }))).toEqual({
			kind: 'file',
			file: 'diem.csv'
		});
	});

	it('is the sheet for a score changed by an account, with or without a reason', () => {
		expect(auditSource(e({}))).toEqual({ kind: 'sheet' });
		expect(auditSource(e({ reason: 'Theo biên bản' }))).toEqual({ kind: 'sheet' });
		// A reason typed on the sheet that reads like an import's is still the sheet.
		expect(auditSource(e({ reason: 'Nhập tệp gia.csv' }))).toEqual({ kind: 'sheet' });
	});

	it('reads the file of an import written before the import links (migration 007) from its reason', () => {
		expect(auditSource(e({ username: 'import:cli', reason: 'Nhập tệp cu.csv' }))).toEqual({
			kind: 'file',
			file: 'cu.csv'
		});
	});

	it('names stage changes and leaves other actions unnamed', () => {
		expect(auditSource(e({ action: 'stage' }))).toEqual({ kind: 'stage' });
		expect(auditSource(e({ action: 'import' }))).toEqual({ kind: 'other' });
		expect(auditSource(e({ action: 'setting' }))).toEqual({ kind: 'other' });
	});
});
