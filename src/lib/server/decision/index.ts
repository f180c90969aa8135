/**
 * Proposals become a decision and award records (issue 15, part 3). For a finalised bloc-year,
 * or for the council across the finalised blocs of a year: the collectives proposed (the
 * ranking's Cờ thi đua and Bằng khen), the tờ trình and quyết định drafted as .docx from the
 * council's templates (or the built-in ones), and the decision recorded: its number and date
 * written with one award row per collective (idempotent, deterministic ids, audited, one
 * transaction), so that the award balance and the rule checks count them.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
	decisionAwardRow,
	decisionCollectives,
	decisionKey,
	parseDecisionEntry,
	placeholderData,
	type DecisionCollective,
	type DecisionDoc,
	type DraftFields,
	type PendingVote
} from '../../domain/decisions';
import { formatDate } from '../../domain/numbers';
import { can, isStage, type BlocYear, type Principal, type Stage } from '../../domain/policy';
import { t } from '../../i18n';
import { allOn, type Database } from '../db';
import { dep } from '../db/freshness';
import { councilName } from '../overview';
import { rankBloc } from '../ranking';
import { placeOf } from '../report';
import { DEFAULT_TEMPLATE_NAMES, defaultTemplate, renderDocx } from './docx';
import { currentTemplate } from './templates';

/** Messages in Vietnamese: refusals and document texts are the council's language. */
const vi = t('vi');

export interface DecisionBloc {
	blocCode: string;
	blocName: string;
	stage: Stage;
}

export interface RecordedDecision {
	decisionNo: string;
	/** yyyy-mm-dd */
	decisionDate: string;
	recordedAt: number;
	recordedBy: string;
	awards: number;
}

/** An award a proposed unit holds that year already from an import (with its decision number). */
export interface AlreadyAwarded {
	unitCode: string;
	unitName: string;
	awardCode: string;
	decisionNo: string | null;
}

export interface DecisionScope {
	year: number;
	/** The bloc of a bloc-year's decision; null: the council's over its finalised blocs. */
	bloc: DecisionBloc | null;
	/** The blocs the decision covers (finalised), and (council) those not finalised yet. */
	blocs: DecisionBloc[];
	notFinalised: DecisionBloc[];
	collectives: DecisionCollective[];
	pending: PendingVote[];
	already: AlreadyAwarded[];
	recorded: RecordedDecision | null;
	councilName: string;
	place: string;
}

async function blocsOf(db: Database, year: number, blocCode: string | null): Promise<DecisionBloc[]> {
	const rows = await db.cached(
		`decisionBlocs:${year}:${blocCode}`,
		() =>
			db.all<{ blocCode: string; blocName: string; stage: string | null }>(
				`SELECT p.bloc_code AS "blocCode", b.bloc_name AS "blocName", p.stage
				 FROM pledge p JOIN bloc b ON b.bloc_code = p.bloc_code
				 WHERE p.year = $1 AND ($2::VARCHAR IS NULL OR p.bloc_code = $2)
				 ORDER BY p.bloc_code`,
				[year, blocCode]
			),
		[dep.stage(year, blocCode), dep.pledge(year, blocCode)]
	);
	return rows.map((r) => ({ ...r, stage: isStage(r.stage) ? r.stage : 'open' }));
}

/** The bloc-year as the policy sees it (null: no pledge that year). */
export async function decisionBlocYear(
	db: Database,
	year: number,
	blocCode: string
): Promise<BlocYear | null> {
	const [b] = await blocsOf(db, year, blocCode);
	return b ? { blocCode, year, stage: b.stage } : null;
}

/**
 * The collectives proposed by finalised blocs: the hook where the proposals are read (the
 * ranking's, which follow the bloc's vote once it is recorded).
 */
async function proposalsOf(db: Database, year: number, blocs: readonly DecisionBloc[]) {
	const ranked = await Promise.all(
		blocs.map(async (b) => ({
			blocCode: b.blocCode,
			blocName: b.blocName,
			rows: await rankBloc(db, year, b.blocCode)
		}))
	);
	return decisionCollectives(ranked);
}

const RECORDED_SQL = `
	SELECT d.decision_no AS "decisionNo", strftime(d.decision_date, '%Y-%m-%d') AS "decisionDate",
	       epoch_ms(d.recorded_at::TIMESTAMPTZ)::DOUBLE AS "recordedAt", d.recorded_by AS "recordedBy",
	       (SELECT count(*) FROM award_decision_item i WHERE i.decision_key = d.decision_key)::INTEGER AS awards
	FROM award_decision d WHERE d.decision_key = $1`;

/**
 * Awards of the year a collective holds already from rows no decision wrote (an import), one row
 * per decision number: the page warns of them, and the same award in the same decision (number)
 * is not written twice.
 */
const ALREADY_SQL = `
	SELECT DISTINCT a.unit_code AS "unitCode", a.award_code AS "awardCode", a.decision_no AS "decisionNo"
	FROM award a
	WHERE a.year = $1 AND a.recipient_kind = 'collective' AND a.award_id NOT LIKE 'decision|%'
	ORDER BY ALL`;

/** What the decisions page of a bloc-year (or of the council's year) shows; null: no such bloc-year. */
export async function decisionScope(
	db: Database,
	year: number,
	blocCode: string | null
): Promise<DecisionScope | null> {
	const all = await blocsOf(db, year, blocCode);
	if (blocCode !== null && all.length === 0) return null;
	const blocs = all.filter((b) => b.stage === 'finalised');
	const [{ collectives, pending }, council, recorded, held] = await Promise.all([
		proposalsOf(db, year, blocs),
		councilName(db),
		db.cached(
			`decisionRecorded:${decisionKey(year, blocCode)}`,
			() => db.all<RecordedDecision>(RECORDED_SQL, [decisionKey(year, blocCode)]),
			[dep.award(year)]
		),
		db.cached(`decisionHeld:${year}`, () => db.all<Omit<AlreadyAwarded, 'unitName'>>(ALREADY_SQL, [year]), [
			dep.award(year)
		])
	]);
	const proposed = new Set(collectives.map((c) => `${c.unitCode}|${c.awardCode}`));
	const already: AlreadyAwarded[] = held
		.filter((h) => proposed.has(`${h.unitCode}|${h.awardCode}`))
		.map((h) => ({
			...h,
			unitName: collectives.find((c) => c.unitCode === h.unitCode)?.unitName ?? h.unitCode
		}));
	return {
		year,
		bloc: blocCode === null ? null : (all[0] ?? null),
		blocs,
		notFinalised: all.filter((b) => b.stage !== 'finalised'),
		collectives,
		pending,
		already,
		recorded: recorded[0] ?? null,
		councilName: council,
		place: placeOf(council)
	};
}

const upper = (s: string) => s.toLocaleUpperCase('vi-VN');

/** The draft's fields as the form starts them: the recorded decision, the council's name and place. */
export function defaultFields(scope: DecisionScope, doc: DecisionDoc): DraftFields {
	const place = scope.place;
	const province = place ? `tỉnh ${place}` : '';
	const ubnd = upper(`Ủy ban nhân dân ${province}`.trim());
	const council = scope.councilName || 'Hội đồng Thi đua - Khen thưởng';
	const decision = doc === 'decision';
	return {
		so: decision ? (scope.recorded?.decisionNo ?? '') : '',
		date: decision ? (scope.recorded?.decisionDate ?? null) : null,
		coQuanCapTren: decision ? '' : ubnd,
		coQuanBanHanh: decision ? ubnd : upper(council),
		diaDanh: place,
		thamQuyen: upper(`Chủ tịch Ủy ban nhân dân ${province}`.trim()),
		kinhGui: `Ủy ban nhân dân ${province}`.trim(),
		coQuanDeNghi: council,
		soToTrinh: '',
		ngayToTrinh: null,
		theThucKy: decision ? 'KT. CHỦ TỊCH' : 'TM. HỘI ĐỒNG',
		chucVu: decision ? 'PHÓ CHỦ TỊCH' : 'CHỦ TỊCH',
		nguoiKy: ''
	};
}

/** The longest text kept in one field of the draft form. */
export const DRAFT_FIELD_MAX = 200;

/** The draft form's fields over the defaults; a problem per bad field (Vietnamese). */
export function draftFieldsFrom(
	params: URLSearchParams,
	defaults: DraftFields
): { fields: DraftFields; problems: string[] } {
	const problems: string[] = [];
	const text = (name: string, key: keyof DraftFields, label: string): string => {
		const raw = params.get(name);
		if (raw === null) return (defaults[key] as string | null) ?? '';
		const v = raw.trim().replace(/\s+/g, ' ');
		if (v.length > DRAFT_FIELD_MAX)
			problems.push(vi('decision_error.fieldTooLong', { field: label, max: DRAFT_FIELD_MAX }));
		return v.slice(0, DRAFT_FIELD_MAX);
	};
	const date = (name: string, key: 'date' | 'ngayToTrinh', label: string): string | null => {
		const raw = params.get(name);
		if (raw === null) return defaults[key];
		if (!raw.trim()) return null;
		const e = parseDecisionEntry({ decisionNo: '1', decisionDate: raw });
		if (!e.ok) {
			problems.push(vi('decision_error.field', { field: label, reason: e.reason }));
			return null;
		}
		return e.decisionDate;
	};
	const fields: DraftFields = {
		so: text('so', 'so', vi('decision_field.so')),
		date: date('ngay', 'date', vi('decision_field.ngay')),
		coQuanCapTren: text('co_quan_cap_tren', 'coQuanCapTren', vi('decision_field.coQuanCapTren')),
		coQuanBanHanh: text('co_quan_ban_hanh', 'coQuanBanHanh', vi('decision_field.coQuanBanHanh')),
		diaDanh: text('dia_danh', 'diaDanh', vi('decision_field.diaDanh')),
		thamQuyen: text('tham_quyen', 'thamQuyen', vi('decision_field.thamQuyen')),
		kinhGui: text('kinh_gui', 'kinhGui', vi('decision_field.kinhGui')),
		coQuanDeNghi: text('co_quan_de_nghi', 'coQuanDeNghi', vi('decision_field.coQuanDeNghi')),
		soToTrinh: text('so_to_trinh', 'soToTrinh', vi('decision_field.soToTrinh')),
		ngayToTrinh: date('ngay_to_trinh', 'ngayToTrinh', vi('decision_field.ngayToTrinh')),
		theThucKy: text('the_thuc_ky', 'theThucKy', vi('decision_field.theThucKy')),
		chucVu: text('chuc_vu', 'chucVu', vi('decision_field.chucVu')),
		nguoiKy: text('nguoi_ky', 'nguoiKy', vi('decision_field.nguoiKy'))
	};
	return { fields, problems };
}

export type DraftResult =
	{ ok: true; fileName: string; bytes: Uint8Array } | { ok: false; status: 400 | 403 | 404; message: string };

/** The tờ trình or quyết định of the scope as a .docx, from the current template. */
export async function draftDocx(
	db: Database,
	user: Principal,
	year: number,
	blocCode: string | null,
	doc: DecisionDoc,
	params: URLSearchParams
): Promise<DraftResult> {
	const bloc = blocCode === null ? null : await decisionBlocYear(db, year, blocCode);
	if (blocCode !== null && !bloc)
		return { ok: false, status: 404, message: vi('error.blocNotFound', { bloc: blocCode, year }) };
	if (!can(user, { kind: 'decision:draft', bloc }))
		return { ok: false, status: 403, message: vi('error.forbidden') };
	const scope = await decisionScope(db, year, blocCode);
	if (!scope)
		return { ok: false, status: 404, message: vi('error.blocNotFound', { bloc: blocCode ?? '', year }) };
	if (scope.blocs.length === 0)
		return { ok: false, status: 400, message: notFinalisedMessage(year, blocCode) };
	const { fields, problems } = draftFieldsFrom(params, defaultFields(scope, doc));
	if (problems.length) return { ok: false, status: 400, message: problems.join(' ') };
	const template = (await currentTemplate(db, doc))?.content ?? defaultTemplate(doc);
	const data = placeholderData({
		year,
		blocName: scope.bloc?.blocName ?? null,
		collectives: scope.collectives,
		fields
	});
	const bytes = renderDocx(template, data);
	const base = doc === 'decision' ? 'du-thao-quyet-dinh' : 'du-thao-to-trinh';
	return { ok: true, fileName: `${base}-${blocCode ?? 'hoi-dong'}-${year}.docx`, bytes };
}

function notFinalisedMessage(year: number, blocCode: string | null): string {
	return blocCode === null
		? vi('decision_error.noFinalised', { year })
		: vi('decision_error.notFinalised', { bloc: blocCode, year });
}

export type DecisionWrite =
	| { ok: true; written: number; removed: number; unchanged: boolean }
	| {
			ok: false;
			refusal: 'forbidden' | 'invalid' | 'not_found' | 'conflict';
			field?: string;
			message: string;
	  };

async function blocsOn(
	conn: DuckDBConnection,
	year: number,
	blocCode: string | null
): Promise<DecisionBloc[]> {
	const rows = await allOn<{ blocCode: string; blocName: string; stage: string | null }>(
		conn,
		`SELECT p.bloc_code AS "blocCode", b.bloc_name AS "blocName", p.stage
		 FROM pledge p JOIN bloc b ON b.bloc_code = p.bloc_code
		 WHERE p.year = $1 AND ($2::VARCHAR IS NULL OR p.bloc_code = $2) ORDER BY p.bloc_code`,
		[year, blocCode]
	);
	return rows.map((r) => ({ ...r, stage: isStage(r.stage) ? r.stage : 'open' }));
}

const AWARD_COLUMNS = [
	'award_id',
	'year',
	'unit_code',
	'recipient_kind',
	'recipient_name',
	'recipient_category',
	'award_code',
	'award_class',
	'level',
	'gender',
	'ethnic_minority',
	'remote_area',
	'small_collective',
	'decision_no',
	'decision_date'
] as const;

/**
 * Records the decision of a finalised bloc-year (or the council's, over every finalised bloc of
 * the year): its number and date, and one award row per collective proposed (ids
 * `decision|year|unit|award`: entering it again, or changing the date, updates the same rows;
 * a collective no longer proposed loses the row this decision wrote). A collective whose award
 * of this same decision number was imported already is not written twice. One transaction; one audit row
 * ('decision.record', old → new number and date). Refused (nothing written): not an admin, a
 * bloc-year not finalised (no finalised bloc for the council), a vote still open, a bad number or date.
 */
export async function recordDecision(
	db: Database,
	user: Principal,
	year: number,
	blocCode: string | null,
	raw: { decisionNo: string; decisionDate: string }
): Promise<DecisionWrite> {
	const bloc = blocCode === null ? null : await decisionBlocYear(db, year, blocCode);
	if (blocCode !== null && !bloc)
		return { ok: false, refusal: 'not_found', message: vi('error.blocNotFound', { bloc: blocCode, year }) };
	if (!can(user, { kind: 'decision:record', bloc }))
		return {
			ok: false,
			refusal: 'forbidden',
			message:
				bloc && bloc.stage !== 'finalised' ? notFinalisedMessage(year, blocCode) : vi('error.forbidden')
		};
	const entry = parseDecisionEntry(raw);
	if (!entry.ok)
		return {
			ok: false,
			refusal: 'invalid',
			field: entry.field,
			message: vi('decision_error.field', {
				field: vi(`decision_field.${entry.field}`),
				reason: entry.reason
			})
		};
	const scope = await decisionScope(db, year, blocCode);
	if (!scope || scope.blocs.length === 0)
		return { ok: false, refusal: 'forbidden', message: notFinalisedMessage(year, blocCode) };
	if (scope.pending.length)
		return {
			ok: false,
			refusal: 'invalid',
			message: vi('decision_error.pendingVote', {
				units: scope.pending.map((p) => `${p.unitName} (${p.blocCode})`).join(', ')
			})
		};
	const key = decisionKey(year, blocCode);
	const covered = scope.blocs.map((b) => b.blocCode).join(',');
	return db.transaction(
		async (conn): Promise<DecisionWrite> => {
			// The stages again, in the transaction: a bloc reopened meanwhile is not decided on.
			const now = (await blocsOn(conn, year, blocCode)).filter((b) => b.stage === 'finalised');
			if (now.map((b) => b.blocCode).join(',') !== covered)
				return { ok: false, refusal: 'conflict', message: vi('decision_error.changed') };
			const units = new Map(
				(
					await allOn<{ code: string; remote: boolean }>(
						conn,
						'SELECT unit_code AS code, remote_area AS remote FROM unit WHERE list_contains(string_split($1::VARCHAR, chr(31)), unit_code)',
						[scope.collectives.map((c) => c.unitCode).join('\u001f')]
					)
				).map((u) => [u.code, u.remote])
			);
			const [before] = await allOn<{ no: string; date: string }>(
				conn,
				`SELECT decision_no AS no, strftime(decision_date, '%Y-%m-%d') AS date FROM award_decision WHERE decision_key = $1`,
				[key]
			);
			const oldIds = (
				await allOn<{ id: string }>(
					conn,
					'SELECT award_id AS id FROM award_decision_item WHERE decision_key = $1',
					[key]
				)
			).map((r) => r.id);
			// The same award of the same decision imported already: that row is this award.
			const imported = new Set(
				scope.already
					.filter((a) => a.decisionNo === entry.decisionNo)
					.map((a) => `${a.unitCode}|${a.awardCode}`)
			);
			const rows = scope.collectives
				.filter((c) => !imported.has(`${c.unitCode}|${c.awardCode}`))
				.map((c) => decisionAwardRow(year, c, { remoteArea: units.get(c.unitCode) ?? false }, entry));
			const newIds = new Set(rows.map((r) => r.award_id));
			const stale = oldIds.filter((id) => !newIds.has(id));
			const unchanged =
				!!before &&
				before.no === entry.decisionNo &&
				before.date === entry.decisionDate &&
				stale.length === 0 &&
				oldIds.length === newIds.size;
			await conn.run(
				`INSERT INTO award_decision (decision_key, year, bloc_code, decision_no, decision_date, recorded_by)
				 VALUES ($1, $2, $3, $4, CAST($5 AS DATE), $6)
				 ON CONFLICT (decision_key) DO UPDATE SET decision_no = excluded.decision_no,
				   decision_date = excluded.decision_date, recorded_at = now()::TIMESTAMP, recorded_by = excluded.recorded_by`,
				[key, year, blocCode, entry.decisionNo, entry.decisionDate, user.username]
			);
			for (const r of rows) {
				const values = AWARD_COLUMNS.map((c) => r[c]);
				await conn.run(
					`INSERT INTO award (${AWARD_COLUMNS.join(', ')})
					 VALUES (${AWARD_COLUMNS.map((c, i) => (c === 'decision_date' ? `CAST($${i + 1} AS DATE)` : `$${i + 1}`)).join(', ')})
					 ON CONFLICT (award_id) DO UPDATE SET ${AWARD_COLUMNS.filter((c) => c !== 'award_id')
							.map((c) => `${c} = excluded.${c}`)
							.join(', ')}`,
					values as (string | number | boolean | null)[]
				);
				await conn.run(
					`INSERT INTO award_decision_item (decision_key, award_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
					[key, r.award_id]
				);
			}
			const removed = await dropItems(conn, key, stale);
			if (!unchanged)
				await audit(
					conn,
					user,
					'decision.record',
					year,
					blocCode,
					before ? `${before.no} ${formatDate(before.date)}` : null,
					`${entry.decisionNo} ${formatDate(entry.decisionDate)} (${rows.length})`
				);
			return { ok: true, written: rows.length, removed, unchanged };
		},
		{
			retryOnConflict: true,
			changes: [{ kind: 'award', year }],
			scope: () => [{ table: 'award', year, blocCode }]
		}
	);
}

/** Unlinks award ids from a decision and deletes the rows no other decision holds; how many were deleted. */
async function dropItems(conn: DuckDBConnection, key: string, ids: readonly string[]): Promise<number> {
	if (ids.length === 0) return 0;
	await conn.run(
		'DELETE FROM award_decision_item WHERE decision_key = $1 AND list_contains(string_split($2::VARCHAR, chr(31)), award_id)',
		[key, ids.join('\u001f')]
	);
	const [row] = await allOn<{ n: number }>(
		conn,
		`SELECT count(*)::INTEGER AS n FROM award WHERE list_contains(string_split($1::VARCHAR, chr(31)), award_id)
		 AND award_id NOT IN (SELECT award_id FROM award_decision_item)`,
		[ids.join('\u001f')]
	);
	await conn.run(
		`DELETE FROM award WHERE list_contains(string_split($1::VARCHAR, chr(31)), award_id)
		 AND award_id NOT IN (SELECT award_id FROM award_decision_item)`,
		[ids.join('\u001f')]
	);
	return row?.n ?? 0;
}

async function audit(
	conn: DuckDBConnection,
	user: Principal,
	action: 'decision.record' | 'decision.remove',
	year: number,
	blocCode: string | null,
	oldValue: string | null,
	newValue: string | null
) {
	await conn.run(
		`INSERT INTO audit_log (user_id, username, action, year, bloc_code, old_value, new_value)
		 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		[user.userId, user.username, action, year, blocCode, oldValue, newValue]
	);
}

/**
 * Removes a recorded decision (a number entered by mistake): its row, and the award rows it
 * wrote that no other decision holds. Admin; one transaction; audited ('decision.remove').
 */
export async function removeDecision(
	db: Database,
	user: Principal,
	year: number,
	blocCode: string | null
): Promise<DecisionWrite> {
	const bloc = blocCode === null ? null : await decisionBlocYear(db, year, blocCode);
	if (blocCode !== null && !bloc)
		return { ok: false, refusal: 'not_found', message: vi('error.blocNotFound', { bloc: blocCode, year }) };
	// Removing is allowed whatever the stage now (a bloc reopened after its decision).
	if (!can(user, { kind: 'decision:record', bloc: bloc && { ...bloc, stage: 'finalised' } }))
		return { ok: false, refusal: 'forbidden', message: vi('error.forbidden') };
	const key = decisionKey(year, blocCode);
	return db.transaction(
		async (conn): Promise<DecisionWrite> => {
			const [before] = await allOn<{ no: string; date: string }>(
				conn,
				`SELECT decision_no AS no, strftime(decision_date, '%Y-%m-%d') AS date FROM award_decision WHERE decision_key = $1`,
				[key]
			);
			if (!before) return { ok: true, written: 0, removed: 0, unchanged: true };
			const ids = (
				await allOn<{ id: string }>(
					conn,
					'SELECT award_id AS id FROM award_decision_item WHERE decision_key = $1',
					[key]
				)
			).map((r) => r.id);
			const removed = await dropItems(conn, key, ids);
			await conn.run('DELETE FROM award_decision WHERE decision_key = $1', [key]);
			await audit(
				conn,
				user,
				'decision.remove',
				year,
				blocCode,
				`${before.no} ${formatDate(before.date)}`,
				null
			);
			return { ok: true, written: 0, removed, unchanged: false };
		},
		{
			retryOnConflict: true,
			changes: [{ kind: 'award', year }],
			scope: () => [{ table: 'award', year, blocCode }]
		}
	);
}

export { DEFAULT_TEMPLATE_NAMES };
