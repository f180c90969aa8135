/**
 * The CSV formats the product reads, one per table. Each column has an English snake_case
 * name and the Vietnamese headers an office would type; headers are compared through
 * `normalizeKey`, so case, tone marks and punctuation do not matter ("MÃ ĐƠN VỊ" = "ma don vi").
 * Enumerated values are matched the same way ("Trưởng khối" = "truong khoi" = "leader").
 * Pure data: the import validator and the documentation are driven by it.
 */
import {
	AWARD_LEVELS,
	AWARD_METHODS,
	CRITERION_KINDS,
	GENDERS,
	LINEAGE_EVENTS,
	OFFICIAL_CLASSES,
	RECIPIENT_CATEGORIES,
	RECIPIENT_KINDS,
	ROLES,
	TIERS,
	UNIT_TYPES
} from './types';
import { AWARD_CATALOGUE } from './awards';
import { STAGES } from './policy';

export type ColumnType =
	| { kind: 'code' }
	| { kind: 'text' }
	| { kind: 'year' }
	| { kind: 'int'; min?: number }
	| { kind: 'number'; maxDecimals: number; min?: number; max?: number }
	| { kind: 'date' }
	| { kind: 'bool' }
	| { kind: 'enum'; values: Record<string, readonly string[]> };

export interface ColumnSpec {
	/** English snake_case header, also the record field name. */
	name: string;
	/** Vietnamese headers accepted (the first is the one templates use). */
	vi: readonly string[];
	type: ColumnType;
	required: boolean;
	/** What the column holds, in Vietnamese, for documentation and messages. */
	doc: string;
}

export type TableName =
	'units' | 'blocs' | 'lineage' | 'memberships' | 'pledges' | 'criteria' | 'scores' | 'awards' | 'headcounts';

export interface TableSpec {
	name: TableName;
	/** Vietnamese name of the file kind, for messages. */
	label: string;
	/** File names (without extension, normalised) recognised as this table. */
	fileNames: readonly string[];
	columns: readonly ColumnSpec[];
	/** Columns that identify a row (duplicate rows share them). */
	key: readonly string[];
}

const code = { kind: 'code' } as const;
const text = { kind: 'text' } as const;
const year = { kind: 'year' } as const;
const bool = { kind: 'bool' } as const;
const date = { kind: 'date' } as const;
const points = { kind: 'number', maxDecimals: 2, min: 0 } as const;
const percent = { kind: 'number', maxDecimals: 2, min: 0, max: 200 } as const;
const count = { kind: 'int', min: 0 } as const;

function enumOf<K extends string>(values: readonly K[], aliases: Record<K, readonly string[]>): ColumnType {
	return { kind: 'enum', values: Object.fromEntries(values.map((v) => [v, aliases[v]])) };
}

const tierType = enumOf(TIERS, {
	excellent: ['Xuất sắc', 'XS'],
	good: ['Tốt'],
	fair: ['Khá'],
	average: ['Trung bình', 'TB'],
	weak: ['Yếu', 'Kém']
});

const yearCol: ColumnSpec = {
	name: 'year',
	vi: ['Năm', 'Năm thi đua'],
	type: year,
	required: true,
	doc: 'Năm thi đua (ví dụ 2025)'
};
const blocCol: ColumnSpec = {
	name: 'bloc_code',
	vi: ['Mã khối', 'Mã cụm', 'Mã khối thi đua'],
	type: code,
	required: true,
	doc: 'Mã khối (cụm) thi đua'
};
const unitCol: ColumnSpec = {
	name: 'unit_code',
	vi: ['Mã đơn vị'],
	type: code,
	required: true,
	doc: 'Mã đơn vị'
};
const noteCol: ColumnSpec = { name: 'note', vi: ['Ghi chú'], type: text, required: false, doc: 'Ghi chú' };

export const TABLES: readonly TableSpec[] = [
	{
		name: 'units',
		label: 'Danh sách đơn vị',
		fileNames: ['units', 'don_vi', 'danh_sach_don_vi'],
		key: ['unit_code'],
		columns: [
			unitCol,
			{ name: 'unit_name', vi: ['Tên đơn vị'], type: text, required: true, doc: 'Tên đầy đủ của đơn vị' },
			{
				name: 'unit_type',
				vi: ['Loại đơn vị', 'Loại hình'],
				type: enumOf(UNIT_TYPES, {
					commune: ['Xã', 'UBND xã'],
					ward: ['Phường', 'UBND phường', 'Thị trấn'],
					party_agency: ['Cơ quan Đảng', 'Đảng'],
					mass_org: ['Mặt trận, đoàn thể', 'Đoàn thể', 'Mặt trận'],
					department: ['Sở, ngành', 'Sở ngành', 'Phòng, ban', 'Cơ quan chuyên môn'],
					school: ['Trường học', 'Trường'],
					enterprise: ['Doanh nghiệp'],
					other: ['Khác']
				}),
				required: true,
				doc: 'Xã, Phường, Cơ quan Đảng, Mặt trận đoàn thể, Sở ngành, Trường học, Doanh nghiệp, Khác'
			},
			{
				name: 'remote_area',
				vi: ['Vùng sâu, vùng xa', 'Vùng sâu vùng xa'],
				type: bool,
				required: false,
				doc: 'Có / Không'
			},
			noteCol
		]
	},
	{
		name: 'blocs',
		label: 'Danh sách khối thi đua',
		fileNames: ['blocs', 'khoi', 'khoi_thi_dua', 'cum_thi_dua'],
		key: ['bloc_code'],
		columns: [
			blocCol,
			{
				name: 'bloc_name',
				vi: ['Tên khối', 'Tên cụm', 'Tên khối thi đua'],
				type: text,
				required: true,
				doc: 'Tên khối (cụm) thi đua'
			},
			{ name: 'description', vi: ['Mô tả'], type: text, required: false, doc: 'Mô tả ngắn' }
		]
	},
	{
		name: 'lineage',
		label: 'Sáp nhập, chia tách đơn vị',
		fileNames: ['lineage', 'unit_lineage', 'sap_nhap', 'ke_thua'],
		key: ['predecessor_code', 'successor_code'],
		columns: [
			{
				name: 'predecessor_code',
				vi: ['Mã đơn vị cũ', 'Đơn vị trước'],
				type: code,
				required: true,
				doc: 'Mã đơn vị trước sáp nhập'
			},
			{
				name: 'successor_code',
				vi: ['Mã đơn vị mới', 'Đơn vị kế thừa'],
				type: code,
				required: true,
				doc: 'Mã đơn vị kế thừa'
			},
			{
				name: 'year',
				vi: ['Năm hiệu lực', 'Năm'],
				type: year,
				required: true,
				doc: 'Năm thi đua đầu tiên của đơn vị kế thừa'
			},
			{
				name: 'event',
				vi: ['Hình thức', 'Sự kiện'],
				type: enumOf(LINEAGE_EVENTS, {
					merge: ['Sáp nhập', 'Hợp nhất'],
					split: ['Chia tách'],
					rename: ['Đổi tên']
				}),
				required: false,
				doc: 'Sáp nhập (mặc định), Chia tách, Đổi tên'
			},
			noteCol
		]
	},
	{
		name: 'memberships',
		label: 'Thành viên khối theo năm',
		fileNames: ['memberships', 'bloc_members', 'thanh_vien_khoi', 'thanh_vien'],
		key: ['year', 'unit_code'],
		columns: [
			yearCol,
			blocCol,
			unitCol,
			{
				name: 'role',
				vi: ['Vai trò'],
				type: enumOf(ROLES, {
					leader: ['Trưởng khối', 'Khối trưởng', 'Trưởng cụm'],
					deputy: ['Phó khối', 'Khối phó', 'Phó cụm'],
					member: ['Thành viên']
				}),
				required: false,
				doc: 'Trưởng khối, Phó khối, Thành viên (mặc định)'
			}
		]
	},
	{
		name: 'pledges',
		label: 'Giao ước thi đua',
		fileNames: ['pledges', 'giao_uoc', 'giao_uoc_thi_dua'],
		key: ['year', 'bloc_code'],
		columns: [
			yearCol,
			blocCol,
			{
				name: 'title',
				vi: ['Tên giao ước', 'Tiêu đề'],
				type: text,
				required: true,
				doc: 'Tên văn bản giao ước'
			},
			{ name: 'signed_date', vi: ['Ngày ký'], type: date, required: false, doc: 'dd/mm/yyyy' },
			{
				name: 'bonus_cap',
				vi: ['Điểm thưởng tối đa', 'Điểm cộng tối đa'],
				type: points,
				required: false,
				doc: 'Trần tổng điểm thưởng (để trống: không giới hạn thêm)'
			},
			{
				name: 'tier_excellent_pct',
				vi: ['Ngưỡng xuất sắc (%)', 'Ngưỡng xuất sắc'],
				type: percent,
				required: false,
				doc: 'Tỷ lệ % điểm tối thiểu xếp loại Xuất sắc'
			},
			{
				name: 'tier_good_pct',
				vi: ['Ngưỡng tốt (%)', 'Ngưỡng tốt'],
				type: percent,
				required: false,
				doc: 'Tỷ lệ % tối thiểu xếp loại Tốt'
			},
			{
				name: 'tier_fair_pct',
				vi: ['Ngưỡng khá (%)', 'Ngưỡng khá'],
				type: percent,
				required: false,
				doc: 'Tỷ lệ % tối thiểu xếp loại Khá'
			},
			{
				name: 'tier_average_pct',
				vi: ['Ngưỡng trung bình (%)', 'Ngưỡng trung bình'],
				type: percent,
				required: false,
				doc: 'Tỷ lệ % tối thiểu xếp loại Trung bình'
			},
			{
				name: 'flag_count',
				vi: ['Số cờ đề nghị', 'Số cờ thi đua'],
				type: count,
				required: false,
				doc: 'Số đơn vị được đề nghị tặng Cờ thi đua'
			},
			{
				name: 'flag_min_tier',
				vi: ['Xếp loại tối thiểu đề nghị cờ'],
				type: tierType,
				required: false,
				doc: 'Xếp loại tối thiểu để đề nghị Cờ'
			},
			{
				name: 'certificate_count',
				vi: ['Số bằng khen đề nghị', 'Số bằng khen'],
				type: count,
				required: false,
				doc: 'Số đơn vị tiếp theo được đề nghị Bằng khen'
			},
			{
				name: 'certificate_min_tier',
				vi: ['Xếp loại tối thiểu đề nghị bằng khen'],
				type: tierType,
				required: false,
				doc: 'Xếp loại tối thiểu để đề nghị Bằng khen'
			},
			{
				name: 'stage',
				vi: ['Giai đoạn'],
				type: enumOf(STAGES, {
					open: ['Mở', 'Chưa chấm'],
					self_scoring: ['Đơn vị tự chấm', 'Tự chấm'],
					review: ['Khối chấm', 'Kiểm tra chéo'],
					finalised: ['Đã chốt', 'Chốt kết quả']
				}),
				required: false,
				doc: 'Mở, Đơn vị tự chấm, Khối chấm, Đã chốt (để trống: giữ giai đoạn đang có, mặc định Mở)'
			}
		]
	},
	{
		name: 'criteria',
		label: 'Bảng tiêu chí chấm điểm',
		fileNames: ['criteria', 'tieu_chi', 'bang_tieu_chi', 'bang_cham_diem'],
		key: ['year', 'bloc_code', 'criterion_code'],
		columns: [
			yearCol,
			blocCol,
			{
				name: 'criterion_code',
				vi: ['Mã tiêu chí'],
				type: code,
				required: true,
				doc: 'Mã tiêu chí, giữ nguyên giữa các năm nếu nội dung không đổi'
			},
			{
				name: 'group_code',
				vi: ['Mã nhóm', 'Mã phần'],
				type: code,
				required: true,
				doc: 'Mã nhóm (phần) tiêu chí'
			},
			{
				name: 'group_name',
				vi: ['Tên nhóm', 'Nhóm tiêu chí', 'Phần'],
				type: text,
				required: true,
				doc: 'Tên nhóm tiêu chí'
			},
			{
				name: 'criterion_name',
				vi: ['Tên tiêu chí', 'Nội dung tiêu chí', 'Nội dung'],
				type: text,
				required: true,
				doc: 'Nội dung tiêu chí'
			},
			{
				name: 'max_points',
				vi: ['Điểm tối đa', 'Điểm chuẩn'],
				type: { kind: 'number', maxDecimals: 2, min: 0.01 },
				required: true,
				doc: 'Điểm tối đa (với điểm trừ: mức trừ tối đa)'
			},
			{
				name: 'weight',
				vi: ['Hệ số', 'Trọng số'],
				type: { kind: 'number', maxDecimals: 3, min: 0.001 },
				required: false,
				doc: 'Hệ số nhân (mặc định 1)'
			},
			{
				name: 'kind',
				vi: ['Loại', 'Loại tiêu chí'],
				type: enumOf(CRITERION_KINDS, {
					content: ['Nội dung', 'Tiêu chí', 'Chấm điểm'],
					bonus: ['Điểm thưởng', 'Điểm cộng', 'Thưởng', 'Cộng'],
					deduction: ['Điểm trừ', 'Trừ']
				}),
				required: false,
				doc: 'Nội dung (mặc định), Điểm thưởng, Điểm trừ'
			},
			{ name: 'sort_order', vi: ['Thứ tự', 'STT'], type: count, required: false, doc: 'Thứ tự hiển thị' }
		]
	},
	{
		name: 'scores',
		label: 'Kết quả chấm điểm',
		fileNames: ['scores', 'diem', 'cham_diem', 'ket_qua_cham_diem', 'bang_diem'],
		key: ['year', 'bloc_code', 'unit_code', 'criterion_code'],
		columns: [
			yearCol,
			blocCol,
			unitCol,
			{
				name: 'criterion_code',
				vi: ['Mã tiêu chí'],
				type: code,
				required: true,
				doc: 'Mã tiêu chí trong giao ước của khối năm đó'
			},
			{ name: 'self_score', vi: ['Điểm tự chấm'], type: points, required: false, doc: 'Điểm đơn vị tự chấm' },
			{
				name: 'reviewed_score',
				vi: ['Điểm khối chấm', 'Điểm thẩm định', 'Điểm kiểm tra chéo'],
				type: points,
				required: false,
				doc: 'Điểm khối chấm sau kiểm tra chéo (để trống nếu chưa thẩm định)'
			},
			{ name: 'note', vi: ['Ghi chú', 'Minh chứng'], type: text, required: false, doc: 'Ghi chú, minh chứng' }
		]
	},
	{
		name: 'awards',
		label: 'Khen thưởng',
		fileNames: ['awards', 'khen_thuong', 'danh_sach_khen_thuong'],
		key: ['award_id'],
		columns: [
			{
				name: 'award_id',
				vi: ['Mã khen thưởng', 'Số hiệu'],
				type: code,
				required: false,
				doc: 'Mã dòng khen thưởng; để trống thì ghép từ năm, đơn vị, người nhận và danh hiệu'
			},
			yearCol,
			unitCol,
			{
				name: 'recipient_kind',
				vi: ['Cá nhân/Tập thể', 'Đối tượng khen'],
				type: enumOf(RECIPIENT_KINDS, {
					individual: ['Cá nhân'],
					collective: ['Tập thể'],
					household: ['Hộ gia đình', 'Hộ']
				}),
				required: true,
				doc: 'Cá nhân, Tập thể hoặc Hộ gia đình'
			},
			{
				name: 'recipient_name',
				vi: ['Tên người nhận', 'Họ và tên', 'Tên tập thể'],
				type: text,
				required: true,
				doc: 'Họ tên cá nhân hoặc tên tập thể'
			},
			{
				name: 'recipient_category',
				vi: ['Thành phần', 'Nhóm đối tượng'],
				type: enumOf(RECIPIENT_CATEGORIES, {
					leader: ['Lãnh đạo'],
					manager: ['Quản lý'],
					staff: ['Cán bộ, công chức, viên chức', 'Nhân viên', 'Công chức', 'Viên chức'],
					direct_worker: ['Người lao động trực tiếp', 'Lao động trực tiếp', 'Công nhân', 'Nông dân'],
					citizen: ['Nhân dân', 'Công dân']
				}),
				required: false,
				doc: 'Với cá nhân (ghi thành phần hoặc phân loại cá nhân, hoặc cả hai): Lãnh đạo, Quản lý, Cán bộ công chức viên chức, Người lao động trực tiếp, Nhân dân; để trống thì theo phân loại cá nhân (Lãnh đạo cấp bộ, cấp tỉnh hoặc cấp vụ, sở: Lãnh đạo; Doanh nhân, lãnh đạo khác: Quản lý; Người trực tiếp công tác, lao động: Người lao động trực tiếp)'
			},
			{
				name: 'official_class',
				vi: ['Phân loại cá nhân', 'Phân loại cá nhân (TT 2/2023)', 'Đối tượng cá nhân'],
				type: enumOf(OFFICIAL_CLASSES, {
					senior_leader: [
						'Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên',
						'Lãnh đạo cấp bộ, cấp tỉnh',
						'Lãnh đạo cấp bộ',
						'Lãnh đạo cấp tỉnh'
					],
					department_leader: [
						'Lãnh đạo cấp vụ, sở, ngành và tương đương',
						'Lãnh đạo cấp vụ, sở, ngành',
						'Lãnh đạo cấp vụ',
						'Lãnh đạo cấp sở'
					],
					entrepreneur: ['Doanh nhân'],
					other_leader: [
						'Các cấp lãnh đạo khác từ phó phòng trở lên',
						'Lãnh đạo khác từ phó phòng trở lên',
						'Lãnh đạo khác'
					],
					direct_worker: [
						'Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu',
						'Người trực tiếp công tác, lao động',
						'Người trực tiếp công tác'
					]
				}),
				required: false,
				doc: 'Cá nhân, theo Biểu 0602/0603 (Thông tư 2/2023/TT-BNV): Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên; Lãnh đạo cấp vụ, sở, ngành và tương đương; Doanh nhân; Các cấp lãnh đạo khác từ phó phòng trở lên; Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu. Để trống: theo thành phần (Lãnh đạo: cấp vụ, sở, ngành; Quản lý: lãnh đạo khác từ phó phòng trở lên; các thành phần khác: người trực tiếp công tác, lao động). Lãnh đạo, Quản lý thuộc bốn loại đầu; các thành phần khác thuộc loại cuối'
			},
			{
				name: 'award_code',
				vi: ['Danh hiệu/Hình thức', 'Mã danh hiệu', 'Danh hiệu', 'Hình thức khen'],
				type: enumOf(
					AWARD_CATALOGUE.map((a) => a.code),
					Object.fromEntries(AWARD_CATALOGUE.map((a) => [a.code, [a.vi]]))
				),
				required: true,
				doc: AWARD_CATALOGUE.map((a) => `${a.code} (${a.vi})`).join(', ')
			},
			{
				name: 'level',
				vi: ['Cấp khen'],
				type: enumOf(AWARD_LEVELS, {
					grassroots: ['Cơ sở'],
					district: ['Huyện', 'Cấp huyện'],
					province: ['Tỉnh', 'Cấp tỉnh'],
					ministry: ['Bộ', 'Bộ, ngành'],
					national: ['Nhà nước', 'Toàn quốc', 'Trung ương']
				}),
				required: false,
				doc: 'Cơ sở, Huyện, Tỉnh, Bộ, Nhà nước (để trống: theo danh hiệu)'
			},
			{
				name: 'award_method',
				vi: ['Phương thức khen thưởng', 'Phương thức khen', 'Loại hình khen thưởng'],
				type: enumOf(AWARD_METHODS, {
					regular: ['Thường xuyên', 'Công trạng và thành tích', 'Hằng năm', 'Hàng năm'],
					thematic: ['Chuyên đề', 'Theo đợt', 'Theo đợt (chuyên đề)'],
					sudden: ['Đột xuất'],
					foreign: ['Đối ngoại'],
					dedication: ['Cống hiến', 'Quá trình cống hiến'],
					seniority: ['Niên hạn'],
					resistance: ['Kháng chiến']
				}),
				required: false,
				doc: 'Thường xuyên, Chuyên đề, Đột xuất, Đối ngoại, Cống hiến, Niên hạn, Kháng chiến (để trống: Thường xuyên)'
			},
			{
				name: 'gender',
				vi: ['Giới tính'],
				type: enumOf(GENDERS, { female: ['Nữ'], male: ['Nam'] }),
				required: false,
				doc: 'Nữ / Nam (cá nhân)'
			},
			{ name: 'ethnic_minority', vi: ['Dân tộc thiểu số'], type: bool, required: false, doc: 'Có / Không' },
			{
				name: 'remote_area',
				vi: ['Vùng sâu, vùng xa', 'Vùng sâu vùng xa'],
				type: bool,
				required: false,
				doc: 'Có / Không'
			},
			{
				name: 'small_collective',
				vi: ['Tập thể nhỏ'],
				type: bool,
				required: false,
				doc: 'Có / Không (tập thể)'
			},
			{
				name: 'enterprise',
				vi: ['Doanh nghiệp', 'Tập thể là doanh nghiệp'],
				type: bool,
				required: false,
				doc: 'Có / Không (tập thể là doanh nghiệp, Biểu 0602/0603 "Trong đó: Doanh nghiệp"); để trống: có khi tập thể mang đúng tên đơn vị và đơn vị là Doanh nghiệp'
			},
			{
				name: 'decision_no',
				vi: ['Số quyết định'],
				type: text,
				required: false,
				doc: 'Số quyết định khen thưởng'
			},
			{ name: 'decision_date', vi: ['Ngày quyết định'], type: date, required: false, doc: 'dd/mm/yyyy' }
		]
	},
	{
		name: 'headcounts',
		label: 'Số người của đơn vị theo năm',
		fileNames: ['headcounts', 'so_nguoi', 'bien_che', 'quan_so'],
		key: ['year', 'unit_code'],
		columns: [
			yearCol,
			unitCol,
			{
				name: 'members',
				vi: ['Tổng số người', 'Số người', 'Tổng số cán bộ, người lao động'],
				type: count,
				required: true,
				doc: 'Tổng số cán bộ, công chức, viên chức, người lao động của đơn vị trong năm thi đua (mẫu số của tỉ lệ Lao động tiên tiến khi xét Tập thể lao động xuất sắc)'
			},
			{
				name: 'tasks_completed',
				vi: ['Số hoàn thành nhiệm vụ', 'Số người hoàn thành nhiệm vụ'],
				type: count,
				required: false,
				doc: 'Số người hoàn thành nhiệm vụ được giao (không lớn hơn tổng số người; để trống nếu không báo cáo)'
			},
			noteCol
		]
	}
];

export const TABLES_BY_NAME: ReadonlyMap<TableName, TableSpec> = new Map(TABLES.map((t) => [t.name, t]));

/**
 * The columns a file may leave out: every column that is not required. A row that replaces a
 * stored one keeps the stored value of a column the file leaves out; a new row gets the
 * column's default (its `doc` says which) or nothing. Only a cell that is there and empty empties
 * a value; a row with fewer cells than the header is refused, never read as empty cells.
 */
export function mayLeaveOut(table: TableSpec): ColumnSpec[] {
	return table.columns.filter((c) => !c.required);
}

/** Import order: what a row refers to is loaded before it. */
export const IMPORT_ORDER: readonly TableName[] = [
	'units',
	'blocs',
	'lineage',
	'memberships',
	'pledges',
	'criteria',
	'scores',
	'awards',
	'headcounts'
];

export const TRUE_WORDS = ['co', 'x', '1', 'true', 'yes', 'dung', 'y'];
export const FALSE_WORDS = ['khong', '0', 'false', 'no', 'sai', 'n'];
