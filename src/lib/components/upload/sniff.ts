/**
 * The browser's first look at a chosen file, before anything is sent: what kind of file it is,
 * for CSV its encoding (UTF-8 with or without BOM, UTF-16 LE/BE as Excel's "Unicode text";
 * anything else is a problem to fix before uploading), separator, decimal style, first rows and
 * an estimate of its rows. Excel workbooks are previewed by the server.
 */
import Papa from 'papaparse';
import { separatorLine } from '$lib/domain/cells';

export type LocalKind = 'csv' | 'xlsx' | 'xls' | 'zip';
export type LocalEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';
export type LocalProblem = 'empty' | 'binary' | 'encoding' | 'xls' | 'zip' | null;

export interface LocalPreview {
	name: string;
	size: number;
	kind: LocalKind;
	problem: LocalProblem;
	encoding: LocalEncoding | null;
	delimiter: string | null;
	decimal: 'comma' | 'point' | 'mixed' | null;
	rows: string[][];
	/** Exact when the whole file was read, else estimated from the part read. */
	rowCount: number | null;
	estimated: boolean;
}

/** How much of a file the browser reads for its preview. */
export const SNIFF_BYTES = 256 * 1024;
export const PREVIEW_ROWS = 6;

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** Decodes the first bytes of a CSV file, or says why it cannot be read as text. */
export function decodeStart(
	bytes: Uint8Array
): { ok: true; text: string; encoding: LocalEncoding } | { ok: false; problem: 'binary' | 'encoding' } {
	if (startsWith(bytes, [0xff, 0xfe]))
		return {
			ok: true,
			text: new TextDecoder('utf-16le').decode(bytes.subarray(2), { stream: true }),
			encoding: 'utf-16le'
		};
	if (startsWith(bytes, [0xfe, 0xff]))
		return {
			ok: true,
			text: new TextDecoder('utf-16be').decode(bytes.subarray(2), { stream: true }),
			encoding: 'utf-16be'
		};
	const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]);
	const body = bytes.subarray(bom ? 3 : 0);
	if (body.includes(0)) return { ok: false, problem: 'binary' };
	try {
		// Streaming: a character cut at the end of the part read is not an error.
		const text = new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true });
		return { ok: true, text, encoding: bom ? 'utf-8-bom' : 'utf-8' };
	} catch {
		return { ok: false, problem: 'encoding' };
	}
}

/** Comma or point decimals among the cells. */
export function decimalStyle(rows: string[][]): LocalPreview['decimal'] {
	let comma = false;
	let point = false;
	for (const r of rows)
		for (const c of r) {
			const s = c.trim();
			if (/^-?\d+,\d+$/.test(s)) comma = true;
			else if (/^-?\d+\.\d+$/.test(s) && !/^-?\d{1,3}(\.\d{3})+$/.test(s)) point = true;
		}
	return comma && point ? 'mixed' : comma ? 'comma' : point ? 'point' : null;
}

/** Previews the start of a CSV text (the whole file when `complete`). */
export function previewText(text: string, complete: boolean, size: number, bytesRead: number) {
	// Excel's `sep=;` first line names the separator, as the server reads it (import/grid.ts).
	const sep = separatorLine(text);
	const parsed = Papa.parse<string[]>(sep ? sep.rest : text, {
		header: false,
		skipEmptyLines: 'greedy',
		...(sep ? { delimiter: sep.delimiter } : { delimitersToGuess: [',', ';', '\t', '|'] })
	});
	// The last line of a partial read may be cut in the middle.
	const rows = complete ? parsed.data : parsed.data.slice(0, -1);
	const rowCount = complete
		? Math.max(0, rows.length - 1)
		: Math.round(((rows.length - 1) * size) / Math.max(1, bytesRead));
	return {
		delimiter: parsed.meta.delimiter || null,
		rows: rows.slice(0, PREVIEW_ROWS).map((r) => r.map((c) => c.slice(0, 120))),
		decimal: decimalStyle(rows.slice(0, 2000)),
		rowCount
	};
}

export async function sniffFile(file: File): Promise<LocalPreview> {
	const base: LocalPreview = {
		name: file.name,
		size: file.size,
		kind: 'csv',
		problem: null,
		encoding: null,
		delimiter: null,
		decimal: null,
		rows: [],
		rowCount: null,
		estimated: false
	};
	if (file.size === 0) return { ...base, problem: 'empty' };
	const bytes = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
		return /\.zip$/i.test(file.name) ? { ...base, kind: 'zip', problem: 'zip' } : { ...base, kind: 'xlsx' };
	if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return { ...base, kind: 'xls', problem: 'xls' };
	const decoded = decodeStart(bytes);
	if (!decoded.ok) return { ...base, problem: decoded.problem };
	if (decoded.text.trim() === '') return { ...base, encoding: decoded.encoding, problem: 'empty' };
	const complete = file.size <= SNIFF_BYTES;
	const p = previewText(decoded.text, complete, file.size, bytes.length);
	return { ...base, encoding: decoded.encoding, ...p, estimated: !complete };
}
