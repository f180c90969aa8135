/**
 * What read-excel-file does not say about a workbook, read from its XML: which sheets are hidden
 * (`<sheet state="hidden">` in xl/workbook.xml) and which formula cells have no saved value
 * (`<f>` without `<v>`: the file was written by a program that does not calculate, and the
 * reader would take those cells for empty ones).
 *
 * A small reader of the ZIP central directory and node:zlib, no dependency. Every part is
 * inflated with a ceiling on its size; anything unexpected (ZIP64, encryption, a broken
 * archive) gives null, and the caller goes on without these checks.
 */
import { inflateRawSync } from 'node:zlib';

/** A workbook's sheet, in the order of xl/workbook.xml (the order read-excel-file returns them in). */
export interface WorkbookSheet {
	name: string;
	hidden: boolean;
	/** The sheet's XML inside the archive, e.g. `xl/worksheets/sheet1.xml`. */
	path: string | null;
}

/** Formula cells without a saved value: their addresses (`E2`), in sheet order. */
export interface PendingFormulas {
	cells: string[];
}

export interface WorkbookXml {
	sheets: WorkbookSheet[];
	/** The formula cells of a sheet (by its index in `sheets`) that have no saved value. */
	pendingFormulas(index: number): PendingFormulas | null;
}

/** Largest part inflated here (a sheet of 200,000 score rows is well under it). */
const MAX_PART_BYTES = 512 * 1024 * 1024;

interface Entry {
	method: number;
	compressed: number;
	offset: number;
}

function centralDirectory(b: Buffer): Map<string, Entry> | null {
	// End of central directory: the last 22 bytes, or up to 64 KiB more with a comment.
	const from = Math.max(0, b.length - 22 - 0xffff);
	let eocd = -1;
	for (let i = b.length - 22; i >= from; i--)
		if (b.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	if (eocd < 0) return null;
	const count = b.readUInt16LE(eocd + 10);
	let p = b.readUInt32LE(eocd + 16);
	const entries = new Map<string, Entry>();
	for (let n = 0; n < count; n++) {
		if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) return null;
		const nameLength = b.readUInt16LE(p + 28);
		const extra = b.readUInt16LE(p + 30);
		const comment = b.readUInt16LE(p + 32);
		const name = b.toString('utf8', p + 46, p + 46 + nameLength);
		entries.set(name, {
			method: b.readUInt16LE(p + 10),
			compressed: b.readUInt32LE(p + 20),
			offset: b.readUInt32LE(p + 42)
		});
		p += 46 + nameLength + extra + comment;
	}
	return entries;
}

function readPart(b: Buffer, entries: Map<string, Entry>, name: string): string | null {
	const e = entries.get(name);
	if (!e || e.offset + 30 > b.length || b.readUInt32LE(e.offset) !== 0x04034b50) return null;
	const start = e.offset + 30 + b.readUInt16LE(e.offset + 26) + b.readUInt16LE(e.offset + 28);
	const data = b.subarray(start, start + e.compressed);
	if (e.method === 0) return data.toString('utf8');
	if (e.method !== 8) return null;
	return inflateRawSync(data, { maxOutputLength: MAX_PART_BYTES }).toString('utf8');
}

const unescapeXml = (s: string) =>
	s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
		const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
		if (e[0] !== '#') return named[e.toLowerCase()]!;
		return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
	});

function attributes(tag: string): Map<string, string> {
	const out = new Map<string, string>();
	for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
		out.set(m[1]!, unescapeXml(m[2] ?? m[3] ?? ''));
	return out;
}

/** A relationship target (relative to xl/, or absolute from the archive root) to an archive path. */
function partPath(target: string): string {
	if (target.startsWith('/')) return target.slice(1);
	const parts = ['xl'];
	for (const seg of target.split('/')) {
		if (seg === '..') parts.pop();
		else if (seg !== '.' && seg !== '') parts.push(seg);
	}
	return parts.join('/');
}

/** The formula cells without a saved value in a sheet's XML. */
export function formulasWithoutValues(xml: string): PendingFormulas {
	const found: PendingFormulas = { cells: [] };
	if (!/<(?:\w+:)?f[\s>/]/.test(xml)) return found;
	for (const m of xml.matchAll(/<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
		const inner = m[2];
		if (!inner || !/<(?:\w+:)?f[\s>/]/.test(inner) || /<(?:\w+:)?v[\s>/]/.test(inner)) continue;
		const address = attributes(m[1] ?? '').get('r');
		if (address) found.cells.push(address);
	}
	return found;
}

/** `AC7` → row 6, column 28 (0-based), or null. */
export function cellAddress(address: string): { row: number; column: number } | null {
	const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(address);
	if (!m) return null;
	let column = 0;
	for (const ch of m[1]!.toUpperCase()) column = column * 26 + (ch.charCodeAt(0) - 64);
	return { row: Number(m[2]) - 1, column: column - 1 };
}

/** The sheets of a workbook and a way to find its formulas without values; null if unreadable. */
export function inspectWorkbook(content: Uint8Array): WorkbookXml | null {
	try {
		const b = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
		const entries = centralDirectory(b);
		if (!entries) return null;
		const workbook = readPart(b, entries, 'xl/workbook.xml');
		if (workbook === null) return null;
		const rels = new Map<string, string>();
		for (const m of (readPart(b, entries, 'xl/_rels/workbook.xml.rels') ?? '').matchAll(
			/<(?:\w+:)?Relationship\b[^>]*>/g
		)) {
			const a = attributes(m[0]);
			if (a.get('Id') && a.get('Target')) rels.set(a.get('Id')!, partPath(a.get('Target')!));
		}
		const sheets: WorkbookSheet[] = [];
		for (const m of workbook.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
			const a = attributes(m[0]);
			const name = a.get('name');
			if (!name) continue;
			const state = a.get('state');
			const id = [...a].find(([k]) => k.endsWith(':id'))?.[1];
			sheets.push({
				name,
				hidden: state === 'hidden' || state === 'veryHidden',
				path: id ? (rels.get(id) ?? null) : null
			});
		}
		return {
			sheets,
			pendingFormulas(index) {
				const path = sheets[index]?.path;
				if (!path) return null;
				try {
					const xml = readPart(b, entries, path);
					return xml === null ? null : formulasWithoutValues(xml);
				} catch {
					return null;
				}
			}
		};
	} catch {
		return null;
	}
}
