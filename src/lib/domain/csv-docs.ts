/** Renders the CSV formats of csv-schema.ts as Markdown (docs/csv-formats.md is generated from it). */
import { ACCOUNT_COLUMNS, ACCOUNT_ROWS_MAX, ACCOUNTS_EXAMPLE } from './account-file';
import { mayLeaveOut, TABLES, type ColumnSpec, type ColumnType, type TableSpec } from './csv-schema';

const EXAMPLES: Record<string, string> = {
	units:
		'unit_code,unit_name,unit_type,remote_area\nXA01,Xã Tân Lập,Xã,Có\nSO01,Sở Tài chính,"Sở, ngành",Không',
	blocs: 'Mã khối,Tên khối,Mô tả\nK01,"Cụm thi đua các xã, phường",Xã và phường',
	lineage:
		'predecessor_code,successor_code,year,event,note\nXA01,XA09,2025,Sáp nhập,Nghị quyết sáp nhập năm 2025',
	memberships:
		'Năm,Mã khối,Mã đơn vị,Vai trò\n2024,K01,XA01,Trưởng khối\n2024,K01,XA02,Phó khối\n2024,K01,XA03,Thành viên',
	pledges:
		'year,bloc_code,title,signed_date,bonus_cap,tier_excellent_pct,certificate_count\n2024,K01,Giao ước thi đua năm 2024 của Cụm các xã phường,15/01/2024,50,,2',
	criteria:
		'Năm,Mã khối,Mã tiêu chí,Mã nhóm,Tên nhóm,Tên tiêu chí,Điểm tối đa,Hệ số,Loại\n2024,K01,TC01,I,Nhiệm vụ chính trị,Hoàn thành chỉ tiêu kinh tế - xã hội,40,1,Nội dung\n2024,K01,TC02,I,Nhiệm vụ chính trị,Thu ngân sách,20,"1,5",Nội dung\n2024,K01,TC04,III,Điểm thưởng,Sáng kiến được công nhận,20,1,Điểm thưởng\n2024,K01,TC06,IV,Điểm trừ,Không ký giao ước thi đua,8,1,Điểm trừ',
	scores:
		'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú\n2024,K01,XA01,TC01,40,38,\n2024,K01,XA01,TC02,"19,5",19,Minh chứng: Báo cáo số 12/BC-UBND\n2024,K01,XA03,TC01,35,,',
	awards:
		'year,unit_code,recipient_kind,recipient_name,recipient_category,official_class,award_code,award_method,gender,enterprise,decision_no,decision_date\n2024,XA01,Cá nhân,Trần Thị Bình,Người lao động trực tiếp,,LDTT,,Nữ,,12/QĐ-UBND,20/12/2024\n2024,XA01,Cá nhân,Lê Văn Cường,Lãnh đạo,Lãnh đạo cấp vụ,BK_TINH,Chuyên đề,Nam,,35/QĐ-UBND,15/03/2025\n2024,XA01,Tập thể,Bộ phận Một cửa,,,TTLDTT,,,Không,14/QĐ-UBND,20/12/2024\n2024,XA01,Hộ gia đình,Hộ ông Hoàng Văn Nam,,,GK,Chuyên đề,,,15/QĐ-UBND,20/12/2024',
	headcounts: 'Năm,Mã đơn vị,Tổng số người,Số hoàn thành nhiệm vụ\n2024,XA01,24,24\n2024,SO01,58,57'
};

function typeText(t: ColumnType): string {
	switch (t.kind) {
		case 'code':
			return 'mã (≤ 64 ký tự)';
		case 'text':
			return 'văn bản';
		case 'year':
			return 'năm (4 chữ số)';
		case 'int':
			return 'số nguyên' + (t.min !== undefined ? ` ≥ ${t.min}` : '');
		case 'number':
			return (
				`số, ≤ ${t.maxDecimals} chữ số thập phân` +
				(t.min !== undefined ? `, ≥ ${t.min}`.replace('.', ',') : '')
			);
		case 'date':
			return 'ngày dd/mm/yyyy';
		case 'bool':
			return 'Có / Không';
		case 'enum':
			return Object.entries(t.values)
				.map(([v, a]) => `\`${v}\` = ${a.join(' / ')}`)
				.join('; ');
	}
}

/** Which columns of a table a file may leave out (csv-schema.ts `mayLeaveOut`). */
function leaveOutLine(t: TableSpec): string {
	const cols = mayLeaveOut(t).map((c) => `\`${c.name}\``);
	const keys = mayLeaveOut(t).filter((c) => t.key.includes(c.name));
	const derived =
		keys.length > 0
			? ` (${keys.map((c) => `\`${c.name}\``).join(', ')} là khóa: bỏ cột hoặc để trống thì được ghép như ghi trong bảng)`
			: '';
	return cols.length === 0
		? 'Mọi cột đều bắt buộc (every column is required).'
		: `Có thể bỏ cột (may be left out): ${cols.join(', ')}; dòng đã có giữ nguyên giá trị đang lưu của cột bị bỏ${derived}.`;
}

const row = (c: ColumnSpec) =>
	`| \`${c.name}\` | ${c.vi.join(' / ')} | ${c.required ? 'có' : ''} | ${typeText(c.type).replace(/\|/g, '\\|')} | ${c.doc.replace(/\|/g, '\\|')} |`;

export function renderCsvDocs(): string {
	const out = [
		'# Định dạng tệp CSV (CSV formats)',
		'',
		'<!-- Generated from src/lib/domain/csv-schema.ts by `npm run docs`; do not edit by hand. -->',
		'',
		'Mỗi bảng một tệp CSV. Tiêu đề cột viết bằng tiếng Anh (snake_case) hoặc tiếng Việt đều được; hoa thường, dấu và',
		'dấu câu không phân biệt ("MÃ ĐƠN VỊ" = "Mã đơn vị" = "ma don vi"). Mã hóa UTF-8 có hoặc không có BOM, hoặc UTF-16',
		'("Unicode text" của Excel). Dấu phân cách: phẩy, chấm phẩy, tab hoặc gạch đứng (tự nhận). Số viết kiểu Việt Nam:',
		'`8,5` = tám phẩy năm, `1.000` = một nghìn (`8.5` cũng được hiểu là 8,5). Ngày `dd/mm/yyyy`. Giá trị liệt kê',
		'(vai trò, loại tiêu chí, thành phần…) viết bằng tiếng Việt hoặc mã tiếng Anh. Loại tệp được nhận theo tên tệp',
		'(tên tiếng Anh hoặc tiếng Việt không dấu, có thể thêm hậu tố: `diem_2024.csv`) hoặc theo tiêu đề cột.',
		'',
		'Each table is one CSV file. Headers in English snake_case or Vietnamese; case, tone marks and punctuation are',
		'ignored. A row whose key already exists replaces the stored row; an import with any error writes nothing.',
		'',
		'### Cột có thể bỏ, ô trống, dòng thiếu ô (columns left out, empty cells, short rows)',
		'',
		'- Cột **bắt buộc** phải có trong tệp. Các cột khác **có thể bỏ hẳn** (danh sách ở từng bảng): dòng thay thế một dòng',
		'  đã có thì **giữ nguyên** giá trị đang lưu của cột bị bỏ; dòng mới lấy giá trị mặc định (ghi trong cột «nội dung»)',
		'  hoặc để trống. Columns that are not required may be left out of the file: a row that replaces a stored one keeps',
		'  the stored values of those columns; a new row gets the default.',
		'- Chỉ **ô có mặt và để trống** mới xóa giá trị (trừ khi cột ghi khác, ví dụ giai đoạn của giao ước). Only a cell',
		'  that is there and empty empties a value.',
		'- Dòng có **ít ô hơn dòng tiêu đề** (`2025,K04,SO03,I.1,25` dưới tiêu đề 7 cột) bị từ chối, báo tệp, dòng và các cột',
		'  thiếu: ô không có mặt không bao giờ được hiểu là ô trống. Muốn xóa thì giữ đủ dấu phân cách: `2025,K04,SO03,I.1,25,,`.',
		'  A row with fewer cells than the header is refused, naming the missing columns.',
		'',
		'### Số và chữ như Excel viết (numbers and text as Excel writes them)',
		'',
		'- Dấu cách, dấu cách không ngắt dòng và ký tự vô hình ở **đầu, cuối** ô được bỏ qua. Dấu cách (mọi loại) **giữa các',
		'  chữ số** (`1 000`, `2 9` có dấu cách không ngắt dòng) bị từ chối, có nêu tên ký tự: không đoán là một hay hai số.',
		'  A space of any kind inside a number is refused, with the character named.',
		'- Chữ được lưu ở dạng Unicode dựng sẵn (NFC): tên gõ trên máy Mac (dạng tổ hợp, NFD) được lưu giống tên gõ trên',
		'  Windows. Mã (đơn vị, khối, tiêu chí…) chứa ký tự vô hình ở giữa (dấu cách độ rộng 0 `U+200B`…) bị từ chối, có nêu',
		'  ký tự và vị trí. Text is stored NFC; a code with an invisible character inside is refused, naming it.',
		"- Dấu `'` mà tệp tải xuống thêm trước ô bắt đầu bằng `=`, `+`, `-`, `@` được bỏ khi nhập (như Excel khi đọc): tải",
		"  xuống rồi nhập lại không thay đổi gì. The leading `'` an export puts before `=`, `+`, `-`, `@` is removed on import.",
		'- Dòng đầu `sep=;` (Excel dùng để biết dấu phân cách) được hiểu và không tính là một dòng: dòng tiêu đề là dòng 1.',
		'  A first line `sep=;` sets the separator and is not counted as a row.',
		'- Tệp Excel: đọc **trang tính hiện đầu tiên** (trang ẩn bị bỏ qua, trừ khi được chọn theo tên). Ô công thức chưa có',
		'  giá trị đã tính (tệp do chương trình khác tạo, chưa mở bằng Excel) là lỗi ở đúng ô đó, không bị coi là ô trống.',
		'  Workbooks: the first visible sheet is read; a formula cell without a saved value is an error at that cell.',
		''
	];
	for (const t of TABLES) {
		out.push(
			`## ${t.label} — \`${t.name}\``,
			'',
			`Tên tệp: ${t.fileNames.map((n) => `\`${n}.csv\``).join(', ')}. Khóa (key): ${t.key.map((k) => `\`${k}\``).join(' + ')}.`,
			'',
			leaveOutLine(t),
			'',
			'| column | tiêu đề tiếng Việt | bắt buộc | kiểu | nội dung |',
			'|---|---|---|---|---|',
			...t.columns.map(row),
			'',
			'```csv',
			EXAMPLES[t.name] ?? '',
			'```',
			''
		);
	}
	out.push(...WIDE_SECTION, ...accountsSection());
	return out.join('\n');
}

/** The wide scoring sheet (import/wide.ts), as offices fill it in. */
const WIDE_SECTION = [
	'## Bảng điểm theo hàng ngang (wide scoring sheet)',
	'',
	'Bảng điểm văn phòng vẫn điền: **mỗi đơn vị một dòng, mỗi tiêu chí một cột**, cho **một khối, một năm** và',
	'**một loại điểm** (điểm tự chấm hoặc điểm khối chấm). Nhận cả CSV và Excel (.xlsx), qua trang **Nhập dữ liệu**',
	'(`/upload`). Mẫu của từng khối, năm lập từ giao ước: `/blocs/<khối>/<năm>/template/diem_<khối>_<năm>.xlsx`',
	'(hoặc `.csv`; thêm `?field=self` hay `?field=review` để ghi sẵn loại điểm).',
	'',
	'- Dòng tiêu đề là dòng đầu tiên (trong 20 dòng đầu) có ô `Mã đơn vị`; các dòng phía trên là tiêu đề văn bản.',
	'- Cột tiêu chí: tiêu đề là mã tiêu chí của giao ước (`I.1`), có thể kèm tên (`I.1 – Tỷ lệ học sinh tốt nghiệp`,',
	'  `I.1: …`, `I.1 (tối đa 30)`). Cột `STT`, `Tên đơn vị`, `Tổng`, `Xếp loại` được bỏ qua. Cột khác có số liệu là lỗi',
	'  (sửa tiêu đề hoặc chọn «bỏ qua» khi ghép cột).',
	'- Khối, năm: theo lựa chọn khi tải lên, hoặc dòng tiêu đề (`Mã khối: K04 – Năm: 2025`), hoặc tên tệp',
	'  (`diem_K04_2025.xlsx`). Nếu các nguồn ghi khác nhau thì tệp bị từ chối, không đoán.',
	'- Loại điểm: theo lựa chọn khi tải lên, hoặc dòng tiêu đề có chữ «Điểm tự chấm» hay «Điểm khối chấm».',
	'- Dòng có ô mã đơn vị là `Điểm tối đa` hoặc `Hệ số` (hai dòng ghi chú của mẫu) và dòng bắt đầu bằng `Ghi chú` được bỏ qua.',
	'- Mỗi ô có điểm thành một dòng của định dạng `scores` và được kiểm tra như định dạng đó (điểm tối đa, điểm âm, trần',
	'  điểm thưởng, đơn vị thuộc khối…); lỗi ghi đúng ô gốc (dòng, cột chữ cái). Ô trống: điểm đang có giữ nguyên; cột điểm',
	'  kia và ghi chú giữ nguyên.',
	'- Tiêu đề hai dòng: tên nhóm tiêu chí gộp ô ở dòng trên, mã tiêu chí ở dòng dưới (`STT`, `Mã đơn vị`, `Tên đơn vị` gộp',
	'  ô qua cả hai dòng) được đọc như một dòng tiêu đề; dữ liệu bắt đầu từ dòng sau dòng mã tiêu chí.',
	'',
	'```csv',
	'BẢNG CHẤM ĐIỂM THI ĐUA – Mã khối: K06 – Năm: 2025',
	'Khối các trường THPT – Loại điểm: Điểm khối chấm',
	'STT,Mã đơn vị,Tên đơn vị,I.1 – Tỷ lệ học sinh tốt nghiệp THPT,"I.2 – Duy trì sĩ số, giảm tỷ lệ học sinh bỏ học"',
	',Điểm tối đa,,30,"57,5"',
	',Hệ số,,2,1',
	'1,TR01,Trường THPT Chuyên Sơn Hà,"28,5",55',
	'2,TR02,Trường THPT Nguyễn Du,27,',
	'```',
	''
];

/** Issue 14: the accounts file of /admin/accounts/bulk (domain/account-file.ts). */
function accountsSection(): string[] {
	return [
		'## Danh sách tài khoản (accounts file, tạo tài khoản hàng loạt)',
		'',
		'Chỉ dùng ở trang **Quản trị → Tạo tài khoản hàng loạt** (`/admin/accounts/bulk`), không qua trang Nhập dữ liệu.',
		'CSV hoặc Excel (.xlsx), đọc như mọi tệp nhập (mã hóa, dấu phân cách, trang tính hiện đầu tiên, ô công thức chưa',
		`tính là lỗi). **Mỗi dòng một vai trò**; nhiều dòng cùng tên đăng nhập là một tài khoản nhiều vai trò (tên hiển thị`,
		`phải giống nhau). Tối đa ${ACCOUNT_ROWS_MAX.toLocaleString('vi-VN')} dòng. Tệp được kiểm tra trước: mọi lỗi ghi tệp, dòng, cột và lý do; có một`,
		'dòng sai thì không tạo tài khoản nào. Tên đăng nhập đã có (kể cả tài khoản đã khóa) là lỗi. Mỗi tài khoản nhận một',
		'mật khẩu tạm thời, tải về một lần sau khi tạo, và phải đổi mật khẩu ở lần đăng nhập đầu.',
		'',
		'One row per role; rows with the same username make one account with several roles. Checked first: any wrong row',
		'and nothing is created. Each account gets a temporary password, downloadable once, to be changed at first sign-in.',
		'',
		'| column | tiêu đề tiếng Việt | bắt buộc | kiểu | nội dung |',
		'|---|---|---|---|---|',
		...ACCOUNT_COLUMNS.map(row),
		'',
		'```csv',
		ACCOUNTS_EXAMPLE,
		'```',
		''
	];
}
