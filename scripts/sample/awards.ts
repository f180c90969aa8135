/** Titles and forms awarded to individuals and collectives of each unit and year. */
import type { AwardLevel, Gender, RecipientCategory, UnitType } from '../../src/lib/domain/types';
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
	kind: 'individual' | 'collective';
	name: string;
	category: RecipientCategory | null;
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
			a: Omit<Award, 'id' | 'level' | 'decisionNo' | 'decision'>,
			localNo: string,
			day: number
		): void => {
			const def = AWARDS_BY_CODE.get(a.code);
			if (!def) throw new Error(`unknown award ${a.code}`);
			const prov = def.defaultLevel === 'grassroots' ? undefined : province.get(a.code);
			seq += 1;
			awards.push({
				...a,
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
	return awards;
}
