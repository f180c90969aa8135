/** Titles and forms awarded to individuals and collectives of each unit and year. */
import type {
	AwardLevel,
	AwardMethod,
	Gender,
	OfficialClass,
	RecipientCategory,
	RecipientKind,
	UnitType
} from '../../src/lib/domain/types';
import { AWARDS_BY_CODE } from '../../src/lib/domain/awards';
import {
	CSTDCS_VIOLATIONS,
	FAMILY_NAMES,
	GIVEN_FEMALE,
	GIVEN_MALE,
	LINEAGE,
	MIDDLE_FEMALE,
	MIDDLE_MALE,
	MINORITY_FAMILY_NAMES,
	PROFILE_WEIGHTS,
	ROSTER_CATEGORIES,
	ROSTER_MIX,
	SUBUNITS,
	UNITS,
	YEARS,
	type AwardProfile,
	type UnitDef
} from './catalog';
import { Rng } from './random';

export interface Person {
	name: string;
	category: RecipientCategory;
	gender: Gender;
	minority: boolean;
}

export interface Award {
	id: string;
	year: number;
	unit: string;
	kind: RecipientKind;
	name: string;
	category: RecipientCategory | null;
	/** Individuals: the class of Thông tư 2/2023/TT-BNV (Biểu 0602/0603). */
	officialClass: OfficialClass | null;
	/** Collectives: whether the collective is an enterprise. */
	enterprise: boolean | null;
	method: AwardMethod;
	code: string;
	/** Written only when it differs from grassroots (the catalogue default is used otherwise). */
	level: AwardLevel | null;
	gender: Gender | null;
	minority: boolean | null;
	remote: boolean;
	small: boolean | null;
	decisionNo: string;
	decision: { day: number; month: number; year: number };
}

/** Standings the awards follow: bloc-year → unit codes by rank (best first). */
export type Standings = Map<string, string[]>;

const FEMALE_SHARE: Readonly<Record<UnitType, number>> = {
	commune: 0.4,
	ward: 0.48,
	party_agency: 0.45,
	mass_org: 0.58,
	department: 0.46,
	school: 0.66,
	enterprise: 0.3,
	other: 0.45
};

const LDTT_RANGE: Readonly<Record<UnitType, readonly [number, number]>> = {
	commune: [5, 11],
	ward: [5, 11],
	party_agency: [6, 12],
	mass_org: [6, 12],
	department: [7, 14],
	school: [8, 16],
	enterprise: [8, 18],
	other: [5, 10]
};

function personName(rng: Rng, gender: Gender, minority: boolean): string {
	const family = minority
		? rng.pick(MINORITY_FAMILY_NAMES)
		: (FAMILY_NAMES[rng.weightedIndex(FAMILY_NAMES.map(([, w]) => w))]?.[0] ?? 'Nguyễn');
	const middle = rng.pick(gender === 'female' ? MIDDLE_FEMALE : MIDDLE_MALE);
	const given = rng.pick(gender === 'female' ? GIVEN_FEMALE : GIVEN_MALE);
	return `${family} ${middle} ${given}`;
}

function minorityShare(unit: UnitDef): number {
	if (unit.remote) return 0.6;
	return unit.type === 'commune' ? 0.15 : 0.04;
}

function newPerson(rng: Rng, unit: UnitDef, category: RecipientCategory, taken: Set<string>): Person {
	for (;;) {
		const gender: Gender = rng.chance(FEMALE_SHARE[unit.type]) ? 'female' : 'male';
		const minority = rng.chance(minorityShare(unit));
		const name = personName(rng, gender, minority);
		if (taken.has(name)) continue;
		taken.add(name);
		return { name, category, gender, minority };
	}
}

/** The people of each unit, stable across years; a merged unit inherits its predecessors' staff. */
function buildStaff(): Map<string, Person[]> {
	const staff = new Map<string, Person[]>();
	const order = [...UNITS].sort((a, b) => a.from - b.from || a.code.localeCompare(b.code));
	for (const unit of order) {
		const preds = LINEAGE.find((l) => l.successor === unit.code)?.predecessors ?? [];
		if (preds.length > 0) {
			const seen = new Set<string>();
			const merged: Person[] = [];
			for (const p of preds.flatMap((code) => staff.get(code) ?? []))
				if (!seen.has(p.name)) {
					seen.add(p.name);
					merged.push(p);
				}
			staff.set(unit.code, merged);
			continue;
		}
		const rng = new Rng(`staff:${unit.code}`);
		const size = 44;
		const taken = new Set<string>();
		const people: Person[] = [];
		const mix = ROSTER_MIX[unit.type];
		ROSTER_CATEGORIES.forEach((category, i) => {
			const n = Math.max(1, Math.round((mix[i] ?? 0) * size));
			for (let k = 0; k < n; k++) people.push(newPerson(rng, unit, category, taken));
		});
		staff.set(unit.code, people);
	}
	return staff;
}

/** Draws `n` distinct people, favouring categories by the unit's profile (`power` sharpens it). */
function draw(rng: Rng, pool: readonly Person[], n: number, profile: AwardProfile, power = 1): Person[] {
	const weights = PROFILE_WEIGHTS[profile];
	const left = [...pool];
	const out: Person[] = [];
	while (out.length < n && left.length > 0) {
		const w = left.map((p) => (weights[ROSTER_CATEGORIES.indexOf(p.category)] ?? 1) ** power);
		const i = rng.weightedIndex(w);
		const [p] = left.splice(i, 1);
		if (p) out.push(p);
	}
	return out;
}

function defaultProfile(unit: UnitDef): AwardProfile {
	if (unit.profile) return unit.profile;
	return unit.type === 'enterprise' ? 'worker_heavy' : 'balanced';
}

/** Letters for a decision number: "Sở Kế hoạch và Đầu tư" → "SKHĐT". */
export function abbreviation(unit: UnitDef): string {
	if (unit.type === 'commune' || unit.type === 'ward') return 'UBND';
	const skip = new Set(['và', '-', 'tỉnh']);
	return unit.name
		.replace(/^(Trường|Công ty (TNHH MTV|Cổ phần))\s+/, '')
		.split(/[\s,]+/)
		.filter((w) => w && !skip.has(w))
		.map((w) => (/^[A-ZĐ]+$/.test(w) ? w : w.charAt(0)))
		.join('')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toUpperCase();
}

export function buildAwards(
	standings: Standings,
	blocOf: (unit: string, year: number) => string | null
): Award[] {
	const staff = buildStaff();
	const awards: Award[] = [];
	for (const year of YEARS) {
		let seq = 0;
		const yr = new Rng(`province-decisions:${year}`);
		// Province-level decisions of the year (one decision per kind of award).
		const province = new Map<string, { no: string; month: number; day: number }>(
			['BK_TINH', 'CO_TINH', 'TTLDXS', 'CSTD_TINH'].map((code) => [
				code,
				{ no: `${yr.int(90, 480)}/QĐ-UBND`, month: yr.int(1, 3), day: yr.int(5, 28) }
			])
		);
		const add = (
			a: Omit<Award, 'id' | 'level' | 'decisionNo' | 'decision' | 'officialClass' | 'enterprise' | 'method'>,
			localNo: string,
			day: number
		): void => {
			const def = AWARDS_BY_CODE.get(a.code);
			if (!def) throw new Error(`unknown award ${a.code}`);
			const prov = def.defaultLevel === 'grassroots' ? undefined : province.get(a.code);
			seq += 1;
			awards.push({
				...a,
				officialClass: null,
				enterprise: null,
				method: 'regular',
				id: `KT${year}-${String(seq).padStart(6, '0')}`,
				level: def.defaultLevel === 'grassroots' ? null : def.defaultLevel,
				decisionNo: prov ? prov.no : localNo,
				decision: prov ? { year: year + 1, month: prov.month, day: prov.day } : { year, month: 12, day }
			});
		};

		for (const unit of [...UNITS].sort((a, b) => a.code.localeCompare(b.code))) {
			if (year < unit.from || year > unit.until) continue;
			const bloc = blocOf(unit.code, year);
			if (!bloc) continue;
			const rng = new Rng(`awards:${unit.code}:${year}`);
			const profile = defaultProfile(unit);
			const people = staff.get(unit.code) ?? [];
			const localNo = `${rng.int(20, 360)}/QĐ-${abbreviation(unit)}`;
			const localDay = rng.int(10, 28);
			const ind = (p: Person, code: string): void =>
				add(
					{
						year,
						unit: unit.code,
						kind: 'individual',
						name: p.name,
						category: p.category,
						code,
						gender: p.gender,
						minority: p.minority,
						remote: unit.remote,
						small: null
					},
					localNo,
					localDay
				);
			const col = (name: string, small: boolean, code: string): void =>
				add(
					{
						year,
						unit: unit.code,
						kind: 'collective',
						name,
						category: null,
						code,
						gender: null,
						minority: null,
						remote: unit.remote,
						small
					},
					localNo,
					localDay
				);

			// Individuals: LĐTT, CSTĐCS (normally ≤ 15% of LĐTT), Giấy khen, Bằng khen, CSTĐ tỉnh.
			const [lo, hi] = LDTT_RANGE[unit.type];
			const scale = unit.from === 2025 && LINEAGE.some((l) => l.successor === unit.code) ? 1.5 : 1;
			const ldtt = draw(rng, people, Math.round(rng.int(lo, hi) * scale), profile);
			const cap = Math.floor((15 * ldtt.length) / 100);
			const violation = CSTDCS_VIOLATIONS.some((v) => v.unit === unit.code && v.year === year);
			const nCs = violation ? cap + 2 : cap > 0 && rng.chance(0.3) ? cap - 1 : cap;
			const cstdcs = draw(rng, ldtt, nCs, profile, 1.5);
			for (const p of ldtt) ind(p, 'LDTT');
			for (const p of cstdcs) ind(p, 'CSTDCS');
			for (const p of draw(rng, people, rng.int(1, 3), profile, 1.5)) ind(p, 'GK');
			if (rng.chance(0.22))
				for (const p of draw(rng, cstdcs.length ? cstdcs : ldtt, 1, profile, 2)) ind(p, 'BK_TINH');
			if (cstdcs.length && rng.chance(0.05))
				for (const p of draw(rng, cstdcs, 1, profile, 2)) ind(p, 'CSTD_TINH');
			if ((unit.type === 'commune' || unit.type === 'ward') && rng.chance(0.5)) {
				const taken = new Set(people.map((p) => p.name));
				for (let k = rng.int(1, 2); k > 0; k--) ind(newPerson(rng, unit, 'citizen', taken), 'GK');
			}

			// Collectives inside the unit, then the unit itself for the bloc's flag and certificates.
			const subunits = rng.shuffle(SUBUNITS[unit.type]);
			const ttldtt = subunits.slice(0, rng.int(1, 3));
			for (const [name, small] of ttldtt) col(name, small, 'TTLDTT');
			const first = ttldtt[0];
			if (first && cstdcs.length > 0 && rng.chance(0.35)) col(first[0], first[1], 'TTLDXS');
			const other = subunits[ttldtt.length];
			if (other && rng.chance(0.5)) col(other[0], other[1], 'GK');
			const rank = (standings.get(`${bloc}:${year}`) ?? []).indexOf(unit.code);
			if (rank === 0 && rng.chance(0.8)) col(unit.name, false, 'CO_TINH');
			else if ((rank === 1 || rank === 2) && rng.chance(0.7)) col(unit.name, false, 'BK_TINH');
		}
	}
	stateLevel(awards, standings, blocOf);
	for (const a of awards) describeOfficially(a);
	return awards;
}

const UNIT_BY_CODE = new Map(UNITS.map((u) => [u.code, u]));

/**
 * Issue 15 part 6 (Biểu 0602/0603): the official class of each individual, the enterprise flag
 * of each collective and the award method, drawn from the award's own id (the other awards'
 * draws stay as they were). Leaders of departments, party agencies and mass organisations are
 * «lãnh đạo cấp vụ, sở, ngành»; of enterprises «doanh nhân»; of communes, wards and schools,
 * like managers, «lãnh đạo khác từ phó phòng trở lên»; the others direct workers.
 */
function describeOfficially(a: Award): void {
	const unit = UNIT_BY_CODE.get(a.unit);
	if (a.kind === 'individual' && a.officialClass === null) {
		const c = a.category;
		a.officialClass =
			c === 'leader'
				? unit?.type === 'enterprise'
					? 'entrepreneur'
					: unit?.type === 'department' || unit?.type === 'party_agency' || unit?.type === 'mass_org'
						? 'department_leader'
						: 'other_leader'
				: c === 'manager'
					? 'other_leader'
					: 'direct_worker';
	}
	if (a.kind === 'collective' && a.enterprise === null)
		a.enterprise = unit?.type === 'enterprise' && a.name === unit.name;
	if (a.method === 'regular' && (a.code === 'GK' || a.code === 'BK_TINH')) {
		const r = new Rng(`method:${a.id}`).int(1, 100);
		a.method = r <= 12 ? 'thematic' : r <= 16 ? 'sudden' : 'regular';
	}
}

/**
 * State-level awards (Bằng khen của Thủ tướng, Chiến sĩ thi đua toàn quốc, Huân chương Lao động,
 * Cờ thi đua của Chính phủ) for the achievements of each year, decided the next year, and
 * awards to households (Hộ gia đình) of communes: appended after the other awards with their own
 * draws, so that every earlier award keeps its id and values.
 */
function stateLevel(
	awards: Award[],
	standings: Standings,
	blocOf: (unit: string, year: number) => string | null
): void {
	for (const year of YEARS) {
		const rng = new Rng(`state-level:${year}`);
		let seq = 900_000;
		const ofYear = awards.filter((a) => a.year === year);
		const push = (
			a: Omit<Award, 'id' | 'remote' | 'decisionNo' | 'decision'>,
			no: string,
			date: Award['decision']
		) => {
			seq += 1;
			awards.push({
				...a,
				id: `KT${year}-${String(seq).padStart(6, '0')}`,
				remote: UNIT_BY_CODE.get(a.unit)?.remote ?? false,
				decisionNo: no,
				decision: date
			});
		};
		const person = (a: Award, code: string, method: AwardMethod) => ({
			year,
			unit: a.unit,
			kind: 'individual' as const,
			name: a.name,
			category: a.category,
			officialClass: null,
			enterprise: null,
			code,
			level: 'national' as const,
			gender: a.gender,
			minority: a.minority,
			small: null,
			method
		});
		const ttg = {
			no: `${rng.int(600, 1900)}/QĐ-TTg`,
			date: { year: year + 1, month: rng.int(5, 9), day: rng.int(2, 27) }
		};
		const ctn = {
			no: `${rng.int(400, 1200)}/QĐ-CTN`,
			date: { year: year + 1, month: rng.int(8, 11), day: rng.int(2, 27) }
		};
		// Prime Minister's certificates to a few provincial emulation fighters and grassroots ones.
		const cs = rng.shuffle(
			ofYear.filter((a) => a.kind === 'individual' && (a.code === 'CSTDCS' || a.code === 'BK_TINH'))
		);
		const nBk = rng.int(3, 6);
		cs.slice(0, nBk).forEach((a, i) =>
			push(person(a, 'BK_TTG', i === 0 ? 'thematic' : i === 1 ? 'sudden' : 'regular'), ttg.no, ttg.date)
		);
		// A national emulation fighter every year: a provincial one, else a grassroots one.
		const fighter = ofYear.find((a) => a.code === 'CSTD_TINH') ?? cs[nBk];
		if (fighter) push(person(fighter, 'CSTD_TQ', 'regular'), ttg.no, ttg.date);
		// A Labour Order for a long-serving leader (cống hiến) now and then.
		const leaders = ofYear.filter(
			(a) => a.kind === 'individual' && a.category === 'leader' && a.code === 'LDTT'
		);
		const veteran = leaders[rng.int(0, Math.max(0, leaders.length - 1))];
		if (veteran) {
			const p = person(veteran, 'HC_LD', 'dedication');
			push(p, ctn.no, ctn.date);
			const last = awards[awards.length - 1]!;
			last.officialClass = rng.chance(0.5) ? 'senior_leader' : null;
		}
		// The bloc leaders: the Government's flag to one, Prime Minister's certificates to others.
		const leadersOfBlocs = [...standings]
			.filter(([k]) => k.endsWith(`:${year}`))
			.map(([, order]) => order[0])
			.filter((u): u is string => Boolean(u))
			.sort();
		const collective = (unitCode: string, code: string) => {
			const unit = UNIT_BY_CODE.get(unitCode)!;
			return {
				year,
				unit: unitCode,
				kind: 'collective' as const,
				name: unit.name,
				category: null,
				officialClass: null,
				enterprise: unit.type === 'enterprise',
				code,
				level: 'national' as const,
				gender: null,
				minority: null,
				small: false,
				method: 'regular' as const
			};
		};
		const order = rng.shuffle(leadersOfBlocs.filter((u) => blocOf(u, year)));
		if (order[0]) push(collective(order[0], 'CO_CP'), ttg.no, ttg.date);
		const certified = order.slice(1, 1 + rng.int(1, 3));
		// The enterprises' bloc leader among them (Biểu 0602 «Trong đó: Doanh nghiệp»).
		const firm = order.find((u) => UNIT_BY_CODE.get(u)?.type === 'enterprise');
		if (firm && firm !== order[0] && !certified.includes(firm)) certified.push(firm);
		for (const u of certified) push(collective(u, 'BK_TTG'), ttg.no, ttg.date);
		const medalled = order.find((u) => u !== order[0] && !certified.includes(u));
		if (medalled) push(collective(medalled, 'HC_LD'), ctn.no, ctn.date);
		// Households of communes in a campaign (chuyên đề): the Prime Minister's certificate to the
		// last one drawn, the province's or the commune's to the others.
		const communes = UNITS.filter(
			(u) =>
				(u.type === 'commune' || u.type === 'ward') &&
				year >= u.from &&
				year <= u.until &&
				blocOf(u.code, year)
		);
		for (let k = rng.int(3, 5); k > 0; k--) {
			const unit = rng.pick(communes);
			const gender: Gender = rng.chance(0.5) ? 'female' : 'male';
			const head = personName(rng, gender, rng.chance(minorityShare(unit)));
			if (k === 1) {
				push(
					{
						year,
						unit: unit.code,
						kind: 'household',
						name: `Hộ ${gender === 'female' ? 'bà' : 'ông'} ${head}`,
						category: null,
						officialClass: null,
						enterprise: null,
						code: 'BK_TTG',
						level: 'national',
						gender: null,
						minority: null,
						small: null,
						method: 'thematic'
					},
					ttg.no,
					ttg.date
				);
				continue;
			}
			const provincial = rng.chance(0.5);
			push(
				{
					year,
					unit: unit.code,
					kind: 'household',
					name: `Hộ ${gender === 'female' ? 'bà' : 'ông'} ${head}`,
					category: null,
					officialClass: null,
					enterprise: null,
					code: provincial ? 'BK_TINH' : 'GK',
					level: provincial ? 'province' : null,
					gender: null,
					minority: null,
					small: null,
					method: 'thematic'
				},
				provincial ? `${rng.int(90, 480)}/QĐ-UBND` : `${rng.int(20, 360)}/QĐ-UBND`,
				provincial
					? { year: year + 1, month: rng.int(4, 11), day: rng.int(2, 27) }
					: { year, month: 12, day: rng.int(10, 28) }
			);
		}
	}
}
