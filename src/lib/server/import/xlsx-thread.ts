/**
 * Excel workbooks are read off the request thread, so that one large or hostile workbook never
 * stops the server from answering everyone else:
 *
 * 1. here, at once: the archive's directory is checked (xlsx-guard.ts `inspectZip`): a zip bomb
 *    or a lying directory is refused before anything is inflated or a worker started;
 * 2. then in a worker thread (xlsx-worker.ts): every entry inflated under its declared size and
 *    every sheet measured (`checkWorkbook`), then the reader (grid.ts `readXlsx`);
 * 3. the worker has a heap limit and XLSX_TIMEOUT seconds (config.ts); past either it is
 *    stopped and the file refused with a reason. At most `WORKERS` exist at once; a workbook
 *    waits for one. A worker that behaved is kept for the next workbook (`XlsxWorkers`).
 *
 * Where the worker's code is: built, `build/xlsx-worker.js` (vite.start.config.ts), found from
 * this chunk's folder upwards; from source (Vitest, `vite dev`, tsx scripts) the TypeScript file
 * itself, loaded through tsx by xlsx-worker-source.mjs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { formatNumber } from '../../domain/numbers';
import { config } from '../config';
import { log } from '../log';
import type { Grid, GridResult } from './grid';
import { inspectZip, XLSX_LIMITS, type XlsxLimits } from './xlsx-guard';

/** What the worker is given. */
export interface XlsxJob {
	content: Uint8Array;
	sheet?: number | string;
	limits: XlsxLimits;
}

/** Workers reading at once (the server has few cores; the request thread needs one). */
export const WORKERS = 2;
/** The worker's JavaScript heap: reading a 200,000-row workbook takes about 400 MB. */
export const WORKER_HEAP_MB = 1024;

const UNREADABLE =
	'không đọc được tệp Excel (.xlsx): tệp bị hỏng hoặc không phải bảng tính; hãy mở bằng Excel và lưu lại';
const BUILT_NAME = 'xlsx-worker.js';
const SOURCE_NAME = './xlsx-worker-source.mjs';

export const timeoutReason = (seconds: number) =>
	`đọc tệp Excel quá ${formatNumber(seconds, 1)} giây nên đã dừng: tệp quá lớn hoặc quá phức tạp; hãy chia nhỏ tệp hoặc lưu thành "CSV UTF-8" (quản trị viên có thể tăng thời gian này bằng thiết lập XLSX_TIMEOUT)`;
export const memoryReason = (heapMb: number) =>
	`đọc tệp Excel cần hơn ${formatNumber(heapMb, 0)} MB bộ nhớ nên đã dừng: tệp quá lớn; hãy chia nhỏ tệp hoặc lưu thành "CSV UTF-8"`;

/**
 * A grid as the worker posts it: a million small strings cost the receiving thread a second to
 * copy, one long string and a few typed arrays almost nothing. Unpacked in slices, giving the
 * request thread back between them.
 */
export interface PackedGrid {
	grid: Omit<Grid, 'rows' | 'numbers'>;
	text: string;
	rowLengths: Uint32Array;
	cellLengths: Uint32Array;
	numbers: Float64Array | null;
}

export type PackedResult = { ok: true; packed: PackedGrid } | { ok: false; reason: string };

/** In the worker: the grid packed for posting (the typed arrays go in the transfer list). */
export function packGrid(grid: Grid): PackedGrid {
	const { rows, numbers, ...rest } = grid;
	const rowLengths = new Uint32Array(rows.length);
	let cells = 0;
	for (let i = 0; i < rows.length; i++) cells += rowLengths[i] = rows[i]!.length;
	const cellLengths = new Uint32Array(cells);
	const parts: string[] = new Array(cells);
	let k = 0;
	for (const row of rows)
		for (const cell of row) {
			cellLengths[k] = cell.length;
			parts[k++] = cell;
		}
	return {
		grid: rest,
		text: parts.join(''),
		rowLengths,
		cellLengths,
		numbers: numbers ? Float64Array.from(numbers) : null
	};
}

const SLICE = 20_000;
const breathe = () => new Promise((ok) => setImmediate(ok));

/** On the request thread: the grid back, `SLICE` rows (or numbers) at a time. */
export async function unpackGrid(p: PackedGrid): Promise<Grid> {
	const rows: string[][] = new Array(p.rowLengths.length);
	let at = 0;
	let k = 0;
	for (let i = 0; i < rows.length; i++) {
		const row: string[] = new Array(p.rowLengths[i]!);
		for (let j = 0; j < row.length; j++) {
			const length = p.cellLengths[k++]!;
			row[j] = p.text.slice(at, at + length);
			at += length;
		}
		rows[i] = row;
		if (i % SLICE === SLICE - 1) await breathe();
	}
	const grid: Grid = { ...p.grid, rows };
	if (p.numbers) {
		const numbers = new Set<number>();
		for (let i = 0; i < p.numbers.length; i++) {
			numbers.add(p.numbers[i]!);
			if (i % (SLICE * 5) === SLICE * 5 - 1) await breathe();
		}
		grid.numbers = numbers;
	}
	return grid;
}

let entry: URL | null = null;

/** The worker's file: the built one beside the app, or the source one. */
function workerEntry(): URL {
	if (entry) return entry;
	const here = fileURLToPath(import.meta.url);
	// A name in a variable: bundlers leave `new URL(variable, import.meta.url)` to run time.
	if (here.endsWith('.ts')) return (entry = new URL(SOURCE_NAME, import.meta.url));
	for (let dir = dirname(here), i = 0; i < 5; i++, dir = dirname(dir)) {
		const file = join(dir, BUILT_NAME);
		if (existsSync(file)) return (entry = pathToFileURL(file));
	}
	throw new Error(`${BUILT_NAME} không có cạnh ${here}: hãy chạy lại npm run build`);
}

/** The worker's message once its code is loaded (then it is given jobs, one at a time). */
export const READY = 'ready';
/** Longest a worker may take to load its code (a busy server, or tsx compiling from source). */
const STARTUP_SECONDS = 60;
/** An idle worker is stopped after this long (its memory goes with it). */
const IDLE_SECONDS = 30;

interface Handle {
	worker: Worker;
	dead: boolean;
	idle?: ReturnType<typeof setTimeout>;
}

export interface PoolOptions {
	/** Workers at most (busy, idle or starting). */
	size: number;
	/** Each worker's JavaScript heap. */
	heapMb: number;
	/** The worker's code (the tests give others: one that never ends, one that eats memory). */
	entry?: URL;
}

/**
 * Worker threads that read workbooks, kept for the next one while they behave: starting one costs
 * more than a small workbook (much more from source, where tsx compiles it). A worker past its
 * time limit, out of memory or broken is stopped and replaced. Idle workers do not keep the
 * process alive and stop after IDLE_SECONDS.
 */
export class XlsxWorkers {
	private idle: Handle[] = [];
	private live = 0;
	private waiting: (() => void)[] = [];

	constructor(readonly options: PoolOptions) {}

	/** Reads `job` in a worker, at most `seconds` from when the worker has it; never rejects. */
	async run(job: XlsxJob, seconds: number): Promise<PackedResult> {
		const handle = await this.acquire();
		if (!handle) return { ok: false, reason: UNREADABLE };
		const { result, keep } = await this.runOn(handle, job, seconds);
		if (keep) this.release(handle);
		else this.discard(handle);
		return result;
	}

	private async acquire(): Promise<Handle | null> {
		for (;;) {
			const handle = this.idle.pop();
			if (handle) {
				clearTimeout(handle.idle);
				handle.worker.ref();
				return handle;
			}
			if (this.live < this.options.size) {
				this.live++;
				return this.spawn();
			}
			await new Promise<void>((ok) => this.waiting.push(ok));
		}
	}

	private wake() {
		this.waiting.shift()?.();
	}

	private spawn(): Promise<Handle | null> {
		return new Promise((resolve) => {
			let worker: Worker;
			try {
				worker = new Worker(this.options.entry ?? workerEntry(), {
					resourceLimits: { maxOldGenerationSizeMb: this.options.heapMb }
				});
			} catch (error) {
				log.error({ err: error }, 'Không khởi động được luồng đọc tệp Excel');
				this.live--;
				this.wake();
				resolve(null);
				return;
			}
			const handle: Handle = { worker, dead: false };
			// For the worker's whole life: an error or an exit takes it out of the pool.
			worker.on('error', (error: Error & { code?: string }) => {
				if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY')
					log.error({ err: error }, 'Luồng đọc tệp Excel gặp lỗi');
			});
			worker.once('exit', () => this.discard(handle));
			const started = (ok: boolean) => {
				clearTimeout(timer);
				worker.off('message', onReady);
				worker.off('exit', onExit);
				if (ok) resolve(handle);
				else {
					this.discard(handle);
					resolve(null);
				}
			};
			const onReady = (message: unknown) => started(message === READY);
			const onExit = () => started(false);
			const timer = setTimeout(() => {
				log.error({ seconds: STARTUP_SECONDS }, 'Luồng đọc tệp Excel không khởi động kịp');
				started(false);
			}, STARTUP_SECONDS * 1000);
			worker.once('message', onReady);
			worker.once('exit', onExit);
		});
	}

	private runOn(handle: Handle, job: XlsxJob, seconds: number) {
		return new Promise<{ result: PackedResult; keep: boolean }>((resolve) => {
			const worker = handle.worker;
			const bytes = job.content.byteLength;
			const started = Date.now();
			const done = (result: PackedResult, keep: boolean) => {
				clearTimeout(timer);
				worker.off('message', onMessage);
				worker.off('error', onError);
				worker.off('exit', onExit);
				resolve({ result, keep });
			};
			const onMessage = (result: PackedResult) => {
				log.debug({ ms: Date.now() - started, bytes }, 'Đã đọc tệp Excel');
				done(result, true);
			};
			const onError = (error: Error & { code?: string }) => {
				if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
					log.warn({ bytes, heapMb: this.options.heapMb }, 'Đọc tệp Excel vượt giới hạn bộ nhớ, đã dừng');
					done({ ok: false, reason: memoryReason(this.options.heapMb) }, false);
				} else done({ ok: false, reason: UNREADABLE }, false);
			};
			const onExit = () => done({ ok: false, reason: UNREADABLE }, false);
			const timer = setTimeout(() => {
				log.warn({ seconds, bytes }, 'Đọc tệp Excel quá thời gian, đã dừng');
				done({ ok: false, reason: timeoutReason(seconds) }, false);
			}, seconds * 1000);
			worker.on('message', onMessage);
			worker.on('error', onError);
			worker.on('exit', onExit);
			worker.postMessage(job);
		});
	}

	private release(handle: Handle) {
		if (handle.dead) return;
		handle.worker.unref();
		handle.idle = setTimeout(() => this.discard(handle), IDLE_SECONDS * 1000);
		handle.idle.unref();
		this.idle.push(handle);
		this.wake();
	}

	/** Stops a worker and frees its place (once, however many ways it ends). */
	private discard(handle: Handle) {
		if (handle.dead) return;
		handle.dead = true;
		clearTimeout(handle.idle);
		this.idle = this.idle.filter((h) => h !== handle);
		void handle.worker.terminate();
		this.live--;
		this.wake();
	}
}

let pool: XlsxWorkers | null = null;

/** Reads one sheet of a workbook (the first by default) off the request thread, within limits. */
export async function readXlsxOffThread(
	content: Uint8Array,
	sheet?: number | string,
	limits: XlsxLimits = XLSX_LIMITS
): Promise<GridResult> {
	const inspected = inspectZip(content, limits);
	if (!inspected.ok) return inspected;
	pool ??= new XlsxWorkers({ size: WORKERS, heapMb: WORKER_HEAP_MB });
	const result = await pool.run({ content, sheet, limits }, config().xlsxTimeoutSeconds);
	return result.ok ? { ok: true, grid: await unpackGrid(result.packed) } : result;
}
