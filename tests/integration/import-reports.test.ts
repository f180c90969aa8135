/**
 * The import's whole answer for a corpus of files (tests/helpers/import-corpus.ts): result,
 * counts per table and bloc-year, and every issue in its order, against
 * tests/fixtures/import-reports.json, captured when each row was still checked in JavaScript.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../src/lib/server/import';
import { tempDatabase } from '../helpers/db';
import { CORPUS, runCorpus } from '../helpers/import-corpus';

const EXPECTED = JSON.parse(readFileSync('tests/fixtures/import-reports.json', 'utf8')) as Record<
	string,
	unknown
>;

let env: Awaited<ReturnType<typeof tempDatabase>>;
let answers: Record<string, unknown>;
beforeAll(async () => {
	env = await tempDatabase();
	expect((await importPaths(env.db, ['tests/fixtures/small'])).committed).toBe(true);
	answers = await runCorpus(env.db);
}, 120_000);
afterAll(() => env.cleanup());

describe('the import report of each file of the corpus', () => {
	it('has a pinned answer for every case', () => {
		expect(Object.keys(EXPECTED)).toEqual(CORPUS.map((c) => c.name));
	});
	for (const c of CORPUS)
		it(c.name, () => {
			expect(answers[c.name]).toEqual(EXPECTED[c.name]);
		});
});
