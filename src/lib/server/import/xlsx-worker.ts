/**
 * The worker thread that reads Excel workbooks for xlsx-thread.ts. It says READY once loaded;
 * then, for each `XlsxJob` it is sent (one at a time), it runs the whole guard (every entry
 * inflated under its declared size, every sheet measured), then the reader, and posts one
 * `PackedResult`. Built to build/xlsx-worker.js (vite.start.config.ts); from source it is loaded
 * by xlsx-worker-source.mjs.
 */
import { parentPort } from 'node:worker_threads';
import { readXlsx } from './grid';
import { checkWorkbook } from './xlsx-guard';
import { packGrid, READY, type PackedResult, type XlsxJob } from './xlsx-thread';

async function read(job: XlsxJob): Promise<PackedResult> {
	const checked = checkWorkbook(job.content, job.limits);
	if (!checked.ok) return checked;
	const read = await readXlsx(job.content, job.sheet);
	return read.ok ? { ok: true, packed: packGrid(read.grid) } : read;
}

const port = parentPort!;
port.on('message', async (job: XlsxJob) => {
	const result = await read(job);
	const p = result.ok ? result.packed : null;
	const transfer = p ? [p.rowLengths.buffer, p.cellLengths.buffer, p.numbers?.buffer] : [];
	port.postMessage(
		result,
		transfer.filter((b): b is ArrayBuffer => b !== undefined)
	);
});
port.postMessage(READY);
