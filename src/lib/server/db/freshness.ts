/**
 * What a write changed and what a read depended on, so that a write empties only the cached
 * reads and pages it can have changed (issue 12: at year-end leaders save sheets and officers
 * sign in all day; emptying every cache on every write made almost every request render again).
 *
 * Dependencies are paths in a tree of data, by table family and bloc-year:
 *
 *   ''                      every data table (a write naming nothing more precise: catalog, settings)
 *   'score/2025/K04'        score cells, sheet versions, their audit and stored totals of one bloc-year
 *   'stage/2025/K04'        the lifecycle stage of one bloc-year
 *   'pledge/2025/K04'       pledge settings, criteria and membership of one bloc-year
 *   'award/2025'            award records and recipients of one year
 *   '!sessions'             bookkeeping outside the data tree (sessions); never touches data reads
 *
 * A read that depends on 'score/2025' depends on the scores of every bloc of 2025; one that
 * depends on '' depends on everything (what a read that names nothing gets). A write of
 * 'score/2025/K04' makes stale the reads of 'score/2025/K04', 'score/2025', 'score' and '', and
 * nothing else; a write of '' (the catalog: units, blocs, council settings, accounts) makes every
 * data read stale.
 *
 * Each write takes the next sequence number. A read is fresh if it started (sequence `since`)
 * after the last write at or below each of its paths, and after the last write naming an
 * ancestor of one of them. A read that overlapped a write started before it, so it is stale: no
 * reader ever sees data older than a write that had committed when its read began.
 */

/** The data a write changed. Writes that name nothing change everything (`catalog` + totals). */
export type Change =
	/** Score cells of one bloc-year (sheet save, import); `units`: only these units' cells. */
	| { kind: 'score'; year: number; bloc: string; units?: readonly string[] }
	/** The lifecycle stage of one bloc-year. */
	| { kind: 'stage'; year: number; bloc: string }
	/** Pledge settings, criteria or membership of one bloc-year. */
	| { kind: 'pledge'; year: number; bloc: string }
	/** Award records of one year. */
	| { kind: 'award'; year: number }
	/**
	 * Units, blocs, council and rule settings, accounts: read by nearly every page. Not an input
	 * of the stored totals and ranks (ranking/totals.ts): a write of the council's ranking
	 * defaults (tier thresholds, proposal places) names no changes, so that every bloc-year is
	 * ranked again.
	 */
	| { kind: 'catalog' }
	/** Sessions: bookkeeping that no data read depends on. */
	| { kind: 'sessions' };

/**
 * The dependency paths a change writes: a bloc-year's data is found by year then bloc
 * ('score/2025/K04') and by bloc across its years ('score~K04').
 */
export function changePaths(c: Change): string[] {
	switch (c.kind) {
		case 'score':
		case 'stage':
		case 'pledge':
			return [`${c.kind}/${c.year}/${c.bloc}`, `${c.kind}~${c.bloc}`];
		case 'award':
			return [`award/${c.year}`];
		case 'catalog':
			return [''];
		case 'sessions':
			return [SESSIONS];
	}
}

export const SESSIONS = '!sessions';

/** What reads depend on: build them with these, never by hand. */
export const dep = {
	/** Everything: what a read that declares nothing depends on. */
	all: [''] as readonly string[],
	/** Only the catalog (units, blocs, settings): stale after a catalog write only. */
	catalog: [] as readonly string[],
	/** Scores, stage and pledge of one bloc-year; `year`/`bloc` null: of every year / bloc. */
	blocYear(year: number | null, bloc: string | null): string[] {
		return ['score', 'stage', 'pledge'].map((k) => path(k, year, bloc));
	},
	/** Scores, stage and pledge of one bloc in every year. */
	blocYears(bloc: string): string[] {
		return ['score', 'stage', 'pledge'].map((k) => `${k}~${bloc}`);
	},
	/** Scores, stages, pledges and awards of everything (but the sessions). */
	data: ['score', 'stage', 'pledge', 'award'] as readonly string[],
	score(year: number | null, bloc: string | null): string {
		return path('score', year, bloc);
	},
	stage(year: number | null, bloc: string | null): string {
		return path('stage', year, bloc);
	},
	pledge(year: number | null, bloc: string | null): string {
		return path('pledge', year, bloc);
	},
	/** Award records of one year (null: of every year). */
	award(year: number | null): string {
		return year === null ? 'award' : `award/${year}`;
	},
	sessions: [SESSIONS] as readonly string[]
};

function path(kind: string, year: number | null, bloc: string | null): string {
	if (year === null) return bloc === null ? kind : `${kind}~${bloc}`;
	if (bloc === null) return `${kind}/${year}`;
	return `${kind}/${year}/${bloc}`;
}

/** '' and every proper prefix of a path, for data paths; nothing for '!…' paths. */
function ancestors(p: string): string[] {
	if (p.startsWith('!')) return [];
	if (p === '') return [];
	const parts = p.split('/');
	const out = [''];
	for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
	return out;
}

/** Sequence numbers of the writes, by dependency path. */
export class Freshness {
	private seq = 0;
	/** Last write at or below a path. */
	private readonly below = new Map<string, number>();
	/** Last write naming exactly a path. */
	private readonly at = new Map<string, number>();

	/** The sequence number of the last write: a read starting now records it as `since`. */
	get now(): number {
		return this.seq;
	}

	/** Records a write of these paths (at least one; [''] for "everything"). */
	written(paths: readonly string[]): void {
		const s = ++this.seq;
		for (const p of paths.length ? paths : ['']) {
			this.at.set(p, s);
			this.below.set(p, s);
			for (const a of ancestors(p)) this.below.set(a, s);
		}
	}

	/**
	 * The paths just below `prefix` ('score/2025' → 'score/2025/K04') written since `since`, for a
	 * read that can redo only those parts; null when a write at or above `prefix` (the whole year,
	 * everything) makes the whole read stale.
	 */
	changedBelow(prefix: string, since: number): string[] | null {
		for (const a of [prefix, ...ancestors(prefix)]) if ((this.at.get(a) ?? 0) > since) return null;
		if ((this.below.get(prefix) ?? 0) <= since) return [];
		const depth = prefix.split('/').length + 1;
		const out = new Set<string>();
		for (const [p, s] of this.below)
			if (s > since && p.startsWith(prefix + '/')) out.add(p.split('/').slice(0, depth).join('/'));
		return [...out].sort();
	}

	/** Whether a read of `deps` that started at `since` still holds. */
	fresh(deps: Iterable<string>, since: number): boolean {
		if (this.seq === since) return true;
		// A write of everything makes every read stale, whatever it declared.
		if ((this.at.get('') ?? 0) > since) return false;
		for (const d of deps) {
			if ((this.below.get(d) ?? 0) > since) return false;
			for (const a of ancestors(d)) if ((this.at.get(a) ?? 0) > since) return false;
		}
		return true;
	}
}
