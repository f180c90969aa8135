/** Yearly bloc membership (who competes where), pledges and their criteria. */
import type { CriterionKind, Role } from '../../src/lib/domain/types';
import {
	BLOC_GROUPS,
	BLOCS,
	BONUS_CAP,
	BONUS_CRITERIA,
	BONUS_GROUP,
	DEDUCTION_CRITERIA,
	DEDUCTION_GROUP,
	DEDUCTIONS_PER_BLOC,
	FIRST_YEAR,
	MERGER_YEAR,
	MOVES,
	NEW_ENTERPRISE_CRITERION,
	NEW_PARTY_CRITERION,
	NEW_REFORM_CRITERION,
	UNITS,
	YEARS,
	type BlocDef
} from './catalog';
import { CENT, MILL } from './csv';
import { Rng } from './random';

export interface Member {
	year: number;
	bloc: string;
	unit: string;
	role: Role;
}

/** bloc code → year → sorted unit codes. */
export type Rosters = Map<string, Map<number, string[]>>;

export function buildMemberships(): { members: Member[]; rosters: Rosters } {
	const rosters: Rosters = new Map(BLOCS.map((b) => [b.code, new Map<number, string[]>()]));
	for (const year of YEARS) {
		for (const unit of UNITS) {
			if (year < unit.from || year > unit.until) continue;
			const move = MOVES.find((m) => m.unit === unit.code && m.years.includes(year));
			const bloc = move ? move.bloc : unit.bloc;
			const byYear = rosters.get(bloc);
			if (!byYear) throw new Error(`unknown bloc ${bloc}`);
			const list = byYear.get(year) ?? [];
			list.push(unit.code);
			byYear.set(year, list);
		}
	}
	const members: Member[] = [];
	for (const year of YEARS) {
		for (const bloc of BLOCS) {
			const list = (rosters.get(bloc.code)?.get(year) ?? []).sort();
			// Rotation: last year's deputy leads this year, the next unit in the list deputises.
			const k = year - FIRST_YEAR;
			const leader = list[k % list.length];
			const deputy = list[(k + 1) % list.length];
			for (const unit of list)
				members.push({
					year,
					bloc: bloc.code,
					unit,
					role: unit === leader ? 'leader' : unit === deputy ? 'deputy' : 'member'
				});
		}
	}
	return { members, rosters };
}

// ---------------------------------------------------------------------------------------------

export interface CriterionTpl {
	code: string;
	groupCode: string;
	groupName: string;
	name: string;
	kind: CriterionKind;
	/** Maximum in hundredths of a point (for deductions: the most that can be taken off). */
	max: number;
	/** Weight in thousandths. */
	weight: number;
	from: number;
	until: number;
	/** Typical shortfall of units on this criterion (negative: harder). */
	difficulty: number;
	/** Changes of the maximum from a given year on. */
	maxChanges: { from: number; delta: number }[];
	/** Position inside its group, for the display order. */
	index: number;
	groupOrder: number;
}

export interface Criterion {
	code: string;
	groupCode: string;
	groupName: string;
	name: string;
	kind: CriterionKind;
	max: number;
	weight: number;
	sortOrder: number;
	difficulty: number;
}

export interface Pledge {
	year: number;
	bloc: string;
	title: string;
	signed: { day: number; month: number };
	bonusCap: number;
	settings: Partial<{
		tier_excellent_pct: number;
		tier_good_pct: number;
		tier_fair_pct: number;
		tier_average_pct: number;
		flag_count: number;
		flag_min_tier: string;
		certificate_count: number;
		certificate_min_tier: string;
	}>;
	criteria: Criterion[];
}

const WEAK = new Set([
	'Cung cấp dịch vụ công trực tuyến toàn trình',
	'Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính',
	'Phát triển đảng viên mới',
	'Giải ngân vốn đầu tư công được giao',
	'Kết quả thi học sinh giỏi cấp tỉnh, cấp quốc gia',
	NEW_REFORM_CRITERION
]);

const CONTENT_TOTAL = 950 * CENT * MILL;

function roundTo(value: number, step: number): number {
	return Math.round(value / step) * step;
}

/** Content criteria of one bloc over all years, with maxima such that Σ weight × max = 950. */
function contentTemplates(bloc: BlocDef, blocIndex: number): CriterionTpl[] {
	const rng = new Rng(`criteria:${bloc.code}`);
	const groups = BLOC_GROUPS[bloc.kind];
	const total = groups.reduce((n, g) => n + g.count, 0);
	const out: CriterionTpl[] = [];
	groups.forEach((g, gi) => {
		// The first entry of a pool is the group's key criterion; the rest vary by bloc.
		const [key, ...rest] = g.pool;
		const names = [key ?? '', ...rng.shuffle(rest)].slice(0, g.count);
		if (names.length < g.count) throw new Error(`pool too small for ${bloc.code} ${g.code}`);
		names.forEach((name, i) => {
			let weight = MILL;
			if (g.code === 'I' && i === 0) weight = 2 * MILL;
			else if (g.code === 'I' && i === 2) weight = 1.5 * MILL;
			else if (g.code === 'II' && i === 0 && total <= 18) weight = 2 * MILL;
			out.push({
				code: `${g.code}.${i + 1}`,
				groupCode: g.code,
				groupName: g.name,
				name,
				kind: 'content',
				max: 0,
				weight,
				from: FIRST_YEAR,
				until: YEARS[YEARS.length - 1] ?? FIRST_YEAR,
				difficulty: WEAK.has(name) ? rng.range(-0.15, -0.1) : rng.range(-0.06, 0.02),
				maxChanges: [],
				index: i + 1,
				groupOrder: gi
			});
		});
	});

	// Maxima: random around the average, multiples of 5 (some x,5 for weight 1), then fixed up.
	const sumWeights = out.reduce((n, c) => n + c.weight, 0);
	const avg = (950 * MILL) / sumWeights;
	for (const c of out) {
		const raw = avg * rng.range(0.6, 1.45);
		if (c.weight === MILL) {
			let m = Math.min(100, Math.max(10, roundTo(raw, 5)));
			if (rng.chance(0.2) && m < 100) m += 2.5;
			c.max = m * CENT;
		} else c.max = Math.min(60, Math.max(10, roundTo(raw, 5))) * CENT;
	}
	const weighted = (): number => out.reduce((n, c) => n + c.max * c.weight, 0);
	const ones = out.filter((c) => c.weight === MILL);
	let guard = 0;
	for (let i = 0; weighted() !== CONTENT_TOTAL; i++) {
		if (++guard > 10000) throw new Error(`cannot balance ${bloc.code}`);
		const diff = (CONTENT_TOTAL - weighted()) / MILL; // hundredths, multiple of 250
		const c = ones[i % ones.length];
		if (!c) throw new Error('no weight-1 criterion');
		const step = Math.abs(diff) >= 500 ? 500 : 250;
		const next = c.max + Math.sign(diff) * step;
		if (next >= 10 * CENT && next <= 100 * CENT) c.max = next;
	}

	const last = (groupCode: string): CriterionTpl | undefined =>
		[...out].reverse().find((c) => c.groupCode === groupCode);
	const replace = (old: CriterionTpl | undefined, name: string, year: number): void => {
		if (!old) return;
		old.until = year - 1;
		const count = out.filter((c) => c.groupCode === old.groupCode).length;
		out.push({
			...old,
			code: `${old.groupCode}.${count + 1}`,
			name,
			from: year,
			until: YEARS[YEARS.length - 1] ?? year,
			difficulty: WEAK.has(name) ? -0.12 : old.difficulty,
			maxChanges: [],
			index: count + 1
		});
	};
	// A criterion replaced by a newer one (same maximum, so the total stays 950).
	if (groups.some((g) => g.code === 'IV')) replace(last('IV'), NEW_REFORM_CRITERION, 2021 + (blocIndex % 3));
	else replace(last('I'), NEW_ENTERPRISE_CRITERION, 2022);
	// 2025: streamlining the apparatus enters every pledge.
	replace(last('II'), NEW_PARTY_CRITERION, MERGER_YEAR);
	// Some blocs move 5 points between two criteria from 2023 on.
	if (blocIndex % 2 === 0) {
		const stable = out.filter((c) => c.weight === MILL && c.from === FIRST_YEAR && c.until >= MERGER_YEAR);
		const up = stable.find((c) => c.groupCode === 'I' && c.max <= 95 * CENT);
		const down = stable.find((c) => c.groupCode !== 'I' && c.max >= 20 * CENT);
		if (up && down) {
			up.maxChanges.push({ from: 2023, delta: 5 * CENT });
			down.maxChanges.push({ from: 2023, delta: -5 * CENT });
		}
	}
	return out;
}

function extraTemplates(bloc: BlocDef): CriterionTpl[] {
	const lastYear = YEARS[YEARS.length - 1] ?? FIRST_YEAR;
	const out: CriterionTpl[] = BONUS_CRITERIA.map((b, i) => ({
		code: `${BONUS_GROUP.code}.${i + 1}`,
		groupCode: BONUS_GROUP.code,
		groupName: BONUS_GROUP.name,
		name: b.name,
		kind: 'bonus',
		max: b.max * CENT,
		weight: MILL,
		from: FIRST_YEAR,
		until: lastYear,
		difficulty: 0,
		maxChanges: [],
		index: i + 1,
		groupOrder: 100
	}));
	DEDUCTION_CRITERIA.slice(0, DEDUCTIONS_PER_BLOC[bloc.kind]).forEach((d, i) =>
		out.push({
			code: `${DEDUCTION_GROUP.code}.${i + 1}`,
			groupCode: DEDUCTION_GROUP.code,
			groupName: DEDUCTION_GROUP.name,
			name: d.name,
			kind: 'deduction',
			max: d.max * CENT,
			weight: MILL,
			// The wards' cluster added its third deduction in 2021.
			from: bloc.code === 'K02' && i === 2 ? 2021 : FIRST_YEAR,
			until: lastYear,
			difficulty: 0,
			maxChanges: [],
			index: i + 1,
			groupOrder: 101
		})
	);
	return out;
}

function pledgeSettings(bloc: string, year: number): Pledge['settings'] {
	if (bloc === 'K01') return { certificate_count: 3 };
	if (bloc === 'K06' && year >= 2023) return { tier_excellent_pct: 90 };
	if (bloc === 'K02' && year === 2024)
		return { flag_count: 1, flag_min_tier: 'excellent', certificate_count: 2, certificate_min_tier: 'good' };
	if (bloc === 'K07' && year === 2022)
		return { tier_excellent_pct: 92.5, tier_good_pct: 82.5, tier_fair_pct: 70, tier_average_pct: 50 };
	return {};
}

export function buildPledges(): Pledge[] {
	const pledges: Pledge[] = [];
	BLOCS.forEach((bloc, blocIndex) => {
		const templates = [...contentTemplates(bloc, blocIndex), ...extraTemplates(bloc)].sort(
			(a, b) => a.groupOrder - b.groupOrder || a.index - b.index
		);
		const rng = new Rng(`pledges:${bloc.code}`);
		for (const year of YEARS) {
			const criteria: Criterion[] = templates
				.filter((t) => t.from <= year && year <= t.until)
				.map((t, i) => ({
					code: t.code,
					groupCode: t.groupCode,
					groupName: t.groupName,
					name: t.name,
					kind: t.kind,
					max: t.max + t.maxChanges.filter((c) => c.from <= year).reduce((n, c) => n + c.delta, 0),
					weight: t.weight,
					sortOrder: i + 1,
					difficulty: t.difficulty
				}));
			pledges.push({
				year,
				bloc: bloc.code,
				title: `Giao ước thi đua năm ${year} của ${bloc.name}`,
				signed: { month: rng.int(1, 3), day: rng.int(5, 28) },
				bonusCap: BONUS_CAP * CENT,
				settings: pledgeSettings(bloc.code, year),
				criteria
			});
		}
	});
	return pledges;
}
