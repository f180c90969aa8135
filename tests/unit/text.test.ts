import { describe, expect, it } from 'vitest';
import { compareRankingRows } from '../../src/lib/domain/ranking';
import { compareVi, sameViBase, viCollator } from '../../src/lib/domain/text';

const sorted = (names: string[]) => [...names].sort(compareVi);

describe('Vietnamese collation for sorting', () => {
	it('orders names that differ only by a tone mark in the dictionary order, none equal', () => {
		expect(sorted(['Hóa', 'Hạ', 'Hỏa', 'Hoa', 'Hòa', 'Ha'])).toEqual([
			'Ha',
			'Hạ',
			'Hoa',
			'Hòa',
			'Hỏa',
			'Hóa'
		]);
		expect(sorted(['Bính', 'Bình', 'Binh'])).toEqual(['Binh', 'Bình', 'Bính']);
		expect(compareVi('Binh', 'Bình')).toBeLessThan(0);
		expect(compareVi('Bình', 'Binh')).toBeGreaterThan(0);
	});

	it('does not tie the two spellings of a tone mark’s place (Hòa / Hoà) and sorts them the same way every time', () => {
		expect(compareVi('Hòa', 'Hoà')).not.toBe(0);
		expect(sorted(['Phường Hòa', 'Phường Hoà'])).toEqual(sorted(['Phường Hoà', 'Phường Hòa']));
	});

	it('puts Đ after D and numbers by value', () => {
		expect(sorted(['Đông Hải', 'Dương Minh', 'Duy Tân'])).toEqual(['Duy Tân', 'Dương Minh', 'Đông Hải']);
		expect(sorted(['Phường 10', 'Phường 2', 'Phường 1'])).toEqual(['Phường 1', 'Phường 2', 'Phường 10']);
	});

	it('orders tied ranks by name, tone marks included, before the unit code', () => {
		const rows = [
			{ rank: 2, unitName: 'Xã Bình', unitCode: 'A1' },
			{ rank: 2, unitName: 'Xã Binh', unitCode: 'B2' },
			{ rank: 1, unitName: 'Xã Bính', unitCode: 'C3' }
		];
		expect([...rows].sort(compareRankingRows).map((r) => r.unitCode)).toEqual(['C3', 'B2', 'A1']);
	});

	it('sorts with the default sensitivity (tone marks count)', () => {
		expect(viCollator.resolvedOptions().sensitivity).toBe('variant');
	});
});

describe('Vietnamese matching', () => {
	it('ignores tone marks and case only when matching', () => {
		expect(sameViBase('binh', 'Bình')).toBe(true);
		expect(sameViBase('Hòa', 'Hoà')).toBe(true);
		expect(sameViBase('Binh', 'Bính')).toBe(true);
		expect(sameViBase('Bình', 'Bảo')).toBe(false);
	});
});
