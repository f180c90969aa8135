/** The what-if ranking as a file: its columns, Vietnamese words and numbers, and file names. */
import { describe, expect, it } from 'vitest';
import type { RankChange } from '../../src/lib/domain/whatif';
import type { RankingRow } from '../../src/lib/domain/types';
import { whatIfFileFormat, whatIfTable } from '../../src/lib/server/analytics/whatif-export';
import { toCsv } from '../../src/lib/server/export/formats';

const row = (code: string, rank: number, total: number): RankingRow =>
	({
		unitCode: code,
		unitName: `Sở ${code}`,
		rank,
		total,
		percent: total / 10,
		tier: 'excellent',
		proposal: 'flag'
	}) as RankingRow;

describe('what-if export', () => {
	const changes: RankChange[] = [
		{
			after: row('SO22', 1, 948.5),
			before: row('SO22', 2, 940),
			delta: 1,
			tierChanged: false,
			proposalChanged: false
		},
		{
			after: row('SO03', 2, 931.25),
			before: row('SO03', 1, 950),
			delta: -1,
			tierChanged: false,
			proposalChanged: false
		}
	];

	it('writes the new rank, the move and the pledge rank and total beside each unit', () => {
		const csv = toCsv(whatIfTable('K04', 2024, changes))
			.replace(/^\uFEFF/, '')
			.split('\r\n');
		expect(csv[0]).toBe(
			'Năm,Mã khối,Hạng giả định,Thay đổi,Hạng theo giao ước,Mã đơn vị,Đơn vị,Tổng điểm giả định,Tổng điểm theo giao ước,% tối đa,Xếp loại,Đề nghị'
		);
		expect(csv[1]).toMatch(/^2024,K04,1,1,2,SO22,Sở SO22,"948,5",940,"94,85",Xuất sắc,/);
		expect(csv[2]).toMatch(/^2024,K04,2,-1,1,SO03,/);
	});

	it('names only its two files', () => {
		expect(whatIfFileFormat('xep-hang-gia-dinh.csv')).toBe('csv');
		expect(whatIfFileFormat('xep-hang-gia-dinh.xlsx')).toBe('xlsx');
		expect(whatIfFileFormat('xep-hang-gia-dinh.parquet')).toBeNull();
		expect(whatIfFileFormat('ranking.csv')).toBeNull();
	});
});
