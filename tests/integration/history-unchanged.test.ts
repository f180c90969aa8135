/**
 * The history page and its CSV, as the user sees them after imports and sheet saves
 * (tests/helpers/history-scenario.ts), against what they showed when every imported value had
 * its own audit row: tests/fixtures/history/k01-2024.json was captured from that version of the
 * import. How the trail is stored may change; what it shows may not.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDatabase } from '../helpers/db';
import { HISTORY_VIEWS, historySnapshot, historyStory } from '../helpers/history-scenario';

const EXPECTED = JSON.parse(readFileSync('tests/fixtures/history/k01-2024.json', 'utf8')) as Record<
	string,
	{ page: unknown; csv: string[] }
>;

let env: Awaited<ReturnType<typeof tempDatabase>>;
let snapshot: Record<string, unknown>;
beforeAll(async () => {
	env = await tempDatabase();
	await historyStory(env.db);
	snapshot = await historySnapshot(env.db, HISTORY_VIEWS);
});
afterAll(() => env.cleanup());

describe('a unit’s history after imports and sheet saves', () => {
	it('covers every view of the fixture', () => {
		expect(Object.keys(snapshot).sort()).toEqual(Object.keys(EXPECTED).sort());
	});
	for (const key of Object.keys(EXPECTED)) {
		it(`shows ${key} as before: the page (Vietnamese and English)`, () => {
			expect((snapshot[key] as { page: unknown }).page).toEqual(EXPECTED[key]!.page);
		});
		it(`shows ${key} as before: the CSV, line by line`, () => {
			expect((snapshot[key] as { csv: string[] }).csv).toEqual(EXPECTED[key]!.csv);
		});
	}
});
