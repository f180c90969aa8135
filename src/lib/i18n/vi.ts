/**
 * Vietnamese messages: the reference language. Every other language must have exactly these keys
 * (see `Messages`). `{name}` marks a parameter filled in by `t(lang)(key, { name })`.
 */
export const vi = {
	'app.name': 'Thi đua – Khen thưởng',
	'app.skipToContent': 'Bỏ qua, đến nội dung chính',
	'app.footer': 'Số liệu xếp hạng tính từ điểm khối chấm; điểm tự chấm chưa được khối chấm được đánh dấu ⚠.',

	'nav.label': 'Điều hướng chính',
	'nav.overview': 'Tổng quan',

	'lang.label': 'Ngôn ngữ',
	'lang.vi': 'Tiếng Việt',
	'lang.en': 'English',

	'tier.excellent': 'Xuất sắc',
	'tier.good': 'Tốt',
	'tier.fair': 'Khá',
	'tier.average': 'Trung bình',
	'tier.weak': 'Yếu',

	'role.leader': 'Trưởng khối',
	'role.deputy': 'Phó khối',
	'role.member': 'Thành viên',

	'proposal.flag': 'Đề nghị Cờ thi đua',
	'proposal.certificate': 'Đề nghị Bằng khen',
	'proposal.none': '—',
	'proposal.vote': 'cần bỏ phiếu',
	'proposal.voteTitle': 'Số đơn vị đủ điều kiện bằng điểm nhau vượt số suất: khối cần bỏ phiếu kín',

	'unitType.commune': 'Xã',
	'unitType.ward': 'Phường',
	'unitType.party_agency': 'Cơ quan Đảng',
	'unitType.mass_org': 'Mặt trận, đoàn thể',
	'unitType.department': 'Sở, ngành',
	'unitType.school': 'Trường học',
	'unitType.enterprise': 'Doanh nghiệp',
	'unitType.other': 'Khác',

	'kind.content': 'Nội dung',
	'kind.bonus': 'Điểm thưởng',
	'kind.deduction': 'Điểm trừ',

	'rank.tie': 'đồng hạng',
	'rank.tieTitle': 'Bằng tổng điểm với đơn vị khác nên cùng hạng',

	'mark.unreviewed': '⚠ {count} tiêu chí chưa được khối chấm',
	'mark.missing': '{count} tiêu chí chưa có điểm',
	'mark.unitsUnreviewed': '⚠ {count} đơn vị',
	'mark.none': 'Đã chấm đủ',

	'year.label': 'Năm thi đua',
	'year.submit': 'Xem',

	'overview.title': 'Tổng quan năm {year}',
	'overview.intro':
		'Xếp hạng các đơn vị trong từng khối thi đua theo giao ước đã ký. Chọn một khối để xem bảng xếp hạng chi tiết.',
	'overview.summaryLabel': 'Số liệu chung năm {year}',
	'overview.blocs': 'Khối thi đua',
	'overview.units': 'Đơn vị thành viên',
	'overview.unreviewedUnits': 'Đơn vị còn điểm tự chấm chưa được khối chấm',
	'overview.caption': 'Các khối thi đua năm {year}: đơn vị dẫn đầu, số thành viên và tình trạng chấm điểm',
	'overview.col.bloc': 'Khối thi đua',
	'overview.col.leading': 'Đơn vị dẫn đầu',
	'overview.col.members': 'Số đơn vị',
	'overview.col.average': 'Bình quân (% điểm tối đa)',
	'overview.col.unreviewed': 'Tình trạng chấm điểm',
	'overview.col.leader': 'Trưởng khối',
	'overview.leadingScore': '{total} điểm',
	'overview.noRanking': 'Chưa có điểm',
	'overview.noBlocs': 'Năm {year} chưa có giao ước thi đua nào.',
	'overview.noData': 'Chưa có dữ liệu. Hãy nhập tệp CSV của hội đồng (npm run import).',
	'overview.legend':
		'Điểm bình quân là trung bình tỉ lệ tổng điểm trên điểm tối đa phần nội dung của các đơn vị trong khối. ⚠ là số đơn vị còn tiêu chí chỉ có điểm tự chấm.',

	'bloc.title': '{bloc} – năm {year}',
	'bloc.years': 'Các năm có giao ước',
	'bloc.back': '← Tổng quan năm {year}',
	'bloc.pledge': 'Giao ước thi đua',
	'bloc.pledgeTitle': 'Tên giao ước',
	'bloc.signedDate': 'Ngày ký',
	'bloc.signedUnknown': 'chưa ghi',
	'bloc.contentMax': 'Điểm tối đa phần nội dung',
	'bloc.bonusCap': 'Điểm thưởng tối đa',
	'bloc.bonusNoCap': 'không giới hạn ngoài điểm tối đa của từng tiêu chí',
	'bloc.thresholds': 'Ngưỡng xếp loại (% điểm tối đa)',
	'bloc.threshold': '{tier} ≥ {pct}',
	'bloc.proposals': 'Số suất đề nghị',
	'bloc.proposalSlots':
		'Cờ thi đua: {flags} (từ loại {flagTier}); Bằng khen: {certificates} (từ loại {certificateTier})',
	'bloc.leaderUnits': 'Trưởng khối, Phó khối',
	'bloc.ranking': 'Bảng xếp hạng',
	'bloc.caption': 'Xếp hạng {count} đơn vị của {bloc} năm {year}, theo tổng điểm giảm dần',
	'bloc.noMembers': 'Khối chưa có đơn vị thành viên trong năm này.',
	'bloc.col.rank': 'Hạng',
	'bloc.col.unit': 'Đơn vị',
	'bloc.col.groupMax': 'tối đa {max}',
	'bloc.col.content': 'Cộng nội dung',
	'bloc.col.bonus': 'Điểm thưởng',
	'bloc.col.deduction': 'Điểm trừ',
	'bloc.col.total': 'Tổng điểm',
	'bloc.col.percent': '% tối đa',
	'bloc.col.tier': 'Xếp loại',
	'bloc.col.proposal': 'Đề nghị',
	'bloc.bonusCapped': 'Điểm thưởng {raw} vượt mức tối đa, chỉ tính {capped}',
	'bloc.legend': 'Chú giải',
	'bloc.legend.tie':
		'Các đơn vị bằng tổng điểm cùng một hạng, ghi «đồng hạng»; hạng tiếp theo bỏ qua số tương ứng (1, 2, 2, 4). Không phá thế hòa bằng tiêu chí phụ.',
	'bloc.legend.unreviewed':
		'⚠ N tiêu chí chưa được khối chấm: điểm của các tiêu chí đó mới là điểm tự chấm của đơn vị, chưa qua kiểm tra chéo.',
	'bloc.legend.missing': 'Tiêu chí chưa có điểm được tính 0 điểm.',
	'bloc.legend.bonus':
		'Điểm thưởng dạng «a → b»: tổng điểm thưởng a vượt mức tối đa của giao ước, chỉ tính b.',
	'bloc.legend.vote':
		'«Cần bỏ phiếu»: số đơn vị đủ điều kiện bằng điểm nhau nhiều hơn số suất đề nghị, khối bỏ phiếu kín để quyết định.',
	'bloc.legend.percent': 'Tỉ lệ % tính trên điểm tối đa phần nội dung ({max} điểm).',
	'bloc.chart': 'Biểu đồ tổng điểm',
	'bloc.chartNoScript': 'Biểu đồ cần JavaScript; số liệu đầy đủ ở bảng xếp hạng phía trên.',
	'bloc.criteria': 'Danh sách tiêu chí của giao ước ({count} tiêu chí)',
	'bloc.criteriaCaption': 'Tiêu chí và điểm tối đa theo nhóm',
	'bloc.crit.code': 'Mã',
	'bloc.crit.name': 'Tiêu chí',
	'bloc.crit.kind': 'Loại',
	'bloc.crit.max': 'Điểm tối đa',
	'bloc.crit.weight': 'Hệ số',

	'chart.summary':
		'Biểu đồ cột ngang tổng điểm của {count} đơn vị, {bloc} năm {year}, theo thứ tự xếp hạng. Cao nhất: {top} ({topTotal} điểm). Thấp nhất: {bottom} ({bottomTotal} điểm). Số liệu chi tiết ở bảng xếp hạng.',
	'chart.empty': 'Chưa có điểm để vẽ biểu đồ.',
	'chart.rank': 'Hạng {rank}',
	'chart.total': 'Tổng điểm',
	'chart.points': 'điểm',

	'error.title': 'Đã có lỗi',
	'error.notFoundTitle': 'Không tìm thấy trang',
	'error.notFound': 'Không tìm thấy trang bạn yêu cầu.',
	'error.unexpected': 'Đã xảy ra lỗi ngoài dự kiến. Vui lòng thử lại sau hoặc báo cho quản trị viên.',
	'error.yearNotFound': 'Không có dữ liệu thi đua năm {year}.',
	'error.blocNotFound': 'Không tìm thấy khối «{bloc}» có giao ước thi đua năm {year}.',
	'error.home': 'Về trang Tổng quan',
	'error.forbiddenTitle': 'Không có quyền truy cập',
	'error.forbidden': 'Tài khoản của bạn không có quyền xem hoặc thực hiện việc này.',

	'auth.title': 'Đăng nhập',
	'auth.intro': 'Đăng nhập bằng tài khoản do Ban Thi đua - Khen thưởng cấp.',
	'auth.username': 'Tên đăng nhập',
	'auth.password': 'Mật khẩu',
	'auth.submit': 'Đăng nhập',
	'auth.missing': 'Hãy nhập tên đăng nhập và mật khẩu.',
	'auth.invalid': 'Tên đăng nhập hoặc mật khẩu không đúng.',
	'auth.account_held': 'Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần. Hãy thử lại sau {minutes} phút.',
	'auth.address_held': 'Máy của bạn đã đăng nhập sai quá nhiều lần. Hãy thử lại sau {minutes} phút.',
	'auth.logout': 'Đăng xuất',
	'auth.signedInAs': 'Đang đăng nhập: {name}',

	'stage.label': 'Giai đoạn',
	'stage.open': 'Mở (chưa chấm điểm)',
	'stage.self_scoring': 'Đơn vị tự chấm',
	'stage.review': 'Khối chấm, kiểm tra chéo',
	'stage.finalised': 'Đã chốt kết quả',
	'stage.draftNotice':
		'Kết quả đang trong giai đoạn «{stage}»: xếp hạng và đề nghị là dự kiến, chưa phải kết quả chính thức.',
	'stage.hidden': 'Chưa công bố'
};

/** Every message key; English and any later language must define all of them. */
export type MessageKey = keyof typeof vi;
export type Messages = Record<MessageKey, string>;
