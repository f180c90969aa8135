/**
 * The fictional province of Sơn Hà: its units, emulation blocs, the 2025 mergers, and the word
 * lists the generator draws criteria and people from. Plain data, no randomness.
 */
import type { LineageEvent, RecipientCategory, UnitType } from '../../src/lib/domain/types';

export const PROVINCE = 'Sơn Hà';
export const FIRST_YEAR = 2020;
export const LAST_YEAR = 2025;
export const YEARS: readonly number[] = Array.from(
	{ length: LAST_YEAR - FIRST_YEAR + 1 },
	(_, i) => FIRST_YEAR + i
);
/** The year the 2025 reorganisation (sắp xếp đơn vị hành chính, 1 July 2025) takes effect. */
export const MERGER_YEAR = 2025;

export type BlocKind = 'commune' | 'ward' | 'party' | 'econ' | 'social' | 'school' | 'enterprise';

export interface BlocDef {
	code: string;
	name: string;
	description: string;
	kind: BlocKind;
}

export const BLOCS: readonly BlocDef[] = [
	{
		code: 'K01',
		name: 'Cụm thi đua các xã miền núi',
		description: 'Các xã vùng cao, vùng sâu, vùng xa của tỉnh',
		kind: 'commune'
	},
	{
		code: 'K02',
		name: 'Cụm thi đua các phường, thị trấn',
		description: 'Các phường, thị trấn trên địa bàn tỉnh',
		kind: 'ward'
	},
	{
		code: 'K03',
		name: 'Khối các cơ quan Đảng, Mặt trận Tổ quốc và đoàn thể',
		description:
			'Các ban, cơ quan tham mưu của Tỉnh ủy; Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh',
		kind: 'party'
	},
	{
		code: 'K04',
		name: 'Khối các sở, ngành kinh tế',
		description: 'Các sở, ngành thuộc lĩnh vực kinh tế, hạ tầng, tài nguyên',
		kind: 'econ'
	},
	{
		code: 'K05',
		name: 'Khối các sở, ngành văn hóa - xã hội',
		description: 'Các sở, ngành thuộc lĩnh vực văn hóa, xã hội, nội chính',
		kind: 'social'
	},
	{
		code: 'K06',
		name: 'Khối các trường THPT',
		description: 'Các trường trung học phổ thông trực thuộc Sở Giáo dục và Đào tạo',
		kind: 'school'
	},
	{
		code: 'K07',
		name: 'Khối doanh nghiệp nhà nước',
		description: 'Doanh nghiệp do UBND tỉnh nắm giữ vốn điều lệ hoặc cổ phần chi phối',
		kind: 'enterprise'
	}
];

export type AwardProfile = 'leader_heavy' | 'worker_heavy' | 'balanced';

export interface UnitDef {
	code: string;
	name: string;
	type: UnitType;
	remote: boolean;
	/** Bloc the unit belongs to, unless a move says otherwise. */
	bloc: string;
	/** First and last emulation year the unit exists. */
	from: number;
	until: number;
	note?: string;
	profile?: AwardProfile;
	/** Latent quality at the first year, 0–1 (share of the maximum a unit typically earns). */
	quality?: number;
}

function u(
	code: string,
	name: string,
	type: UnitType,
	bloc: string,
	extra: Partial<Omit<UnitDef, 'code' | 'name' | 'type' | 'bloc'>> = {}
): UnitDef {
	return { code, name, type, bloc, remote: false, from: FIRST_YEAR, until: LAST_YEAR, ...extra };
}

const R = { remote: true };
const gone = (extra: Partial<UnitDef> = {}): Partial<UnitDef> => ({ until: MERGER_YEAR - 1, ...extra });
const born = (extra: Partial<UnitDef> = {}): Partial<UnitDef> => ({ from: MERGER_YEAR, ...extra });

export const UNITS: readonly UnitDef[] = [
	// K01: xã miền núi
	u('XA01', 'Xã Tân Lập', 'commune', 'K01', gone(R)),
	u('XA02', 'Xã Nà Khoang', 'commune', 'K01', gone(R)),
	u('XA03', 'Xã Phúc Sơn', 'commune', 'K01', gone({ ...R, profile: 'worker_heavy' })),
	u('XA04', 'Xã Cao Minh', 'commune', 'K01', gone(R)),
	u('XA05', 'Xã Bản Lầu', 'commune', 'K01', gone(R)),
	u('XA06', 'Xã Thượng Lâm', 'commune', 'K01', gone(R)),
	u('XA07', 'Xã Hồng Phong', 'commune', 'K01', gone()),
	u('XA08', 'Xã Yên Bình', 'commune', 'K01', { quality: 0.93 }),
	u('XA09', 'Xã Đồng Tâm', 'commune', 'K01'),
	u('XA10', 'Xã Kim Bôi', 'commune', 'K01', { profile: 'leader_heavy' }),
	u('XA11', 'Xã Mường Lống', 'commune', 'K01', { ...R, profile: 'worker_heavy' }),
	u('XA12', 'Xã Pà Cò', 'commune', 'K01', { ...R, profile: 'worker_heavy', quality: 0.82 }),
	u('XA13', 'Xã Quang Trung', 'commune', 'K01'),
	u('XA14', 'Xã Tân Việt', 'commune', 'K01'),
	u('XA15', 'Xã Sà Phìn', 'commune', 'K01', R),
	u('XA16', 'Xã Đắc Lộc', 'commune', 'K01', R),
	u('XA17', 'Xã Tân Khoang', 'commune', 'K01', born(R)),
	u('XA18', 'Xã Phúc Minh', 'commune', 'K01', born({ ...R, profile: 'worker_heavy' })),
	u('XA19', 'Xã Lâm Phong', 'commune', 'K01', born(R)),
	// K02: phường, thị trấn
	u('PH01', 'Phường Hòa Bình', 'ward', 'K02', gone({ quality: 0.94 })),
	u('PH02', 'Phường Quyết Thắng', 'ward', 'K02', gone()),
	u('PH03', 'Phường Trần Phú', 'ward', 'K02', { quality: 0.93 }),
	u('PH04', 'Phường Lê Lợi', 'ward', 'K02', { profile: 'leader_heavy' }),
	u('PH05', 'Phường Đông Sơn', 'ward', 'K02'),
	u('PH06', 'Phường Bắc Hà', 'ward', 'K02'),
	u('PH07', 'Phường Nam Thành', 'ward', 'K02', { profile: 'leader_heavy' }),
	u('PH08', 'Phường Tân An', 'ward', 'K02'),
	u('PH09', 'Thị trấn Yên Thế', 'ward', 'K02'),
	u('PH10', 'Thị trấn Phú Lộc', 'ward', 'K02'),
	u('PH11', 'Thị trấn Mường Khến', 'ward', 'K02', { ...R, profile: 'worker_heavy' }),
	u('PH12', 'Phường Ngọc Châu', 'ward', 'K02'),
	u('PH13', 'Phường Sơn Hà', 'ward', 'K02', born({ quality: 0.93 })),
	// K03: cơ quan Đảng, Mặt trận, đoàn thể
	u('DG01', 'Văn phòng Tỉnh ủy', 'party_agency', 'K03', { profile: 'leader_heavy', quality: 0.93 }),
	u('DG02', 'Ban Tổ chức Tỉnh ủy', 'party_agency', 'K03', { profile: 'leader_heavy' }),
	u('DG03', 'Ban Tuyên giáo Tỉnh ủy', 'party_agency', 'K03', gone()),
	u('DG04', 'Ban Dân vận Tỉnh ủy', 'party_agency', 'K03', gone()),
	u('DG05', 'Ủy ban Kiểm tra Tỉnh ủy', 'party_agency', 'K03', { profile: 'leader_heavy' }),
	u('DG06', 'Ban Nội chính Tỉnh ủy', 'party_agency', 'K03'),
	u('DG07', 'Đảng ủy Khối các cơ quan tỉnh', 'party_agency', 'K03'),
	u('DG08', 'Ban Tuyên giáo và Dân vận Tỉnh ủy', 'party_agency', 'K03', born()),
	u('DT01', 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh', 'mass_org', 'K03', { profile: 'leader_heavy' }),
	u('DT02', 'Hội Liên hiệp Phụ nữ tỉnh', 'mass_org', 'K03'),
	u('DT03', 'Tỉnh đoàn', 'mass_org', 'K03', { quality: 0.92 }),
	u('DT04', 'Hội Nông dân tỉnh', 'mass_org', 'K03', { profile: 'worker_heavy' }),
	u('DT05', 'Hội Cựu chiến binh tỉnh', 'mass_org', 'K03'),
	u('DT06', 'Liên đoàn Lao động tỉnh', 'mass_org', 'K03', { profile: 'worker_heavy' }),
	// K04: sở, ngành kinh tế
	u('SO01', 'Sở Kế hoạch và Đầu tư', 'department', 'K04', gone({ quality: 0.93 })),
	u('SO02', 'Sở Tài chính', 'department', 'K04', gone({ profile: 'leader_heavy' })),
	u('SO03', 'Sở Công Thương', 'department', 'K04'),
	u('SO04', 'Sở Nông nghiệp và Phát triển nông thôn', 'department', 'K04', gone()),
	u('SO05', 'Sở Tài nguyên và Môi trường', 'department', 'K04', gone({ profile: 'leader_heavy' })),
	u('SO06', 'Sở Giao thông vận tải', 'department', 'K04', gone()),
	u('SO07', 'Sở Xây dựng', 'department', 'K04', gone()),
	u('SO08', 'Sở Khoa học và Công nghệ', 'department', 'K04', gone()),
	u('SO09', 'Cục Thuế tỉnh', 'department', 'K04', { profile: 'leader_heavy', quality: 0.92 }),
	u('SO10', 'Ban Quản lý các khu công nghiệp tỉnh', 'department', 'K04'),
	// K05: sở, ngành văn hóa - xã hội
	u('SO11', 'Sở Giáo dục và Đào tạo', 'department', 'K05', { quality: 0.92 }),
	u('SO12', 'Sở Y tế', 'department', 'K05', { profile: 'leader_heavy' }),
	u('SO13', 'Sở Văn hóa, Thể thao và Du lịch', 'department', 'K05'),
	u('SO14', 'Sở Lao động - Thương binh và Xã hội', 'department', 'K05', gone()),
	u('SO15', 'Sở Nội vụ', 'department', 'K05', gone({ profile: 'leader_heavy' })),
	u('SO16', 'Sở Tư pháp', 'department', 'K05'),
	u('SO17', 'Sở Thông tin và Truyền thông', 'department', 'K05', gone()),
	u('SO18', 'Thanh tra tỉnh', 'department', 'K05', { profile: 'leader_heavy' }),
	u('SO19', 'Đài Phát thanh và Truyền hình tỉnh', 'department', 'K05', { profile: 'worker_heavy' }),
	u('SO20', 'Ban Dân tộc tỉnh', 'department', 'K05', gone()),
	u('SO21', 'Văn phòng UBND tỉnh', 'department', 'K05', { profile: 'leader_heavy' }),
	// 2025 successors of departments
	u('SO22', 'Sở Tài chính', 'department', 'K04', born({ profile: 'leader_heavy', quality: 0.92 })),
	u('SO23', 'Sở Nông nghiệp và Môi trường', 'department', 'K04', born()),
	u('SO24', 'Sở Xây dựng', 'department', 'K04', born()),
	u('SO25', 'Sở Khoa học và Công nghệ', 'department', 'K04', born()),
	u('SO26', 'Sở Nội vụ', 'department', 'K05', born({ profile: 'leader_heavy' })),
	u('SO27', 'Sở Dân tộc và Tôn giáo', 'department', 'K05', born()),
	// K06: trường THPT
	u('TR01', 'Trường THPT Chuyên Sơn Hà', 'school', 'K06', { quality: 0.95 }),
	u('TR02', 'Trường THPT Nguyễn Du', 'school', 'K06'),
	u('TR03', 'Trường THPT Lê Quý Đôn', 'school', 'K06'),
	u('TR04', 'Trường THPT Trần Hưng Đạo', 'school', 'K06', { profile: 'leader_heavy' }),
	u('TR05', 'Trường THPT Phan Bội Châu', 'school', 'K06'),
	u('TR06', 'Trường THPT Nguyễn Trãi', 'school', 'K06'),
	u('TR07', 'Trường THPT Chu Văn An', 'school', 'K06'),
	u('TR08', 'Trường THPT Yên Thế', 'school', 'K06'),
	u('TR09', 'Trường THPT Mường Khến', 'school', 'K06', { ...R, profile: 'worker_heavy' }),
	u('TR10', 'Trường Phổ thông Dân tộc nội trú tỉnh', 'school', 'K06'),
	u('TR11', 'Trường THPT Tân Lập', 'school', 'K06', { ...R, profile: 'worker_heavy' }),
	u('TR12', 'Trường THPT Hoàng Văn Thụ', 'school', 'K06'),
	u('TR13', 'Trường THPT Phú Lộc', 'school', 'K06'),
	u('TR14', 'Trường THPT Võ Thị Sáu', 'school', 'K06', {
		from: 2022,
		note: 'Thành lập năm 2022, tham gia khối thi đua từ năm 2022'
	}),
	// K07: doanh nghiệp nhà nước
	u('DN01', 'Công ty TNHH MTV Cấp nước Sơn Hà', 'enterprise', 'K07', {
		profile: 'worker_heavy',
		quality: 0.92
	}),
	u('DN02', 'Công ty TNHH MTV Môi trường đô thị Sơn Hà', 'enterprise', 'K07', { profile: 'worker_heavy' }),
	u('DN03', 'Công ty TNHH MTV Xổ số kiến thiết Sơn Hà', 'enterprise', 'K07', { profile: 'leader_heavy' }),
	u('DN04', 'Công ty TNHH MTV Lâm nghiệp Sơn Hà', 'enterprise', 'K07', { ...R, profile: 'worker_heavy' }),
	u('DN05', 'Công ty Cổ phần Quản lý và Xây dựng giao thông Sơn Hà', 'enterprise', 'K07'),
	u('DN06', 'Công ty TNHH MTV Khai thác công trình thủy lợi Sơn Hà', 'enterprise', 'K07', {
		profile: 'worker_heavy'
	}),
	u('DN07', 'Công ty Cổ phần Sách và Thiết bị trường học Sơn Hà', 'enterprise', 'K07', {
		from: 2023,
		note: 'Tham gia khối thi đua từ năm 2023'
	})
];

/** A unit in another bloc than its home bloc for some years. */
export const MOVES: readonly { unit: string; bloc: string; years: readonly number[]; note: string }[] = [
	{
		unit: 'SO10',
		bloc: 'K07',
		years: [2023],
		note: 'Năm 2023 sinh hoạt tại Khối doanh nghiệp nhà nước, từ năm 2024 trở lại Khối các sở, ngành kinh tế'
	},
	{
		unit: 'SO19',
		bloc: 'K03',
		years: [2024, 2025],
		note: 'Từ năm 2024 chuyển sang Khối các cơ quan Đảng, Mặt trận Tổ quốc và đoàn thể'
	}
];

export interface LineageDef {
	predecessors: readonly string[];
	successor: string;
	event: LineageEvent;
	note: string;
}

export const LINEAGE: readonly LineageDef[] = [
	{
		predecessors: ['XA01', 'XA02'],
		successor: 'XA17',
		event: 'merge',
		note: 'Sáp nhập Xã Tân Lập và Xã Nà Khoang thành Xã Tân Khoang từ 01/7/2025'
	},
	{
		predecessors: ['XA03', 'XA04', 'XA05'],
		successor: 'XA18',
		event: 'merge',
		note: 'Sáp nhập Xã Phúc Sơn, Xã Cao Minh và Xã Bản Lầu thành Xã Phúc Minh từ 01/7/2025'
	},
	{
		predecessors: ['XA06', 'XA07'],
		successor: 'XA19',
		event: 'merge',
		note: 'Sáp nhập Xã Thượng Lâm và Xã Hồng Phong thành Xã Lâm Phong từ 01/7/2025'
	},
	{
		predecessors: ['PH01', 'PH02'],
		successor: 'PH13',
		event: 'merge',
		note: 'Sáp nhập Phường Hòa Bình và Phường Quyết Thắng thành Phường Sơn Hà từ 01/7/2025'
	},
	{
		predecessors: ['DG03', 'DG04'],
		successor: 'DG08',
		event: 'merge',
		note: 'Hợp nhất Ban Tuyên giáo Tỉnh ủy và Ban Dân vận Tỉnh ủy'
	},
	{
		predecessors: ['SO01', 'SO02'],
		successor: 'SO22',
		event: 'merge',
		note: 'Hợp nhất Sở Kế hoạch và Đầu tư và Sở Tài chính thành Sở Tài chính'
	},
	{
		predecessors: ['SO04', 'SO05'],
		successor: 'SO23',
		event: 'merge',
		note: 'Hợp nhất Sở Nông nghiệp và Phát triển nông thôn và Sở Tài nguyên và Môi trường'
	},
	{
		predecessors: ['SO06', 'SO07'],
		successor: 'SO24',
		event: 'merge',
		note: 'Hợp nhất Sở Giao thông vận tải và Sở Xây dựng thành Sở Xây dựng'
	},
	{
		predecessors: ['SO08', 'SO17'],
		successor: 'SO25',
		event: 'merge',
		note: 'Hợp nhất Sở Khoa học và Công nghệ và Sở Thông tin và Truyền thông thành Sở Khoa học và Công nghệ'
	},
	{
		predecessors: ['SO14', 'SO15'],
		successor: 'SO26',
		event: 'merge',
		note: 'Hợp nhất Sở Lao động - Thương binh và Xã hội và Sở Nội vụ thành Sở Nội vụ'
	},
	{
		predecessors: ['SO20'],
		successor: 'SO27',
		event: 'rename',
		note: 'Ban Dân tộc tỉnh tổ chức lại thành Sở Dân tộc và Tôn giáo'
	}
];

// ---------------------------------------------------------------------------------------------
// Criteria

export interface GroupDef {
	code: string;
	name: string;
	/** How many criteria of the pool the bloc uses. */
	count: number;
	pool: readonly string[];
}

const POOL_COMMUNE = [
	'Tốc độ tăng giá trị sản xuất nông, lâm nghiệp, thủy sản',
	'Thu ngân sách nhà nước trên địa bàn đạt và vượt dự toán',
	'Xây dựng nông thôn mới, nông thôn mới nâng cao',
	'Giảm tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều',
	'Tỷ lệ người dân tham gia bảo hiểm y tế',
	'Trồng rừng, bảo vệ và phát triển rừng',
	'Phát triển kinh tế tập thể, hợp tác xã',
	'Quản lý đất đai, tài nguyên, bảo vệ môi trường',
	'Giải ngân vốn đầu tư công được giao',
	'Xây dựng kết cấu hạ tầng giao thông nông thôn'
];
const POOL_WARD = [
	'Thu ngân sách nhà nước trên địa bàn đạt và vượt dự toán',
	'Phát triển thương mại, dịch vụ, du lịch',
	'Quản lý trật tự xây dựng, trật tự đô thị',
	'Chỉnh trang đô thị, xây dựng "Phường văn minh đô thị"',
	'Vệ sinh môi trường, thu gom, xử lý rác thải',
	'Giải ngân vốn đầu tư công được giao',
	'Giải quyết việc làm, giảm nghèo bền vững',
	'Phát triển doanh nghiệp, hộ kinh doanh cá thể'
];
const POOL_PARTY = [
	'Tham mưu cấp ủy ban hành nghị quyết, chỉ thị, kết luận',
	'Hoàn thành chương trình công tác năm của Ban Thường vụ Tỉnh ủy',
	'Tập hợp, phát triển đoàn viên, hội viên',
	'Tổ chức các phong trào thi đua, cuộc vận động lớn',
	'Giám sát và phản biện xã hội',
	'Công tác tuyên truyền, định hướng dư luận xã hội',
	'Hướng dẫn, kiểm tra hoạt động của cơ sở'
];
const POOL_ECON = [
	'Tham mưu UBND tỉnh ban hành cơ chế, chính sách thuộc lĩnh vực quản lý',
	'Hoàn thành các chỉ tiêu kinh tế - xã hội được giao',
	'Thu hút đầu tư, cải thiện môi trường kinh doanh',
	'Giải ngân vốn đầu tư công được giao',
	'Thực hiện nhiệm vụ UBND tỉnh giao đúng hạn',
	'Thanh tra, kiểm tra chuyên ngành',
	'Chỉ số năng lực cạnh tranh cấp sở, ngành (DDCI)',
	'Hướng dẫn chuyên môn, nghiệp vụ cho cấp huyện, cấp xã'
];
const POOL_SOCIAL = [
	'Tham mưu UBND tỉnh ban hành văn bản quy phạm pháp luật',
	'Thực hiện nhiệm vụ UBND tỉnh giao đúng hạn',
	'Thực hiện các chỉ tiêu văn hóa, xã hội được giao',
	'Chăm lo đời sống người có công, đối tượng bảo trợ xã hội',
	'Thanh tra, kiểm tra chuyên ngành',
	'Hướng dẫn chuyên môn, nghiệp vụ cho cấp huyện, cấp xã',
	'Thông tin, tuyên truyền về lĩnh vực quản lý'
];
const POOL_SCHOOL = [
	'Tỷ lệ học sinh tốt nghiệp THPT',
	'Kết quả thi học sinh giỏi cấp tỉnh, cấp quốc gia',
	'Chất lượng giáo dục hai mặt, tỷ lệ học sinh khá, giỏi',
	'Đổi mới phương pháp dạy học, kiểm tra, đánh giá',
	'Bồi dưỡng đội ngũ giáo viên đạt chuẩn, trên chuẩn',
	'Kiểm định chất lượng, xây dựng trường đạt chuẩn quốc gia',
	'Điểm bình quân thi tốt nghiệp THPT',
	'Duy trì sĩ số, giảm tỷ lệ học sinh bỏ học'
];
const POOL_ENTERPRISE = [
	'Doanh thu, lợi nhuận đạt và vượt kế hoạch',
	'Nộp ngân sách nhà nước',
	'Bảo toàn và phát triển vốn nhà nước',
	'Thu nhập bình quân của người lao động',
	'An toàn, vệ sinh lao động, phòng chống cháy nổ',
	'Chất lượng sản phẩm, dịch vụ phục vụ khách hàng',
	'Đầu tư đổi mới thiết bị, công nghệ',
	'Thực hiện chế độ, chính sách đối với người lao động'
];
const POOL_PARTY_BUILDING = [
	'Kết quả đánh giá, xếp loại tổ chức cơ sở đảng',
	'Phát triển đảng viên mới',
	'Thực hiện quy chế dân chủ ở cơ sở',
	'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
	'Hoạt động của Công đoàn, Đoàn Thanh niên, Hội Phụ nữ',
	'Công tác kiểm tra, giám sát của cấp ủy',
	'Phòng, chống tham nhũng, tiêu cực, lãng phí',
	'Đánh giá, xếp loại cán bộ, công chức, viên chức'
];
const POOL_EMULATION = [
	'Ban hành kế hoạch, phát động phong trào thi đua',
	'Tổ chức ký kết giao ước thi đua',
	'Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến',
	'Khen thưởng người lao động trực tiếp, tập thể nhỏ',
	'Sơ kết, tổng kết phong trào thi đua đúng thời hạn',
	'Gửi báo cáo thi đua, khen thưởng đúng hạn',
	'Thực hiện phong trào "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"'
];
const POOL_REFORM = [
	'Chỉ số cải cách hành chính (PAR Index)',
	'Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn',
	'Cung cấp dịch vụ công trực tuyến toàn trình',
	'Chỉ số hài lòng của người dân, tổ chức (SIPAS)',
	'Ứng dụng công nghệ thông tin trong quản lý văn bản, hồ sơ công việc',
	'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính'
];
const POOL_SECURITY = [
	'Hoàn thành chỉ tiêu tuyển chọn, gọi công dân nhập ngũ',
	'Giữ vững an ninh chính trị, trật tự, an toàn xã hội',
	'Xây dựng lực lượng dân quân tự vệ vững mạnh',
	'Phòng, chống thiên tai, tìm kiếm cứu nạn',
	'Chăm lo gia đình chính sách, người có công',
	'Vận động Quỹ "Vì người nghèo", xây nhà Đại đoàn kết',
	'Phòng, chống tội phạm, tệ nạn ma túy'
];
const POOL_AGENCY_SECURITY = [
	'Công tác quốc phòng, an ninh, xây dựng lực lượng tự vệ cơ quan',
	'Tham gia các hoạt động an sinh xã hội, từ thiện nhân đạo',
	'Bảo vệ bí mật nhà nước, an ninh nội bộ',
	'Phòng cháy, chữa cháy, bảo đảm an toàn cơ quan'
];
const POOL_CULTURE = [
	'Xây dựng gia đình văn hóa, thôn, bản văn hóa',
	'Phổ cập giáo dục, xóa mù chữ',
	'Y tế cơ sở, chăm sóc sức khỏe nhân dân',
	'Bảo tồn, phát huy bản sắc văn hóa các dân tộc',
	'Phong trào thể dục, thể thao quần chúng'
];

const G_TASK = 'Thực hiện nhiệm vụ chính trị, chuyên môn';
const G_PARTY = 'Công tác xây dựng Đảng, chính quyền, đoàn thể';
const G_EMUL = 'Công tác thi đua, khen thưởng';
const G_REFORM = 'Cải cách hành chính, chuyển đổi số';
const G_SEC = 'An sinh xã hội, quốc phòng - an ninh';

export const BLOC_GROUPS: Readonly<Record<BlocKind, readonly GroupDef[]>> = {
	commune: [
		{ code: 'I', name: 'Phát triển kinh tế - xã hội', count: 8, pool: POOL_COMMUNE },
		{ code: 'II', name: G_PARTY, count: 5, pool: POOL_PARTY_BUILDING },
		{ code: 'III', name: G_EMUL, count: 4, pool: POOL_EMULATION },
		{ code: 'IV', name: G_REFORM, count: 5, pool: POOL_REFORM },
		{ code: 'V', name: G_SEC, count: 5, pool: POOL_SECURITY },
		{ code: 'VI', name: 'Văn hóa - xã hội', count: 3, pool: POOL_CULTURE }
	],
	ward: [
		{ code: 'I', name: 'Phát triển kinh tế - xã hội, quản lý đô thị', count: 7, pool: POOL_WARD },
		{ code: 'II', name: G_PARTY, count: 5, pool: POOL_PARTY_BUILDING },
		{ code: 'III', name: G_EMUL, count: 4, pool: POOL_EMULATION },
		{ code: 'IV', name: G_REFORM, count: 5, pool: POOL_REFORM },
		{ code: 'V', name: G_SEC, count: 5, pool: POOL_SECURITY }
	],
	party: [
		{ code: 'I', name: G_TASK, count: 6, pool: POOL_PARTY },
		{ code: 'II', name: G_PARTY, count: 5, pool: POOL_PARTY_BUILDING },
		{ code: 'III', name: G_EMUL, count: 4, pool: POOL_EMULATION },
		{ code: 'IV', name: G_REFORM, count: 3, pool: POOL_REFORM }
	],
	econ: [
		{ code: 'I', name: G_TASK, count: 7, pool: POOL_ECON },
		{ code: 'II', name: G_PARTY, count: 4, pool: POOL_PARTY_BUILDING },
		{ code: 'III', name: G_EMUL, count: 4, pool: POOL_EMULATION },
		{ code: 'IV', name: G_REFORM, count: 4, pool: POOL_REFORM },
		{ code: 'V', name: G_SEC, count: 3, pool: POOL_AGENCY_SECURITY }
	],
	social: [
		{ code: 'I', name: G_TASK, count: 6, pool: POOL_SOCIAL },
		{ code: 'II', name: G_PARTY, count: 4, pool: POOL_PARTY_BUILDING },
		{ code: 'III', name: G_EMUL, count: 4, pool: POOL_EMULATION },
		{ code: 'IV', name: G_REFORM, count: 4, pool: POOL_REFORM },
		{ code: 'V', name: G_SEC, count: 2, pool: POOL_AGENCY_SECURITY }
	],
	school: [
		{ code: 'I', name: 'Thực hiện nhiệm vụ năm học', count: 7, pool: POOL_SCHOOL },
		{ code: 'II', name: G_PARTY, count: 4, pool: POOL_PARTY_BUILDING },
		{ code: 'III', name: G_EMUL, count: 3, pool: POOL_EMULATION },
		{ code: 'IV', name: G_REFORM, count: 4, pool: POOL_REFORM }
	],
	enterprise: [
		{ code: 'I', name: 'Sản xuất, kinh doanh', count: 7, pool: POOL_ENTERPRISE },
		{ code: 'II', name: 'Công tác xây dựng Đảng, đoàn thể', count: 4, pool: POOL_PARTY_BUILDING },
		{ code: 'III', name: G_EMUL, count: 4, pool: POOL_EMULATION }
	]
};

/** Criteria introduced in later years, each replacing one criterion of the same group. */
export const NEW_REFORM_CRITERION =
	'Thực hiện Đề án 06 về phát triển ứng dụng dữ liệu dân cư, định danh điện tử';
export const NEW_PARTY_CRITERION = 'Thực hiện sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả';
export const NEW_ENTERPRISE_CRITERION = 'Chuyển đổi số trong quản trị doanh nghiệp';

export const BONUS_GROUP = { code: 'TH', name: 'Điểm thưởng' };
export const DEDUCTION_GROUP = { code: 'TRU', name: 'Điểm trừ' };

/** Bonus criteria: maxima (points) add up to more than the pledge's bonus cap of 50. */
export const BONUS_CRITERIA: readonly { name: string; max: number }[] = [
	{ name: 'Có mô hình, cách làm hay được cấp có thẩm quyền công nhận, nhân rộng', max: 20 },
	{ name: 'Hoàn thành vượt mức các chỉ tiêu, nhiệm vụ trọng tâm', max: 20 },
	{ name: 'Được tặng Cờ thi đua, Bằng khen cấp trên trong năm', max: 20 }
];
export const BONUS_CAP = 50;

export const DEDUCTION_CRITERIA: readonly { name: string; max: number }[] = [
	{ name: 'Không tổ chức phát động phong trào thi đua, ký giao ước', max: 8 },
	{ name: 'Có cán bộ, công chức bị kỷ luật từ hình thức khiển trách trở lên', max: 10 },
	{ name: 'Chậm gửi báo cáo, hồ sơ thi đua, khen thưởng theo quy định', max: 5 }
];

/** Deduction criteria used by each bloc (1–3). */
export const DEDUCTIONS_PER_BLOC: Readonly<Record<BlocKind, number>> = {
	commune: 3,
	ward: 3,
	party: 2,
	econ: 2,
	social: 2,
	school: 1,
	enterprise: 2
};

// ---------------------------------------------------------------------------------------------
// People

export const FAMILY_NAMES: readonly (readonly [string, number])[] = [
	['Nguyễn', 38],
	['Trần', 11],
	['Lê', 9],
	['Phạm', 7],
	['Hoàng', 5],
	['Vũ', 4],
	['Phan', 4],
	['Đặng', 3],
	['Bùi', 3],
	['Đỗ', 3],
	['Ngô', 2],
	['Dương', 2],
	['Hồ', 2],
	['Đinh', 2],
	['Lý', 1],
	['Trịnh', 1],
	['Mai', 1],
	['Cao', 1]
];
/** Family names common among ethnic minorities of the northern uplands (Tày, Thái, Mông, Dao). */
export const MINORITY_FAMILY_NAMES: readonly string[] = [
	'Lò',
	'Hà',
	'Sầm',
	'Lục',
	'Nông',
	'Vi',
	'Giàng',
	'Sùng',
	'Mùa',
	'Lường',
	'Triệu',
	'Quàng',
	'Hoàng',
	'Ma'
];
export const MIDDLE_MALE: readonly string[] = [
	'Văn',
	'Đức',
	'Minh',
	'Quang',
	'Hữu',
	'Công',
	'Thanh',
	'Xuân',
	'Tiến',
	'Mạnh'
];
export const MIDDLE_FEMALE: readonly string[] = [
	'Thị',
	'Thị',
	'Thị',
	'Ngọc',
	'Thu',
	'Thanh',
	'Hồng',
	'Minh',
	'Kim',
	'Phương'
];
export const GIVEN_MALE: readonly string[] = [
	'An',
	'Bình',
	'Cường',
	'Dũng',
	'Đạt',
	'Hải',
	'Hùng',
	'Huy',
	'Khánh',
	'Long',
	'Nam',
	'Phong',
	'Quân',
	'Sơn',
	'Thắng',
	'Tuấn',
	'Việt',
	'Trung',
	'Hiếu',
	'Toàn',
	'Lâm',
	'Thành',
	'Kiên',
	'Định'
];
export const GIVEN_FEMALE: readonly string[] = [
	'Anh',
	'Chi',
	'Dung',
	'Giang',
	'Hà',
	'Hằng',
	'Hoa',
	'Hương',
	'Lan',
	'Linh',
	'Mai',
	'Nga',
	'Nhung',
	'Phương',
	'Thảo',
	'Trang',
	'Yến',
	'Huyền',
	'Loan',
	'Ngân',
	'Oanh',
	'Thủy',
	'Vân',
	'Xuân'
];

/** Share of a unit's roster in each category (leader, manager, staff, direct worker). */
export const ROSTER_MIX: Readonly<Record<UnitType, readonly [number, number, number, number]>> = {
	commune: [0.12, 0.18, 0.35, 0.35],
	ward: [0.12, 0.2, 0.4, 0.28],
	party_agency: [0.14, 0.3, 0.46, 0.1],
	mass_org: [0.14, 0.26, 0.4, 0.2],
	department: [0.12, 0.28, 0.45, 0.15],
	school: [0.08, 0.16, 0.52, 0.24],
	enterprise: [0.06, 0.14, 0.2, 0.6],
	other: [0.1, 0.2, 0.4, 0.3]
};
export const ROSTER_CATEGORIES: readonly RecipientCategory[] = [
	'leader',
	'manager',
	'staff',
	'direct_worker'
];

/** How strongly each category is favoured when awards are handed out, per unit profile. */
export const PROFILE_WEIGHTS: Readonly<Record<AwardProfile, readonly [number, number, number, number]>> = {
	leader_heavy: [2.3, 1.8, 0.5, 0.35],
	worker_heavy: [0.5, 0.6, 0.9, 1.8],
	balanced: [1.3, 1.15, 1, 0.9]
};

/** Collectives inside a unit that receive collective titles; `true` = a small collective. */
export const SUBUNITS: Readonly<Record<UnitType, readonly (readonly [string, boolean])[]>> = {
	commune: [
		['Văn phòng - Thống kê xã', false],
		['Ban Chỉ huy Quân sự xã', false],
		['Công an xã', false],
		['Hội Nông dân xã', false],
		['Đoàn Thanh niên xã', false],
		['Thôn Nà Pục', true],
		['Bản Khun Há', true],
		['Thôn Đồng Mới', true],
		['Tổ hợp tác chăn nuôi Bản Mòng', true]
	],
	ward: [
		['Văn phòng HĐND và UBND phường', false],
		['Công an phường', false],
		['Ban Chỉ huy Quân sự phường', false],
		['Hội Liên hiệp Phụ nữ phường', false],
		['Tổ dân phố số 3', true],
		['Tổ dân phố số 7', true],
		['Tổ dân phố Tân Tiến', true]
	],
	party_agency: [
		['Phòng Tổng hợp', false],
		['Phòng Hành chính - Quản trị', false],
		['Phòng Nghiên cứu', false],
		['Phòng Kiểm tra', false],
		['Tổ Văn thư - Lưu trữ', true],
		['Tổ Lái xe', true]
	],
	mass_org: [
		['Văn phòng', false],
		['Ban Tuyên giáo', false],
		['Ban Kinh tế - Xã hội', false],
		['Ban Tổ chức - Kiểm tra', false],
		['Tổ Kế toán', true],
		['Nhà văn hóa Lao động', true]
	],
	department: [
		['Văn phòng Sở', false],
		['Phòng Kế hoạch - Tài chính', false],
		['Thanh tra Sở', false],
		['Phòng Quản lý chuyên ngành', false],
		['Phòng Kế toán', false],
		['Trung tâm Dịch vụ công', false],
		['Tổ Một cửa', true],
		['Tổ Công nghệ thông tin', true]
	],
	school: [
		['Tổ Văn', true],
		['Tổ Toán - Tin', true],
		['Tổ Ngoại ngữ', true],
		['Tổ Lý - Hóa - Sinh', true],
		['Tổ Sử - Địa - GDCD', true],
		['Tổ Văn phòng', true],
		['Đoàn Thanh niên trường', false]
	],
	enterprise: [
		['Phòng Kỹ thuật', false],
		['Phòng Kế toán', false],
		['Xí nghiệp số 1', false],
		['Phân xưởng sản xuất', false],
		['Đội thi công số 2', true],
		['Tổ vận hành', true],
		['Tổ bảo dưỡng', true]
	],
	other: [
		['Văn phòng', false],
		['Tổ chuyên môn', true]
	]
};

/** Units whose CSTĐCS count exceeds 15% of their LĐTT count (the rule the product must flag). */
export const CSTDCS_VIOLATIONS: readonly { unit: string; year: number }[] = [
	{ unit: 'XA04', year: 2021 },
	{ unit: 'SO05', year: 2022 },
	{ unit: 'TR03', year: 2023 },
	{ unit: 'DN03', year: 2024 },
	{ unit: 'PH07', year: 2025 },
	{ unit: 'DG05', year: 2025 }
];

/**
 * Headcounts planted so that the Tập thể lao động xuất sắc check has something to show: units
 * whose collective received the title although fewer than 70% of the members hold Lao động tiên
 * tiến (`share`), or not every member completed their tasks (`tasks`), and one unit-year whose
 * headcount was never reported (`missing`: the check cannot be made).
 */
export const HEADCOUNT_PLANTS: readonly {
	unit: string;
	year: number;
	kind: 'share' | 'tasks' | 'missing';
}[] = [
	{ unit: 'DT06', year: 2022, kind: 'share' },
	{ unit: 'PH07', year: 2024, kind: 'share' },
	{ unit: 'TR06', year: 2024, kind: 'tasks' },
	{ unit: 'SO11', year: 2025, kind: 'share' },
	{ unit: 'XA12', year: 2025, kind: 'missing' }
];
