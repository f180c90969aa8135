/**
 * What a printed form says besides its numbers: the reporting unit (the council, unless the
 * page names another), the receiving unit, the preparer, the signer's title and name, the place
 * and the date. They come with the request (the page's «Thông tin in trên biểu» form), so that
 * a printout, its Excel file and the page agree and nothing is stored: the official receiver
 * is not established by the brief, so it is left to whoever files the form.
 */
import type { FormGrid, Submitter } from '../../domain/statistics';

export interface PrintInfo {
	reporter: string;
	receiver: string;
	preparer: string;
	signerTitle: string;
	signer: string;
	place: string;
	/** ISO date (yyyy-mm-dd) or '' for a blank date line. */
	date: string;
	submitter: Submitter;
}

export const PRINT_FIELDS = [
	'reporter',
	'receiver',
	'preparer',
	'signerTitle',
	'signer',
	'place',
	'date',
	'submitter'
] as const;

const clip = (s: string | null, n = 200) => (s ?? '').replace(/\s+/g, ' ').trim().slice(0, n);

/** The print fields from query parameters, with the council's name and today as defaults. */
export function printInfo(q: URLSearchParams, councilName: string, today: string): PrintInfo {
	const date = q.get('date');
	return {
		reporter: q.has('reporter') ? clip(q.get('reporter')) : councilName,
		receiver: clip(q.get('receiver')),
		preparer: clip(q.get('preparer')),
		signerTitle: clip(q.get('signerTitle')),
		signer: clip(q.get('signer')),
		place: clip(q.get('place')),
		date: date === null ? today : /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : '',
		submitter: q.get('submitter') === 'ministry' ? 'ministry' : 'province'
	};
}

/** The same fields as query parameters (for the Excel and drill links of the page). */
export function printQuery(info: PrintInfo): string {
	const p = new URLSearchParams();
	for (const k of PRINT_FIELDS) p.set(k, info[k]);
	return p.toString();
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export interface PrintLines {
	reporter: string;
	receiver: string;
	period: string;
	placeDate: string;
	signerTitle: string;
	signer: string;
	preparer: string;
}

/** The texts of the printed header and footer (dotted lines where a field is blank). */
export function printLines(grid: FormGrid, info: PrintInfo): PrintLines {
	const dots = '……………………';
	const y = grid.period.to.slice(0, 4);
	const date = info.date
		? `ngày ${info.date.slice(8, 10)} tháng ${info.date.slice(5, 7)} năm ${info.date.slice(0, 4)}`
		: 'ngày …… tháng …… năm ……';
	return {
		reporter: `Đơn vị báo cáo: ${info.reporter || dots}`,
		receiver: `Đơn vị nhận báo cáo: ${info.receiver || dots}`,
		period: `Năm ${y} (từ ngày ${dmy(grid.period.from)} đến ngày ${dmy(grid.period.to)}, theo ngày quyết định khen thưởng)`,
		placeDate: `${info.place || dots}, ${date}`,
		signerTitle: info.signerTitle || 'THỦ TRƯỞNG ĐƠN VỊ',
		signer: info.signer,
		preparer: info.preparer
	};
}
