/** Self-scores and bloc-reviewed scores, driven by a latent quality per unit that drifts. */
import { LINEAGE, UNITS, YEARS, type UnitDef } from './catalog';
import type { Criterion, Pledge, Rosters } from './blocs';
import { CENT, MILL, viDate } from './csv';
import { Rng } from './random';

export interface Score {
	year: number;
	bloc: string;
	unit: string;
	criterion: string;
	/** Hundredths of a point; null = empty cell. */
	self: number | null;
	reviewed: number | null;
	note: string | null;
}

/** The bloc-year whose review is not finished: every reviewed score is left empty. */
export const UNREVIEWED = { bloc: 'K05', year: 2025 };
/** Bloc-years where two units get exactly equal totals, and the rank the tie sits at. */
export const TIES: readonly { bloc: string; year: number; rank: number }[] = [
	{ bloc: 'K03', year: 2023, rank: 1 },
	{ bloc: 'K06', year: 2021, rank: 5 }
];

function clamp(x: number, lo: number, hi: number): number {
	return Math.min(hi, Math.max(lo, x));
}

/** unit code → year → latent quality (share of the maximum it typically earns). */
export function latentQuality(): Map<string, Map<number, number>> {
	const out = new Map<string, Map<number, number>>();
	const order = [...UNITS].sort((a, b) => a.from - b.from || a.code.localeCompare(b.code));
	for (const unit of order) {
		const rng = new Rng(`quality:${unit.code}`);
		const series = new Map<number, number>();
		let q = unit.quality ?? rng.range(0.8, 0.92);
		const preds = LINEAGE.find((l) => l.successor === unit.code)?.predecessors ?? [];
		if (preds.length > 0 && unit.quality === undefined) {
			const prev = preds.map((p) => out.get(p)?.get(unit.from - 1) ?? 0.86);
			q = prev.reduce((a, b) => a + b, 0) / prev.length + rng.noise(0.01);
		}
		for (const year of YEARS) {
			if (year < unit.from || year > unit.until) continue;
			if (year > unit.from) q = clamp(q + rng.noise(0.028) + 0.15 * (0.87 - q), 0.74, 0.975);
			series.set(year, q);
		}
		out.set(unit.code, series);
	}
	return out;
}

interface UnitStyle {
	/** How far the unit overstates its self-score (0–1). */
	inflation: number;
	/** Scores in quarter points rather than half points. */
	quarters: boolean;
}

function style(unit: UnitDef): UnitStyle {
	const rng = new Rng(`style:${unit.code}`);
	return { inflation: rng.next(), quarters: rng.chance(0.35) };
}

const EVIDENCE = ['BC-UBND', 'BC-VP', 'KH-UBND', 'BC'];
const CUT_NOTES = [
	(d: string) => `Trừ ${d} điểm do thiếu minh chứng`,
	(d: string) => `Khối chấm lại sau kiểm tra chéo, giảm ${d} điểm`,
	(d: string) => `Chưa đạt chỉ tiêu được giao, trừ ${d} điểm`
];
const BONUS_NOTES = [
	'Mô hình "Dân vận khéo" được UBND tỉnh công nhận',
	'Vượt 12% chỉ tiêu thu ngân sách được giao',
	'Được tặng Bằng khen của Chủ tịch UBND tỉnh về thành tích đột xuất',
	'Sáng kiến "Một cửa số, một cửa tại chỗ" được nhân rộng'
];
const DEDUCTION_NOTES: Record<string, readonly string[]> = {
	'TRU.1': ['Không tổ chức ký giao ước thi đua năm'],
	'TRU.2': ['01 công chức bị kỷ luật khiển trách', '01 viên chức bị kỷ luật cảnh cáo'],
	'TRU.3': ['Chậm gửi báo cáo tổng kết năm', 'Hồ sơ đề nghị khen thưởng gửi chậm 10 ngày']
};

function hundredths(x: number): string {
	const s = (x / CENT).toFixed(2).replace(/\.?0+$/, '');
	return s.replace('.', ',');
}

function contentScore(
	rng: Rng,
	c: Criterion,
	q: number,
	st: UnitStyle,
	year: number
): { self: number; reviewed: number; note: string | null } {
	let step = c.max <= 15 * CENT ? 25 : c.max <= 40 * CENT ? (st.quarters ? 25 : 50) : st.quarters ? 50 : 100;
	// Half points on weighted criteria keep every total at two decimals (1,5 × 0,5 = 0,75).
	if (c.weight !== MILL) step = Math.max(step, 50);
	const frac = q + c.difficulty + rng.noise(0.045);
	const selfFrac = Math.min(1, frac + 0.02 + st.inflation * 0.035);
	let self = selfFrac >= 0.985 ? c.max : Math.floor((selfFrac * c.max) / step) * step;
	self = clamp(self, 0, c.max);
	const cutP = 0.55 - st.inflation * 0.3;
	const k = rng.chance(cutP) ? 0 : ([1, 1, 1, 2, 2, 3, 4][rng.int(0, 6)] ?? 1);
	const reviewed = Math.max(0, self - k * step);
	let note: string | null = null;
	if (reviewed < self && rng.chance(0.12)) note = rng.pick(CUT_NOTES)(hundredths(self - reviewed));
	else if (rng.chance(0.015))
		note = `Minh chứng: Báo cáo số ${rng.int(3, 320)}/${rng.pick(EVIDENCE)} ngày ${viDate(year, rng.int(10, 11), rng.int(1, 28))}`;
	return { self, reviewed, note };
}

export function buildScores(pledges: readonly Pledge[], rosters: Rosters): Score[] {
	const quality = latentQuality();
	const units = new Map(UNITS.map((u) => [u.code, u]));
	const scores: Score[] = [];
	for (const p of pledges) {
		const members = rosters.get(p.bloc)?.get(p.year) ?? [];
		const rng = new Rng(`scores:${p.bloc}:${p.year}`);
		const unreviewed = p.bloc === UNREVIEWED.bloc && p.year === UNREVIEWED.year;
		for (const code of members) {
			const unit = units.get(code);
			if (!unit) throw new Error(`unknown unit ${code}`);
			const q = quality.get(code)?.get(p.year) ?? 0.85;
			const st = style(unit);
			for (const c of p.criteria) {
				let row: { self: number; reviewed: number; note: string | null } | null = null;
				if (c.kind === 'content') row = contentScore(rng, c, q, st, p.year);
				else if (c.kind === 'bonus') {
					if (rng.chance(0.08 + Math.max(0, q - 0.84) * 6)) {
						const levels = q >= 0.9 ? [10, 15, 20, 20, 20] : [5, 10, 10, 15, 20];
						const self = Math.min(c.max, p.bonusCap, (levels[rng.int(0, 4)] ?? 10) * CENT);
						const reviewed = rng.chance(0.2) ? Math.max(0, self - 5 * CENT) : self;
						row = { self, reviewed, note: rng.chance(0.3) ? rng.pick(BONUS_NOTES) : null };
					}
				} else {
					const p0 = c.code === 'TRU.1' ? 0.015 : c.code === 'TRU.2' ? 0.04 : 0.06;
					if (rng.chance(p0)) {
						const amount =
							c.code === 'TRU.3' ? rng.int(2, c.max / 50) * 50 : rng.chance(0.5) ? c.max : c.max / 2;
						// The reviewer sometimes finds a deduction the unit did not report.
						const self = rng.chance(0.65) ? amount : 0;
						row = { self, reviewed: amount, note: rng.pick(DEDUCTION_NOTES[c.code] ?? ['']) || null };
					}
				}
				// Every line of the scoring table is filled in: bonus and deduction lines that do
				// not apply are written as 0, as units do on their score sheets.
				row ??= { self: 0, reviewed: 0, note: null };
				const blank = unreviewed || rng.chance(0.004);
				scores.push({
					year: p.year,
					bloc: p.bloc,
					unit: code,
					criterion: c.code,
					self: row.self,
					reviewed: blank ? null : row.reviewed,
					note: !unreviewed && blank ? 'Chưa thẩm định, chờ bổ sung minh chứng' : row.note
				});
			}
		}
	}
	for (const t of TIES) makeTie(scores, pledges, t.bloc, t.year, t.rank);
	return scores;
}

/** Total in hundredths × thousandths (exact): content + min(bonus, cap) − deductions. */
export function totalOf(rows: readonly Score[], pledge: Pledge): number {
	const byCode = new Map(pledge.criteria.map((c) => [c.code, c]));
	let content = 0;
	let bonus = 0;
	let deduction = 0;
	for (const r of rows) {
		const c = byCode.get(r.criterion);
		if (!c) throw new Error(`criterion ${r.criterion} not in pledge ${pledge.bloc} ${pledge.year}`);
		const pts = (r.reviewed ?? r.self ?? 0) * c.weight;
		if (c.kind === 'content') content += pts;
		else if (c.kind === 'bonus') bonus += pts;
		else deduction += pts;
	}
	return content + Math.min(bonus, pledge.bonusCap * MILL) - deduction;
}

/** Units of a bloc-year ordered by total, best first. */
export function ranking(scores: readonly Score[], pledge: Pledge): { unit: string; total: number }[] {
	const byUnit = new Map<string, Score[]>();
	for (const s of scores) {
		if (s.year !== pledge.year || s.bloc !== pledge.bloc) continue;
		const list = byUnit.get(s.unit) ?? [];
		list.push(s);
		byUnit.set(s.unit, list);
	}
	return [...byUnit.entries()]
		.map(([unit, rows]) => ({ unit, total: totalOf(rows, pledge) }))
		.sort((a, b) => b.total - a.total || a.unit.localeCompare(b.unit));
}

/**
 * Gives the unit ranked `rank` + 1 exactly the total of the unit ranked `rank`: it takes over that
 * unit's score set, then a quarter point moves between two of its criteria of equal weight, so
 * the per-criterion grid differs while the totals are equal.
 */
function makeTie(
	scores: Score[],
	pledges: readonly Pledge[],
	bloc: string,
	year: number,
	rank: number
): void {
	const pledge = pledges.find((p) => p.bloc === bloc && p.year === year);
	if (!pledge) throw new Error(`no pledge ${bloc} ${year}`);
	const order = ranking(scores, pledge);
	const a = order[rank - 1]?.unit;
	const b = order[rank]?.unit;
	if (!a || !b) throw new Error(`bloc ${bloc} ${year} too small for a tie at rank ${rank}`);
	const source = scores.filter((s) => s.year === year && s.bloc === bloc && s.unit === a);
	for (let i = scores.length - 1; i >= 0; i--) {
		const s = scores[i];
		if (s && s.year === year && s.bloc === bloc && s.unit === b) scores.splice(i, 1);
	}
	const copies = source.map((s) => ({ ...s, unit: b, note: null, reviewed: s.reviewed ?? s.self }));
	const weightOf = new Map(pledge.criteria.map((c) => [c.code, c]));
	const unitWeight = (s: Score): boolean => {
		const c = weightOf.get(s.criterion);
		return c?.kind === 'content' && c.weight === MILL;
	};
	const up = copies.find((s) => unitWeight(s) && (s.reviewed ?? 0) + 25 <= (s.self ?? 0));
	const down = copies.find((s) => s !== up && unitWeight(s) && (s.reviewed ?? 0) >= 25);
	if (!up || !down) throw new Error(`cannot shape the tie in ${bloc} ${year}`);
	up.reviewed = (up.reviewed ?? 0) + 25;
	down.reviewed = (down.reviewed ?? 0) - 25;
	scores.push(...copies);
}
