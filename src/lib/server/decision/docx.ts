/**
 * The .docx side of the decision drafts: the built-in templates of the tờ trình and the quyết
 * định khen thưởng, written as WordprocessingML (the layout of Nghị định 30/2020/NĐ-CP on
 * administrative documents: A4, Times New Roman, the issuing body and its number at the left,
 * the national motto and the place and date at the right, the title, the legal grounds, the
 * articles, the recipients and the signature block), filled by docxtemplater; and the check of
 * a council's own template (a .docx docxtemplater can parse, using only the listed placeholders).
 * The long legal lines of the documents live here, not in the messages every page ships.
 */
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import type { DecisionDoc, TemplateTag } from '../../domain/decisions';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface RunStyle {
	b?: boolean;
	i?: boolean;
	u?: boolean;
	/** Half-points (28 = 14 pt). */
	size?: number;
}

interface ParaStyle {
	align?: 'left' | 'center' | 'right' | 'both';
	firstLine?: number;
	before?: number;
	after?: number;
	keepNext?: boolean;
	/** A short line under the paragraph (the rule under the motto, the issuing body, the title). */
	rule?: { left: number; right: number };
}

type Run = string | [string, RunStyle];

function run(r: Run, base: RunStyle = {}): string {
	const [text, own] = typeof r === 'string' ? [r, {}] : r;
	const s = { ...base, ...own };
	const props = [
		s.b ? '<w:b/>' : '',
		s.i ? '<w:i/>' : '',
		s.u ? '<w:u w:val="single"/>' : '',
		s.size ? `<w:sz w:val="${s.size}"/><w:szCs w:val="${s.size}"/>` : ''
	].join('');
	return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
}

function para(list: Run[], style: ParaStyle = {}, base: RunStyle = {}): string {
	const props = [
		style.keepNext ? '<w:keepNext/>' : '',
		`<w:spacing w:before="${style.before ?? 0}" w:after="${style.after ?? 60}" w:line="288" w:lineRule="auto"/>`,
		style.firstLine ? `<w:ind w:firstLine="${style.firstLine}"/>` : '',
		`<w:jc w:val="${style.align ?? 'both'}"/>`
	].join('');
	const p = `<w:p><w:pPr>${props}</w:pPr>${list.map((r) => run(r, base)).join('')}</w:p>`;
	return style.rule ? p + ruleLine(style.rule) : p;
}

/**
 * The short line under the issuing body, the motto and the title: an empty paragraph of its own
 * with a bottom border, indented to the line's length (indenting the text itself would narrow it).
 */
function ruleLine(rule: { left: number; right: number }): string {
	return `<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr><w:spacing w:before="0" w:after="60" w:line="120" w:lineRule="exact"/><w:ind w:left="${rule.left}" w:right="${rule.right}"/><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:sz w:val="4"/></w:rPr><w:t></w:t></w:r></w:p>`;
}

/** A paragraph holding one loop tag: docxtemplater (paragraphLoop) drops it from the output. */
const tagPara = (tag: string) => para([tag], { after: 0 });

function cell(width: number, paragraphs: string[], borders: boolean): string {
	const b = borders
		? '<w:tcBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/></w:tcBorders>'
		: '';
	return `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${b}<w:vAlign w:val="center"/></w:tcPr>${paragraphs.join('') || para([''])}</w:tc>`;
}

function table(widths: number[], rows: string[][][], opts: { borders: boolean; header?: boolean }): string {
	const grid = widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('');
	const trs = rows
		.map(
			(cells, i) =>
				`<w:tr>${i === 0 && opts.header ? '<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>' : '<w:trPr><w:cantSplit/></w:trPr>'}${cells
					.map((c, j) => cell(widths[j]!, c, opts.borders))
					.join('')}</w:tr>`
		)
		.join('');
	return `<w:tbl><w:tblPr><w:tblW w:w="${widths.reduce((a, b) => a + b, 0)}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>${grid}</w:tblGrid>${trs}</w:tbl>`;
}

const C = { align: 'center' as const, after: 0 };

/** The heading of every administrative document: body and number at the left, motto and date at the right. */
function heading(): string {
	const left = [
		para(['{co_quan_cap_tren}'], C, { size: 26 }),
		para([['{co_quan_ban_hanh}', { b: true }]], { ...C, rule: { left: 1150, right: 1150 } }, { size: 26 }),
		para(['Số: {so}'], { ...C, before: 120 }, { size: 26 })
	];
	const right = [
		para([['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { b: true }]], C, { size: 24 }),
		para(
			[['Độc lập - Tự do - Hạnh phúc', { b: true }]],
			{ ...C, rule: { left: 1150, right: 1150 } },
			{ size: 26 }
		),
		para(
			[['{dia_danh}, ngày {ngay} tháng {thang} năm {nam}', { i: true }]],
			{ ...C, before: 120 },
			{ size: 26 }
		)
	];
	return table([4000, 5354], [[left, right]], { borders: false });
}

function signature(recipients: string[]): string {
	const left = [
		para([['Nơi nhận:', { b: true, i: true }]], { align: 'left', after: 0 }, { size: 24 }),
		...recipients.map((r) => para([r], { align: 'left', after: 0 }, { size: 22 }))
	];
	const right = [
		para([['{the_thuc_ky}', { b: true }]], C),
		para([['{chuc_vu}', { b: true }]], C),
		para([''], C),
		para([''], C),
		para([''], C),
		para([['{nguoi_ky}', { b: true }]], C)
	];
	return table([4200, 5154], [[left, right]], { borders: false });
}

const GROUNDS = [
	'Căn cứ Luật Tổ chức chính quyền địa phương;',
	'Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;',
	'Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;'
];

function section(): string {
	return '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="851" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body>';
}

const P = (text: Run[] | string, style: ParaStyle = {}) =>
	para(typeof text === 'string' ? [text] : text, { firstLine: 567, after: 80, ...style });

/** The quyết định khen thưởng: Điều 1 lists the collectives by award. */
function decisionXml(): string {
	return [
		heading(),
		para([['QUYẾT ĐỊNH', { b: true }]], { ...C, before: 360 }, { size: 28 }),
		para(
			[
				[
					'Về việc tặng {ten_danh_hieu_chung} cho các tập thể đã có thành tích xuất sắc trong phong trào thi đua năm {nam_thi_dua}',
					{ b: true }
				]
			],
			{ ...C, rule: { left: 3600, right: 3600 } }
		),
		para([['{tham_quyen}', { b: true }]], { ...C, before: 240, after: 240 }),
		...GROUNDS.map((g) => P([[g, { i: true }]])),
		P([['Căn cứ kết quả chấm điểm, xếp hạng thi đua năm {nam_thi_dua} của {pham_vi};', { i: true }]]),
		P([
			['Theo đề nghị của {co_quan_de_nghi} tại Tờ trình số {so_to_trinh} ngày {ngay_to_trinh}.', { i: true }]
		]),
		para([['QUYẾT ĐỊNH:', { b: true }]], { ...C, before: 200, after: 200 }),
		P([
			['Điều 1. ', { b: true }],
			'Tặng {ten_danh_hieu_chung} cho {tong_so_tap_the} tập thể đã có thành tích xuất sắc trong phong trào thi đua năm {nam_thi_dua}, gồm:'
		]),
		tagPara('{#danh_hieu}'),
		P([['{stt_danh_hieu}. {ten} ({so_luong} tập thể):', { b: true }]], { keepNext: true }),
		tagPara('{#tap_the}'),
		P('{stt}. {ten_don_vi} ({ten_khoi});'),
		tagPara('{/tap_the}'),
		tagPara('{/danh_hieu}'),
		P([
			['Điều 2. ', { b: true }],
			'Tiền thưởng kèm theo danh hiệu, hình thức khen thưởng tại Điều 1 thực hiện theo quy định hiện hành.'
		]),
		P([
			['Điều 3. ', { b: true }],
			'Chánh Văn phòng, Thủ trưởng cơ quan làm công tác thi đua, khen thưởng, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.'
		]),
		signature(['- Như Điều 3;', '- {co_quan_de_nghi};', '- Lưu: VT.'])
	].join('');
}

/** The tờ trình: the proposing body asks for the awards, a table of the collectives by award. */
function submissionXml(): string {
	const w = [700, 3900, 2600, 1200, 954];
	const headRow = ['STT', 'Tên tập thể', 'Khối thi đua', 'Tổng điểm', 'Xếp hạng'].map((h) => [
		para([[h, { b: true }]], C, { size: 24 })
	]);
	const dataRow = [
		[para(['{#tap_the}{stt}'], C, { size: 24 })],
		[para(['{ten_don_vi}'], { align: 'left', after: 0 }, { size: 24 })],
		[para(['{ten_khoi}'], { align: 'left', after: 0 }, { size: 24 })],
		[para(['{tong_diem}'], { align: 'right', after: 0 }, { size: 24 })],
		[para(['{xep_hang}{/tap_the}'], C, { size: 24 })]
	];
	return [
		heading(),
		para([['TỜ TRÌNH', { b: true }]], { ...C, before: 360 }, { size: 28 }),
		para(
			[
				[
					'Về việc đề nghị tặng {ten_danh_hieu_chung} cho các tập thể có thành tích xuất sắc trong phong trào thi đua năm {nam_thi_dua}',
					{ b: true }
				]
			],
			{ ...C, rule: { left: 3600, right: 3600 } }
		),
		para(['Kính gửi: {kinh_gui}.'], { ...C, before: 240, after: 240 }),
		...GROUNDS.slice(1).map((g) => P(g)),
		P(
			'Căn cứ kết quả chấm điểm, xếp hạng thi đua năm {nam_thi_dua} của {pham_vi} đã được thống nhất và chốt kết quả;'
		),
		P(
			'{co_quan_de_nghi} kính trình {kinh_gui} xem xét, quyết định tặng {ten_danh_hieu_chung} cho {tong_so_tap_the} tập thể, cụ thể như sau:'
		),
		tagPara('{#danh_hieu}'),
		P([['{stt_danh_hieu}. {ten}: {so_luong} tập thể', { b: true }]], { keepNext: true, before: 120 }),
		table(w, [headRow, dataRow], { borders: true, header: true }),
		tagPara('{/danh_hieu}'),
		P('(Có hồ sơ, biên bản họp khối và bảng tổng hợp kết quả chấm điểm kèm theo).', { before: 120 }),
		P('Kính trình {kinh_gui} xem xét, quyết định./.'),
		signature(['- Như trên;', '- Lưu: VT.'])
	].join('');
}

function documentXml(inner: string): string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>${inner}${section()}</w:document>`;
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`;

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`;

const DOC_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

const core = (title: string) =>
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${esc(title)}</dc:title><dc:language>vi-VN</dc:language></cp:coreProperties>`;

/** File names of the built-in templates (downloads). */
export const DEFAULT_TEMPLATE_NAMES: Record<DecisionDoc, string> = {
	submission: 'mau-to-trinh-khen-thuong.docx',
	decision: 'mau-quyet-dinh-khen-thuong.docx'
};

/** The built-in template of a document, as a .docx file (the same bytes every time). */
export function defaultTemplate(doc: DecisionDoc): Uint8Array {
	const zip = new PizZip();
	// A fixed date keeps the bytes the same from one call to the next.
	const date = new Date(Date.UTC(2025, 0, 1));
	const opts = { date, createFolders: false };
	zip.file('[Content_Types].xml', CONTENT_TYPES, opts);
	zip.file('_rels/.rels', RELS, opts);
	zip.file('word/_rels/document.xml.rels', DOC_RELS, opts);
	zip.file('word/styles.xml', STYLES, opts);
	zip.file(
		'docProps/core.xml',
		core(doc === 'decision' ? 'Quyết định khen thưởng' : 'Tờ trình đề nghị khen thưởng'),
		opts
	);
	zip.file('word/document.xml', documentXml(doc === 'decision' ? decisionXml() : submissionXml()), opts);
	return zip.generate({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Why a file is not a template docxtemplater can use (Vietnamese, for the admin). */
export class TemplateFileError extends Error {}

function open(bytes: Uint8Array, modules: unknown[] = []): Docxtemplater {
	let zip: PizZip;
	try {
		zip = new PizZip(bytes);
	} catch {
		throw new TemplateFileError('không phải tệp .docx (không mở được như tệp nén Word)');
	}
	if (!zip.file('word/document.xml'))
		throw new TemplateFileError('không phải tệp Word .docx: thiếu phần nội dung word/document.xml');
	try {
		return new Docxtemplater(zip, {
			paragraphLoop: true,
			linebreaks: true,
			errorLogging: false,
			modules: modules as never[],
			nullGetter: () => ''
		});
	} catch (e) {
		throw new TemplateFileError(templateErrorText(e));
	}
}

/** docxtemplater's errors (unopened or unclosed tags, loops closed in the wrong order) in Vietnamese. */
function templateErrorText(e: unknown): string {
	const errors = (
		e as { properties?: { errors?: { properties?: { id?: string; xtag?: string; context?: string } }[] } }
	).properties?.errors;
	const list = errors?.length ? errors : [e as { properties?: { id?: string; xtag?: string } }];
	const parts = list.slice(0, 5).map((err) => {
		const id = err.properties?.id ?? '';
		const tag = err.properties?.xtag ?? '';
		if (id === 'unopened_tag') return `có dấu "}" không có dấu "{" mở (gần "${tag}")`;
		if (id === 'unclosed_tag') return `thẻ "{${tag}" chưa đóng bằng "}"`;
		if (id === 'unclosed_loop' || id === 'closing_tag_does_not_match_opening_tag' || id === 'unopened_loop')
			return `vòng lặp "${tag}" mở và đóng không khớp ({#${tag}} … {/${tag}})`;
		if (id === 'duplicate_open_tag' || id === 'duplicate_close_tag')
			return `thẻ "${tag}" có dấu ngoặc lặp lại`;
		return `mẫu không hợp lệ (${id || (e as Error).message})`;
	});
	return parts.join('; ');
}

/** The tags of a template with the loops they stand in (throws TemplateFileError for a bad file). */
export function templateTags(bytes: Uint8Array): TemplateTag[] {
	type Part = { type: string; value?: string; module?: string; subparsed?: Part[] };
	// The parsed parts of every templated file (document, headers, footers), as docxtemplater
	// hands them to its modules (its own inspect module needs lodash, which is not installed).
	const files = new Map<string, Part[]>();
	let current = '';
	const collector = {
		name: 'TagCollector',
		set(obj: { inspect?: { filePath?: string; postparsed?: Part[] } }) {
			if (obj.inspect?.filePath) current = obj.inspect.filePath;
			if (obj.inspect?.postparsed) files.set(current, obj.inspect.postparsed);
		}
	};
	open(bytes, [collector]);
	const out: TemplateTag[] = [];
	const walk = (parts: Part[], loops: string[]) => {
		for (const p of parts) {
			if (p.type !== 'placeholder' || !p.value) continue;
			const isLoop = p.module === 'loop';
			out.push({ name: p.value, loops, isLoop });
			if (isLoop && p.subparsed) walk(p.subparsed, [...loops, p.value]);
		}
	};
	for (const parts of files.values()) walk(parts, []);
	return out;
}

/** A template filled with the placeholder data: the .docx the council edits. */
export function renderDocx(template: Uint8Array, data: Record<string, unknown>): Uint8Array {
	const doc = open(template);
	try {
		doc.render(data);
	} catch (e) {
		throw new TemplateFileError(templateErrorText(e));
	}
	return doc.getZip().generate({ type: 'uint8array', compression: 'DEFLATE' });
}
