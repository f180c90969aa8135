/**
 * The set-based import of a scores file (DuckDB reads and checks it, fast-scores.ts) against the
 * row-by-row import (the reference): for every file, the same result, the same issues and the
 * same stored data, audit trail and sheet versions. Two databases get the same imports, one
 * through each path. A file the set-based path cannot vouch for must fall back, never commit
 * what the reference refuses.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db';
import { importFiles, importPaths, type ImportOptions, type ImportResult } from '../../src/lib/server/import';
import { tempDatabase } from '../helpers/db';

const enc = (text: string) => new TextEncoder().encode(text);

let reference: Awaited<ReturnType<typeof tempDatabase>>;
let setBased: Awaited<ReturnType<typeof tempDatabase>>;

beforeAll(async () => {
	reference = await tempDatabase();
	setBased = await tempDatabase();
	for (const env of [reference, setBased]) {
		const r = await importPaths(env.db, ['tests/fixtures/small'], { setBased: 'never' });
		expect(r.committed).toBe(true);
	}
}, 60_000);

afterAll(() => {
	reference?.cleanup();
	setBased?.cleanup();
});

/** What the databases hold that an import of scores writes, without ids and clock times. */
async function written(db: Database) {
	return {
		score: await db.all(
			`SELECT year, bloc_code, unit_code, criterion_code, self_score::VARCHAR AS s, reviewed_score::VARCHAR AS r, note
			 FROM score ORDER BY ALL`
		),
		audit: await db.all(
			`SELECT user_id, username, action, year, bloc_code, unit_code, criterion_code, old_value, new_value, reason
			 FROM audit_log ORDER BY ALL`
		),
		sheets: await db.all(
			'SELECT year, bloc_code, unit_code, version, updated_by FROM score_sheet ORDER BY ALL'
		),
		log: await db.all('SELECT source, files, added, replaced, unchanged FROM import_log ORDER BY ALL')
	};
}

const withoutPath = ({ setBased: _, ...rest }: ImportResult) => rest;

/** Imports `text` through both paths; they must agree. Returns the set-based result. */
async function both(name: string, text: string, options: ImportOptions = {}): Promise<ImportResult> {
	const input = () => [{ name, content: enc(text) }];
	const a = await importFiles(reference.db, input(), { source: 'test', ...options, setBased: 'never' });
	const b = await importFiles(setBased.db, input(), { source: 'test', ...options, setBased: 'always' });
	expect(a.setBased).toBe(false);
	expect(withoutPath(b)).toEqual(withoutPath(a));
	expect(await written(setBased.db)).toEqual(await written(reference.db));
	return b;
}

/** The fixture's 2024 scores of bloc K01, semicolon-separated with decimal commas, no quotes. */
const header = 'Năm;Mã khối;Mã đơn vị;Mã tiêu chí;Điểm tự chấm;Điểm khối chấm;Ghi chú';
const k01 = (overrides: Record<string, string> = {}) =>
	[
		header,
		...['XA01', 'XA02', 'XA03', 'PH01'].flatMap((unit, u) =>
			['TC01', 'TC02', 'TC03', 'TC04', 'TC05', 'TC06'].map((c, i) => {
				const line = `2024;K01;${unit};${c};${(i + u) % 5},5;${(i + u) % 5};${u === 0 && i === 0 ? 'đạt' : ''}`;
				return overrides[`${unit}/${c}`] ?? line;
			})
		)
	].join('\n');

describe('set-based import of a scores file', () => {
	it('reads a clean file through DuckDB with the same result, counts and stored rows', async () => {
		const r = await both('diem_k01.csv', k01());
		expect(r.setBased).toBe(true);
		expect(r.committed).toBe(true);
		expect(r.files[0]).toMatchObject({
			table: 'scores',
			rows: 24,
			delimiter: ';',
			layout: 'long',
			format: 'csv'
		});
		expect(r.counts[0]).toMatchObject({ table: 'scores', rows: 24 });
	});

	it('counts the same file again as unchanged and writes nothing new', async () => {
		const r = await both('diem_k01.csv', k01());
		expect(r.setBased).toBe(true);
		expect(r.counts[0]).toMatchObject({ rows: 24, added: 0, replaced: 0, unchanged: 24 });
	});

	it('replaces changed values with their audit rows and sheet versions', async () => {
		const r = await both(
			'diem_k01.csv',
			k01({ 'XA02/TC03': '2024;K01;XA02;TC03;29,25;28;đã sửa', 'PH01/TC01': '2024;K01;PH01;TC01;;12;' })
		);
		expect(r.setBased).toBe(true);
		expect(r.counts[0]).toMatchObject({ replaced: 2, unchanged: 22 });
	});

	it('reads commas with decimal points, a BOM, CRLF, blank and blank-looking rows, and info columns alike', async () => {
		const text =
			'\uFEFFSTT,year,bloc_code,unit_code,criterion_code,self_score,reviewed_score,note,Cột lạ\r\n' +
			'1,2024,K02,SO01,TC01,55.5,54,,x\r\n\r\n' +
			' , ,\u00A0,,,,,,\r\n' +
			'2,2024,K02,SO01,TC02, 30 ,31,  ghi chú  ,\r\n' +
			'3,2024,K02,SO02,TC01,50,,,\r\n';
		const r = await both('scores-k02.csv', text);
		expect(r.setBased).toBe(true);
		expect(r.issues.map((i) => i.severity)).toEqual(['warning']);
	});

	it('warns alike about a file that mixes decimal commas and points', async () => {
		const r = await both(
			'diem_k01.csv',
			k01({ 'XA01/TC02': '2024;K01;XA01;TC02;7.25;7;', 'XA03/TC01': '2024;K01;XA03;TC01;1.25;1;' })
		);
		expect(r.setBased).toBe(true);
		expect(r.issues.some((i) => /cả hai kiểu/.test(i.message))).toBe(true);
	});

	const refused: [string, string, () => string][] = [
		['an unknown unit', 'diem_k01.csv', () => k01({ 'XA01/TC01': '2024;K01;XA99;TC01;5;5;' })],
		['a unit of another bloc', 'diem_k01.csv', () => k01({ 'XA01/TC01': '2024;K01;SO01;TC01;5;5;' })],
		['an unknown criterion', 'diem_k01.csv', () => k01({ 'XA01/TC01': '2024;K01;XA01;TC99;5;5;' })],
		[
			'a bloc without a pledge that year',
			'diem_k01.csv',
			() => k01({ 'XA01/TC01': '2023;K01;XA01;TC01;5;5;' })
		],
		['a score above the maximum', 'diem_k01.csv', () => k01({ 'XA01/TC04': '2024;K01;XA01;TC04;8,01;5;' })],
		['a row without either score', 'diem_k01.csv', () => k01({ 'XA01/TC01': '2024;K01;XA01;TC01;;;ghi' })],
		['a duplicate row', 'diem_k01.csv', () => k01({ 'XA01/TC02': '2024;K01;XA01;TC01;1;1;' })],
		['a cell that is not a number', 'diem_k01.csv', () => k01({ 'XA01/TC01': '2024;K01;XA01;TC01;năm;5;' })],
		['a negative score', 'diem_k01.csv', () => k01({ 'XA01/TC01': '2024;K01;XA01;TC01;-1;5;' })],
		['three decimals', 'diem_k01.csv', () => k01({ 'XA01/TC01': '2024;K01;XA01;TC01;1,255;5;' })],
		['a bad year', 'diem_k01.csv', () => k01({ 'XA01/TC01': '24;K01;XA01;TC01;1;5;' })],
		[
			'a row wider than the header',
			'diem_k01.csv',
			() => k01({ 'XA01/TC01': '2024;K01;XA01;TC01;1;5;;thừa' })
		],
		['a row shorter than the header', 'diem_k01.csv', () => k01({ 'XA01/TC01': '2024;K01;XA01;TC01;1' })],
		['a space inside a number', 'diem_k01.csv', () => k01({ 'XA01/TC01': '2024;K01;XA01;TC01;1\u00a05;5;' })],
		[
			'an invisible character inside a code',
			'diem_k01.csv',
			() => k01({ 'XA01/TC01': '2024;K01;XA\u200b01;TC01;1;5;' })
		],
		['a header without a required column', 'diem_k01.csv', () => k01().replace('Mã tiêu chí', 'Tiêu chí')],
		['a column named twice', 'diem_k01.csv', () => k01().replace('Ghi chú', 'Điểm khối chấm')]
	];
	for (const [what, name, text] of refused)
		it(`leaves a file with ${what} to the row-by-row import, with the same report`, async () => {
			const r = await both(name, text());
			expect(r.setBased).toBe(false);
			expect(r.committed).toBe(false);
			expect(r.issues.some((i) => i.severity === 'error')).toBe(true);
		});

	it('leaves a bonus over the pledge’s cap to the row-by-row import', async () => {
		for (const env of [reference, setBased])
			await env.db.run(`UPDATE pledge SET bonus_cap = 5 WHERE year = 2024 AND bloc_code = 'K01'`);
		const r = await both('diem_k01.csv', k01({ 'XA01/TC05': '2024;K01;XA01;TC05;5,5;1;' }));
		expect(r.setBased).toBe(false);
		expect(r.committed).toBe(false);
		for (const env of [reference, setBased])
			await env.db.run(`UPDATE pledge SET bonus_cap = 10 WHERE year = 2024 AND bloc_code = 'K01'`);
	});

	it('takes a file that leaves columns out only row by row: the stored values of those columns stay', async () => {
		const text = k01()
			.split('\n')
			.map((l) => l.split(';').slice(0, 5).join(';'))
			.join('\n');
		const r = await both('diem_k01.csv', text);
		expect(r.setBased).toBe(false);
		expect(r.committed).toBe(true);
		const [row] = await setBased.db.all<{ r: number; note: string | null }>(
			`SELECT reviewed_score::DOUBLE AS r, note FROM score
			 WHERE year = 2024 AND bloc_code = 'K01' AND unit_code = 'XA01' AND criterion_code = 'TC01'`
		);
		expect(row).toEqual({ r: 0, note: 'đạt' });
	});

	it('takes quoted cells only row by row, with the same result', async () => {
		const r = await both('diem_k01.csv', k01({ 'XA01/TC01': '2024;K01;XA01;TC01;"1,5";5;' }));
		expect(r.setBased).toBe(false);
		expect(r.committed).toBe(true);
	});

	it('leaves a change to a finalised bloc-year to the row-by-row import, identical rows pass', async () => {
		expect((await both('diem_k01.csv', k01())).committed).toBe(true);
		for (const env of [reference, setBased])
			await env.db.run(`UPDATE pledge SET stage = 'finalised' WHERE year = 2024 AND bloc_code = 'K01'`);
		try {
			const same = await both('diem_k01.csv', k01());
			expect(same.setBased).toBe(true);
			expect(same.committed).toBe(true);
			const changed = await both('diem_k01.csv', k01({ 'XA02/TC01': '2024;K01;XA02;TC01;9;9;' }));
			expect(changed.setBased).toBe(false);
			expect(changed.committed).toBe(false);
			expect(changed.issues.some((i) => /đã chốt/.test(i.message))).toBe(true);
		} finally {
			for (const env of [reference, setBased])
				await env.db.run(`UPDATE pledge SET stage = 'open' WHERE year = 2024 AND bloc_code = 'K01'`);
		}
	});

	it('agrees with the row-by-row import on random files (dry runs)', async () => {
		const units = ['XA01', 'XA02', 'XA03', 'PH01', 'SO01', 'XA99', ' XA01 '];
		const criteria = ['TC01', 'TC02', 'TC03', 'TC04', 'TC05', 'TC06', 'TC07'];
		const scores = ['0', '5', '7,5', '7.5', '1,25', '1.500', '', ' 3 ', '6', '40', '41', 'x', '-2', '6,001'];
		const good = ['0', '1', '2,5', '3.75', ' 4 ', '5,5'];
		// Mostly rows the bloc's pledge accepts (so that whole files are often clean), some anything.
		const valid = fc
			.tuple(
				fc.constantFrom('2024;K01;XA01', '2024;K01;XA02', '2024;K01;PH01', '2024;K02;SO01', '2024;K02;SO02'),
				fc.constantFrom('TC01', 'TC02'),
				fc.constantFrom(...good),
				fc.constantFrom(...good, ''),
				fc.constantFrom('', 'ghi chú', '  ')
			)
			.map((cells) => cells.join(';'));
		const any = fc
			.tuple(
				fc.constantFrom('2024', '2025', '2024 '),
				fc.constantFrom('K01', 'K02'),
				fc.constantFrom(...units),
				fc.constantFrom(...criteria),
				fc.constantFrom(...scores),
				fc.constantFrom(...scores),
				fc.constantFrom('', 'ghi chú', '  ')
			)
			.map((cells) => cells.join(';'));
		const row = fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: any, weight: 1 });
		let taken = 0;
		let refused = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(row, { minLength: 1, maxLength: 12 }),
				fc.boolean(),
				async (rows, blankLine) => {
					const lines = [header, ...rows];
					if (blankLine) lines.splice(1, 0, '');
					const r = await both('diem.csv', lines.join('\n'), { dryRun: true });
					if (r.setBased) taken++;
					if (r.issues.some((i) => i.severity === 'error')) refused++;
				}
			),
			{ numRuns: 80, seed: 20261121 }
		);
		// Both kinds of file came up: clean ones read by DuckDB, refused ones row by row.
		expect(taken).toBeGreaterThan(5);
		expect(refused).toBeGreaterThan(5);
	}, 120_000);
});

describe('set-based import at size', () => {
	it('is what a large clean file takes by itself (from 256 KB)', async () => {
		const rows = [header];
		for (let k = 0; k < 12_000; k++)
			rows.push(`2024;K01;XA0${(k % 3) + 1};TC0${(k % 6) + 1};${k % 5};${k % 5};${'ghi chú '.repeat(3)}${k}`);
		// Every row repeats a key: the set-based path must see the duplicates and step aside.
		const big = rows.join('\n');
		expect(big.length).toBeGreaterThan(256 * 1024);
		const dup = await importFiles(setBased.db, [{ name: 'diem.csv', content: enc(big) }], { dryRun: true });
		expect(dup.setBased).toBe(false);
		expect(dup.committed).toBe(false);
		const clean = await importFiles(
			setBased.db,
			[{ name: 'diem.csv', content: enc(k01() + '\n'.repeat(300_000)) }],
			{
				dryRun: true
			}
		);
		expect(clean.setBased).toBe(true);
		expect(clean.counts[0]).toMatchObject({ rows: 24 });
	});

	it('keeps small files on the row-by-row import unless asked', async () => {
		const r = await importFiles(setBased.db, [{ name: 'diem.csv', content: enc(k01()) }], { dryRun: true });
		expect(r.setBased).toBe(false);
	});
});
