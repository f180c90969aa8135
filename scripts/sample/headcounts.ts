/**
 * Số người of each unit and year, consistent with the awards: at least everyone who received an
 * individual award as a member (citizens are not members), and, for a unit whose collective
 * received Tập thể lao động xuất sắc, enough Lao động tiên tiến holders to reach 70% of the
 * members, except where `HEADCOUNT_PLANTS` says otherwise. Its own random stream, so the other
 * files of the sample do not change.
 */
import type { Award } from './awards';
import { HEADCOUNT_PLANTS } from './catalog';
import { Rng } from './random';

export interface Headcount {
	year: number;
	unit: string;
	members: number;
	tasksCompleted: number;
}

export function buildHeadcounts(
	unitYears: readonly { unit: string; year: number }[],
	awards: readonly Award[]
) {
	const key = (unit: string, year: number) => `${unit}:${year}`;
	const ldtt = new Map<string, number>();
	const people = new Map<string, Set<string>>();
	const ttldxs = new Set<string>();
	for (const a of awards) {
		const k = key(a.unit, a.year);
		if (a.kind !== 'individual') {
			if (a.code === 'TTLDXS') ttldxs.add(k);
			continue;
		}
		if (a.category === 'citizen') continue;
		if (a.code === 'LDTT') ldtt.set(k, (ldtt.get(k) ?? 0) + 1);
		let names = people.get(k);
		if (!names) people.set(k, (names = new Set()));
		names.add(a.name);
	}
	for (const p of HEADCOUNT_PLANTS)
		if (!ttldxs.has(key(p.unit, p.year)))
			throw new Error(`HEADCOUNT_PLANTS: ${p.unit} has no Tập thể lao động xuất sắc in ${p.year}`);

	const out: Headcount[] = [];
	for (const { unit, year } of unitYears) {
		const k = key(unit, year);
		const plant = HEADCOUNT_PLANTS.find((p) => p.unit === unit && p.year === year);
		if (plant?.kind === 'missing') continue;
		const rng = new Rng(`headcount:${k}`);
		const holders = ldtt.get(k) ?? 0;
		// Share of the members holding Lao động tiên tiến.
		const share =
			plant?.kind === 'share'
				? rng.range(0.5, 0.64)
				: ttldxs.has(k)
					? rng.range(0.74, 0.93)
					: rng.range(0.6, 0.92);
		const known = people.get(k)?.size ?? 0;
		let members = Math.max(known, Math.ceil(holders / share), 1);
		// A title-holding collective is kept at ≥ 70% unless planted otherwise (rounding up may cross it).
		if (ttldxs.has(k) && plant?.kind !== 'share')
			while (members > known && holders * 100 < 70 * members) members--;
		if (ttldxs.has(k) && plant?.kind !== 'share' && holders * 100 < 70 * members)
			throw new Error(`${k}: ${holders} Lao động tiên tiến of ${members} members is below 70%`);
		// Lao động tiên tiến holders completed their tasks; a few others may not have.
		const short = plant?.kind === 'tasks' ? 1 : ttldxs.has(k) ? 0 : rng.chance(0.25) ? rng.int(1, 2) : 0;
		const tasksCompleted = Math.max(holders, members - short);
		if (plant?.kind === 'tasks' && tasksCompleted === members)
			throw new Error(`HEADCOUNT_PLANTS: ${k} cannot miss a task (every member holds Lao động tiên tiến)`);
		out.push({ year, unit, members, tasksCompleted });
	}
	return out;
}
