/** Renders the CSV formats of csv-schema.ts as Markdown (docs/csv-formats.md is generated from it). */
import { TABLES, type ColumnSpec, type ColumnType } from './csv-schema';

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
		'year,unit_code,recipient_kind,recipient_name,recipient_category,award_code,gender,decision_no,decision_date\n2024,XA01,Cá nhân,Trần Thị Bình,Người lao động trực tiếp,LDTT,Nữ,12/QĐ-UBND,20/12/2024\n2024,XA01,Tập thể,Bộ phận Một cửa,,TTLDTT,,14/QĐ-UBND,20/12/2024'
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
		''
	];
	for (const t of TABLES) {
		out.push(
			`## ${t.label} — \`${t.name}\``,
			'',
			`Tên tệp: ${t.fileNames.map((n) => `\`${n}.csv\``).join(', ')}. Khóa (key): ${t.key.map((k) => `\`${k}\``).join(' + ')}.`,
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
	return out.join('\n');
}
