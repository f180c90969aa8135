/**
 * The role × action matrix, over HTTP against the built app with the sample province (2025: K04
 * in review, K05 self-scoring; 2024 finalised) and its sample accounts.
 *
 * Phase 1 makes every read and every refused write, then stops the server and checks that the
 * database content is what it was before (sessions and login attempts aside): refused means 403
 * (401 or a redirect to /login without an account) AND nothing written. Phase 2 makes the allowed
 * writes, in an order where each is still valid, and checks each took effect.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups, sidecarName } from '../../src/lib/server/backup';
import { vietnamDate } from '../../src/lib/domain/deadline';
import { Database } from '../../src/lib/server/db';
import { createUser } from '../../src/lib/server/auth/users';
import { SAMPLE_PASSWORD, startApp, type RunningApp } from '../helpers/app-server';
import { contentDigest } from '../helpers/snapshot';

type Who =
	| 'anon'
	| 'admin'
	| 'analyst'
	| 'viewer'
	| 'leader4'
	| 'deputy4'
	| 'leader3'
	| 'officer4'
	| 'officer5'
	| 'leader5'
	| 'deputy5';
const ACCOUNTS: Record<Exclude<Who, 'anon'>, string> = {
	admin: 'admin',
	analyst: 'phantich',
	viewer: 'lanhdao',
	leader4: 'truongkhoi.k04', // Trưởng khối K04 2025
	deputy4: 'phokhoi.k04', // Phó khối K04 2025
	leader3: 'truongkhoi.k03', // leader of another bloc
	officer4: 'so03', // officer of SO03, a member of K04
	officer5: 'so11', // officer of SO11, a member of K05
	leader5: 'truongkhoi.k05', // Trưởng khối K05 2025, officer of SO21 (not of SO26)
	deputy5: 'phokhoi.k05' // Phó khối K05 2025, officer of SO26
};
const EVERYONE: Who[] = [
	'anon',
	'admin',
	'analyst',
	'viewer',
	'leader4',
	'deputy4',
	'leader3',
	'officer4',
	'officer5',
	'leader5',
	'deputy5'
];

const GRID4 = '/blocs/K04/2025/units/SO03';
const GRID5 = '/blocs/K05/2025/units/SO11';
/** SO24 leads K04 in 2025: truongkhoi.k04's own unit. */
const GRID4_OWN = '/blocs/K04/2025/units/SO24';

/** Who may, per request; everyone else is refused. */
const READS: { path: string; allowed: Who[] }[] = [
	{ path: '/', allowed: EVERYONE.filter((w) => w !== 'anon') },
	{ path: '/blocs/K04/2024', allowed: EVERYONE.filter((w) => w !== 'anon') }, // finalised: public to accounts
	{ path: '/blocs/K04/2025', allowed: ['admin', 'analyst', 'leader4', 'deputy4'] }, // a draft
	{ path: '/blocs/K04/2025/scoring', allowed: ['admin', 'analyst', 'leader4', 'deputy4'] },
	{ path: GRID4, allowed: ['admin', 'analyst', 'leader4', 'deputy4', 'officer4'] },
	{ path: `${GRID4}/history`, allowed: ['admin', 'analyst', 'leader4', 'deputy4', 'officer4'] },
	{ path: `${GRID4}/history.csv`, allowed: ['admin', 'analyst', 'leader4', 'deputy4', 'officer4'] },
	{ path: '/admin/backups', allowed: ['admin'] }, // a backup holds every personal datum
	{ path: '/admin', allowed: ['admin'] }, // the admin tools' index
	{ path: '/admin/logins', allowed: ['admin'] }, // held accounts and their addresses
	// Issue 14 part 4, a new year from the last one: the form and a preview
	{ path: '/admin/years/new', allowed: ['admin'] },
	{ path: '/admin/years/new?year=2026&from=2025', allowed: ['admin'] },
	// Issue 14 part 7: the council's settings page.
	{ path: '/admin/settings', allowed: ['admin'] },
	// Accounts page (issue 14, part 1): admin only.
	{ path: '/admin/accounts', allowed: ['admin'] },
	{ path: '/admin/accounts?q=truong&role=bloc_leader&bloc=K04&year=2025', allowed: ['admin'] },
	{ path: '/admin/accounts/new', allowed: ['admin'] },
	{ path: '/admin/accounts/truongkhoi.k04', allowed: ['admin'] },
	// Issue 14, my account and bulk accounts (i14-self): my account for every account, bulk for the admin.
	{ path: '/account', allowed: EVERYONE.filter((w) => w !== 'anon') },
	{ path: '/account/password', allowed: EVERYONE.filter((w) => w !== 'anon') },
	{ path: '/admin/accounts/bulk', allowed: ['admin'] },
	{ path: '/admin/accounts/bulk?year=2025&bloc=K04', allowed: ['admin'] },
	// the what-if ranking as a file: as its page, every account for a finalised bloc-year
	{
		path: '/analytics/whatif/xep-hang-gia-dinh.csv?bloc=K04&year=2024',
		allowed: EVERYONE.filter((w) => w !== 'anon')
	},
	{
		path: '/analytics/whatif/xep-hang-gia-dinh.xlsx?bloc=K04&year=2024&g.I=2',
		allowed: EVERYONE.filter((w) => w !== 'anon')
	},
	// Issue 14 part 5, the pledge editor: read (and printed, downloaded) as the bloc is.
	{ path: '/blocs/K04/2025/pledge', allowed: ['admin', 'analyst', 'leader4', 'deputy4'] },
	{ path: '/blocs/K04/2025/pledge/print', allowed: ['admin', 'analyst', 'leader4', 'deputy4'] },
	{
		path: '/blocs/K04/2025/pledge/tieu_chi_K04_2025.csv',
		allowed: ['admin', 'analyst', 'leader4', 'deputy4']
	},
	{ path: '/blocs/K04/2024/pledge', allowed: EVERYONE.filter((w) => w !== 'anon') },
	{ path: '/blocs/K04/2024/pledge/tieu_chi_K04_2024.xlsx', allowed: EVERYONE.filter((w) => w !== 'anon') },
	// Issue 15 part 4, the sheet round trip: a filled template is read as the sheets it holds (the
	// whole bloc for who reads it, the own unit for its officer); a finalised one by every account.
	{
		path: '/blocs/K04/2025/template/diem_K04_2025.xlsx?field=self&fill=1',
		allowed: ['admin', 'analyst', 'leader4', 'deputy4', 'officer4']
	},
	{
		path: '/blocs/K04/2025/template/diem_K04_2025.csv?field=review&fill=1&unit=SO03',
		allowed: ['admin', 'analyst', 'leader4', 'deputy4', 'officer4']
	},
	{
		path: '/blocs/K04/2025/template/diem_K04_2025.xlsx?field=review&fill=1&unit=SO09',
		allowed: ['admin', 'analyst', 'leader4', 'deputy4']
	},
	{
		path: '/blocs/K04/2024/template/diem_K04_2024.xlsx?field=review&fill=1',
		allowed: EVERYONE.filter((w) => w !== 'anon')
	},
	// Issue 15 part 3, decisions: a finalised bloc-year's (admin, analysts, its leader and deputy of
	// that year: none of the sample's here), the council's, the templates (admin).
	{ path: '/blocs/K06/2024/decision', allowed: ['admin', 'analyst'] },
	{ path: '/blocs/K06/2024/decision/quyet-dinh.docx?so=5%2FQĐ-UBND', allowed: ['admin', 'analyst'] },
	{ path: '/blocs/K04/2025/decision', allowed: [] }, // not finalised: no draft for anyone
	{ path: '/decisions/2024', allowed: ['admin', 'analyst'] },
	{ path: '/decisions/2024/to-trinh.docx', allowed: ['admin', 'analyst'] },
	{ path: '/admin/decision-templates', allowed: ['admin'] },
	{ path: '/admin/decision-templates/decision.docx', allowed: ['admin'] },
	// Issue 15 part 2, the summary table as an Excel file: read as the printed report is.
	{ path: '/blocs/K04/2025/report.xlsx', allowed: ['admin', 'analyst', 'leader4', 'deputy4'] },
	{
		path: '/blocs/K04/2024/report.xlsx?place=S%C6%A1n%20H%C3%A0&date=',
		allowed: EVERYONE.filter((w) => w !== 'anon')
	},
	// Issue 15 part 6, official statistics (Biểu 0602/0603): counts to every account, like the
	// award balance; the drill list is readable by all, its names only by readers of recipients.
	{ path: '/awards/statistics', allowed: EVERYONE.filter((w) => w !== 'anon') },
	{ path: '/awards/statistics/0602?year=2024', allowed: EVERYONE.filter((w) => w !== 'anon') },
	{ path: '/awards/statistics/0603/xlsx?year=2024', allowed: EVERYONE.filter((w) => w !== 'anon') },
	{
		path: '/awards/statistics/0602/drill?year=2024&row=09&col=total',
		allowed: EVERYONE.filter((w) => w !== 'anon')
	}
];

/**
 * The what-if download of a draft bloc-year answers as its page does: 200 to who may read the
 * draft, 404 to the others (a bloc-year they may not see does not exist for them), the login page
 * without an account.
 */
const WHATIF_DRAFT = {
	page: '/analytics/whatif?bloc=K04&year=2025',
	files: [
		'/analytics/whatif/xep-hang-gia-dinh.csv?bloc=K04&year=2025',
		'/analytics/whatif/xep-hang-gia-dinh.xlsx?bloc=K04&year=2025'
	],
	readers: ['admin', 'analyst', 'leader4', 'deputy4'] as Who[]
};

/**
 * Named award recipients (personal data, Nghị định 13/2023): the page or file answers 200 to
 * `readers`, and carries a sample recipient's name (and the individuals' table or gender column)
 * only for `named`: admin, analysts, leadership and the unit's own officer. Bloc leaders and
 * deputies see counts, unless they are the unit's officer (deputy5 for SO26).
 */
/**
 * CSV: an individual's row of `unit` with its ethnic-minority flag: three yes/no columns in a row
 * (ethnic minority, remote area, small collective); a row without the person has two.
 */
const personalRow = (unit: string) => (csv: string) =>
	csv
		.split('\r\n')
		.some(
			(l) =>
				l.includes(`,${unit},`) && l.includes(',Cá nhân,') && /,(Có|Không),(Có|Không),(Có|Không),/.test(l)
		);

const RECIPIENTS: {
	path: string;
	name: string;
	readers: Who[];
	named: Who[];
	/** The body carries the individuals' personal attributes (gender, ethnic minority). */
	personal: (body: string) => boolean;
}[] = [
	{
		// SO26 2025: Giàng Mạnh Dũng, ethnic minority
		path: '/awards/2025/SO26',
		name: 'Giàng Mạnh Dũng',
		readers: EVERYONE.filter((w) => w !== 'anon'),
		named: ['admin', 'analyst', 'viewer', 'deputy5'],
		personal: (html) => html.includes('data-table="award-rows"')
	},
	{
		path: '/awards/2025/SO26/__data.json',
		name: 'Giàng Mạnh Dũng',
		readers: EVERYONE.filter((w) => w !== 'anon'),
		named: ['admin', 'analyst', 'viewer', 'deputy5'],
		personal: (json) => /"(male|female)"/.test(json)
	},
	{
		// K05 2025 is a draft: its file goes to the bloc's leader and deputy, names to the deputy only
		path: '/blocs/K05/2025/export/awards.csv',
		name: 'Giàng Mạnh Dũng',
		readers: ['admin', 'analyst', 'leader5', 'deputy5'],
		named: ['admin', 'analyst', 'deputy5'],
		personal: personalRow('SO26')
	},
	{
		// K05 2024 is finalised: every account; Lê Minh Khánh is of SO11
		path: '/blocs/K05/2024/export/awards.csv',
		name: 'Lê Minh Khánh',
		readers: EVERYONE.filter((w) => w !== 'anon'),
		named: ['admin', 'analyst', 'viewer', 'officer5'],
		personal: personalRow('SO11')
	}
];

interface Write {
	name: string;
	path: string;
	/** `n` makes each allowed role save a different value, so that every save is a change. */
	fields: (ctx: { version: string; criterion: string }, n?: number) => Record<string, string>;
	/** Page whose version and first criterion the write uses. */
	grid?: string;
	allowed: Who[];
}

const WRITES: Write[] = [
	{
		name: 'bloc score of a K04 unit',
		path: `${GRID4}?/review`,
		grid: GRID4,
		fields: ({ version, criterion }, n = 1) => ({ version, [`value.${criterion}`]: String(n) }),
		allowed: ['admin', 'leader4', 'deputy4']
	},
	{
		// Allowed to the leader too while the council lets the leader review the own unit (default).
		name: 'bloc score of the K04 leader’s own unit',
		path: `${GRID4_OWN}?/review`,
		grid: GRID4_OWN,
		fields: ({ version, criterion }, n = 1) => ({
			version,
			[`value.${criterion}`]: String(n),
			reason: 'Kiểm tra ma trận quyền'
		}),
		allowed: ['admin', 'leader4', 'deputy4']
	},
	{
		name: 'self-score of a K05 unit',
		path: `${GRID5}?/self`,
		grid: GRID5,
		fields: ({ version, criterion }, n = 1) => ({ version, [`value.${criterion}`]: String(n) }),
		allowed: ['admin', 'officer5']
	},
	{
		name: 'finalising K04 2025',
		path: '/blocs/K04/2025?/stage',
		fields: () => ({ to: 'finalised', reason: '' }),
		allowed: ['admin', 'leader4', 'deputy4']
	},
	{
		// Not a move: who may move the bloc is told it is already there (phase 1, 400).
		name: 'moving K04 2025 to the stage it is in (review)',
		path: '/blocs/K04/2025?/stage',
		fields: () => ({ to: 'review', reason: '' }),
		allowed: ['admin', 'leader4', 'deputy4']
	},
	{
		name: 'reopening the finalised K04 2024',
		path: '/blocs/K04/2024?/stage',
		fields: () => ({ to: 'review', reason: 'Kiểm tra lại theo kiến nghị' }),
		allowed: ['admin']
	},
	{
		name: 'the council’s rule: the deputy reviews the leader’s own unit',
		path: '/admin/settings?/save',
		fields: () => ({ deputyReviewsLeaderUnit: 'on' }),
		allowed: ['admin']
	},
	// Issue 14 parts 7 and 3: the council's settings (a ranking default, a switch, a rule's years).
	{
		name: 'a council default: the Good threshold',
		path: '/admin/settings?/save',
		fields: () => ({ tierGoodPct: '84' }),
		allowed: ['admin']
	},
	{
		name: 'the council’s switch: leadership follows the membership',
		path: '/admin/settings?/save',
		fields: () => ({ leadersFollowMembership: 'off' }),
		allowed: ['admin']
	},
	{
		name: 'the council’s years of a rule',
		path: '/admin/settings?/save',
		fields: () => ({ 'rule.cstdcs_cap@2024.from': '2025' }),
		allowed: ['admin']
	},
	// Issue 14 part 6 (deadlines): set a bloc-year's deadlines, extend one unit's self-scoring.
	{
		name: 'deadlines of K05 2025',
		path: '/blocs/K05/2025?/deadline',
		fields: () => ({ selfUntil: '31/12/2099', reviewUntil: '' }),
		allowed: ['admin', 'leader5', 'deputy5']
	},
	{
		name: 'a self-scoring extension of SO11 in K05 2025',
		path: '/blocs/K05/2025?/extend',
		fields: () => ({ unit: 'SO11', until: '31/12/2099', reason: 'Kiểm tra ma trận quyền' }),
		allowed: ['admin', 'leader5', 'deputy5']
	},
	{
		name: 'the council’s setting: the stage advances by itself at the self-scoring deadline',
		path: '/admin/settings?/autoAdvance',
		fields: () => ({ autoAdvance: 'on' }),
		allowed: ['admin']
	},
	// Issue 14 part 5, the pledge editor: K04 2025 is in review (locked): only an admin, with a reason.
	{
		name: 'the pledge settings of K04 2025',
		path: '/blocs/K04/2025/pledge?/settings',
		fields: () => ({ version: 'x', title: 'Giao ước', bonusCap: '40', reason: 'Kiểm tra ma trận quyền' }),
		allowed: ['admin']
	},
	{
		name: 'a criterion of K04 2025',
		path: '/blocs/K04/2025/pledge?/criterion',
		fields: () => ({
			version: 'x',
			original: 'I.2',
			code: 'I.2',
			groupCode: 'I',
			name: 'Giải ngân vốn đầu tư công được giao',
			maxPoints: '50',
			weight: '1',
			kind: 'content',
			reason: 'Kiểm tra ma trận quyền'
		}),
		allowed: ['admin']
	},
	{
		name: 'removing a criterion of K04 2025',
		path: '/blocs/K04/2025/pledge?/remove',
		fields: () => ({ version: 'x', code: 'TRU.2', reason: 'Kiểm tra ma trận quyền' }),
		allowed: ['admin']
	},
	{
		name: 'moving a criterion of K04 2025',
		path: '/blocs/K04/2025/pledge?/move',
		fields: () => ({ version: 'x', code: 'I.2', dir: 'up', reason: 'Kiểm tra ma trận quyền' }),
		allowed: ['admin']
	},
	// Issue 14, my account and bulk accounts (i14-self).
	{
		name: 'signing out my other sessions',
		path: '/account?/signOutOthers',
		fields: () => ({}),
		allowed: EVERYONE.filter((w) => w !== 'anon')
	},
	{
		// A wrong current password: who may change theirs is told so (400), nothing written.
		name: 'changing my password',
		path: '/account/password',
		fields: () => ({ current: 'khong-phai-mat-khau', next: 'Hoa sen nở 2026', confirm: 'Hoa sen nở 2026' }),
		allowed: EVERYONE.filter((w) => w !== 'anon')
	},
	{
		name: 'officer accounts for the units of K04 2025 without one',
		path: '/admin/accounts/bulk?/fromUnits',
		fields: () => ({ year: '2025', bloc: 'K04', units: '' }),
		allowed: ['admin']
	},
	{
		name: 'checking an accounts file',
		path: '/admin/accounts/bulk?/checkFile',
		fields: () => ({}),
		allowed: ['admin']
	},
	{
		name: 'accounts from a checked file',
		path: '/admin/accounts/bulk?/fromFile',
		fields: () => ({ token: '0'.repeat(32) }),
		allowed: ['admin']
	},
	{
		name: 'the one download of temporary passwords',
		path: '/admin/accounts/bulk/download',
		fields: () => ({ token: 'x', format: 'csv' }),
		allowed: ['admin']
	},
	{
		name: 'a backup made now',
		path: '/admin/backups?/backup',
		fields: () => ({}),
		allowed: ['admin']
	},
	// Issue 14 part 4, a new year from the last one (phase 2 makes it as the admin).
	{
		name: 'a new year 2026 from 2025',
		path: '/admin/years/new?/create',
		fields: () => ({ year: '2026', from: '2025', blocs: '1', bloc: 'K07', token: 'x' }),
		allowed: ['admin']
	},
	// Accounts page (issue 14, part 1): every change of an account is the admin's only.
	{
		name: 'an account created',
		path: '/admin/accounts/new',
		fields: () => ({
			username: 'matran.moi',
			displayName: 'Ma trận',
			passwordMode: 'temporary',
			role: 'viewer'
		}),
		allowed: ['admin']
	},
	...(
		[
			['rename', { displayName: 'Tên khác' }],
			['disable', {}],
			['enable', {}],
			['reset', {}],
			['grant', { role: 'bloc_deputy', bloc: 'K01', year: '2025' }],
			['revoke', { grant: 'unit_officer:SO03' }]
		] as const
	).map(([action, fields]) => ({
		name: `account so03: ${action}`,
		path: `/admin/accounts/so03?/${action}`,
		fields: () => ({ ...fields }),
		allowed: ['admin'] as Who[]
	})),
	// Issue 15 part 1, the vote: recorded (or cleared) by the bloc-year's leader or an admin while in
	// review; into the finalised K04 2024 by nobody. The allowed ones are made in phase 2.
	...(['vote', 'voteClear'] as const).flatMap((action) => [
		{
			name: `${action} in K04 2025 (in review)`,
			path: `/blocs/K04/2025?/${action}`,
			fields: () => ({ kind: 'certificate', date: '05/12/2025', present: '5', chosen: 'SO24' }),
			allowed: ['admin', 'leader4'] as Who[]
		},
		{
			name: `${action} in the finalised K04 2024`,
			path: `/blocs/K04/2024?/${action}`,
			fields: () => ({ kind: 'certificate', date: '05/12/2024', present: '9', chosen: 'SO07' }),
			allowed: [] as Who[]
		}
	]),
	// Issue 15 part 3: the decision's number and date (its award rows), the templates: admin only.
	{
		name: 'the K06 2024 decision recorded',
		path: '/blocs/K06/2024/decision?/record',
		fields: () => ({ decisionNo: '5/QĐ-UBND', decisionDate: '01/02/2025' }),
		allowed: ['admin']
	},
	{
		name: 'the K06 2024 decision removed',
		path: '/blocs/K06/2024/decision?/remove',
		fields: () => ({}),
		allowed: ['admin']
	},
	{
		name: 'the council’s 2022 decision recorded',
		path: '/decisions/2022?/record',
		fields: () => ({ decisionNo: '5/QĐ-UBND', decisionDate: '01/02/2023' }),
		allowed: ['admin']
	},
	{
		name: 'a decision template uploaded',
		path: '/admin/decision-templates?/upload',
		fields: () => ({ doc: 'decision' }),
		allowed: ['admin']
	},
	{
		name: 'a decision template reset',
		path: '/admin/decision-templates?/reset',
		fields: () => ({ doc: 'decision' }),
		allowed: ['admin']
	}
];

let app: RunningApp;
const cookies = new Map<Who, string | undefined>([['anon', undefined]]);

async function signInAll() {
	for (const [who, username] of Object.entries(ACCOUNTS)) cookies.set(who as Who, await app.login(username));
}

/** The grid's current version and its first criterion code, read as the admin. */
async function gridContext(grid: string): Promise<{ version: string; criterion: string }> {
	const html = await (await app.request(grid, { cookie: cookies.get('admin') })).text();
	const version = /<dd data-version[^>]*>(\d+)</.exec(html);
	const criterion = /<tr data-criterion="([^"]+)"/.exec(html);
	if (!version || !criterion) throw new Error(`${grid}: no version or criterion in the grid`);
	return { version: version[1] ?? '0', criterion: criterion[1] ?? '' };
}

const IGNORED = ['user_session', 'login_attempt', 'import_log'];
async function digestOf(dbPath: string): Promise<string> {
	const db = await Database.open(dbPath);
	try {
		return await contentDigest(db, { exclude: IGNORED });
	} finally {
		db.close();
	}
}

describe('role × action matrix', () => {
	let dir = '';
	let before = '';

	beforeAll(async () => {
		// First start loads the sample; the digest is taken with the server stopped.
		app = await startApp();
		dir = app.dir;
		await app.stop({ keepFiles: true });
		before = await digestOf(app.dbPath);
		app = await startApp({}, { dir });
		await signInAll();
	}, 180_000);

	afterAll(async () => {
		await app?.stop();
	}, 30_000);

	describe('phase 1: reads, and refused writes change nothing', () => {
		for (const read of READS)
			it(`GET ${read.path}`, async () => {
				const got: Record<string, number> = {};
				const want: Record<string, number> = {};
				for (const who of EVERYONE) {
					const res = await app.request(read.path, { cookie: cookies.get(who) });
					await res.arrayBuffer();
					got[who] = res.status;
					want[who] = who === 'anon' ? 303 : read.allowed.includes(who) ? 200 : 403;
				}
				expect(got).toEqual(want);
			});

		it('GET the what-if download of the draft K04 2025: the page’s rights', async () => {
			const got: Record<string, number[]> = {};
			const want: Record<string, number[]> = {};
			for (const who of EVERYONE) {
				got[who] = [];
				for (const path of [WHATIF_DRAFT.page, ...WHATIF_DRAFT.files]) {
					const res = await app.request(path, { cookie: cookies.get(who) });
					await res.arrayBuffer();
					got[who].push(res.status);
				}
				const code = who === 'anon' ? 303 : WHATIF_DRAFT.readers.includes(who) ? 200 : 404;
				want[who] = [code, code, code];
			}
			expect(got).toEqual(want);
		});

		for (const r of RECIPIENTS)
			it(`GET ${r.path}: recipients by name only to ${r.named.join(', ')}`, async () => {
				const got: Record<string, string> = {};
				const want: Record<string, string> = {};
				for (const who of EVERYONE) {
					const res = await app.request(r.path, { cookie: cookies.get(who) });
					const body = await res.text();
					const named = body.includes(r.name);
					const personal = r.personal(body);
					// an anonymous data request may answer 200 with a redirect inside: only the content counts
					const status = who === 'anon' && r.path.endsWith('.json') ? 'any' : String(res.status);
					got[who] = `${status} ${named ? 'name' : '-'} ${personal ? 'personal' : '-'}`;
					const ok = r.readers.includes(who);
					const code = who === 'anon' ? (status === 'any' ? 'any' : '303') : ok ? '200' : '403';
					const shown = ok && r.named.includes(who);
					want[who] = `${code} ${shown ? 'name' : '-'} ${shown ? 'personal' : '-'}`;
				}
				expect(got).toEqual(want);
			});

		for (const write of WRITES)
			it(`POST ${write.name}: refused to everyone else`, async () => {
				const ctx = write.grid ? await gridContext(write.grid) : { version: '0', criterion: '' };
				const got: Record<string, number> = {};
				const want: Record<string, number> = {};
				for (const who of EVERYONE.filter((w) => !write.allowed.includes(w))) {
					const res = await app.post(write.path, write.fields(ctx), cookies.get(who));
					await res.arrayBuffer();
					got[who] = res.status;
					want[who] = who === 'anon' ? 401 : 403;
				}
				expect(got).toEqual(want);
			});

		it('left no file in the backup folder', async () => {
			// Only the daily backup (BACKUP_AT) may be there, should its time fall in these seconds.
			const folder = join(dir, 'backups');
			const daily = (await listBackups(folder))
				.filter((b) => b.kind === 'scheduled')
				.flatMap((b) => [b.name, sidecarName(b.name)]);
			expect((existsSync(folder) ? readdirSync(folder) : []).filter((f) => !daily.includes(f))).toEqual([]);
		});

		it('nobody signed in: a unit of the bloc, one of another bloc, a bloc-year without pledge answer alike', async () => {
			// SO11 is a member of K05, not of K04; K04 has no pledge in 2099.
			const paths = [
				GRID4,
				'/blocs/K04/2025/units/SO11',
				'/blocs/K04/2025/units/KHONGCO',
				'/blocs/K04/2099/units/SO03',
				'/blocs/KHONGCO/2025/units/SO03'
			].flatMap((grid) => [grid, `${grid}/history`, `${grid}/history.csv`]);
			for (const path of [...paths, '/blocs/K04/2099', '/blocs/K04/2099/scoring', '/blocs/K04/2099/report']) {
				const res = await app.request(path);
				await res.arrayBuffer();
				expect([path, res.status, res.headers.get('location')]).toEqual([
					path,
					303,
					`/login?next=${encodeURIComponent(path)}`
				]);
			}
			for (const path of [
				'/blocs/K04/2099/export/ranking.csv',
				'/blocs/K04/2099/template/diem_K04_2099.csv'
			]) {
				const res = await app.request(path);
				await res.arrayBuffer();
				expect([path, res.status]).toEqual([path, 303]);
			}
			// A form post without an account: 401 whether or not the unit is a member.
			for (const grid of [GRID4, '/blocs/K04/2025/units/SO11']) {
				const res = await app.post(`${grid}?/review`, { version: '0', 'value.X': '1' });
				await res.arrayBuffer();
				expect([grid, res.status]).toEqual([grid, 401]);
			}
			// Signed in, the member check still answers (404 for a unit of another bloc).
			const res = await app.request('/blocs/K04/2025/units/SO11', { cookie: cookies.get('admin') });
			await res.arrayBuffer();
			expect(res.status).toBe(404);
		});

		it('who may move K04 2025 is told it is already in review; nothing is written', async () => {
			for (const who of ['admin', 'leader4', 'deputy4'] as const) {
				const res = await app.post('/blocs/K04/2025?/stage', { to: 'review', reason: '' }, cookies.get(who));
				const html = await res.text();
				expect([who, res.status]).toEqual([who, 400]);
				expect(html).toContain('Khối đã ở giai đoạn «Khối chấm, kiểm tra chéo».');
			}
			// The admin may reopen the finalised K04 2024; its leader of 2025 may not move it at all.
			const admin = await app.post(
				'/blocs/K04/2024?/stage',
				{ to: 'finalised', reason: '' },
				cookies.get('admin')
			);
			expect(admin.status).toBe(400);
			expect(await admin.text()).toContain('Khối đã ở giai đoạn «Đã chốt kết quả».');
			const leader = await app.post(
				'/blocs/K04/2024?/stage',
				{ to: 'finalised', reason: '' },
				cookies.get('leader4')
			);
			await leader.arrayBuffer();
			expect(leader.status).toBe(403);
		});

		// Issue 15 part 4: the changed cells of an upload's check are its uploader's only (an
		// unknown token is not found); who may not upload is refused.
		it('GET the changed cells of an upload: uploaders only, and only their own', async () => {
			const got: Record<string, number> = {};
			const want: Record<string, number> = {};
			const uploaders: Who[] = ['admin', 'analyst', 'leader4', 'deputy4', 'leader3', 'leader5', 'deputy5'];
			for (const who of EVERYONE) {
				const res = await app.request(`/upload/changes/${'ab'.repeat(16)}?format=csv`, {
					cookie: cookies.get(who)
				});
				await res.arrayBuffer();
				got[who] = res.status;
				want[who] = who === 'anon' ? 303 : uploaders.includes(who) ? 404 : 403;
			}
			expect(got).toEqual(want);
		});

		it('left the database as it was', async () => {
			await app.stop({ keepFiles: true });
			expect(await digestOf(app.dbPath)).toBe(before);
			app = await startApp({}, { dir });
			await signInAll();
		}, 120_000);
	});

	describe('phase 2: allowed writes take effect', () => {
		const ok = (status: number) => [200, 303].includes(status);

		it('every allowed role saves a bloc score and a self-score', async () => {
			for (const write of WRITES.filter((w) => w.grid)) {
				for (const [i, who] of write.allowed.entries()) {
					const ctx = await gridContext(write.grid!);
					const res = await app.post(write.path, write.fields(ctx, i + 2), cookies.get(who));
					const body = await res.text();
					expect(ok(res.status), `${who} → ${write.name}: HTTP ${res.status}\n${body.slice(0, 500)}`).toBe(
						true
					);
					const after = await gridContext(write.grid!);
					expect(Number(after.version), `${who} → ${write.name}: version`).toBeGreaterThan(
						Number(ctx.version)
					);
				}
			}
		});

		// Issue 14 part 6 (deadlines).
		it('after the self-scoring deadline the officer’s save is refused (403, nothing written) until the deputy extends it', async () => {
			const dmy = (ms: number) => vietnamDate(ms).split('-').reverse().join('/');
			const day = 86_400_000;
			const deadline = async (fields: Record<string, string>, who: Who) => {
				const res = await app.post('/blocs/K05/2025?/deadline', fields, cookies.get(who));
				return { status: res.status, body: await res.text() };
			};
			const bad = await deadline(
				{ selfUntil: dmy(Date.now()), reviewUntil: dmy(Date.now() - 2 * day) },
				'deputy5'
			);
			expect(bad.status).toBe(400);
			expect(bad.body).toContain('không được trước hạn tự chấm');
			expect(
				ok((await deadline({ selfUntil: dmy(Date.now() - day), reviewUntil: '' }, 'leader5')).status)
			).toBe(true);
			const sheet = await (await app.request(GRID5, { cookie: cookies.get('officer5') })).text();
			expect(sheet).toContain('data-readonly="afterDeadline"');
			expect(sheet).toContain('đã quá hạn 1 ngày');
			const ctx = await gridContext(GRID5);
			const refused = await app.post(
				`${GRID5}?/self`,
				{ version: ctx.version, [`value.${ctx.criterion}`]: '5' },
				cookies.get('officer5')
			);
			expect(refused.status).toBe(403);
			expect(await refused.text()).toContain('đã quá hạn tự chấm');
			expect((await gridContext(GRID5)).version).toBe(ctx.version);
			// An admin is not held by the deadline.
			const byAdmin = await app.post(
				`${GRID5}?/self`,
				{ version: ctx.version, [`value.${ctx.criterion}`]: '5' },
				cookies.get('admin')
			);
			await byAdmin.arrayBuffer();
			expect(ok(byAdmin.status)).toBe(true);
			const extend = await app.post(
				'/blocs/K05/2025?/extend',
				{ unit: 'SO11', until: dmy(Date.now() + 3 * day), reason: 'Đơn vị mất điện' },
				cookies.get('deputy5')
			);
			await extend.arrayBuffer();
			expect(ok(extend.status)).toBe(true);
			const bloc = await (await app.request('/blocs/K05/2025', { cookie: cookies.get('leader5') })).text();
			expect(bloc).toContain('data-extension="SO11"');
			const again = await gridContext(GRID5);
			const saved = await app.post(
				`${GRID5}?/self`,
				{ version: again.version, [`value.${again.criterion}`]: '6' },
				cookies.get('officer5')
			);
			await saved.arrayBuffer();
			expect(ok(saved.status)).toBe(true);
			expect(Number((await gridContext(GRID5)).version)).toBeGreaterThan(Number(again.version));
		});

		it('with the council’s rule on, the leader may not review the own unit (403, nothing written), the deputy may', async () => {
			const rule = async (on: boolean) => {
				const res = await app.post(
					'/admin/settings?/save',
					{ deputyReviewsLeaderUnit: on ? 'on' : 'off' },
					cookies.get('admin')
				);
				await res.arrayBuffer();
				expect(ok(res.status)).toBe(true);
				const page = await (await app.request('/admin/settings', { cookie: cookies.get('admin') })).text();
				expect(page).toContain(`data-rule-state="${on ? 'on' : 'off'}"`);
			};
			await rule(true);
			const ctx = await gridContext(GRID4_OWN);
			const sheet = await (await app.request(GRID4_OWN, { cookie: cookies.get('leader4') })).text();
			expect(sheet).toContain('data-readonly="leaderOwnUnit"');
			const refused = await app.post(
				`${GRID4_OWN}?/review`,
				{ version: ctx.version, [`value.${ctx.criterion}`]: '7' },
				cookies.get('leader4')
			);
			expect(refused.status).toBe(403);
			expect(await refused.text()).toContain('hội đồng quy định phó khối chấm đơn vị của trưởng khối');
			expect((await gridContext(GRID4_OWN)).version).toBe(ctx.version);
			const deputy = await app.post(
				`${GRID4_OWN}?/review`,
				{ version: ctx.version, [`value.${ctx.criterion}`]: '7' },
				cookies.get('deputy4')
			);
			await deputy.arrayBuffer();
			expect(ok(deputy.status)).toBe(true);
			expect(Number((await gridContext(GRID4_OWN)).version)).toBeGreaterThan(Number(ctx.version));
			// Another unit of K04: the leader as before.
			const other = await gridContext(GRID4);
			const res = await app.post(`${GRID4}?/review`, WRITES[0]!.fields(other, 11), cookies.get('leader4'));
			await res.arrayBuffer();
			expect(ok(res.status)).toBe(true);
			await rule(false);
			const sheetAfter = await (await app.request(GRID4_OWN, { cookie: cookies.get('leader4') })).text();
			expect(sheetAfter).toContain('data-own-unit');
		});

		it('the bloc leader and deputy finalise, only the admin reopens', async () => {
			const stage = async (path: string, fields: Record<string, string>, who: Who) => {
				const res = await app.post(path, fields, cookies.get(who));
				await res.arrayBuffer();
				return res.status;
			};
			const stageOf = async (path: string) => {
				const html = await (await app.request(path, { cookie: cookies.get('admin') })).text();
				return /data-stage="([a-z_]+)"/.exec(html)?.[1];
			};
			expect(ok(await stage('/blocs/K04/2025?/stage', { to: 'finalised', reason: '' }, 'deputy4'))).toBe(
				true
			);
			expect(await stageOf('/blocs/K04/2025')).toBe('finalised');
			expect(await stage('/blocs/K04/2025?/stage', { to: 'review', reason: 'Sai sót' }, 'leader4')).toBe(403);
			expect(
				ok(await stage('/blocs/K04/2025?/stage', { to: 'review', reason: 'Sai sót cần sửa' }, 'admin'))
			).toBe(true);
			expect(await stageOf('/blocs/K04/2025')).toBe('review');
			expect(ok(await stage('/blocs/K04/2025?/stage', { to: 'finalised', reason: '' }, 'leader4'))).toBe(
				true
			);
			expect(await stageOf('/blocs/K04/2025')).toBe('finalised');
			expect(
				ok(await stage('/blocs/K04/2024?/stage', { to: 'review', reason: 'Kiểm tra lại' }, 'admin'))
			).toBe(true);
			expect(await stageOf('/blocs/K04/2024')).toBe('review');
		});

		it('issue 14: every account signs out its other sessions and keeps this one; a wrong current password changes nothing', async () => {
			for (const who of EVERYONE.filter((w) => w !== 'anon')) {
				const res = await app.post('/account?/signOutOthers', {}, cookies.get(who));
				await res.arrayBuffer();
				expect([who, res.status]).toEqual([who, 200]);
				const page = await app.request('/account', { cookie: cookies.get(who) });
				expect([who, page.status]).toEqual([who, 200]);
				expect(await page.text()).toMatch(
					new RegExp(`data-username[^>]*>${ACCOUNTS[who as Exclude<Who, 'anon'>].replace('.', '\\.')}<`)
				);
				const wrong = await app.post(
					'/account/password',
					WRITES.find((w) => w.name === 'changing my password')!.fields({ version: '', criterion: '' }),
					cookies.get(who)
				);
				expect([who, wrong.status]).toEqual([who, 400]);
				expect(await wrong.text()).toContain('mật khẩu hiện tại không đúng');
			}
			// The sample password still signs in.
			expect(await app.login('so11')).toBeTruthy();
		});

		it('issue 14: the admin previews and creates the officer accounts of K03 2025 without one, then there are none', async () => {
			const preview = await (
				await app.request('/admin/accounts/bulk?year=2025&bloc=K03', { cookie: cookies.get('admin') })
			).text();
			const units = [...preview.matchAll(/<tr data-unit="([^"]+)"/g)].map((m) => m[1]!);
			expect(units.length).toBeGreaterThan(0);
			const res = await app.post(
				'/admin/accounts/bulk?/fromUnits',
				{ year: '2025', bloc: 'K03', units: units.join(',') },
				cookies.get('admin')
			);
			const html = await res.text();
			expect(res.status).toBe(200);
			expect(html).toContain(`data-created="${units.length}"`);
			const after = await (
				await app.request('/admin/accounts/bulk?year=2025&bloc=K03', { cookie: cookies.get('admin') })
			).text();
			expect(after).toContain('data-plan="0"');
		});

		it('the admin makes a backup now', async () => {
			const res = await app.post('/admin/backups?/backup', {}, cookies.get('admin'));
			await res.arrayBuffer();
			expect(res.status).toBe(200);
			const backups = await listBackups(join(dir, 'backups'));
			expect(backups.filter((b) => b.kind === 'manual').map((b) => b.requestedBy)).toEqual(['admin']);
		});

		// Issue 14 part 4: the admin creates 2026 for K07 from the preview's token.
		it('the admin makes 2026 from 2025 for one bloc', async () => {
			const query = 'year=2026&from=2025&blocs=1&bloc=K07';
			const page = await (
				await app.request(`/admin/years/new?${query}`, { cookie: cookies.get('admin') })
			).text();
			const token = /name="token" value="([0-9a-f]{64})"/.exec(page)?.[1];
			expect(token).toBeDefined();
			const fields = { year: '2026', from: '2025', blocs: '1', bloc: 'K07' };
			const stale = await app.post(
				'/admin/years/new?/create',
				{ ...fields, token: '0'.repeat(64) },
				cookies.get('admin')
			);
			expect(stale.status).toBe(409);
			expect(await stale.text()).toContain('Dữ liệu đã thay đổi sau khi xem trước');
			const res = await app.post(
				'/admin/years/new?/create',
				{ ...fields, token: token! },
				cookies.get('admin')
			);
			expect(await res.text()).toContain('data-created="2026"');
			const bloc = await app.request('/blocs/K07/2026', { cookie: cookies.get('admin') });
			expect(await bloc.text()).toContain('data-stage="open"');
		});

		it('the admin manages an account: create, rename, grant, revoke, reset (signs in), disable (signed out), enable', async () => {
			const admin = cookies.get('admin');
			const post = async (path: string, fields: Record<string, string>) => {
				const res = await app.post(path, fields, admin);
				const body = await res.text();
				expect(ok(res.status), `${path}: HTTP ${res.status}\n${body.slice(0, 400)}`).toBe(true);
				return body;
			};
			const created = await post('/admin/accounts/new', {
				username: 'matran.moi',
				displayName: 'Ma trận',
				passwordMode: 'typed',
				password: 'mat-khau-ma-tran',
				role: 'viewer'
			});
			expect(created).toContain('matran.moi');
			const page = () => app.request('/admin/accounts/matran.moi', { cookie: admin }).then((r) => r.text());
			await post('/admin/accounts/matran.moi?/rename', { displayName: 'Ma trận đổi tên' });
			await post('/admin/accounts/matran.moi?/grant', { role: 'bloc_deputy', bloc: 'K01', year: '2025' });
			await post('/admin/accounts/matran.moi?/revoke', { grant: 'viewer' });
			const html = await page();
			expect(html).toContain('Ma trận đổi tên');
			expect(html).toContain('data-role="bloc_deputy:K01:2025"');
			expect(html).not.toContain('data-role="viewer"');
			const reset = await post('/admin/accounts/matran.moi?/reset', {});
			const password = /data-password[^>]*>([a-z2-9]{12})</.exec(reset)?.[1];
			expect(password).toBeDefined();
			const session = await app.login('matran.moi', password);
			// Signed in: not sent to the login page (a must-change account may be sent elsewhere).
			const toLogin = async () => {
				const res = await app.request('/', { cookie: session });
				await res.arrayBuffer();
				return res.status === 303 && (res.headers.get('location') ?? '').startsWith('/login');
			};
			expect(await toLogin()).toBe(false);
			await post('/admin/accounts/matran.moi?/disable', {});
			expect(await toLogin()).toBe(true); // signed out at once
			await post('/admin/accounts/matran.moi?/enable', {});
			expect(await page()).toContain('data-account-status="must_change"');
		});

		// Issue 14 part 5, the pledge editor.
		it('the pledge editor: an admin edits a locked criterion with a reason; the leader of an open bloc-year adds one, the deputy may not', async () => {
			const versionOf = async (path: string, who: Who = 'admin') => {
				const html = await (await app.request(path, { cookie: cookies.get(who) })).text();
				return /name="version" value="([^"]+)"/.exec(html)?.[1] ?? '';
			};
			const criterion = (code: string, max: string) => ({
				code,
				groupCode: 'TH',
				groupName: '',
				name: `Tiêu chí thử ${code}`,
				maxPoints: max,
				weight: '1',
				kind: 'bonus'
			});
			// K05 2025 (self-scoring, locked): the admin with a reason; refused (400) without one.
			const v5 = await versionOf('/blocs/K05/2025/pledge');
			const noReason = await app.post(
				'/blocs/K05/2025/pledge?/criterion',
				{ version: v5, original: '', ...criterion('MT.1', '5') },
				cookies.get('admin')
			);
			expect(noReason.status).toBe(400);
			expect(await noReason.text()).toContain('hãy ghi lý do thay đổi');
			const withReason = await app.post(
				'/blocs/K05/2025/pledge?/criterion',
				{ version: v5, original: '', ...criterion('MT.1', '5'), reason: 'Bổ sung theo hội nghị' },
				cookies.get('admin')
			);
			await withReason.arrayBuffer();
			expect(ok(withReason.status)).toBe(true);
			expect(
				await (await app.request('/blocs/K05/2025/pledge', { cookie: cookies.get('admin') })).text()
			).toContain('data-criterion="MT.1"');
			// An outdated form: refused (409), nothing written.
			const stale = await app.post(
				'/blocs/K05/2025/pledge?/criterion',
				{ version: v5, original: '', ...criterion('MT.2', '5'), reason: 'Lý do' },
				cookies.get('admin')
			);
			expect(stale.status).toBe(409);
			await stale.arrayBuffer();
			// Reopened to 'open': its leader edits, its deputy may not.
			for (const to of ['open']) {
				const res = await app.post(
					'/blocs/K05/2025?/stage',
					{ to, reason: 'Sửa giao ước' },
					cookies.get('admin')
				);
				await res.arrayBuffer();
			}
			const deputy = await app.post(
				'/blocs/K05/2025/pledge?/criterion',
				{
					version: await versionOf('/blocs/K05/2025/pledge', 'deputy5'),
					original: '',
					...criterion('MT.3', '5')
				},
				cookies.get('deputy5')
			);
			await deputy.arrayBuffer();
			expect(deputy.status).toBe(403);
			const leader = await app.post(
				'/blocs/K05/2025/pledge?/criterion',
				{
					version: await versionOf('/blocs/K05/2025/pledge', 'leader5'),
					original: '',
					...criterion('MT.3', '5')
				},
				cookies.get('leader5')
			);
			await leader.arrayBuffer();
			expect(ok(leader.status)).toBe(true);
			expect(
				await (await app.request('/blocs/K05/2025/pledge', { cookie: cookies.get('leader5') })).text()
			).toContain('data-criterion="MT.3"');
		});

		it('once finalised, even the bloc leader cannot change a score (403)', async () => {
			const ctx = await gridContext(GRID4);
			const res = await app.post(`${GRID4}?/review`, WRITES[0]!.fields(ctx, 9), cookies.get('leader4'));
			await res.arrayBuffer();
			expect(res.status).toBe(403);
		});

		// Issue 14 parts 7 and 3: the council's settings, and leadership following the membership.
		it('the admin changes a council default: a bad value is refused by field, nothing changed; a good one is saved', async () => {
			const current = async () => {
				const html = await (await app.request('/admin/settings', { cookie: cookies.get('admin') })).text();
				return /data-current="tierGoodPct"[^>]*>([^<]*)</.exec(html)?.[1];
			};
			expect(await current()).toBe('Hiện tại: 85%');
			const bad = await app.post('/admin/settings?/save', { tierGoodPct: '96' }, cookies.get('admin'));
			const html = await bad.text();
			expect(bad.status).toBe(400);
			expect(html).toContain('data-problem="tierGoodPct"');
			expect(await current()).toBe('Hiện tại: 85%');
			for (const [value, shown] of [
				['84,5', 'Hiện tại: 84,5%'],
				['85', 'Hiện tại: 85%']
			] as const) {
				const res = await app.post('/admin/settings?/save', { tierGoodPct: value }, cookies.get('admin'));
				await res.arrayBuffer();
				expect(ok(res.status)).toBe(true);
				expect(await current()).toBe(shown);
			}
		});

		it('the officer of K05 2025’s leader unit leads it by the membership while the switch is on', async () => {
			// An account that is only the officer of SO21, which K05 names its leader in 2025.
			await app.stop({ keepFiles: true });
			const db = await Database.open(app.dbPath);
			try {
				await createUser(db, {
					username: 'canbo.so21',
					displayName: 'Cán bộ SO21',
					password: SAMPLE_PASSWORD,
					grants: [{ role: 'unit_officer', unitCode: 'SO21' }]
				});
			} finally {
				db.close();
			}
			app = await startApp({}, { dir });
			await signInAll();
			const officer = await app.login('canbo.so21');
			const status = async (path: string, cookie = officer) => {
				const res = await app.request(path, { cookie });
				await res.arrayBuffer();
				return res.status;
			};
			const follow = async (on: boolean) => {
				const res = await app.post(
					'/admin/settings?/save',
					{ leadersFollowMembership: on ? 'on' : 'off' },
					cookies.get('admin')
				);
				await res.arrayBuffer();
				expect(ok(res.status)).toBe(true);
			};
			expect(await status('/blocs/K05/2025')).toBe(200);
			const home = await (await app.request('/', { cookie: officer })).text();
			expect(home).toContain('data-via="membership"');
			expect(home).toContain('(theo phân công của khối)');

			await follow(false);
			expect(await status('/blocs/K05/2025')).toBe(403);
			const refused = await app.post('/blocs/K05/2025?/stage', { to: 'review', reason: '' }, officer);
			await refused.arrayBuffer();
			expect(refused.status).toBe(403);
			expect(await status('/blocs/K05/2025', cookies.get('leader5'))).toBe(200); // an explicit grant
			expect(await (await app.request('/', { cookie: officer })).text()).not.toContain(
				'data-via="membership"'
			);

			await follow(true);
			expect(await status('/blocs/K05/2025')).toBe(200);
			// The next stage from where earlier tests left K05 2025 (the pledge editor's reopens it).
			const stageNow = async () =>
				/data-stage="([a-z_]+)"/.exec(
					await (await app.request('/blocs/K05/2025', { cookie: cookies.get('admin') })).text()
				)?.[1];
			const next = (await stageNow()) === 'open' ? 'self_scoring' : 'review';
			const moved = await app.post('/blocs/K05/2025?/stage', { to: next, reason: '' }, officer);
			await moved.arrayBuffer();
			expect(ok(moved.status)).toBe(true);
			expect(await stageNow()).toBe(next);
		}, 120_000);

		// Issue 15 part 1, the vote. K04 2024 was reopened to review above; its certificate tie
		// (SO01, SO07 at 903,5 for 1 place) needs the vote before it can be finalised again.
		it('issue 15: the admin records the vote of the reopened K04 2024; the page, the report and finalising follow it', async () => {
			const post = async (path: string, fields: Record<string, string>, who: Who) => {
				const res = await app.post(path, fields, cookies.get(who));
				return { status: res.status, body: await res.text() };
			};
			const page = async () =>
				(await app.request('/blocs/K04/2024', { cookie: cookies.get('admin') })).text();
			expect(await page()).toContain('data-vote-state="needed"');
			const refused = await post('/blocs/K04/2024?/stage', { to: 'finalised', reason: '' }, 'admin');
			expect(refused.status).toBe(409);
			expect(refused.body).toContain(
				'Chưa thể chốt: Bằng khen còn 2 đơn vị đồng hạng ở suất cuối cần bỏ phiếu kín'
			);
			// K04 2025, finalised above: its leader writes no vote into it
			const none = await post(
				'/blocs/K04/2025?/vote',
				{ kind: 'certificate', date: '05/12/2025', present: '5' },
				'leader4'
			);
			expect(none.status).toBe(403);
			// an invalid ballot: every problem told, nothing written
			const bad = await post(
				'/blocs/K04/2024?/vote',
				{ kind: 'certificate', date: '31/02/2024', present: '9', 'votes:SO01': '3', 'votes:SO07': '12' },
				'admin'
			);
			expect(bad.status).toBe(400);
			expect(bad.body).toContain('không phải ngày có thật');
			expect(bad.body).toContain('nhiều hơn 9 thành viên có mặt');
			expect(bad.body).toContain('cần chọn đúng 1 đơn vị cho Bằng khen, đã chọn 0');
			expect(await page()).toContain('data-vote-state="needed"');
			const saved = await post(
				'/blocs/K04/2024?/vote',
				{
					kind: 'certificate',
					date: '05/12/2024',
					present: '9',
					'votes:SO01': '3',
					'votes:SO07': '6',
					chosen: 'SO07'
				},
				'admin'
			);
			expect(ok(saved.status)).toBe(true);
			const after = await page();
			expect(after).toContain('data-vote-state="applied"');
			expect(after).toContain('data-voted="certificate"');
			const report = await (
				await app.request('/blocs/K04/2024/report', { cookie: cookies.get('admin') })
			).text();
			expect(report).toContain(
				'Kết quả bỏ phiếu kín ngày 05/12/2024: 9/10 thành viên có mặt, Sở Xây dựng 6 phiếu, Sở Kế hoạch và Đầu tư 3 phiếu; đề nghị Bằng khen (1 suất): Sở Xây dựng.'
			);
			const csv = await (
				await app.request('/blocs/K04/2024/export/ranking.csv', { cookie: cookies.get('admin') })
			).text();
			const line = (code: string) => csv.split('\r\n').find((l) => l.includes(`,${code},`)) ?? '';
			expect(line('SO07')).toContain('Đề nghị Bằng khen');
			expect(line('SO01')).not.toContain('Đề nghị Bằng khen');
			expect(
				ok((await post('/blocs/K04/2024?/stage', { to: 'finalised', reason: '' }, 'admin')).status)
			).toBe(true);
			// finalised: the vote is frozen, even for the admin
			const frozen = await post('/blocs/K04/2024?/voteClear', { kind: 'certificate' }, 'admin');
			expect(frozen.status).toBe(403);
			expect(await page()).toContain('data-vote-state="applied"');
		});

		// Issue 15 part 3: the admin enters the K06 2024 decision; the award balance counts its
		// collectives; entering it again changes nothing; removed, the balance is as before.
		it('the admin records a decision and the award balance counts it; removed again', async () => {
			const admin = cookies.get('admin');
			// The bloc's award rows as its export lists them (the award records the balance counts).
			const collectives = async () => {
				const csv = await (await app.request('/blocs/K06/2024/export/awards.csv', { cookie: admin })).text();
				return csv.split('\n').filter((line) => line.includes('7717/QĐ-UBND')).length;
			};
			const before = await collectives();
			const post = async (action: string, fields: Record<string, string>) => {
				const res = await app.post(`/blocs/K06/2024/decision?/${action}`, fields, admin);
				const body = await res.text();
				expect(ok(res.status), `${action}: HTTP ${res.status}\n${body.slice(0, 300)}`).toBe(true);
				return body;
			};
			const bad = await app.post(
				'/blocs/K06/2024/decision?/record',
				{ decisionNo: 'abc', decisionDate: '01/02/2025' },
				admin
			);
			expect(bad.status).toBe(400);
			expect(await bad.text()).toContain('không bắt đầu bằng số');
			await post('record', { decisionNo: '7717/QĐ-UBND', decisionDate: '01/02/2025' });
			const page = await (await app.request('/blocs/K06/2024/decision', { cookie: admin })).text();
			expect(page).toContain('Đã ghi Quyết định số 7717/QĐ-UBND ngày 01/02/2025');
			const after = await collectives();
			expect(before).toBe(0);
			expect(after).toBe(3); // K06 2024: one Cờ thi đua, two Bằng khen
			await post('record', { decisionNo: '7717/QĐ-UBND', decisionDate: '01/02/2025' });
			expect(await collectives()).toEqual(after);
			await post('remove', {});
			expect(await collectives()).toEqual(before);
		});
	});

	// Issue 15 part 5 (publication): the public results. Runs after phase 2 (K04 2025 finalised
	// there, K05 2025 a draft); puts the setting back as it found it (nothing public).
	describe('issue 15 part 5: the public results', () => {
		const PUBLIC = ['/cong-khai/2025', '/cong-khai/2025/K04'];
		const statuses = async (paths: string[]) => {
			const got: Record<string, number[]> = {};
			for (const who of EVERYONE) {
				got[who] = [];
				for (const path of paths) {
					const res = await app.request(path, { cookie: cookies.get(who) });
					await res.arrayBuffer();
					got[who].push(res.status);
				}
			}
			return got;
		};
		const all = (codes: number[]) => Object.fromEntries(EVERYONE.map((w) => [w, codes]));
		const publish = (on: boolean, who: Who) =>
			app.post('/admin/settings?/publication', { 'public.2025': on ? 'on' : 'off' }, cookies.get(who));

		it('not published: 404 to everyone, anonymous visitors included; the index answers everyone', async () => {
			expect(await statuses([...PUBLIC, '/cong-khai'])).toEqual(all([404, 404, 200]));
		});

		it('publishing is refused to everyone but the admin (401 without an account), nothing changes', async () => {
			const got: Record<string, number> = {};
			const want: Record<string, number> = {};
			for (const who of EVERYONE.filter((w) => w !== 'admin')) {
				const res = await publish(true, who);
				await res.arrayBuffer();
				got[who] = res.status;
				want[who] = who === 'anon' ? 401 : 403;
			}
			expect(got).toEqual(want);
			expect(await statuses(PUBLIC)).toEqual(all([404, 404]));
		});

		it('published by the admin: the finalised bloc to everyone, the draft to nobody; withdrawn: 404 again', async () => {
			const on = await publish(true, 'admin');
			expect(await on.text()).toContain('data-public-setting="2025" data-state="public"');
			expect(await statuses([...PUBLIC, '/cong-khai/2025/K05', '/cong-khai/2024/K04'])).toEqual(
				all([200, 200, 404, 404])
			);
			const off = await publish(false, 'admin');
			expect(await off.text()).toContain('data-public-setting="2025" data-state="private"');
			expect(await statuses(PUBLIC)).toEqual(all([404, 404]));
		});
	});
});
