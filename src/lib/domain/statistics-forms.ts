/**
 * The layouts of Biểu 0602.N/BNV-TĐKT and 0603.N/BNV-TĐKT as Thông tư số 2/2023/TT-BNV has them
 * (read from one provincial vendor's rendering, /work/shared/STATISTICS.md §4–5: the official
 * annex was not found), in one place: rows, codes, units, value columns, and which award of the
 * catalogue each column counts. The texts are the forms' own (Vietnamese in every language: an
 * official document); the vendor's typos are not copied («THUỘC» in 0603's title, «đối tượng»,
 * 0603's method section numbered 2). A later circular's forms are added beside these.
 */
import type { AwardLevel, AwardMethod, OfficialClass } from './types';

export const FORM_CODES = ['0602', '0603'] as const;
export type FormCode = (typeof FORM_CODES)[number];

export type RowFilter =
	| { kind: 'all' }
	| { kind: 'submitter'; submitter: 'province' | 'ministry' }
	| { kind: 'recipient'; recipient: 'collective' | 'household' | 'individual'; enterprise?: boolean }
	| { kind: 'class'; officialClass: OfficialClass }
	| { kind: 'method'; method: AwardMethod };

export interface FormRowDef {
	/** «Mã số»; null for a section header. */
	code: string | null;
	label: string;
	/** «Đơn vị tính». */
	unit: string;
	/** How it is printed: the grand total (bold), a section header (bold), an item, an «of which» (italic). */
	style: 'total' | 'section' | 'item' | 'ofWhich' | 'sub';
	/** What it counts; null: a header with no values. */
	filter: RowFilter | null;
}

export interface FormColumnDef {
	key: string;
	/** The collective or individual half of a pair, or null for a column without one. */
	side: 'collective' | 'individual' | null;
	/** The award form's own sub-header (the medals of group 2), when the group lists forms. */
	form?: string;
}

export interface FormGroupDef {
	/** The column number printed under the header. */
	number: string;
	label: string;
	/** Award codes it counts (the catalogue, domain/awards.ts). */
	codes: readonly string[];
	/** Counts every award of the form's levels that no other group counts. */
	otherwise?: boolean;
	columns: readonly FormColumnDef[];
	/** Why the column can only be 0 (the catalogue has no such award). */
	empty?: string;
}

export interface SumRule {
	total: string;
	parts: readonly string[];
	/** An «of which» row: at most its row, not equal. */
	atMost?: boolean;
}

export interface FormDef {
	code: FormCode;
	/** «Biểu số: 0602.N/BNV-TĐKT». */
	number: string;
	title: string;
	/** Award levels the form counts. */
	levels: readonly AwardLevel[];
	groups: readonly FormGroupDef[];
	rows: readonly FormRowDef[];
	sums: readonly SumRule[];
	/** «Ngày nhận báo cáo» line (0602 only in the vendor's rendering). */
	receipt: string | null;
}

export const CIRCULAR = 'Ban hành theo Thông tư số 2/2023/TT-BNV ngày 23/3/2023 của Bộ trưởng Bộ Nội vụ';

const pair = (key: string, form?: string): FormColumnDef[] => [
	{ key: `${key}.collective`, side: 'collective', form },
	{ key: `${key}.individual`, side: 'individual', form }
];

const CLASS_ROWS: readonly [OfficialClass, string][] = [
	['senior_leader', '+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên'],
	['department_leader', '+ Lãnh đạo cấp vụ, sở, ngành và tương đương'],
	['entrepreneur', '+ Doanh nhân'],
	['other_leader', '+ Các cấp lãnh đạo khác từ phó phòng trở lên'],
	[
		'direct_worker',
		'+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu (công nhân, nông dân,...)'
	]
];

const METHOD_ROWS: readonly [AwardMethod, string][] = [
	['regular', '- Thường xuyên'],
	['thematic', '- Chuyên đề'],
	['sudden', '- Đột xuất'],
	['foreign', '- Đối ngoại'],
	['dedication', '- Cống hiến'],
	['seniority', '- Niên hạn'],
	['resistance', '- Kháng chiến']
];

const code2 = (n: number) => String(n).padStart(2, '0');

/** Rows by recipient then by method, codes from `first` (0602: 6; 0603: 2). */
function recipientAndMethodRows(first: number, section: number, methodSection: number): FormRowDef[] {
	const c = (i: number) => code2(first + i);
	return [
		{
			code: null,
			label: `${section}. Chia theo đối tượng khen thưởng`,
			unit: '',
			style: 'section',
			filter: null
		},
		{
			code: c(0),
			label: '- Tập thể',
			unit: 'Tập thể',
			style: 'item',
			filter: { kind: 'recipient', recipient: 'collective' }
		},
		{
			code: c(1),
			label: 'Trong đó: Doanh nghiệp',
			unit: 'Doanh nghiệp',
			style: 'ofWhich',
			filter: { kind: 'recipient', recipient: 'collective', enterprise: true }
		},
		{
			code: c(2),
			label: '- Hộ gia đình',
			unit: 'Hộ',
			style: 'item',
			filter: { kind: 'recipient', recipient: 'household' }
		},
		{
			code: c(3),
			label: '- Cá nhân',
			unit: 'Người',
			style: 'item',
			filter: { kind: 'recipient', recipient: 'individual' }
		},
		...CLASS_ROWS.map(([officialClass, label], i): FormRowDef => ({
			code: c(4 + i),
			label,
			unit: 'Người',
			style: 'sub',
			filter: { kind: 'class', officialClass }
		})),
		{
			code: null,
			label: `${methodSection}. Chia theo phương thức khen thưởng`,
			unit: '',
			style: 'section',
			filter: null
		},
		...METHOD_ROWS.map(([method, label], i): FormRowDef => ({
			code: c(9 + i),
			label,
			unit: '',
			style: 'item',
			filter: { kind: 'method', method }
		}))
	];
}

/** Sums of the recipient and method sections, codes from `first`, under the total `total`. */
function sectionSums(total: string, first: number): SumRule[] {
	const c = (i: number) => code2(first + i);
	return [
		{ total, parts: [c(0), c(2), c(3)] },
		{ total: c(0), parts: [c(1)], atMost: true },
		{ total: c(3), parts: [4, 5, 6, 7, 8].map(c) },
		{ total, parts: [9, 10, 11, 12, 13, 14, 15].map(c) }
	];
}

export const FORM_0602: FormDef = {
	code: '0602',
	number: '0602.N/BNV-TĐKT',
	title: 'SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC',
	levels: ['national'],
	receipt: 'Ngày nhận báo cáo: Ngày 15 tháng 12 năm báo cáo',
	groups: [
		{
			number: '2',
			label: 'Các loại huân chương, huy chương',
			codes: ['HC_LD'],
			columns: pair('HC_LD', 'Huân chương Lao động')
		},
		{
			number: '3',
			label: 'Giải thưởng Hồ Chí Minh',
			codes: [],
			columns: [{ key: 'GT_HCM.individual', side: 'individual' }],
			empty: 'Danh mục khen thưởng chưa có Giải thưởng Hồ Chí Minh'
		},
		{
			number: '4',
			label: 'Giải thưởng Nhà nước',
			codes: [],
			columns: [{ key: 'GT_NN.individual', side: 'individual' }],
			empty: 'Danh mục khen thưởng chưa có Giải thưởng Nhà nước'
		},
		{
			number: '5',
			label: 'Danh hiệu vinh dự nhà nước',
			codes: [],
			columns: pair('DHVD'),
			empty: 'Danh mục khen thưởng chưa có danh hiệu vinh dự nhà nước'
		},
		{
			number: '6',
			label: 'Cờ thi đua của Chính phủ',
			codes: ['CO_CP'],
			columns: [{ key: 'CO_CP.collective', side: 'collective' }]
		},
		{ number: '7', label: 'Bằng khen của Thủ tướng Chính phủ', codes: ['BK_TTG'], columns: pair('BK_TTG') },
		{
			number: '8',
			label: 'Chiến sĩ thi đua toàn quốc',
			codes: ['CSTD_TQ'],
			columns: [{ key: 'CSTD_TQ.individual', side: 'individual' }]
		},
		{
			number: '9',
			label: 'Các hình thức khen thưởng khác',
			codes: [],
			otherwise: true,
			columns: pair('OTHER')
		}
	],
	rows: [
		{ code: '01', label: 'Tổng số', unit: '', style: 'total', filter: { kind: 'all' } },
		{
			code: null,
			label: '1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng',
			unit: '',
			style: 'section',
			filter: null
		},
		{
			code: '02',
			label: '- Bộ, ban, ngành, đoàn thể Trung ương',
			unit: 'Bộ, ngành',
			style: 'item',
			filter: { kind: 'submitter', submitter: 'ministry' }
		},
		{
			code: '03',
			label: '- Tỉnh, thành phố trực thuộc Trung ương',
			unit: 'Tỉnh, TP',
			style: 'item',
			filter: { kind: 'submitter', submitter: 'province' }
		},
		...recipientAndMethodRows(6, 2, 3)
	],
	sums: [{ total: '01', parts: ['02', '03'] }, ...sectionSums('01', 6)]
};

export const FORM_0603: FormDef = {
	code: '0603',
	number: '0603.N/BNV-TĐKT',
	title:
		'SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG',
	levels: ['province', 'ministry'],
	receipt: null,
	groups: [
		{ number: '2', label: 'Bằng khen', codes: ['BK_TINH'], columns: [{ key: 'BK', side: null }] },
		{
			number: '3',
			label: 'Chiến sĩ thi đua cấp bộ, cấp tỉnh',
			codes: ['CSTD_TINH'],
			columns: [{ key: 'CSTD', side: null }]
		},
		{
			number: '4',
			label: 'Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương',
			codes: ['CO_TINH', 'CO_BO'],
			columns: [{ key: 'CO', side: null }]
		},
		{
			number: '5',
			label:
				'Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương',
			codes: [],
			columns: [{ key: 'HUY_HIEU', side: null }],
			empty: 'Danh mục khen thưởng chưa có huy hiệu, kỷ niệm chương'
		}
	],
	rows: [
		{ code: '01', label: 'Tổng số', unit: '', style: 'total', filter: { kind: 'all' } },
		...recipientAndMethodRows(2, 1, 2)
	],
	sums: sectionSums('01', 2)
};

export const FORMS: readonly FormDef[] = [FORM_0602, FORM_0603];
