/**
 * Who may do what: the single authorisation rule of the product. Pure; every `load`, form
 * action and endpoint asks `can(user, action)` (through `authorize` on the server).
 *
 * Roles: admin (everything, imports any file, and the only one who reopens a finalised bloc),
 * analyst (reads everything, exports, checks files on the upload page without writing them),
 * viewer (reads finalised results), bloc_leader / bloc_deputy of one bloc in one year (reads that
 * bloc's drafts, reviews and scores its members, by hand or from an uploaded file, moves its
 * stage up to finalised), unit_officer of one unit (reads and, while self-scoring is open,
 * writes that unit's self-scores and notes, until the bloc's self-scoring deadline unless the
 * leader extended it for the unit). Nobody writes into a finalised bloc. When the council
 * has the deputy review the bloc leader's own unit (`OwnUnitRule`), the leader may not review it. Award
 * recipients by name (personal data) only to admin, analysts, viewers and the unit's own officer.
 */

export const STAGES = ['open', 'self_scoring', 'review', 'finalised'] as const;
/** Mở / Đơn vị tự chấm / Khối chấm / Đã chốt. */
export type Stage = (typeof STAGES)[number];

export function isStage(s: unknown): s is Stage {
	return typeof s === 'string' && (STAGES as readonly string[]).includes(s);
}

export const GLOBAL_ROLES = ['admin', 'analyst', 'viewer'] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];

export type Grant =
	| { role: GlobalRole }
	| {
			role: 'bloc_leader' | 'bloc_deputy';
			blocCode: string;
			year: number;
			// Issue 14 part 3: 'membership' when not granted but derived from the bloc-year's
			// membership (the account is an officer of the unit named leader / deputy); the rules
			// below treat it as any grant.
			via?: 'membership';
	  }
	| { role: 'unit_officer'; unitCode: string };

export interface Principal {
	userId: number;
	username: string;
	displayName: string;
	grants: Grant[];
	/**
	 * Issue 14 (my account): the account signs in with a temporary password and must choose its
	 * own before any other page (app_user.must_change_password; hooks.server.ts sends it there).
	 */
	mustChangePassword?: boolean;
}

/** A bloc in a year, with its stage: what every scoring permission depends on. */
export interface BlocYear {
	blocCode: string;
	year: number;
	stage: Stage;
}

export type Action =
	/** Overview, finalised rankings, the lists every account may see. */
	| { kind: 'read:dashboard' }
	/** A bloc-year's ranking and scores (a draft unless finalised). */
	| { kind: 'read:bloc'; bloc: BlocYear }
	/** One unit's scoring sheet in a bloc-year. */
	| { kind: 'read:sheet'; bloc: BlocYear; unitCode: string }
	/**
	 * `afterDeadline`: the unit's self-scoring window has ended (the bloc's deadline, or the
	 * unit's extension when later, is past: domain/deadline.ts `selfWindow`, computed by the
	 * server from the clock). It closes the unit officer's writes, not an admin's.
	 */
	| { kind: 'write:self'; bloc: BlocYear; unitCode: string; afterDeadline: boolean }
	/** The bloc's score of a unit; `rule`: who reviews the bloc leader's own unit. */
	| { kind: 'write:review'; bloc: BlocYear; unitCode: string; rule: OwnUnitRule }
	/** Move the bloc's stage forward (open → self_scoring → review → finalised). */
	| { kind: 'stage:advance'; bloc: BlocYear; to: Stage }
	/** Move the bloc's stage back, including reopening a finalised bloc. */
	| { kind: 'stage:reopen'; bloc: BlocYear; to: Stage }
	| { kind: 'read:audit'; bloc: BlocYear; unitCode: string }
	| { kind: 'export' }
	/**
	 * The individuals awarded in a unit, by name, with their gender and ethnic-minority flag
	 * (personal data, Nghị định 13/2023/NĐ-CP): admin, analysts, leadership (viewer) and that
	 * unit's own officer. Everyone else, bloc leaders and deputies included, sees counts only.
	 */
	| { kind: 'read:award-recipients'; unitCode: string }
	/** Import any table from files (the full validated import). */
	| { kind: 'import' }
	/**
	 * Open the upload page and check files (dry run, nothing written). Committing needs `import`
	 * or `import:bloc` for every bloc-year and score field the file changes. Checking or
	 * committing a score row needs `read:sheet` of its unit (an analyst's: every one, like
	 * `read:bloc`); other rows are refused whatever their values (import/authorize.ts).
	 */
	| { kind: 'upload' }
	/** Change one bloc-year's scores from an uploaded file: `field` is what the file changes. */
	| { kind: 'import:bloc'; bloc: BlocYear; field: ImportField }
	| { kind: 'manage:users' }
	/** See, make and download backups of the database: it holds every personal datum. */
	| { kind: 'manage:backups' }
	/** See the login attempts: which accounts are held, from where, until when (/admin/logins). */
	| { kind: 'read:logins' }
	/** Change the council's settings (who reviews the bloc leader's own unit). */
	| { kind: 'manage:settings' }
	// Issue 14 part 4, a new year from the last one:
	/** Create a year's bloc-years (memberships, pledges, criteria) from another year's (/admin/years/new). */
	| { kind: 'manage:years' }
	// Issue 14 part 6 (deadlines): set a bloc-year's deadlines, extend one unit's self-scoring.
	/** Set the self-scoring and review deadlines of a bloc-year (admin, its leader or deputy). */
	| { kind: 'deadline:set'; bloc: BlocYear }
	/** Extend one member unit's self-scoring past the bloc's deadline (admin, its leader or deputy). */
	| { kind: 'deadline:extend'; bloc: BlocYear; unitCode: string }
	// Issue 14 part 5, the pledge editor: the pledge's settings and criteria of one bloc-year.
	/**
	 * Change a bloc-year's pledge (title, date, cap, thresholds, places) and its criteria: an
	 * admin until it is finalised (with a reason once self-scoring has started, `locked`), its
	 * bloc leader (not the deputy) only while the bloc-year is open. Finalised: nobody (an
	 * admin reopens it first). `scored`: removing a criterion that has scores (they go with it):
	 * an admin only.
	 */
	| { kind: 'edit:pledge'; bloc: BlocYear; scored?: boolean }
	// Issue 14, my account (i14-self): bulk creation uses 'manage:users'.
	/** The own account: change the own password, see the own roles and sessions, sign the others out. */
	| { kind: 'account:self' }
	// Issue 15 part 5 (publication): the council makes the finalised rankings of years public.
	/** Turn a year's finalised rankings public or private (/admin/settings): the admin only. */
	| { kind: 'manage:publication' }
	/** Read a public page (/cong-khai): anyone, signed in or not, when it is published. */
	| { kind: 'read:public'; published: boolean }
	// Issue 15 part 1, the vote: the secret ballot on units tied at a proposal's last place.
	/** Record or clear a bloc-year's ballot: its leader (not the deputy) or an admin, while in review. */
	| { kind: 'vote:record'; bloc: BlocYear }
	// Issue 15 part 3, proposals become a decision and award records:
	/**
	 * Draft the tờ trình and quyết định of a finalised bloc-year (`bloc`; admin, analysts, its
	 * leader and deputy) or of the council over every finalised bloc of a year (`bloc` null:
	 * admin and analysts).
	 */
	| { kind: 'decision:draft'; bloc: BlocYear | null }
	/** Enter (or remove) the decision's number and date, writing its award rows: admin, a finalised bloc-year. */
	| { kind: 'decision:record'; bloc: BlocYear | null }
	/** Replace the templates of the tờ trình and quyết định with the council's own: admin. */
	| { kind: 'decision:template' };

/**
 * The bloc leader's own unit in a bloc-year and the council's rule for it: by default the
 * leader reviews it like any member (and is warned); with `deputyReviews` the deputy (or an
 * admin) does, and the leader may not (council_setting.deputy_reviews_leader_unit).
 */
export interface OwnUnitRule {
	/** The member unit with role 'leader' that year, if any. */
	leaderUnit: string | null;
	deputyReviews: boolean;
}

/** Allowed with a warning: what a council that set nothing gets. */
export const DEFAULT_OWN_UNIT_RULE: OwnUnitRule = { leaderUnit: null, deputyReviews: false };

/** What an uploaded scores file changes: the self-score, the bloc's score, or the note. */
export type ImportField = 'self' | 'review' | 'note';

const has = (p: Principal, role: GlobalRole) => p.grants.some((g) => g.role === role);

/** Leader or deputy of this bloc in this year. */
export function leadsBloc(p: Principal, bloc: Pick<BlocYear, 'blocCode' | 'year'>): boolean {
	return p.grants.some(
		(g) =>
			(g.role === 'bloc_leader' || g.role === 'bloc_deputy') &&
			g.blocCode === bloc.blocCode &&
			g.year === bloc.year
	);
}

export function officerOf(p: Principal, unitCode: string): boolean {
	return p.grants.some((g) => g.role === 'unit_officer' && g.unitCode === unitCode);
}

/**
 * Whether `unitCode` is the own unit of a bloc leader of this bloc-year: the bloc's leader unit,
 * or a unit the account is the officer of. A deputy is not "the leader" here.
 */
export function leaderOwnUnit(
	p: Principal | null,
	bloc: Pick<BlocYear, 'blocCode' | 'year'>,
	unitCode: string,
	rule: OwnUnitRule
): boolean {
	if (!p) return false;
	const leader = p.grants.some(
		(g) => g.role === 'bloc_leader' && g.blocCode === bloc.blocCode && g.year === bloc.year
	);
	return leader && (unitCode === rule.leaderUnit || officerOf(p, unitCode));
}

const order = (s: Stage) => STAGES.indexOf(s);

export function can(p: Principal | null, action: Action): boolean {
	// Issue 15 part 5: what is published is read without an account.
	if (action.kind === 'read:public') return action.published;
	if (!p) return false;
	const admin = has(p, 'admin');
	const readsAll = admin || has(p, 'analyst');
	switch (action.kind) {
		case 'read:dashboard':
			return p.grants.length > 0;
		case 'read:bloc':
			return action.bloc.stage === 'finalised' ? p.grants.length > 0 : readsAll || leadsBloc(p, action.bloc);
		case 'read:sheet':
		case 'read:audit':
			return (
				readsAll ||
				leadsBloc(p, action.bloc) ||
				officerOf(p, action.unitCode) ||
				(action.kind === 'read:sheet' && action.bloc.stage === 'finalised' && p.grants.length > 0)
			);
		case 'write:self':
			return (
				action.bloc.stage === 'self_scoring' &&
				(admin || (officerOf(p, action.unitCode) && !action.afterDeadline))
			);
		case 'write:review':
			if (action.bloc.stage !== 'review') return false;
			if (admin) return true;
			// The council may have the deputy review the leader's own unit: then not the leader.
			if (action.rule.deputyReviews && leaderOwnUnit(p, action.bloc, action.unitCode, action.rule))
				return false;
			return leadsBloc(p, action.bloc);
		case 'stage:advance':
			return (
				action.bloc.stage !== 'finalised' &&
				order(action.to) === order(action.bloc.stage) + 1 &&
				(admin || leadsBloc(p, action.bloc))
			);
		case 'stage:reopen':
			if (order(action.to) >= order(action.bloc.stage)) return false;
			// Only an admin reopens a finalised bloc; a leader may step back before finalising.
			return admin || (action.bloc.stage !== 'finalised' && leadsBloc(p, action.bloc));
		case 'export':
			return readsAll;
		case 'read:award-recipients':
			return readsAll || has(p, 'viewer') || officerOf(p, action.unitCode);
		case 'upload':
			return readsAll || p.grants.some((g) => g.role === 'bloc_leader' || g.role === 'bloc_deputy');
		case 'import:bloc':
			// Admin: any stage but finalised. A leader or deputy: what the grid lets them write,
			// the bloc's scores (and notes) while the bloc is in review; self-scores stay the units'.
			if (action.bloc.stage === 'finalised') return false;
			return (
				admin || (action.field !== 'self' && action.bloc.stage === 'review' && leadsBloc(p, action.bloc))
			);
		case 'deadline:set':
		case 'deadline:extend':
			// Nobody writes into a finalised bloc; its leader and deputy as for its stage.
			return action.bloc.stage !== 'finalised' && (admin || leadsBloc(p, action.bloc));
		// Issue 14 part 5: the pledge editor.
		case 'edit:pledge':
			if (action.bloc.stage === 'finalised') return false;
			if (admin) return true;
			return (
				!action.scored &&
				action.bloc.stage === 'open' &&
				p.grants.some(
					(g) =>
						g.role === 'bloc_leader' && g.blocCode === action.bloc.blocCode && g.year === action.bloc.year
				)
			);
		case 'account:self':
			return true;
		// Issue 15 part 1, the vote: held at the year-end meeting on the bloc's scores, so while in
		// review; nobody writes into a finalised bloc.
		case 'vote:record':
			return (
				action.bloc.stage === 'review' &&
				(admin ||
					p.grants.some(
						(g) =>
							g.role === 'bloc_leader' && g.blocCode === action.bloc.blocCode && g.year === action.bloc.year
					))
			);
		// Issue 15 part 3: decisions from the proposals of finalised bloc-years.
		case 'decision:draft':
			if (action.bloc === null) return readsAll;
			return action.bloc.stage === 'finalised' && (readsAll || leadsBloc(p, action.bloc));
		case 'decision:record':
			return admin && (action.bloc === null || action.bloc.stage === 'finalised');
		case 'decision:template':
			return admin;
		case 'import':
		case 'manage:users':
		case 'manage:backups':
		case 'read:logins':
		case 'manage:settings':
		case 'manage:years':
			return admin;
		// Issue 15 part 5 (publication).
		case 'manage:publication':
			return admin;
	}
}
