import { describe, expect, it } from 'vitest';
import {
	isWriterFirst,
	readPlaces,
	ReadGate,
	RecentWriters,
	writerFirst
} from '../../src/lib/server/db/gate';

/** A unit of work that runs until released, recording when it started. */
function held(gate: ReadGate, log: string[], name: string) {
	let release!: () => void;
	const done = new Promise<void>((r) => (release = r));
	const result = gate.read(async () => {
		log.push(name);
		await done;
		return name;
	});
	return { release, result };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the read gate (writers first)', () => {
	it('lets at most `limit` reads run, the others in order of arrival', async () => {
		const gate = new ReadGate(2);
		const log: string[] = [];
		const a = held(gate, log, 'a');
		const b = held(gate, log, 'b');
		const c = held(gate, log, 'c');
		const d = held(gate, log, 'd');
		await tick();
		expect(log).toEqual(['a', 'b']);
		expect(gate.load).toEqual({ active: 2, waiting: 2 });
		b.release();
		await b.result;
		await tick();
		expect(log).toEqual(['a', 'b', 'c']);
		a.release();
		c.release();
		d.release();
		expect(await Promise.all([a.result, c.result, d.result])).toEqual(['a', 'c', 'd']);
		expect(gate.load).toEqual({ active: 0, waiting: 0 });
	});

	it("never holds up a writer's work, however many reads wait", async () => {
		const gate = new ReadGate(1);
		const log: string[] = [];
		const a = held(gate, log, 'a');
		const b = held(gate, log, 'b');
		await tick();
		expect(isWriterFirst()).toBe(false);
		const write = writerFirst(() =>
			gate.read(async () => {
				expect(isWriterFirst()).toBe(true);
				return 'written';
			})
		);
		expect(await write).toBe('written');
		expect(log).toEqual(['a']);
		a.release();
		b.release();
		await Promise.all([a.result, b.result]);
	});

	it('does not make a read inside a read wait for a second place (which could never come)', async () => {
		const gate = new ReadGate(1);
		const inner = await gate.read(() => gate.read(async () => 'inner'));
		expect(inner).toBe('inner');
		expect(gate.load).toEqual({ active: 0, waiting: 0 });
	});

	it('gives the place on when a read fails', async () => {
		const gate = new ReadGate(1);
		const failing = gate.read(async () => {
			await tick();
			throw new Error('broken');
		});
		const next = gate.read(async () => 'next');
		await expect(failing).rejects.toThrow('broken');
		expect(await next).toBe('next');
		expect(gate.load).toEqual({ active: 0, waiting: 0 });
	});

	it('refuses a limit below one, and defaults to the cores and one more', () => {
		expect(() => new ReadGate(0)).toThrow(RangeError);
		expect(readPlaces(0, 1)).toBe(2);
		expect(readPlaces(0, 2)).toBe(3);
		expect(readPlaces(0, 16)).toBe(17);
		expect(readPlaces(5, 2)).toBe(5);
	});
});

describe('accounts that have just written', () => {
	it('pass first for the given time after their write, each account on its own', () => {
		let now = 1_000;
		const recent = new RecentWriters(10_000, () => now);
		expect(recent.recent(7)).toBe(false);
		expect(recent.recent(null)).toBe(false);
		expect(recent.recent(undefined)).toBe(false);
		recent.wrote(7);
		expect(recent.recent(7)).toBe(true);
		expect(recent.recent(8)).toBe(false);
		now += 10_000;
		expect(recent.recent(7)).toBe(true);
		now += 1;
		expect(recent.recent(7)).toBe(false);
		recent.wrote(7);
		expect(recent.recent(7)).toBe(true);
	});

	it('forgets old writers when many accounts have written', () => {
		let now = 0;
		const recent = new RecentWriters(1_000, () => now);
		for (let id = 0; id < 10_000; id++) recent.wrote(id);
		now = 5_000;
		recent.wrote(10_000);
		expect(recent.recent(10_000)).toBe(true);
		expect(recent.recent(0)).toBe(false);
		expect((recent as unknown as { at: Map<number, number> }).at.size).toBe(1);
	});
});
