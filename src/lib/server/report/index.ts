/**
 * The printable ranking report of a bloc-year ("Bảng tổng hợp kết quả chấm điểm thi đua"): the
 * ranking with group subtotals, the proposals, and what the administrative layout around it
 * needs: the issuing body (the council, then the bloc), the leader and deputy units that sign,
 * and the place and date line.
 */
import type { Stage } from '../../domain/policy';
import { proposalSlates, type ProposalSlate } from '../../domain/ranking';
import type { RankingRow } from '../../domain/types';
import type { Database } from '../db';
import { councilName } from '../overview';
import { blocHeader, type BlocHeader } from '../overview/bloc';
import { rankBloc } from '../ranking';
import { ballotApplies, readBallots } from '../vote';
import type { Ballot } from '../../domain/vote';

export interface ReportSigner {
	role: 'leader' | 'deputy';
	unitCode: string;
	unitName: string;
}

export interface BlocReport {
	header: BlocHeader;
	rows: RankingRow[];
	/** The flag and certificate lines: units proposed outright, units the bloc votes on. */
	slates: { flag: ProposalSlate; certificate: ProposalSlate };
	stage: Stage;
	councilName: string;
	/** The place of the date line, from the council's name ("… tỉnh Sơn Hà" → "Sơn Hà"), or ''. */
	place: string;
	signers: ReportSigner[];
	/**
	 * Issue 15: the recorded ballots that decide the proposals now (flag first), for the minutes
	 * lines; a ballot that no longer applies is not printed.
	 */
	ballots: Ballot[];
}

/** "Hội đồng Thi đua - Khen thưởng tỉnh Sơn Hà" → "Sơn Hà"; '' when the name holds no place. */
export function placeOf(council: string): string {
	const m = /(?:^|\s)(?:tỉnh|thành phố|TP\.?|huyện|quận|thị xã|xã|phường)\s+(.+)$/iu.exec(council.trim());
	return m?.[1]?.trim() ?? '';
}

/** The report of a bloc-year, or null when the bloc has no pledge that year. */
export async function blocReport(db: Database, year: number, blocCode: string): Promise<BlocReport | null> {
	// Read together: the ranking need not wait for the header (a bloc-year without a pledge has
	// no members to rank, so nothing is lost when the header turns out missing).
	const [header, rows, council, ballots] = await Promise.all([
		blocHeader(db, year, blocCode),
		rankBloc(db, year, blocCode),
		councilName(db),
		readBallots(db, year, blocCode)
	]);
	if (!header) return null;
	const signers = rows
		.filter((r) => r.role === 'leader' || r.role === 'deputy')
		.map((r) => ({ role: r.role as 'leader' | 'deputy', unitCode: r.unitCode, unitName: r.unitName }))
		.sort((a, b) => (a.role === b.role ? 0 : a.role === 'leader' ? -1 : 1));
	return {
		header,
		rows,
		slates: proposalSlates(rows, header.pledge),
		stage: header.pledge.stage,
		councilName: council,
		place: placeOf(council),
		signers,
		ballots: ballots.filter((b) => ballotApplies(rows, b.kind))
	};
}

const vietnamDay = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Asia/Ho_Chi_Minh',
	day: 'numeric',
	month: 'numeric',
	year: 'numeric'
});

/** Today's day, month and year in Vietnam's time. */
export function todayInVietnam(now = new Date()): { day: number; month: number; year: number } {
	const parts = Object.fromEntries(vietnamDay.formatToParts(now).map((p) => [p.type, p.value]));
	return { day: Number(parts.day), month: Number(parts.month), year: Number(parts.year) };
}

/** A date typed as dd/mm/yyyy (or ISO), or null. */
export function parseReportDate(raw: string | null): { day: number; month: number; year: number } | null {
	if (!raw) return null;
	const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw.trim()) ?? null;
	const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
	const [d, mo, y] = m ? [m[1], m[2], m[3]] : iso ? [iso[3], iso[2], iso[1]] : [];
	if (!d || !mo || !y) return null;
	const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
	if (date.getUTCDate() !== Number(d) || date.getUTCMonth() !== Number(mo) - 1) return null;
	return { day: Number(d), month: Number(mo), year: Number(y) };
}

/** What the report prints at the bottom, as the query string of the page (or of its download) says. */
export interface ReportPrintOptions {
	place: string;
	/** No `date` given: today; an empty or unreadable date: null (blank dots to fill in by hand). */
	date: { day: number; month: number; year: number } | null;
	/** The date as typed ('' when none was given). */
	dateText: string;
	preparer: string;
}

const queryText = (v: string | null, max: number) => (v ?? '').trim().slice(0, max);

/** The place, date and preparer of `?place=…&date=…&preparer=…`, with the report's defaults. */
export function reportPrintOptions(
	q: URLSearchParams,
	report: BlocReport,
	now = new Date()
): ReportPrintOptions {
	const dateText = q.has('date') ? queryText(q.get('date'), 20) : null;
	return {
		place: q.has('place') ? queryText(q.get('place'), 80) : report.place,
		date: dateText === null ? todayInVietnam(now) : parseReportDate(dateText),
		dateText: dateText ?? '',
		preparer: queryText(q.get('preparer'), 80)
	};
}
