/**
 * The upload size limit, a setting: UPLOAD_MAX_MB (megabytes, default 50, see config.ts) for
 * everything sent in one upload. The server entry (src/start.ts) raises adapter-node's
 * BODY_SIZE_LIMIT to match.
 */
import { config } from '../config';

/** The limit in megabytes. */
export function uploadMaxMb(): number {
	return config().uploadMaxMb;
}

export function uploadMaxBytes(): number {
	return Math.floor(uploadMaxMb() * 1024 * 1024);
}

/** Room for the form's other fields and the multipart boundaries around the files. */
export const FORM_OVERHEAD_BYTES = 1024 * 1024;

/** Files over this many rows get a progress bar on the upload page. */
export const PROGRESS_ROWS = 100_000;
