import { describe, expect, it } from 'vitest';
import { changePaths, dep, Freshness, type Change } from '../../src/lib/server/db/freshness';

/** A read of `deps` taken now, and whether it holds after `changes`. */
function holdsAfter(deps: readonly string[], ...changes: (Change[] | undefined)[]): boolean {
	const f = new Freshness();
	f.written(['']); // some earlier write
	const since = f.now;
	for (const c of changes) f.written(c ? c.flatMap(changePaths) : ['']);
	return f.fresh(deps, since);
}

const saveK04: Change[] = [{ kind: 'score', year: 2025, bloc: 'K04', units: ['SO22'] }];

describe('freshness of cached reads', () => {
	it('a save of K04 2025 leaves K01, other years and the awards, and stales what read K04 2025', () => {
		expect(holdsAfter(dep.blocYear(2025, 'K01'), saveK04)).toBe(true);
		expect(holdsAfter(dep.blocYear(2024, 'K04'), saveK04)).toBe(true);
		expect(holdsAfter([dep.award(2025), dep.pledge(null, null)], saveK04)).toBe(true);
		expect(holdsAfter(dep.blocYear(2025, 'K04'), saveK04)).toBe(false);
		// every bloc of 2025, every year, K04 across its years, everything
		expect(holdsAfter(dep.blocYear(2025, null), saveK04)).toBe(false);
		expect(holdsAfter(dep.blocYear(null, null), saveK04)).toBe(false);
		expect(holdsAfter(dep.blocYears('K04'), saveK04)).toBe(false);
		expect(holdsAfter(dep.blocYears('K01'), saveK04)).toBe(true);
		expect(holdsAfter(dep.all, saveK04)).toBe(false);
	});

	it('sessions stale only session reads; the catalog and an undeclared write stale everything', () => {
		const sessions: Change[] = [{ kind: 'sessions' }];
		expect(holdsAfter(dep.all, sessions)).toBe(true);
		expect(holdsAfter(dep.catalog, sessions)).toBe(true);
		expect(holdsAfter(dep.sessions, sessions)).toBe(false);
		for (const everything of [[{ kind: 'catalog' }] as Change[], undefined]) {
			expect(holdsAfter(dep.catalog, everything)).toBe(false);
			expect(holdsAfter(dep.sessions, everything)).toBe(false);
			expect(holdsAfter(dep.blocYear(2025, 'K01'), everything)).toBe(false);
			expect(holdsAfter([dep.award(2025)], everything)).toBe(false);
		}
	});

	it('a stage change stales that bloc-year only; an award that year only', () => {
		const stage: Change[] = [{ kind: 'stage', year: 2025, bloc: 'K04' }];
		expect(holdsAfter([dep.score(2025, 'K04')], stage)).toBe(true);
		expect(holdsAfter([dep.stage(2025, 'K04')], stage)).toBe(false);
		expect(holdsAfter([dep.stage(null, null)], stage)).toBe(false);
		const award: Change[] = [{ kind: 'award', year: 2025 }];
		expect(holdsAfter([dep.award(2025)], award)).toBe(false);
		expect(holdsAfter([dep.award(null)], award)).toBe(false);
		expect(holdsAfter([dep.award(2024)], award)).toBe(true);
		expect(holdsAfter(dep.blocYear(2025, 'K04'), award)).toBe(true);
	});

	it('a read holds with no write since, and is stale after any write of what it read', () => {
		const f = new Freshness();
		const since = f.now;
		expect(f.fresh(dep.all, since)).toBe(true);
		f.written(changePaths({ kind: 'pledge', year: 2025, bloc: 'K04' }));
		expect(f.fresh([dep.pledge(2025, 'K04')], since)).toBe(false);
		// a read that began after the write holds
		expect(f.fresh([dep.pledge(2025, 'K04')], f.now)).toBe(true);
	});
});

describe('what was written below a path since a read (a read that redoes only those parts)', () => {
	const write = (f: Freshness, ...changes: Change[]) => f.written(changes.flatMap(changePaths));

	it('names the bloc-years of a year written since, nothing when none was, null after a write of the year or everything', () => {
		const f = new Freshness();
		write(f, { kind: 'score', year: 2025, bloc: 'K01' });
		const since = f.now;
		expect(f.changedBelow('score/2025', since)).toEqual([]);
		write(f, { kind: 'score', year: 2025, bloc: 'K04', units: ['SO22'] });
		write(f, { kind: 'score', year: 2024, bloc: 'K02' });
		write(f, { kind: 'pledge', year: 2025, bloc: 'K07' });
		write(f, { kind: 'score', year: 2025, bloc: 'K04' });
		expect(f.changedBelow('score/2025', since)).toEqual(['score/2025/K04']);
		expect(f.changedBelow('pledge/2025', since)).toEqual(['pledge/2025/K07']);
		expect(f.changedBelow('score/2024', since)).toEqual(['score/2024/K02']);
		// the write before the read is not named
		expect(f.changedBelow('score/2025', since - 1)).toEqual(['score/2025/K01', 'score/2025/K04']);
		// sessions and awards are elsewhere
		f.written(changePaths({ kind: 'sessions' }));
		write(f, { kind: 'award', year: 2025 });
		expect(f.changedBelow('score/2025', since)).toEqual(['score/2025/K04']);
		const before = f.now;
		f.written(['']); // the catalog: everything
		expect(f.changedBelow('score/2025', before)).toBeNull();
		const later = f.now;
		f.written(['score/2025']);
		expect(f.changedBelow('score/2025', later)).toBeNull();
		expect(f.changedBelow('score/2024', later)).toEqual([]);
	});
});
