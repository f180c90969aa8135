/**
 * Proposals that become a decision (issue 15, part 3). Pure: which collectives a finalised
 * bloc-year (or the council, across its finalised blocs) proposes for which award, the data the
 * tờ trình and quyết định templates are filled with (the placeholders), the check of a council's
 * own template's placeholders, the decision number and date typed by the admin, and the award
 * rows a recorded decision writes (one function, `decisionAwardRow`).
 */
import { AWARDS_BY_CODE, type AwardClass } from './awards';
import { formatNumber, parseViDate } from './numbers';
import { compareVi } from './text';
import type { AwardLevel, Proposal, RankingRow } from './types';

/** The two documents: the tờ trình (submission) and the quyết định khen thưởng (decision). */
export const DECISION_DOCS = ['submission', 'decision'] as const;
export type DecisionDoc = (typeof DECISION_DOCS)[number];

export function isDecisionDoc(s: unknown): s is DecisionDoc {
	return typeof s === 'string' && (DECISION_DOCS as readonly string[]).includes(s);
}

/**
 * The award catalogue's code of each proposal of the ranking: the pledge's "Cờ thi đua" is the
 * province's flag, its "Bằng khen" the province chair's certificate (their class and level come
 * from the catalogue, as the awards import derives them from `award_code`).
 */
export const PROPOSAL_AWARD_CODES: Record<Exclude<Proposal, null>, string> = {
	flag: 'CO_TINH',
	certificate: 'BK_TINH'
};

/** One collective the decision awards. */
export interface DecisionCollective {
	unitCode: string;
	unitName: string;
	blocCode: string;
	blocName: string;
	proposal: Exclude<Proposal, null>;
	awardCode: string;
	total: number;
	rank: number;
}

/** A unit of a bloc still waiting for the bloc's vote (tied at the last place). */
export interface PendingVote {
	blocCode: string;
	blocName: string;
	unitCode: string;
	unitName: string;
	proposal: Exclude<Proposal, null>;
}

export interface BlocProposals {
	blocCode: string;
	blocName: string;
	rows: readonly Pick<RankingRow, 'unitCode' | 'unitName' | 'proposal' | 'proposalTie' | 'total' | 'rank'>[];
}

/**
 * The collectives proposed by each bloc (flag first, then certificate; by rank inside a bloc,
 * blocs in the given order), and the units still waiting for a vote: a unit tied at the last
 * place is proposed only once the vote has chosen it (issue 15 part 1 resolves `proposalTie`).
 */
export function decisionCollectives(blocs: readonly BlocProposals[]): {
	collectives: DecisionCollective[];
	pending: PendingVote[];
} {
	const collectives: DecisionCollective[] = [];
	const pending: PendingVote[] = [];
	for (const kind of ['flag', 'certificate'] as const)
		for (const b of blocs)
			for (const r of [...b.rows].sort((x, y) => x.rank - y.rank || compareVi(x.unitName, y.unitName))) {
				if (r.proposal !== kind) continue;
				if (r.proposalTie) {
					pending.push({
						blocCode: b.blocCode,
						blocName: b.blocName,
						unitCode: r.unitCode,
						unitName: r.unitName,
						proposal: kind
					});
					continue;
				}
				collectives.push({
					unitCode: r.unitCode,
					unitName: r.unitName,
					blocCode: b.blocCode,
					blocName: b.blocName,
					proposal: kind,
					awardCode: PROPOSAL_AWARD_CODES[kind],
					total: r.total,
					rank: r.rank
				});
			}
	return { collectives, pending };
}

/** The placeholders a template may use: `{name}`; loops `{#name}…{/name}`. */
export interface Placeholder {
	name: string;
	/** Inside which loop (null: anywhere). */
	loop: string | null;
	/** A loop itself. */
	isLoop?: boolean;
	vi: string;
	en: string;
}

export const PLACEHOLDERS: readonly Placeholder[] = [
	{
		name: 'co_quan_cap_tren',
		loop: null,
		vi: 'Cơ quan chủ quản (dòng trên tên cơ quan ban hành)',
		en: 'Parent body (line above the issuing body)'
	},
	{
		name: 'co_quan_ban_hanh',
		loop: null,
		vi: 'Cơ quan ban hành văn bản (chữ in hoa)',
		en: 'Issuing body (capitals)'
	},
	{
		name: 'so',
		loop: null,
		vi: 'Số, ký hiệu văn bản (ví dụ 125/QĐ-UBND); để trống: chừa chỗ điền',
		en: 'Number and symbol (e.g. 125/QĐ-UBND); empty: space left to fill in'
	},
	{ name: 'dia_danh', loop: null, vi: 'Địa danh ở dòng ngày tháng', en: 'Place of the date line' },
	{ name: 'ngay', loop: null, vi: 'Ngày (2 chữ số)', en: 'Day (2 digits)' },
	{ name: 'thang', loop: null, vi: 'Tháng (2 chữ số)', en: 'Month (2 digits)' },
	{ name: 'nam', loop: null, vi: 'Năm ban hành', en: 'Year of issue' },
	{
		name: 'ngay_van_ban',
		loop: null,
		vi: 'Ngày ban hành dạng dd/mm/yyyy',
		en: 'Date of issue as dd/mm/yyyy'
	},
	{
		name: 'tham_quyen',
		loop: null,
		vi: 'Người có thẩm quyền quyết định (ví dụ CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …)',
		en: 'The authority that decides'
	},
	{ name: 'kinh_gui', loop: null, vi: 'Nơi tờ trình kính gửi', en: 'Addressee of the submission' },
	{ name: 'co_quan_de_nghi', loop: null, vi: 'Cơ quan trình (đề nghị)', en: 'Proposing body' },
	{
		name: 'so_to_trinh',
		loop: null,
		vi: 'Số tờ trình được quyết định viện dẫn',
		en: 'Number of the submission the decision cites'
	},
	{
		name: 'ngay_to_trinh',
		loop: null,
		vi: 'Ngày của tờ trình (dd/mm/yyyy)',
		en: 'Date of the submission (dd/mm/yyyy)'
	},
	{
		name: 'the_thuc_ky',
		loop: null,
		vi: 'Thể thức ký (TM., KT., Q., TL.…)',
		en: 'Signing authority line (TM., KT. …)'
	},
	{ name: 'chuc_vu', loop: null, vi: 'Chức vụ người ký', en: "Signer's title" },
	{ name: 'nguoi_ky', loop: null, vi: 'Họ và tên người ký', en: "Signer's name" },
	{ name: 'nam_thi_dua', loop: null, vi: 'Năm thi đua', en: 'Emulation year' },
	{
		name: 'pham_vi',
		loop: null,
		vi: 'Khối thi đua (hoặc "các khối, cụm thi đua")',
		en: 'The bloc (or all blocs)'
	},
	{
		name: 'ten_danh_hieu_chung',
		loop: null,
		vi: 'Các danh hiệu, hình thức của văn bản (ví dụ "Cờ thi đua, Bằng khen")',
		en: 'The awards of the document, joined'
	},
	{ name: 'tong_so_tap_the', loop: null, vi: 'Tổng số tập thể được đề nghị', en: 'Number of collectives' },
	{
		name: 'danh_hieu',
		loop: null,
		isLoop: true,
		vi: 'Vòng lặp: mỗi danh hiệu, hình thức với các tập thể của nó',
		en: 'Loop: each award with its collectives'
	},
	{
		name: 'stt_danh_hieu',
		loop: 'danh_hieu',
		vi: 'Số thứ tự La Mã của danh hiệu (I, II…)',
		en: 'Roman number of the award'
	},
	{
		name: 'ten',
		loop: 'danh_hieu',
		vi: 'Tên danh hiệu, hình thức (theo danh mục khen thưởng)',
		en: 'Name of the award (catalogue)'
	},
	{ name: 'ma', loop: 'danh_hieu', vi: 'Mã danh hiệu, hình thức (CO_TINH, BK_TINH)', en: 'Award code' },
	{ name: 'so_luong', loop: 'danh_hieu', vi: 'Số tập thể của danh hiệu', en: 'Collectives of the award' },
	{
		name: 'tap_the',
		loop: 'danh_hieu',
		isLoop: true,
		vi: 'Vòng lặp: các tập thể của danh hiệu',
		en: 'Loop: the collectives of the award'
	},
	{
		name: 'danh_sach',
		loop: null,
		isLoop: true,
		vi: 'Vòng lặp: mọi tập thể, kèm danh hiệu (danh_hieu là tên)',
		en: 'Loop: every collective with its award'
	},
	{ name: 'stt', loop: 'tap_the', vi: 'Số thứ tự', en: 'Number' },
	{ name: 'ten_don_vi', loop: 'tap_the', vi: 'Tên tập thể (đơn vị)', en: 'Collective (unit) name' },
	{ name: 'ma_don_vi', loop: 'tap_the', vi: 'Mã đơn vị', en: 'Unit code' },
	{ name: 'ten_khoi', loop: 'tap_the', vi: 'Tên khối thi đua của đơn vị', en: "Unit's bloc" },
	{
		name: 'tong_diem',
		loop: 'tap_the',
		vi: 'Tổng điểm (dạng Việt Nam, ví dụ 95,5)',
		en: 'Total score (vi-VN)'
	},
	{ name: 'xep_hang', loop: 'tap_the', vi: 'Thứ hạng trong khối', en: 'Rank in the bloc' }
];

/** Tags a `danh_sach` row may use: those of a `tap_the` row and its award's name. */
const LIST_ROW_TAGS = new Set([
	'stt',
	'ten_don_vi',
	'ma_don_vi',
	'ten_khoi',
	'tong_diem',
	'xep_hang',
	'danh_hieu',
	'ma'
]);

/** Options of the draft typed on the decisions page (empty fields take the defaults). */
export interface DraftFields {
	so: string;
	/** yyyy-mm-dd, or null: the day left blank to fill in. */
	date: string | null;
	coQuanCapTren: string;
	coQuanBanHanh: string;
	diaDanh: string;
	thamQuyen: string;
	kinhGui: string;
	coQuanDeNghi: string;
	soToTrinh: string;
	ngayToTrinh: string | null;
	theThucKy: string;
	chucVu: string;
	nguoiKy: string;
}

export interface DraftInput {
	year: number;
	/** The bloc's name, or null for the council's document over every finalised bloc. */
	blocName: string | null;
	collectives: readonly DecisionCollective[];
	fields: DraftFields;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
/** Room left to fill in by hand (no-break spaces: kept by every word processor). */
const BLANK_DAY = '\u00a0'.repeat(6);

/** What the template is filled with: every placeholder of {@link PLACEHOLDERS}. */
export function placeholderData(input: DraftInput): Record<string, unknown> {
	const f = input.fields;
	const [y, m, d] = f.date ? f.date.split('-') : [];
	const byCode = new Map<string, DecisionCollective[]>();
	for (const c of input.collectives) {
		const list = byCode.get(c.awardCode);
		if (list) list.push(c);
		else byCode.set(c.awardCode, [c]);
	}
	const row = (c: DecisionCollective, i: number) => ({
		stt: i + 1,
		ten_don_vi: c.unitName,
		ma_don_vi: c.unitCode,
		ten_khoi: c.blocName,
		tong_diem: formatNumber(c.total),
		xep_hang: c.rank
	});
	const awards = [...byCode.entries()].map(([code, list], i) => ({
		stt_danh_hieu: ROMAN[i] ?? String(i + 1),
		ten: AWARDS_BY_CODE.get(code)?.vi ?? code,
		ma: code,
		so_luong: list.length,
		tap_the: list.map(row)
	}));
	const shortNames = [...byCode.keys()].map((code) => (code.startsWith('CO_') ? 'Cờ thi đua' : 'Bằng khen'));
	return {
		co_quan_cap_tren: f.coQuanCapTren,
		co_quan_ban_hanh: f.coQuanBanHanh,
		so: f.so || `${BLANK_DAY}/`,
		dia_danh: f.diaDanh,
		ngay: d ?? BLANK_DAY,
		thang: m ?? BLANK_DAY,
		nam: y ?? String(input.year + 1),
		ngay_van_ban: f.date ? `${d}/${m}/${y}` : '',
		tham_quyen: f.thamQuyen,
		kinh_gui: f.kinhGui,
		co_quan_de_nghi: f.coQuanDeNghi,
		so_to_trinh: f.soToTrinh || `${BLANK_DAY}/`,
		ngay_to_trinh: f.ngayToTrinh
			? f.ngayToTrinh.split('-').reverse().join('/')
			: `${BLANK_DAY}/${BLANK_DAY}/${input.year + 1}`,
		the_thuc_ky: f.theThucKy,
		chuc_vu: f.chucVu,
		nguoi_ky: f.nguoiKy,
		nam_thi_dua: input.year,
		pham_vi: input.blocName ?? 'các khối, cụm thi đua',
		ten_danh_hieu_chung: [...new Set(shortNames)].join(', ') || 'khen thưởng',
		tong_so_tap_the: input.collectives.length,
		danh_hieu: awards,
		danh_sach: input.collectives.map((c, i) => ({
			...row(c, i),
			danh_hieu: AWARDS_BY_CODE.get(c.awardCode)?.vi ?? c.awardCode,
			ma: c.awardCode
		}))
	};
}

/** A tag docxtemplater found in a template: its name, and the loops it stands in. */
export interface TemplateTag {
	name: string;
	loops: readonly string[];
	isLoop: boolean;
}

export type TemplateProblem =
	{ kind: 'unknown'; name: string } | { kind: 'misplaced'; name: string; loop: string } | { kind: 'noList' };

/**
 * A council's template checked against {@link PLACEHOLDERS}: every tag known and in its loop
 * (a `tap_the` tag inside `tap_the` or `danh_sach`), and a list of collectives somewhere
 * (the loop `danh_hieu` with `tap_the` inside, or `danh_sach`): a document without it awards no one.
 */
export function checkTemplateTags(tags: readonly TemplateTag[]): TemplateProblem[] {
	const problems: TemplateProblem[] = [];
	const known = new Map(PLACEHOLDERS.map((p) => [p.name, p]));
	const seen = new Set<string>();
	for (const t of tags) {
		const key = `${t.loops.join('>')}>${t.name}`;
		if (seen.has(key)) continue;
		seen.add(key);
		const inner = t.loops.at(-1) ?? null;
		if (inner === 'danh_sach') {
			if (!LIST_ROW_TAGS.has(t.name) && !known.has(t.name)) problems.push({ kind: 'unknown', name: t.name });
			continue;
		}
		const p = known.get(t.name);
		if (!p) {
			problems.push({ kind: 'unknown', name: t.name });
			continue;
		}
		if (p.loop !== null && !t.loops.includes(p.loop))
			problems.push({ kind: 'misplaced', name: t.name, loop: p.loop });
	}
	const hasList =
		tags.some((t) => t.isLoop && t.name === 'danh_sach') ||
		tags.some((t) => t.isLoop && t.name === 'tap_the' && t.loops.includes('danh_hieu'));
	if (!hasList) problems.push({ kind: 'noList' });
	return problems;
}

/** The longest decision number kept (the rest is refused, not cut). */
export const DECISION_NO_MAX = 60;

export type DecisionEntry =
	| { ok: true; decisionNo: string; decisionDate: string }
	| { ok: false; field: 'decisionNo' | 'decisionDate'; reason: string };

/** The decision number and date the admin typed: a number like `125/QĐ-UBND` and a real date. */
export function parseDecisionEntry(raw: { decisionNo: string; decisionDate: string }): DecisionEntry {
	const no = raw.decisionNo.trim().replace(/\s+/g, ' ');
	if (!no) return { ok: false, field: 'decisionNo', reason: 'chưa nhập số quyết định' };
	if (no.length > DECISION_NO_MAX)
		return { ok: false, field: 'decisionNo', reason: `dài quá ${DECISION_NO_MAX} ký tự` };
	if (!/^\d+/.test(no))
		return { ok: false, field: 'decisionNo', reason: `"${no}" không bắt đầu bằng số (ví dụ 125/QĐ-UBND)` };
	if (!raw.decisionDate.trim())
		return { ok: false, field: 'decisionDate', reason: 'chưa nhập ngày quyết định' };
	const date = parseViDate(raw.decisionDate);
	if (!date.ok) return { ok: false, field: 'decisionDate', reason: date.reason };
	return { ok: true, decisionNo: no, decisionDate: date.value };
}

/** The key of a decision: one per bloc-year, one per council-year. */
export function decisionKey(year: number, blocCode: string | null): string {
	return blocCode === null ? `council/${year}` : `bloc/${year}/${blocCode}`;
}

/** The deterministic id of an award a decision writes: the same for the bloc's and the council's decision. */
export function decisionAwardId(year: number, unitCode: string, awardCode: string): string {
	return `decision|${year}|${unitCode}|${awardCode}`;
}

/** One row of the `award` table, as a recorded decision writes it. */
export interface DecisionAwardRow {
	award_id: string;
	year: number;
	unit_code: string;
	recipient_kind: 'collective';
	recipient_name: string;
	recipient_category: null;
	award_code: string;
	award_class: AwardClass;
	level: AwardLevel;
	gender: null;
	ethnic_minority: boolean;
	remote_area: boolean;
	small_collective: boolean;
	decision_no: string;
	decision_date: string;
}

/**
 * The award row of one collective of a recorded decision: class and level from the award
 * catalogue. Every row a decision writes is made here: the fields the award table gains later
 * (issue 15 part 6: enterprise flag of the collective, award method — "thường xuyên", annual
 * emulation titles and forms) are set in this one place.
 */
export function decisionAwardRow(
	year: number,
	c: Pick<DecisionCollective, 'unitCode' | 'unitName' | 'awardCode'>,
	unit: { remoteArea: boolean },
	decision: { decisionNo: string; decisionDate: string }
): DecisionAwardRow {
	const def = AWARDS_BY_CODE.get(c.awardCode);
	if (!def) throw new Error(`Mã khen thưởng không có trong danh mục: ${c.awardCode}`);
	return {
		award_id: decisionAwardId(year, c.unitCode, c.awardCode),
		year,
		unit_code: c.unitCode,
		recipient_kind: 'collective',
		recipient_name: c.unitName,
		recipient_category: null,
		award_code: c.awardCode,
		award_class: def.awardClass,
		level: def.defaultLevel,
		gender: null,
		ethnic_minority: false,
		remote_area: unit.remoteArea,
		small_collective: false,
		decision_no: decision.decisionNo,
		decision_date: decision.decisionDate
	};
}
