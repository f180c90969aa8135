/**
 * Names of backup files, pure (no I/O): `khoi-thi-dua-YYYYMMDD-HHMMSS.duckdb` in Vietnam time
 * (UTC+7, the time the council reads), `-2`, `-3`… when two backups fall in the same second,
 * and beside each its manifest `khoi-thi-dua-YYYYMMDD-HHMMSS.json`. A name is valid only in
 * exactly this form with a real date and time, so a name taken from a URL can never be a path.
 */

/** Vietnam's offset from UTC: UTC+7 all year, no daylight saving time. */
export const VIETNAM_OFFSET_MS = 7 * 3600_000;

export const BACKUP_PREFIX = 'khoi-thi-dua-';
const EXT = '.duckdb';
const NAME = /^khoi-thi-dua-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-([1-9]\d{0,3}))?\.duckdb$/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYYMMDD-HHMMSS` of an instant, in Vietnam time. */
export function vietnamStamp(epochMs: number): string {
	const d = new Date(epochMs + VIETNAM_OFFSET_MS);
	return (
		`${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-` +
		`${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
	);
}

/** The file name of a backup made at `epochMs`; `n` ≥ 2 for a second one in the same second. */
export function backupName(epochMs: number, n = 1): string {
	return `${BACKUP_PREFIX}${vietnamStamp(epochMs)}${n > 1 ? `-${n}` : ''}${EXT}`;
}

export interface ParsedBackupName {
	/** `YYYYMMDD-HHMMSS` (Vietnam time). */
	stamp: string;
	/** 1 for the first backup of that second, then 2, 3… */
	n: number;
	/** The instant the name stands for (to the second). */
	epochMs: number;
}

/** The parts of a backup file name, or null for anything else (paths, other files, bad dates). */
export function parseBackupName(name: string): ParsedBackupName | null {
	if (typeof name !== 'string' || name.length > 64) return null;
	const m = NAME.exec(name);
	if (!m) return null;
	const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
	const utc = Date.UTC(y, mo - 1, d, h, mi, s);
	const check = new Date(utc);
	if (
		check.getUTCFullYear() !== y ||
		check.getUTCMonth() !== mo - 1 ||
		check.getUTCDate() !== d ||
		check.getUTCHours() !== h ||
		check.getUTCMinutes() !== mi ||
		check.getUTCSeconds() !== s
	)
		return null;
	return {
		stamp: `${m[1]}${m[2]}${m[3]}-${m[4]}${m[5]}${m[6]}`,
		n: m[7] ? Number(m[7]) : 1,
		epochMs: utc - VIETNAM_OFFSET_MS
	};
}

export function isBackupName(name: string): boolean {
	return parseBackupName(name) !== null;
}

/** `khoi-thi-dua-….duckdb` → `khoi-thi-dua-….json` (any `x.duckdb` → `x.json`). */
export function sidecarName(name: string): string {
	return (name.endsWith(EXT) ? name.slice(0, -EXT.length) : name) + '.json';
}

/** Default name of a restored database: `khoi-thi-dua-restored-YYYYMMDD-HHMMSS.duckdb`. */
export function restoredName(epochMs: number): string {
	return `${BACKUP_PREFIX}restored-${vietnamStamp(epochMs)}${EXT}`;
}
