/**
 * Sample accounts for the sample province, written to data/sample/accounts.json (JSON, so the
 * CSV importer never takes it for data). Every sample account has the password SAMPLE_PASSWORD,
 * published in the README: they exist only in a database seeded with the sample.
 * The Argon2id salt is derived from the username, so the file is the same on every run.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Grant } from '../../src/lib/domain/policy';
import { hashPassword } from '../../src/lib/server/auth/password';
import type { Member } from './blocs';
import { BLOCS, UNITS } from './catalog';

export const SAMPLE_PASSWORD = 'thidua2025';

export interface SampleAccount {
	username: string;
	displayName: string;
	grants: Grant[];
	passwordHash: string;
}

/** Blocs whose every member unit gets an officer account; the others get their first two. */
const FULL_BLOCS = new Set(['K04', 'K05']);

export async function writeAccounts(
	outDir: string,
	members: Member[],
	year: number
): Promise<[string, number]> {
	const unitName = new Map(UNITS.map((u) => [u.code, u.name]));
	const blocName = new Map(BLOCS.map((b) => [b.code, b.name]));
	const plan: Omit<SampleAccount, 'passwordHash'>[] = [
		{ username: 'admin', displayName: 'Quản trị hệ thống', grants: [{ role: 'admin' }] },
		{
			username: 'phantich',
			displayName: 'Chuyên viên Ban Thi đua - Khen thưởng tỉnh',
			grants: [{ role: 'analyst' }]
		},
		{ username: 'lanhdao', displayName: 'Lãnh đạo UBND tỉnh', grants: [{ role: 'viewer' }] }
	];
	for (const bloc of BLOCS) {
		const roster = members.filter((m) => m.year === year && m.bloc === bloc.code);
		for (const m of roster) {
			const suffix = bloc.code.toLowerCase();
			if (m.role === 'leader' || m.role === 'deputy')
				plan.push({
					username: `${m.role === 'leader' ? 'truongkhoi' : 'phokhoi'}.${suffix}`,
					displayName: `${unitName.get(m.unit)} (${m.role === 'leader' ? 'Trưởng khối' : 'Phó khối'} ${blocName.get(bloc.code)} năm ${year})`,
					grants: [
						{ role: m.role === 'leader' ? 'bloc_leader' : 'bloc_deputy', blocCode: bloc.code, year },
						{ role: 'unit_officer', unitCode: m.unit }
					]
				});
		}
		const officers = roster
			.filter((m) => m.role === 'member')
			.slice(0, FULL_BLOCS.has(bloc.code) ? undefined : 2);
		for (const m of officers)
			plan.push({
				username: m.unit.toLowerCase(),
				displayName: `Cán bộ thi đua ${unitName.get(m.unit)}`,
				grants: [{ role: 'unit_officer', unitCode: m.unit }]
			});
	}
	const accounts: SampleAccount[] = await Promise.all(
		plan.map(async (a) => ({
			...a,
			passwordHash: await hashPassword(
				SAMPLE_PASSWORD,
				createHash('sha256').update(`sample-salt:${a.username}`).digest().subarray(0, 16)
			)
		}))
	);
	const path = join(outDir, 'accounts.json');
	writeFileSync(path, JSON.stringify(accounts, null, '\t') + '\n');
	return [path, accounts.length];
}
