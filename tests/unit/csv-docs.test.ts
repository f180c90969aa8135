import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderCsvDocs } from '../../src/lib/domain/csv-docs';
import { TABLES } from '../../src/lib/domain/csv-schema';
import { detectTable } from '../../src/lib/server/import/parse';

describe('docs/csv-formats.md', () => {
	it('is what the column spec renders (run `npm run docs` after changing csv-schema.ts)', () => {
		expect(readFileSync('docs/csv-formats.md', 'utf8')).toBe(renderCsvDocs());
	});
});

describe('the examples of docs/csv-formats.md', () => {
	it('are recognised by their headers alone (tests/integration/import-read.test.ts reads them)', () => {
		const md = renderCsvDocs();
		for (const t of TABLES) {
			const section = md.split(`\`${t.name}\`\n`)[1] ?? '';
			const example = /```csv\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
			expect(detectTable('unnamed.csv', example.split('\n')[0]!.split(',')), t.name).toMatchObject({
				name: t.name
			});
		}
	});
});
