import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCsvDocs } from '../../src/lib/domain/csv-docs';
import { TABLES } from '../../src/lib/domain/csv-schema';
import { detectTable, parseFile } from '../../src/lib/server/import/parse';
import type { ImportIssue } from '../../src/lib/server/import/issues';

describe('docs/csv-formats.md', () => {
	it('is what the column spec renders (run `npm run docs` after changing csv-schema.ts)', () => {
		expect(readFileSync('docs/csv-formats.md', 'utf8')).toBe(renderCsvDocs());
	});

	it('has an example per table that parses without error', () => {
		const md = renderCsvDocs();
		for (const t of TABLES) {
			const section = md.split(`\`${t.name}\`\n`)[1] ?? '';
			const example = /```csv\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
			const issues: ImportIssue[] = [];
			const parsed = parseFile({ name: `${t.name}.csv`, content: example }, issues);
			expect(issues, t.name).toEqual([]);
			expect(parsed?.rows.length, t.name).toBeGreaterThan(0);
			expect(detectTable('unnamed.csv', example.split('\n')[0]!.split(',')), t.name).toMatchObject({
				name: t.name
			});
		}
	});
});
