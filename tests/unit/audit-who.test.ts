import { describe, expect, it } from 'vitest';
import { whoText } from '../../src/lib/server/audit/format';
import { translator } from '../../src/lib/i18n';

describe('who made a change', () => {
	it('names an import by what it was, never as an account called import:…', () => {
		const vi = translator('vi');
		expect(whoText('import:sample', null, vi)).toBe('Nhập từ dữ liệu mẫu');
		expect(whoText('import:cli', null, vi)).toBe('Nhập bằng dòng lệnh');
		expect(whoText('import:backfill', null, vi)).toBe('Nhập tệp (backfill)');
		expect(whoText('import:sample', null, translator('en'))).toBe('Imported from the sample data');
	});

	it('gives a person’s display name, else the account name', () => {
		const vi = translator('vi');
		expect(whoText('truongkhoi.k01', 'Nguyễn Văn An', vi)).toBe('Nguyễn Văn An');
		expect(whoText('so11', null, vi)).toBe('so11');
	});
});
