/**
 * The vote mark on the sample province's official results, from the SQL (the product's ranking),
 * the TypeScript reference and the printed report's proposal lines. Issue 11, part 8: K04 2024
 * marked the unit alone at rank 2 «cần bỏ phiếu» because the tie at rank 3 spilled over the two
 * certificate places, and the printout listed three names under "2 suất".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankBloc as rankReference } from '../../src/lib/domain/ranking';
import type { RankingRow } from '../../src/lib/domain/types';
import type { Database } from '../../src/lib/server/db';
import { importPaths } from '../../src/lib/server/import';
import { loadBlocInput, rankBloc } from '../../src/lib/server/ranking';
import { blocReport } from '../../src/lib/server/report';
import { tempDatabase } from '../helpers/db';

let db: Database;
let cleanup: () => void;

beforeAll(async () => {
	({ db, cleanup } = await tempDatabase());
	expect((await importPaths(db, ['data/sample'], { source: 'test' })).committed).toBe(true);
}, 60_000);
afterAll(() => cleanup?.());

const top = (rows: RankingRow[], n: number) =>
	rows.slice(0, n).map((r) => [r.rank, r.unitCode, r.total, r.proposal, r.proposalTie]);
const codes = (rows: RankingRow[]) => rows.map((r) => r.unitCode);

describe('the vote mark on the sample province', () => {
	it('K04 2024: only the two units tied at rank 3 need a vote; rank 2 is proposed outright', async () => {
		// 1 flag place (≥ good), 2 certificate places (≥ good). Cục Thuế 916,5 → flag. Certificates
		// among the rest: Sở Tài chính 913 alone above the tie → outright; Sở Kế hoạch và Đầu tư and
		// Sở Xây dựng share 903,5 → 2 units for the 2 − 1 = 1 place left → the bloc votes.
		const rows = await rankBloc(db, 2024, 'K04');
		expect(top(rows, 5)).toEqual([
			[1, 'SO09', 916.5, 'flag', false],
			[2, 'SO02', 913, 'certificate', false],
			[3, 'SO01', 903.5, 'certificate', true],
			[3, 'SO07', 903.5, 'certificate', true],
			[5, 'SO05', 877.75, null, false]
		]);
		expect(rows.filter((r) => r.proposalTie).map((r) => r.unitCode)).toEqual(['SO01', 'SO07']);
		expect(rankReference(await loadBlocInput(db, 2024, 'K04'))).toEqual(rows);

		// The printout: 1 name for 1 flag place; 1 certificate name, then a vote of 1 among 2.
		const { slates } = (await blocReport(db, 2024, 'K04'))!;
		expect(codes(slates.flag.outright)).toEqual(['SO09']);
		expect(slates.flag.vote).toEqual([]);
		expect(codes(slates.certificate.outright)).toEqual(['SO02']);
		expect(codes(slates.certificate.vote)).toEqual(['SO01', 'SO07']);
		expect(slates.certificate.votePlaces).toBe(1);
		expect(slates.certificate.outright.length + slates.certificate.votePlaces).toBe(2);
	});

	it('K03 2023: the flag tie pushes the unit not chosen into the certificates', async () => {
		// Đảng ủy Khối and Tỉnh đoàn share 920,5 for 1 flag place → vote; the one not chosen takes
		// 1 of the 2 certificate places; Văn phòng Tỉnh ủy (847,5) takes the other outright and
		// Liên đoàn Lao động (839,5) is left out.
		const rows = await rankBloc(db, 2023, 'K03');
		expect(top(rows, 4)).toEqual([
			[1, 'DG07', 920.5, 'flag', true],
			[1, 'DT03', 920.5, 'flag', true],
			[3, 'DG01', 847.5, 'certificate', false],
			[4, 'DT06', 839.5, null, false]
		]);
		expect(rankReference(await loadBlocInput(db, 2023, 'K03'))).toEqual(rows);
		const { slates } = (await blocReport(db, 2023, 'K03'))!;
		expect(codes(slates.flag.vote)).toEqual(['DG07', 'DT03']);
		expect(slates.flag.votePlaces).toBe(1);
		expect(slates.certificate.runnersUpPlaces).toBe(1);
		expect(codes(slates.certificate.outright)).toEqual(['DG01']);
	});

	it('every sample bloc-year prints no more units than places once the votes are held', async () => {
		const blocYears = await db.all<{ year: number; bloc: string }>(
			'SELECT year, bloc_code AS bloc FROM pledge ORDER BY year, bloc_code'
		);
		expect(blocYears.length).toBeGreaterThan(0);
		for (const { year, bloc } of blocYears) {
			const report = (await blocReport(db, year, bloc))!;
			const { flag, certificate } = report.slates;
			const p = report.header.pledge;
			const where = `${bloc} ${year}`;
			expect(flag.outright.length + flag.votePlaces, where).toBeLessThanOrEqual(p.flagCount);
			expect(
				certificate.runnersUpPlaces + certificate.outright.length + certificate.votePlaces,
				where
			).toBeLessThanOrEqual(p.certificateCount);
			// a vote is only ever among more units than its places, and only at one total
			for (const s of [flag, certificate]) {
				if (s.vote.length === 0) continue;
				expect(s.vote.length, where).toBeGreaterThan(s.votePlaces);
				expect(new Set(s.vote.map((r) => r.total)).size, where).toBe(1);
				expect(Math.min(...s.outright.map((r) => r.total)), where).toBeGreaterThan(s.vote[0]!.total);
			}
		}
	});
});
