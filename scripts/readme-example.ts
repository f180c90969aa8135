/**
 * npm run readme:example — writes into README.md (between the ranking-example markers) one
 * sample bloc's ranking as the SQL computes it, and its top unit's arithmetic worked out by
 * hand from the score rows. tests/integration/readme-example.test.ts keeps README.md equal to
 * what this renders from the sample data.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { explainUnit } from '../src/lib/domain/explain';
import { formatNumber } from '../src/lib/domain/numbers';
import { proposalSlates } from '../src/lib/domain/ranking';
import type { RankingRow, RankingSettings } from '../src/lib/domain/types';
import { vi } from '../src/lib/i18n/vi';
import { Database } from '../src/lib/server/db';
import { importPaths } from '../src/lib/server/import';
import { loadBlocInput, rankBloc } from '../src/lib/server/ranking';

export const EXAMPLE_YEAR = 2023;
export const EXAMPLE_BLOC = 'K03';
export const START = '<!-- ranking-example:start -->';
export const END = '<!-- ranking-example:end -->';

const n = (x: number) => formatNumber(x, 2);
const sum = (terms: number[]) => (terms.length === 0 ? 'không có' : terms.map(n).join(' + '));

function proposalText(r: RankingRow): string {
	if (!r.proposal) return '—';
	const p = r.proposal === 'flag' ? 'Cờ thi đua' : 'Bằng khen';
	return r.proposalTie ? `${p} (${vi['proposal.vote']})` : p;
}

/** What the top unit's tie means for the proposals (the flag vote and its runners-up). */
function tieSentence(rows: RankingRow[], settings: RankingSettings): string {
	const { flag, certificate } = proposalSlates(rows, settings);
	const top = rows[0]!;
	if (!top.proposalTie || top.proposal !== 'flag')
		return top.proposal ? `Đơn vị được đề nghị ${proposalText(top)}.` : 'Đơn vị không được đề nghị.';
	const after = certificate.outright.map((r) => r.unitName);
	return (
		`Giao ước có ${settings.flagCount} suất Cờ thi đua cho ${flag.vote.length} đơn vị đồng hạng nên các đơn vị này được đánh dấu «${vi['proposal.vote']}»: khối bỏ phiếu kín. ` +
		(certificate.runnersUpPlaces > 0
			? `Đơn vị không được chọn đứng trên mọi đơn vị còn lại nên nhận ${certificate.runnersUpPlaces} trong ${settings.certificateCount} suất Bằng khen` +
				(after.length > 0 ? `; suất còn lại: ${after.join(', ')}.` : '.')
			: '')
	).trim();
}

/** The Markdown block: ranking table, then the top unit's arithmetic. */
export async function renderExample(
	db: Database,
	year = EXAMPLE_YEAR,
	blocCode = EXAMPLE_BLOC
): Promise<string> {
	const rows = await rankBloc(db, year, blocCode);
	const input = await loadBlocInput(db, year, blocCode);
	const [bloc] = await db.all<{ name: string }>('SELECT bloc_name AS name FROM bloc WHERE bloc_code = $1', [
		blocCode
	]);
	const top = rows[0];
	if (!top || !bloc) throw new Error(`Không có khối ${blocCode} năm ${year}`);
	const groups = top.groups;
	const out: string[] = [];
	out.push(
		`Khối **${bloc.name}** (\`${blocCode}\`), năm ${year}, tính bằng \`rankBloc\` (SQL) trên dữ liệu mẫu ` +
			`(\`npm run readme:example\` viết lại phần này; một bài kiểm thử bảo đảm nó khớp với SQL):`,
		'',
		`| Hạng | Đơn vị | ${groups.map((g) => `${g.groupCode} (≤ ${n(g.max)})`).join(' | ')} | Nội dung | Thưởng | Trừ | Tổng | % | Xếp loại | Đề nghị |`,
		`|---:|---|${groups.map(() => '---:|').join('')}---:|---:|---:|---:|---:|---|---|`
	);
	for (const r of rows) {
		const bonus = r.bonusRaw !== r.bonus ? `${n(r.bonusRaw)} → ${n(r.bonus)}` : n(r.bonus);
		const rank = r.tied ? `${r.rank} (${vi['rank.tie']})` : String(r.rank);
		const unreviewed = r.unreviewedCount > 0 ? ` ⚠ ${r.unreviewedCount}` : '';
		out.push(
			`| ${rank} | ${r.unitName}${unreviewed} | ${r.groups.map((g) => n(g.points)).join(' | ')} | ${n(r.content)} | ${bonus} | ${n(r.deduction)} | **${n(r.total)}** | ${n(r.percent)} | ${vi[`tier.${r.tier}`]} | ${proposalText(r)} |`
		);
	}

	const e = explainUnit(input, top.unitCode);
	const th = input.settings.thresholds;
	out.push(
		'',
		`Cách tính của đơn vị đứng đầu, **${top.unitName}** (\`${top.unitCode}\`), từ các dòng điểm: điểm dùng là điểm khối chấm, ` +
			'nếu chưa có thì điểm tự chấm; điểm tính = hệ số × điểm dùng.',
		'',
		'| Mã | Tiêu chí | Loại | Tối đa | Hệ số | Tự chấm | Khối chấm | Điểm tính |',
		'|---|---|---|---:|---:|---:|---:|---:|'
	);
	for (const l of e.lines) {
		const show = (x: number | null) => (x === null ? '' : n(x));
		out.push(
			`| ${l.code} | ${l.name} | ${vi[`kind.${l.kind}`]} | ${n(l.maxPoints)} | ${n(l.weight)} | ${show(l.selfScore)} | ${show(l.reviewedScore)} | ${n(l.weighted)} |`
		);
	}
	out.push('');
	for (const g of e.groups)
		out.push(
			`- Nhóm ${g.groupCode} (${g.groupName}): ${sum(g.terms)} = **${n(g.sum)}** (tối đa ${n(g.max)})`
		);
	out.push(
		`- Phần nội dung: ${e.groups.map((g) => n(g.sum)).join(' + ')} = **${n(e.content)}** (tối đa ${n(e.contentMax)})`,
		`- Điểm thưởng: ${sum(e.bonusTerms)} = ${n(e.bonusRaw)}` +
			(e.bonusCap !== null && e.bonusRaw > e.bonusCap
				? `, vượt trần ${n(e.bonusCap)} của giao ước → **${n(e.bonus)}**`
				: ` → **${n(e.bonus)}**`),
		`- Điểm trừ: ${sum(e.deductionTerms)} → **${n(e.deduction)}**`,
		`- Tổng: ${n(e.content)} + ${n(e.bonus)} − ${n(e.deduction)} = **${n(e.total)}**; tỉ lệ ${n(e.total)} / ${n(e.contentMax)} × 100 = ${formatNumber(e.percent4, 4)}… ≈ **${n(top.percent)}%**`,
		`- Xếp loại: ngưỡng Xuất sắc ${n(th.excellent)}%, Tốt ${n(th.good)}%, Khá ${n(th.fair)}%, Trung bình ${n(th.average)}% → **${vi[`tier.${top.tier}`]}**`
	);
	const tiedWith = rows.filter((r) => r !== top && r.total === top.total);
	out.push(
		tiedWith.length > 0
			? `- Hạng ${top.rank}, ${vi['rank.tie']} với ${tiedWith.map((r) => r.unitName).join(', ')} (cùng ${n(top.total)} điểm). ` +
					tieSentence(rows, input.settings)
			: `- Hạng ${top.rank}.`
	);
	if (e.total !== top.total) throw new Error(`Tính tay ${e.total} khác SQL ${top.total}`);
	return out.join('\n');
}

/** README text with the block between the markers replaced. */
export function replaceBlock(readme: string, block: string): string {
	const a = readme.indexOf(START);
	const b = readme.indexOf(END);
	if (a < 0 || b < a) throw new Error(`README.md thiếu ${START} … ${END}`);
	return `${readme.slice(0, a + START.length)}\n${block}\n${readme.slice(b)}`;
}

/** Renders from a fresh database holding the sample province. */
export async function renderFromSample(): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'ktd-readme-'));
	const db = await Database.open(join(dir, 'sample.duckdb'));
	try {
		const r = await importPaths(db, ['data/sample'], { source: 'readme' });
		if (!r.committed) throw new Error('Không nạp được dữ liệu mẫu');
		return await renderExample(db);
	} finally {
		db.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const block = await renderFromSample();
	writeFileSync('README.md', replaceBlock(readFileSync('README.md', 'utf8'), block));
	console.log('README.md: ví dụ xếp hạng đã cập nhật');
}
