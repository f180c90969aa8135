/**
 * The Excel worker thread (src/lib/server/import/xlsx-thread.ts), run from source as Vitest and
 * tsx scripts run it: it reads a real workbook through the same path as an upload, and a worker
 * that never ends or eats memory is stopped at its limit with a Vietnamese reason while the
 * request thread keeps running.
 */
import { describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { readGrid } from '../../src/lib/server/import/grid';
import {
	memoryReason,
	timeoutReason,
	unpackGrid,
	XlsxWorkers
} from '../../src/lib/server/import/xlsx-thread';
import { XLSX_LIMITS } from '../../src/lib/server/import/xlsx-guard';
import { plainWorkbook } from '../fixtures/bad/workbooks';

const fixture = (name: string) => new URL(`../fixtures/workers/${name}`, import.meta.url);
const job = { content: plainWorkbook(), limits: XLSX_LIMITS };

/** Counts the request thread's timer ticks while `work` runs: the thread was free if it ticked. */
async function ticksDuring<T>(work: Promise<T>): Promise<{ result: T; ticks: number }> {
	let ticks = 0;
	const timer = setInterval(() => ticks++, 50);
	try {
		return { result: await work, ticks };
	} finally {
		clearInterval(timer);
	}
}

describe('the Excel worker', () => {
	it('reads a workbook as Excel writes it (data descriptors, numbers, text, dates) in a worker thread', async () => {
		const xlsx = await writeExcelFile(
			[
				['Mã đơn vị', 'I.1', 'Ngày'],
				['SO11', 24.499999999999996, new Date(Date.UTC(2025, 10, 30))]
			],
			{ dateFormat: 'dd/mm/yyyy' }
		).toBuffer();
		// The worker's own answer: the grid packed to cross the thread, then unpacked.
		const pool = new XlsxWorkers({ size: 1, heapMb: 256 });
		const posted = await pool.run({ content: new Uint8Array(xlsx), limits: XLSX_LIMITS }, 60);
		expect(posted.ok && typeof posted.packed.text).toBe('string');
		const grid = posted.ok ? await unpackGrid(posted.packed) : null;
		expect(grid).toMatchObject({
			format: 'xlsx',
			rows: [
				['Mã đơn vị', 'I.1', 'Ngày'],
				['SO11', '24.5', '30/11/2025']
			]
		});
		// Which cells were numbers crosses the thread too.
		expect([...(grid?.numbers ?? [])]).toEqual([16_384 + 1]);
	});

	it('keeps each workbook apart: many read at once, each its own rows', async () => {
		const books = await Promise.all(
			Array.from({ length: 5 }, (_, i) => writeExcelFile([['Mã'], [`U${i}`]]).toBuffer())
		);
		const grids = await Promise.all(books.map((b, i) => readGrid(`t${i}.xlsx`, new Uint8Array(b))));
		expect(grids.map((g) => g.ok && g.grid.rows[1]?.[0])).toEqual(['U0', 'U1', 'U2', 'U3', 'U4']);
	});

	it('stops a worker that never finishes at the time limit, with the reason, the request thread free meanwhile', async () => {
		const pool = new XlsxWorkers({ size: 1, heapMb: 64, entry: fixture('forever.mjs') });
		const { result, ticks } = await ticksDuring(pool.run(job, 1));
		expect(result).toEqual({ ok: false, reason: timeoutReason(1) });
		// Its place is freed: the next workbook gets a new worker (and the same end).
		expect(await pool.run(job, 1)).toEqual({ ok: false, reason: timeoutReason(1) });
		expect(timeoutReason(1)).toBe(
			'đọc tệp Excel quá 1 giây nên đã dừng: tệp quá lớn hoặc quá phức tạp; hãy chia nhỏ tệp hoặc lưu thành "CSV UTF-8" (quản trị viên có thể tăng thời gian này bằng thiết lập XLSX_TIMEOUT)'
		);
		expect(ticks).toBeGreaterThan(0);
	});

	it('stops a worker that eats memory at its heap limit, with the reason', async () => {
		const pool = new XlsxWorkers({ size: 1, heapMb: 64, entry: fixture('hungry.mjs') });
		const { result, ticks } = await ticksDuring(pool.run(job, 60));
		expect(result).toEqual({ ok: false, reason: memoryReason(64) });
		expect(memoryReason(64)).toMatch(/^đọc tệp Excel cần hơn 64 MB bộ nhớ nên đã dừng/);
		expect(ticks).toBeGreaterThan(0);
	});
});
