import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { END, START, renderFromSample } from '../../scripts/readme-example';

describe('README worked example', () => {
	it('shows the ranking the SQL computes on the sample data, and the top unit’s arithmetic (run `npm run readme:example` after changing either)', async () => {
		const readme = readFileSync('README.md', 'utf8');
		const block = readme.slice(readme.indexOf(START) + START.length, readme.indexOf(END)).trim();
		// renderFromSample also throws when the hand arithmetic and the SQL total disagree.
		expect(block).toBe(await renderFromSample());
	});
});
