/** Seeded pseudo-random numbers (mulberry32): the sample data must be identical on every run. */

/** FNV-1a hash of a string to an unsigned 32-bit seed. */
export function hashSeed(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) {
		h ^= s.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

export class Rng {
	private state: number;

	constructor(seed: number | string) {
		this.state = (typeof seed === 'string' ? hashSeed(seed) : seed) >>> 0;
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Uniform in [min, max). */
	range(min: number, max: number): number {
		return min + (max - min) * this.next();
	}

	/** Integer in [min, max], both included. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	/** Roughly normal, mean 0, standard deviation about `sd` (sum of three uniforms). */
	noise(sd: number): number {
		return (this.next() + this.next() + this.next() - 1.5) * 2 * sd;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('pick from an empty list');
		return items[Math.floor(this.next() * items.length)] as T;
	}

	/** Index chosen with probability proportional to its weight. */
	weightedIndex(weights: readonly number[]): number {
		const total = weights.reduce((a, b) => a + b, 0);
		let r = this.next() * total;
		for (let i = 0; i < weights.length; i++) {
			r -= weights[i] ?? 0;
			if (r < 0) return i;
		}
		return weights.length - 1;
	}

	/** A shuffled copy (Fisher–Yates). */
	shuffle<T>(items: readonly T[]): T[] {
		const out = [...items];
		for (let i = out.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			const a = out[i] as T;
			out[i] = out[j] as T;
			out[j] = a;
		}
		return out;
	}
}
