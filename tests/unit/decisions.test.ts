/** Proposals become a decision (issue 15 part 3): the pure rules of src/lib/domain/decisions.ts. */
import { describe, expect, it } from 'vitest';
import {
	checkTemplateTags,
	decisionAwardId,
	decisionAwardRow,
	decisionCollectives,
	decisionKey,
	parseDecisionEntry,
	placeholderData,
	PLACEHOLDERS,
	type DraftFields
} from '../../src/lib/domain/decisions';

const row = (
	unitCode: string,
	rank: number,
	total: number,
	proposal: 'flag' | 'certificate' | null,
	proposalTie = false
) => ({
	unitCode,
	unitName: `Đơn vị ${unitCode}`,
	rank,
	total,
	proposal,
	proposalTie
});

const blocs = [
	{
		blocCode: 'K01',
		blocName: 'Khối Một',
		rows: [
			row('A3', 3, 90, 'certificate'),
			row('A1', 1, 98.5, 'flag'),
			row('A2', 2, 95, 'certificate'),
			row('A4', 4, 80, null)
		]
	},
	{
		blocCode: 'K02',
		blocName: 'Khối Hai',
		rows: [
			row('B1', 1, 97, 'flag'),
			row('B2', 2, 91, 'certificate', true),
			row('B3', 2, 91, 'certificate', true)
		]
	}
];

const fields: DraftFields = {
	so: '',
	date: null,
	coQuanCapTren: '',
	coQuanBanHanh: 'ỦY BAN NHÂN DÂN TỈNH SƠN HÀ',
	diaDanh: 'Sơn Hà',
	thamQuyen: 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN HÀ',
	kinhGui: 'Ủy ban nhân dân tỉnh Sơn Hà',
	coQuanDeNghi: 'Hội đồng Thi đua - Khen thưởng tỉnh Sơn Hà',
	soToTrinh: '',
	ngayToTrinh: null,
	theThucKy: 'KT. CHỦ TỊCH',
	chucVu: 'PHÓ CHỦ TỊCH',
	nguoiKy: 'Trần Văn Bình'
};

describe('decisionCollectives', () => {
	it('flags first, then certificates, by rank inside each bloc; a tie waits for the vote', () => {
		const { collectives, pending } = decisionCollectives(blocs);
		expect(collectives.map((c) => `${c.unitCode}:${c.awardCode}`)).toEqual([
			'A1:CO_TINH',
			'B1:CO_TINH',
			'A2:BK_TINH',
			'A3:BK_TINH'
		]);
		expect(pending.map((p) => p.unitCode)).toEqual(['B2', 'B3']);
		expect(collectives[1]).toMatchObject({ blocCode: 'K02', blocName: 'Khối Hai', total: 97, rank: 1 });
	});
});

describe('placeholderData', () => {
	const { collectives } = decisionCollectives(blocs);
	it('every placeholder has a value; the collectives grouped by award with Roman numbers and vi-VN totals', () => {
		const data = placeholderData({
			year: 2024,
			blocName: null,
			collectives,
			fields: { ...fields, so: '12/QĐ-UBND', date: '2025-01-05' }
		});
		for (const p of PLACEHOLDERS.filter((p) => p.loop === null)) expect(data, p.name).toHaveProperty(p.name);
		expect(data).toMatchObject({
			so: '12/QĐ-UBND',
			ngay: '05',
			thang: '01',
			nam: '2025',
			ngay_van_ban: '05/01/2025',
			nam_thi_dua: 2024,
			pham_vi: 'các khối, cụm thi đua',
			ten_danh_hieu_chung: 'Cờ thi đua, Bằng khen',
			tong_so_tap_the: 4
		});
		const awards = data.danh_hieu as {
			stt_danh_hieu: string;
			ten: string;
			so_luong: number;
			tap_the: { stt: number; ten_don_vi: string; tong_diem: string; ten_khoi: string }[];
		}[];
		expect(awards.map((a) => [a.stt_danh_hieu, a.ten, a.so_luong])).toEqual([
			['I', 'Cờ thi đua của UBND tỉnh', 2],
			['II', 'Bằng khen của Chủ tịch UBND tỉnh', 2]
		]);
		expect(awards[0]!.tap_the.map((t) => [t.stt, t.ten_don_vi, t.tong_diem, t.ten_khoi])).toEqual([
			[1, 'Đơn vị A1', '98,5', 'Khối Một'],
			[2, 'Đơn vị B1', '97', 'Khối Hai']
		]);
		expect((data.danh_sach as { stt: number; danh_hieu: string }[]).map((d) => [d.stt, d.danh_hieu])).toEqual(
			[
				[1, 'Cờ thi đua của UBND tỉnh'],
				[2, 'Cờ thi đua của UBND tỉnh'],
				[3, 'Bằng khen của Chủ tịch UBND tỉnh'],
				[4, 'Bằng khen của Chủ tịch UBND tỉnh']
			]
		);
	});
	it('an empty number or date leaves room to fill in by hand; the year after the emulation year', () => {
		const data = placeholderData({ year: 2024, blocName: 'Khối Một', collectives: [], fields });
		expect(data.so).toMatch(/^\s+\/$/);
		expect(data.ngay).toMatch(/^\s+$/);
		expect(data.nam).toBe('2025');
		expect(data.pham_vi).toBe('Khối Một');
		expect(data.ten_danh_hieu_chung).toBe('khen thưởng');
		expect(data.tong_so_tap_the).toBe(0);
	});
});

describe('checkTemplateTags', () => {
	const tag = (name: string, loops: string[] = [], isLoop = false) => ({ name, loops, isLoop });
	it('accepts the known placeholders in their loops, with a list of collectives', () => {
		expect(
			checkTemplateTags([
				tag('so'),
				tag('danh_hieu', [], true),
				tag('ten', ['danh_hieu']),
				tag('tap_the', ['danh_hieu'], true),
				tag('ten_don_vi', ['danh_hieu', 'tap_the'])
			])
		).toEqual([]);
		expect(
			checkTemplateTags([
				tag('danh_sach', [], true),
				tag('ten_don_vi', ['danh_sach']),
				tag('danh_hieu', ['danh_sach'])
			])
		).toEqual([]);
	});
	it('names an unknown placeholder, one out of its loop, and a template without a list', () => {
		expect(checkTemplateTags([tag('ho_ten'), tag('ten_don_vi'), tag('danh_hieu', [], true)])).toEqual([
			{ kind: 'unknown', name: 'ho_ten' },
			{ kind: 'misplaced', name: 'ten_don_vi', loop: 'tap_the' },
			{ kind: 'noList' }
		]);
	});
});

describe('parseDecisionEntry', () => {
	it('a number like 125/QĐ-UBND and a real date', () => {
		expect(parseDecisionEntry({ decisionNo: ' 125/QĐ-UBND ', decisionDate: '5/1/2025' })).toEqual({
			ok: true,
			decisionNo: '125/QĐ-UBND',
			decisionDate: '2025-01-05'
		});
		expect(parseDecisionEntry({ decisionNo: '', decisionDate: '05/01/2025' })).toMatchObject({
			ok: false,
			field: 'decisionNo'
		});
		expect(parseDecisionEntry({ decisionNo: 'QĐ-UBND', decisionDate: '05/01/2025' })).toMatchObject({
			ok: false,
			field: 'decisionNo'
		});
		expect(
			parseDecisionEntry({ decisionNo: '1/' + 'x'.repeat(70), decisionDate: '05/01/2025' })
		).toMatchObject({ ok: false, field: 'decisionNo' });
		expect(parseDecisionEntry({ decisionNo: '12/QĐ', decisionDate: '30/02/2025' })).toMatchObject({
			ok: false,
			field: 'decisionDate',
			reason: expect.stringContaining('không phải ngày có thật')
		});
		expect(parseDecisionEntry({ decisionNo: '12/QĐ', decisionDate: '' })).toMatchObject({
			ok: false,
			field: 'decisionDate'
		});
	});
});

describe('decisionAwardRow', () => {
	it('class and level from the award catalogue; a deterministic id shared by the bloc’s and the council’s decision', () => {
		const d = { decisionNo: '12/QĐ-UBND', decisionDate: '2025-01-05' };
		expect(
			decisionAwardRow(
				2024,
				{ unitCode: 'A1', unitName: 'Đơn vị A1', awardCode: 'CO_TINH' },
				{ remoteArea: true },
				d
			)
		).toEqual({
			award_id: 'decision|2024|A1|CO_TINH',
			year: 2024,
			unit_code: 'A1',
			recipient_kind: 'collective',
			recipient_name: 'Đơn vị A1',
			recipient_category: null,
			award_code: 'CO_TINH',
			award_class: 'title',
			level: 'province',
			gender: null,
			ethnic_minority: false,
			remote_area: true,
			small_collective: false,
			decision_no: '12/QĐ-UBND',
			decision_date: '2025-01-05'
		});
		expect(
			decisionAwardRow(
				2024,
				{ unitCode: 'A2', unitName: 'X', awardCode: 'BK_TINH' },
				{ remoteArea: false },
				d
			)
		).toMatchObject({ award_class: 'form', level: 'province' });
		expect(decisionAwardId(2024, 'A1', 'CO_TINH')).toBe('decision|2024|A1|CO_TINH');
		expect(decisionKey(2024, 'K01')).not.toBe(decisionKey(2024, null));
		expect(() =>
			decisionAwardRow(2024, { unitCode: 'A', unitName: 'A', awardCode: 'KHONGCO' }, { remoteArea: false }, d)
		).toThrow();
	});
});
