/**
 * The upload size limit, a setting: UPLOAD_MAX_MB (megabytes, default 50) for everything sent
 * in one upload. `scripts/serve.js` raises adapter-node's BODY_SIZE_LIMIT to match (it reads
 * the same variable with the same default).
 */
export const DEFAULT_UPLOAD_MAX_MB = 50;

/** The limit in megabytes (a positive number; an invalid setting falls back to the default). */
export function uploadMaxMb(): number {
	const n = Number(process.env.UPLOAD_MAX_MB);
	return Number.isFinite(n) && n > 0 ? n : DEFAULT_UPLOAD_MAX_MB;
}

export function uploadMaxBytes(): number {
	return Math.floor(uploadMaxMb() * 1024 * 1024);
}

/** Room for the form's other fields and the multipart boundaries around the files. */
export const FORM_OVERHEAD_BYTES = 1024 * 1024;

/** Files over this many rows get a progress bar on the upload page. */
export const PROGRESS_ROWS = 100_000;
