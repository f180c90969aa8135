/**
 * Years compared of all blocs counts the criteria changes in SQL (`criteriaChangeCounts`); the
 * reference is the domain's `criteriaChanges` over every pledge's criteria. Both must agree on
 * every pair of consecutive readable years, for every reader, with criteria renamed, re-weighted,
 * given another maximum or moved to another group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/policy';
import { changeCounts, criteriaChanges } from '../../src/lib/domain/trends';
import { analyticsAccess, readableBlocs } from '../../src/lib/server/analytics';
import { criteriaChangeCounts, criteriaOf } from '../../src/lib/server/analytics/data';
import { importPaths } from '../../src/lib/server/import';
import { tempDatabase } from '../helpers/db';

let env: Awaited<ReturnType<typeof tempDatabase>>;

beforeAll(async () => {
	env = await tempDatabase();
	const r = await importPaths(env.db, ['data/sample']);
	expect(r.committed).toBe(true);
	// Every kind of change, in several blocs and years.
	await env.db.run(`UPDATE criterion SET criterion_name = criterion_name || ' (sửa)'
		WHERE kind = 'content' AND year = 2023 AND hash(bloc_code, criterion_code) % 5 = 0`);
	await env.db.run(`UPDATE criterion SET weight = weight + 0.5
		WHERE kind = 'content' AND year = 2022 AND hash(bloc_code, criterion_code) % 7 = 1`);
	await env.db.run(`UPDATE criterion SET max_points = max_points + 1
		WHERE kind = 'content' AND year = 2024 AND hash(bloc_code, criterion_code) % 6 = 2`);
	await env.db.run(`UPDATE criterion SET group_code = group_code || 'b'
		WHERE kind = 'content' AND year = 2021 AND hash(bloc_code, criterion_code) % 4 = 3`);
	// A content criterion turned bonus: it leaves the content criteria compared.
	await env.db.run(`UPDATE criterion SET kind = 'bonus'
		WHERE kind = 'content' AND year = 2023 AND hash(bloc_code, criterion_code) % 9 = 4`);
});
afterAll(() => env.cleanup());

const readers: Principal[] = [
	{ userId: 1, username: 'phantich', displayName: 'Phân tích', grants: [{ role: 'analyst' }] },
	{ userId: 2, username: 'lanhdao', displayName: 'Lãnh đạo', grants: [{ role: 'viewer' }] },
	{
		userId: 3,
		username: 'truongkhoi.k04',
		displayName: 'Trưởng khối K04',
		grants: [{ role: 'bloc_leader', blocCode: 'K04', year: 2025 }]
	}
];

describe('criteria changes counted by the database', () => {
	it('equal the domain’s counts for every pair of consecutive readable years, for every reader', async () => {
		const seen = { kept: 0, changed: 0, added: 0, removed: 0 };
		for (const user of readers) {
			const access = await analyticsAccess(env.db, user);
			const counted = await criteriaChangeCounts(env.db, access);
			const criteria = await criteriaOf(env.db, access, null);
			let pairs = 0;
			for (const b of await readableBlocs(env.db, access))
				for (let i = 1; i < b.years.length; i++) {
					const [from, to] = [b.years[i - 1]!, b.years[i]!];
					const defs = (year: number) =>
						criteria.filter((c) => c.blocCode === b.blocCode && c.year === year && c.kind === 'content');
					const reference = changeCounts(criteriaChanges(defs(from), defs(to), new Map(), new Map()));
					const key = `${b.blocCode}|${from}|${to}`;
					expect(counted.get(key) ?? { kept: 0, changed: 0, added: 0, removed: 0 }, key).toEqual(reference);
					for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] += reference[k];
					pairs++;
				}
			expect(counted.size, user.username).toBeLessThanOrEqual(pairs);
		}
		// The data exercised every status.
		expect(Object.values(seen).every((n) => n > 0)).toBe(true);
	});
});
