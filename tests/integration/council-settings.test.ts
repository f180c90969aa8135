/**
 * Issue 14 parts 7 and 3 on a real DuckDB file with the sample province (2025: K04 in review).
 *
 * Part 7, the council's settings: a submit is checked by field and changes nothing when any
 * field is wrong; a good one is saved in one transaction with one audit row per change; a change
 * of a default tier threshold ranks again every bloc-year whose pledge leaves it to the council
 * (stored totals = a fresh computation, cached rankings fresh).
 * Part 3, leadership follows the bloc's own decision: the officer of the unit a bloc-year names
 * as leader acts as its leader (reviews, moves the stage) while the council's setting is on, not
 * when it is off (an explicit grant still works), and a membership change moves the rights at
 * once, through the cached principal of a session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formFields } from '../../src/lib/domain/council-settings';
import { can, type BlocYear, type Principal } from '../../src/lib/domain/policy';
import { effectiveRules } from '../../src/lib/server/analytics/rules';
import { readCouncilSettings, saveCouncilSettings } from '../../src/lib/server/admin/settings';
import { login, sessionPrincipal } from '../../src/lib/server/auth/sessions';
import { createUser, loadPrincipal } from '../../src/lib/server/auth/users';
import type { Database } from '../../src/lib/server/db';
import { importFiles, importPaths } from '../../src/lib/server/import';
import { loadSampleAccounts } from '../../src/lib/server/import/sample';
import { rankBloc } from '../../src/lib/server/ranking';
import { STORED_TOTALS_SQL } from '../../src/lib/server/ranking/queries';
import { loadSheet, saveSheet } from '../../src/lib/server/scoring/sheet';
import { changeStage, getBlocYear } from '../../src/lib/server/scoring/stage';
import { tempDatabase } from '../helpers/db';
import { contentDigest } from '../helpers/snapshot';

let env: Awaited<ReturnType<typeof tempDatabase>>;
let db: Database;
let admin: Principal;
const PASSWORD = 'Mat-khau-kiem-thu-2025';

const fields = (f: Record<string, string | string[]>) =>
	formFields(
		Object.entries(f).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string]))
	);

async function principalOf(username: string): Promise<Principal> {
	const [row] = await db.all<{ id: number }>('SELECT user_id AS id FROM app_user WHERE username = $1', [
		username
	]);
	return (await loadPrincipal(db, row!.id))!;
}

async function settingAudit(): Promise<string[]> {
	const rows = await db.all<{ name: string; old: string | null; new: string | null; username: string }>(
		"SELECT criterion_code AS name, old_value AS old, new_value AS new, username FROM audit_log WHERE action = 'setting' ORDER BY id"
	);
	return rows.map((r) => `${r.username} ${r.name}: ${r.old} → ${r.new}`);
}

async function expectStoredFresh(): Promise<void> {
	const order = 'ORDER BY year, bloc_code, unit_code';
	expect(await db.all(`SELECT * FROM unit_total ${order}`)).toEqual(
		await db.all(`SELECT * FROM (${STORED_TOTALS_SQL}) ${order}`, [null, null, null])
	);
}

beforeAll(async () => {
	env = await tempDatabase();
	db = env.db;
	expect((await importPaths(db, ['data/sample'])).committed).toBe(true);
	await loadSampleAccounts(db, 'data/sample');
	admin = await principalOf('admin');
}, 120_000);
afterAll(() => env.cleanup());

describe('the council’s settings', () => {
	it('reads the defaults of a council that set nothing', async () => {
		const s = await readCouncilSettings(db);
		expect(s).toMatchObject({
			councilName: 'Hội đồng Thi đua - Khen thưởng',
			tierExcellentPct: 95,
			tierGoodPct: 85,
			flagMinTier: 'good',
			yearStartMonth: 12,
			yearStartDay: 1,
			deputyReviewsLeaderUnit: false,
			leadersFollowMembership: true
		});
		expect(s.rules.every((r) => r.enabled && r.effectiveFrom === null)).toBe(true);
	});

	it('an invalid submit changes nothing and names every wrong field; a non-admin changes nothing', async () => {
		const before = await contentDigest(db);
		const bad = await saveCouncilSettings(
			db,
			admin,
			fields({
				councilName: 'Tên mới',
				tierGoodPct: '96',
				certificateCount: '-2',
				yearStartMonth: '2',
				yearStartDay: '30',
				'rule.cstdcs_cap@2024.from': '2030',
				'rule.cstdcs_cap@2024.to': '2026'
			})
		);
		expect(bad.status === 'invalid' && bad.problems.map((p) => `${p.field}:${p.code}`)).toEqual([
			'certificateCount:places',
			'yearStartDay:day',
			'tierGoodPct:decreasing',
			'rule.cstdcs_cap@2024.to:yearOrder'
		]);
		const officer = await principalOf('so03');
		expect(await saveCouncilSettings(db, officer, fields({ councilName: 'X' }))).toEqual({
			status: 'forbidden'
		});
		expect(await contentDigest(db)).toBe(before);
	});

	it('a good submit is saved at once, one audit row per change; saving it again changes nothing', async () => {
		const form = fields({
			councilName: '  Hội đồng Thi đua - Khen thưởng   tỉnh ',
			directWorkerPerLeaderTarget: '1,5',
			yearStartMonth: '1',
			yearStartDay: '15',
			'rule.cstdcs_cap@2024.from': '2025',
			'rule.gov_flag_cap@2024.enabled': ['off']
		});
		const saved = await saveCouncilSettings(db, admin, form);
		expect(saved).toMatchObject({ status: 'saved' });
		expect(await settingAudit()).toEqual([
			'admin council_name: Hội đồng Thi đua - Khen thưởng → Hội đồng Thi đua - Khen thưởng tỉnh',
			'admin direct_worker_per_leader_target: 1 → 1.5',
			'admin year_start_month: 12 → 1',
			'admin year_start_day: 1 → 15',
			'admin rule_setting:cstdcs_cap@2024.effective_from: null → 2025',
			'admin rule_setting:gov_flag_cap@2024.enabled: true → false'
		]);
		const rules = await effectiveRules(db);
		expect(rules.find((r) => r.id === 'cstdcs_cap@2024')).toMatchObject({
			effectiveFrom: 2025,
			enabled: true
		});
		expect(rules.find((r) => r.id === 'gov_flag_cap@2024')).toMatchObject({
			effectiveFrom: 2024,
			enabled: false
		});
		const before = await contentDigest(db);
		expect(await saveCouncilSettings(db, admin, form)).toEqual({ status: 'saved', changes: [] });
		expect(await contentDigest(db)).toBe(before);
		// Back to the rule table: the rows go.
		await saveCouncilSettings(
			db,
			admin,
			fields({ 'rule.cstdcs_cap@2024.from': '', 'rule.gov_flag_cap@2024.enabled': ['off', 'on'] })
		);
		expect(await db.all('SELECT rule_id FROM rule_setting')).toEqual([]);
	});

	it('a default tier threshold ranks again a bloc-year whose pledge leaves it to the council', async () => {
		const [own] = await db.all<{ year: number; bloc: string }>(
			`SELECT year, bloc_code AS bloc FROM pledge
			 WHERE tier_excellent_pct IS NULL AND tier_good_pct IS NULL AND tier_fair_pct IS NULL
				AND tier_average_pct IS NULL
			 ORDER BY year DESC, bloc_code LIMIT 1`
		);
		expect(own).toBeDefined();
		const before = await rankBloc(db, own!.year, own!.bloc); // cached from here
		const notExcellent = before.filter((r) => r.tier !== 'excellent');
		expect(notExcellent.length).toBeGreaterThan(0);
		const lowest = Math.min(...before.map((r) => r.percent));
		expect(lowest).toBeGreaterThan(4);

		const saved = await saveCouncilSettings(
			db,
			admin,
			fields({ tierExcellentPct: '4', tierGoodPct: '3', tierFairPct: '2', tierAveragePct: '1' })
		);
		expect(saved.status === 'saved' && saved.changes.every((c) => c.ranking)).toBe(true);
		const after = await rankBloc(db, own!.year, own!.bloc);
		expect(after.map((r) => r.tier)).toEqual(after.map(() => 'excellent'));
		const stored = await db.all<{ tier: string }>(
			'SELECT tier FROM unit_total WHERE year = $1 AND bloc_code = $2',
			[own!.year, own!.bloc]
		);
		expect(stored.map((r) => r.tier)).toEqual(stored.map(() => 'excellent'));
		await expectStoredFresh();

		await saveCouncilSettings(
			db,
			admin,
			fields({ tierAveragePct: '50', tierFairPct: '70', tierGoodPct: '85', tierExcellentPct: '95' })
		);
		expect((await rankBloc(db, own!.year, own!.bloc)).map((r) => r.tier)).toEqual(before.map((r) => r.tier));
		await expectStoredFresh();
	});
});

describe('leadership follows the bloc’s own decision', () => {
	let bloc: BlocYear;
	let token = '';
	let userId = 0;
	const follow = (on: boolean) =>
		saveCouncilSettings(db, admin, fields({ leadersFollowMembership: on ? ['off', 'on'] : ['off'] }));
	const session = async () => (await sessionPrincipal(db, token))!;
	const review = async (user: Principal, unit: string, value: string) => {
		const sheet = await loadSheet(db, bloc, unit);
		const criterion = sheet.groups[0]!.criteria[0]!.code;
		return saveSheet(db, user, bloc, unit, 'review', sheet.version, [{ criterionCode: criterion, value }]);
	};

	beforeAll(async () => {
		bloc = (await getBlocYear(db, 2025, 'K04'))!;
		expect(bloc.stage).toBe('review');
		// An officer of SO24 (K04's leader unit in 2025) with no bloc grant at all.
		userId = await createUser(db, {
			username: 'canbo.so24',
			displayName: 'Cán bộ SO24',
			password: PASSWORD,
			grants: [{ role: 'unit_officer', unitCode: 'SO24' }]
		});
		await createUser(db, {
			username: 'canbo.so03',
			displayName: 'Cán bộ SO03',
			password: PASSWORD,
			grants: [{ role: 'unit_officer', unitCode: 'SO03' }]
		});
		const r = await login(db, 'canbo.so24', PASSWORD, '10.9.0.1');
		expect(r.ok).toBe(true);
		token = r.ok ? r.token : '';
	}, 60_000);

	it('on (the default): the leader unit’s officer is K04 2025’s leader, marked as derived; reviews and may finalise', async () => {
		const p = await session();
		expect(p.userId).toBe(userId);
		expect(p.grants).toEqual([
			{ role: 'unit_officer', unitCode: 'SO24' },
			{ role: 'bloc_leader', blocCode: 'K04', year: 2025, via: 'membership' }
		]);
		expect((await review(p, 'SO03', '5')).status).toBe('saved');
		expect(can(p, { kind: 'stage:advance', bloc, to: 'finalised' })).toBe(true);
		// An explicit grant is not repeated as a derived one.
		const explicit = await principalOf('truongkhoi.k04');
		expect(explicit.grants.filter((g) => g.role === 'bloc_leader')).toEqual([
			{ role: 'bloc_leader', blocCode: 'K04', year: 2025 }
		]);
		// A finalised bloc-year has no derived leader: SO03 led K04 in 2022.
		expect((await principalOf('so03')).grants).toEqual([{ role: 'unit_officer', unitCode: 'SO03' }]);
	});

	it('off: the officer is refused (nothing written); an explicit grant still works', async () => {
		expect((await follow(false)).status).toBe('saved');
		const p = await session();
		expect(p.grants).toEqual([{ role: 'unit_officer', unitCode: 'SO24' }]);
		const before = await contentDigest(db, { exclude: ['user_session', 'login_attempt'] });
		expect((await review(p, 'SO03', '6')).status).toBe('refused');
		const moved = await changeStage(db, p, bloc, 'finalised', '');
		expect(moved).toMatchObject({ ok: false, refusal: 'forbidden' });
		expect(await contentDigest(db, { exclude: ['user_session', 'login_attempt'] })).toBe(before);
		const explicit = await principalOf('truongkhoi.k04');
		expect((await review(explicit, 'SO03', '7')).status).toBe('saved');
		expect((await follow(true)).status).toBe('saved');
		expect((await session()).grants).toContainEqual({
			role: 'bloc_leader',
			blocCode: 'K04',
			year: 2025,
			via: 'membership'
		});
	});

	it('a membership change moving the leader role moves the rights at once (no stale session)', async () => {
		const held = await session(); // cached
		expect(can(held, { kind: 'read:bloc', bloc })).toBe(true);
		const result = await importFiles(db, [
			{
				name: 'memberships.csv',
				content: new TextEncoder().encode(
					'year,bloc_code,unit_code,role\n2025,K04,SO24,member\n2025,K04,SO03,leader\n'
				)
			}
		]);
		expect(result.committed).toBe(true);
		const p = await session();
		expect(p.grants).toEqual([{ role: 'unit_officer', unitCode: 'SO24' }]);
		expect(can(p, { kind: 'read:bloc', bloc })).toBe(false);
		expect((await review(p, 'SO03', '8')).status).toBe('refused');
		const r = await login(db, 'canbo.so03', PASSWORD, '10.9.0.2');
		const so03Token = r.ok ? r.token : '';
		const so03 = (await sessionPrincipal(db, so03Token))!;
		expect(so03.grants).toContainEqual({
			role: 'bloc_leader',
			blocCode: 'K04',
			year: 2025,
			via: 'membership'
		});
		expect((await review(so03, 'SO09', '8')).status).toBe('saved');

		// A membership write that names only its bloc-year (as the pledge and new-year pages do):
		// the cached principals follow it too.
		await db.transaction(
			async (conn) => {
				await conn.run(
					"UPDATE bloc_membership SET role = CASE unit_code WHEN 'SO24' THEN 'leader' ELSE 'member' END WHERE year = 2025 AND unit_code IN ('SO24', 'SO03')"
				);
			},
			{ changes: [{ kind: 'pledge', year: 2025, bloc: 'K04' }] }
		);
		expect((await session()).grants).toContainEqual({
			role: 'bloc_leader',
			blocCode: 'K04',
			year: 2025,
			via: 'membership'
		});
		expect((await sessionPrincipal(db, so03Token))!.grants).toEqual([
			{ role: 'unit_officer', unitCode: 'SO03' }
		]);

		// Finalised by the leader: no derived leader any more, the rights end with the year's work.
		expect(await changeStage(db, await session(), bloc, 'finalised', '')).toMatchObject({ ok: true });
		expect((await session()).grants).toEqual([{ role: 'unit_officer', unitCode: 'SO24' }]);
	});
});
