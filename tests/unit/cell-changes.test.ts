/** The list of changed cells of an upload (issue 15): filter, pages, options, values as shown. */
import { describe, expect, it } from 'vitest';
import {
	changePage,
	changeValueText,
	readChangeFilter,
	type CellChange
} from '../../src/lib/domain/cell-changes';

const cell = (unit: string, criterion: string, field: CellChange['field'] = 'review'): CellChange => ({
	file: 'diem.xlsx',
	row: 7,
	year: 2025,
	blocCode: 'K04',
	unitCode: unit,
	unitName: `Sở ${unit}`,
	criterionCode: criterion,
	criterionName: `Tiêu chí ${criterion}`,
	field,
	old: '8.5',
	new: '9'
});

const cells = [
	...Array.from({ length: 120 }, (_, i) => cell('SO03', `I.${(i % 3) + 1}`)),
	cell('SO09', 'I.1', 'note'),
	cell('SO09', 'II.2')
];

describe('changePage', () => {
	it('filters by unit and by criterion (bloc and code), and counts what matches', () => {
		const so09 = changePage({ cells, total: cells.length }, { unit: 'SO09', criterion: '' }, 1);
		expect(so09.matching).toBe(2);
		expect(so09.cells.map((c) => c.criterionCode)).toEqual(['I.1', 'II.2']);
		const both = changePage({ cells, total: cells.length }, { unit: 'SO09', criterion: 'K04|I.1' }, 1);
		expect(both.cells).toEqual([cells[120]]);
		const none = changePage({ cells, total: cells.length }, { unit: 'SO03', criterion: 'K04|II.2' }, 1);
		expect(none).toMatchObject({ matching: 0, pages: 1, page: 1, cells: [] });
	});

	it('pages 50 lines at a time; a page past the end is the last one', () => {
		const all = { cells, total: 5000 };
		expect(changePage(all, { unit: '', criterion: '' }, 1)).toMatchObject({
			pages: 3,
			page: 1,
			kept: 122,
			total: 5000
		});
		expect(changePage(all, { unit: '', criterion: '' }, 3).cells).toHaveLength(22);
		expect(changePage(all, { unit: '', criterion: '' }, 99).page).toBe(3);
		expect(changePage(all, { unit: '', criterion: '' }, 0).page).toBe(1);
	});

	it('offers every unit and criterion of the list once, with its count, in Vietnamese order', () => {
		const p = changePage({ cells, total: cells.length }, { unit: 'SO09', criterion: '' }, 1);
		expect(p.units).toEqual([
			{ value: 'SO03', label: 'Sở SO03 (SO03)', count: 120 },
			{ value: 'SO09', label: 'Sở SO09 (SO09)', count: 2 }
		]);
		expect(p.criteria.map((c) => [c.value, c.count])).toEqual([
			['K04|I.1', 41],
			['K04|I.2', 40],
			['K04|I.3', 40],
			['K04|II.2', 1]
		]);
	});
});

describe('readChangeFilter and changeValueText', () => {
	it('reads the filter and page from parameters, anything odd as none', () => {
		const q = new URLSearchParams('unit=SO03&criterion=K04%7CI.1&page=2');
		expect(readChangeFilter((n) => q.get(n))).toEqual({
			filter: { unit: 'SO03', criterion: 'K04|I.1' },
			page: 2
		});
		const odd = new URLSearchParams('page=-3');
		expect(readChangeFilter((n) => odd.get(n))).toEqual({ filter: { unit: '', criterion: '' }, page: 1 });
	});

	it('shows points the Vietnamese way and notes as written', () => {
		const vi = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
		expect(changeValueText('review', '8.5', vi)).toBe('8,5');
		expect(changeValueText('self', null, vi)).toBe('');
		expect(changeValueText('note', '8.5 điểm', vi)).toBe('8.5 điểm');
	});
});
