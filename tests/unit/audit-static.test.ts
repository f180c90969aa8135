/**
 * The audit trail is append-only: no file under src/ may hold SQL that updates, deletes from,
 * truncates, drops, alters or upserts `audit_log`, or the record of imports the history reads
 * (`import_batch`, `import_score_row`), or drops their sequences. A scan of the source text, so
 * that a later change cannot quietly rewrite history.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGET } from '../../src/lib/server/import/write';

const SRC = 'src';
const REBUILD = join('migrations', '004_audit_append_only.sql');
/** Optional schema and quotes around the name: audit_log, main.audit_log, "audit_log". */
const NAME = String.raw`(?:"?\w+"?\s*\.\s*)?"?(?:audit_(?:log|seq)|import_batch(?:_seq)?|import_score_row)"?\b`;
const FORBIDDEN: { what: string; re: RegExp }[] = [
	{ what: 'UPDATE', re: new RegExp(String.raw`\bUPDATE\s+${NAME}`, 'i') },
	{ what: 'DELETE', re: new RegExp(String.raw`\bDELETE\s+FROM\s+${NAME}`, 'i') },
	{ what: 'TRUNCATE', re: new RegExp(String.raw`\bTRUNCATE\s+(?:TABLE\s+)?${NAME}`, 'i') },
	{
		what: 'DROP',
		re: new RegExp(String.raw`\bDROP\s+(?:TABLE\s+|SEQUENCE\s+|VIEW\s+)?(?:IF\s+EXISTS\s+)?${NAME}`, 'i')
	},
	{
		what: 'ALTER',
		re: new RegExp(String.raw`\bALTER\s+(?:TABLE\s+|SEQUENCE\s+)?(?:IF\s+EXISTS\s+)?${NAME}`, 'i')
	},
	{ what: 'INSERT OR REPLACE', re: new RegExp(String.raw`\bINSERT\s+OR\s+REPLACE\s+INTO\s+${NAME}`, 'i') },
	{ what: 'COPY … FROM', re: new RegExp(String.raw`\bCOPY\s+${NAME}\s+FROM\b`, 'i') }
];

function offences(text: string): string[] {
	return FORBIDDEN.filter((f) => f.re.test(text)).map((f) => f.what);
}

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]
	);
}

describe('the audit trail is insert-only', () => {
	it('recognises every forbidden statement (the scan is not vacuous)', () => {
		expect(offences('UPDATE audit_log SET reason = NULL')).toEqual(['UPDATE']);
		expect(offences('update\n\t main.audit_log set x = 1')).toEqual(['UPDATE']);
		expect(offences('DELETE FROM "audit_log" WHERE id = 1')).toEqual(['DELETE']);
		expect(offences('truncate table audit_log')).toEqual(['TRUNCATE']);
		expect(offences('TRUNCATE audit_log')).toEqual(['TRUNCATE']);
		expect(offences('DROP TABLE IF EXISTS audit_log')).toEqual(['DROP']);
		expect(offences('drop sequence audit_seq')).toEqual(['DROP']);
		expect(offences('ALTER TABLE audit_log DROP COLUMN reason')).toEqual(['ALTER']);
		expect(offences('INSERT OR REPLACE INTO audit_log VALUES (1)')).toEqual(['INSERT OR REPLACE']);
		expect(offences("COPY audit_log FROM 'x.csv'")).toEqual(['COPY … FROM']);
		expect(offences('DELETE FROM import_batch WHERE id = 1')).toEqual(['DELETE']);
		expect(offences('UPDATE main.import_score_row SET added = false')).toEqual(['UPDATE']);
		expect(offences('DROP SEQUENCE import_batch_seq')).toEqual(['DROP']);
	});

	it('lets inserts and reads through', () => {
		expect(offences('INSERT INTO audit_log (username, action) VALUES ($1, $2)')).toEqual([]);
		expect(offences('SELECT * FROM audit_log a LEFT JOIN app_user u ON u.user_id = a.user_id')).toEqual([]);
		expect(offences('UPDATE score SET note = $1; INSERT INTO audit_log VALUES (1)')).toEqual([]);
		expect(offences('DELETE FROM score WHERE year = $1')).toEqual([]);
		expect(offences('CREATE TABLE audit_log (id BIGINT)')).toEqual([]);
		expect(offences('INSERT INTO import_score_row SELECT * FROM score')).toEqual([]);
		// A score row's link to its import is the row's own column, updated with the row.
		expect(offences('UPDATE score SET import_batch = 1')).toEqual([]);
	});

	it('finds no file under src/ that changes or removes audit rows', () => {
		// Migration 004 rebuilds the table without its index, copying every row first (checked
		// row for row in tests/integration/migrations.test.ts); nothing else may.
		const files = filesUnder(SRC).filter((f) => !f.endsWith(REBUILD));
		expect(files.length).toBeGreaterThan(20);
		const found = files
			.map((f) => ({ file: relative('.', f), what: offences(readFileSync(f, 'utf8')) }))
			.filter((f) => f.what.length > 0);
		expect(found).toEqual([]);
	});

	it('never lets the import upsert into audit_log (its target tables are fixed)', () => {
		expect(Object.values(TARGET)).not.toContain('audit_log');
		expect(Object.values(TARGET)).not.toContain('score_sheet');
		expect(Object.values(TARGET)).not.toContain('import_batch');
		expect(Object.values(TARGET)).not.toContain('import_score_row');
	});
});
