/**
 * A unit's history after a life of imports and sheet saves, as the user sees it: the history
 * page's data and its CSV for a few units of bloc K01 in 2024 (tests/fixtures/small). Clock
 * times and ids change from run to run: each distinct time becomes T1, T2, … (oldest first) and
 * ids are left out, so that two runs, or two versions of the code, can be compared.
 *
 * The story: the first import (every row new); a supplementary file mixing new, replaced and
 * unchanged rows of one unit, by a signed-in account; self-scores and a note saved on the sheet
 * (a new row among them); a wide sheet of bloc scores (replaced rows, one new row, the other
 * columns kept); a row emptied on the sheet (deleted), then added again by an import; and
 * imports that change nothing (a dry run, a refused file, an identical file).
 */
import { expect } from 'vitest';
import type { BlocYear, Principal, Stage } from '../../src/lib/domain/policy';
import { translator } from '../../src/lib/i18n';
import { historyCsv, unitHistory, unitHistoryPage } from '../../src/lib/server/audit';
import { createUser } from '../../src/lib/server/auth/users';
import type { Database } from '../../src/lib/server/db';
import { importFiles, importPaths } from '../../src/lib/server/import';
import { loadSheet, saveSheet, type SaveEntry } from '../../src/lib/server/scoring/sheet';
import type { SheetSide } from '../../src/lib/domain/sheet';

const enc = (text: string) => new TextEncoder().encode(text);
const HEADER = 'Năm,Mã khối,Mã đơn vị,Mã tiêu chí,Điểm tự chấm,Điểm khối chấm,Ghi chú';
const K01: BlocYear = { blocCode: 'K01', year: 2024, stage: 'open' };

async function atStage(db: Database, stage: Stage): Promise<BlocYear> {
	await db.run("UPDATE pledge SET stage = $1 WHERE year = 2024 AND bloc_code = 'K01'", [stage]);
	return { ...K01, stage };
}

async function save(db: Database, user: Principal, unit: string, side: SheetSide, entries: SaveEntry[]) {
	const bloc = await atStage(db, side === 'self' ? 'self_scoring' : 'review');
	const { version } = await loadSheet(db, bloc, unit);
	const r = await saveSheet(db, user, bloc, unit, side, version, entries);
	expect(r.status, JSON.stringify(r)).toBe('saved');
}

async function imported(
	db: Database,
	name: string,
	text: string,
	options: Parameters<typeof importFiles>[2]
) {
	const r = await importFiles(db, [{ name, content: enc(text) }], options);
	expect(r.committed, JSON.stringify(r.issues)).toBe(true);
	return r;
}

/** Runs the story on a fresh database (the fixture imported first). */
export async function historyStory(db: Database): Promise<void> {
	expect((await importPaths(db, ['tests/fixtures/small'], { source: 'sample' })).committed).toBe(true);
	const leaderId = await createUser(db, {
		username: 'tk.k01',
		displayName: 'Xã Tân Lập (Trưởng khối)',
		password: 'mat-khau-thu-nghiem',
		grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2024 }]
	});
	const officerId = await createUser(db, {
		username: 'xa03',
		displayName: 'Cán bộ thi đua xã Ea Tam',
		password: 'mat-khau-thu-nghiem',
		grants: [{ role: 'unit_officer', unitCode: 'XA03' }]
	});
	const leader: Principal = {
		userId: leaderId,
		username: 'tk.k01',
		displayName: 'Xã Tân Lập (Trưởng khối)',
		grants: [{ role: 'bloc_leader', blocCode: 'K01', year: 2024 }]
	};
	const officer: Principal = {
		userId: officerId,
		username: 'xa03',
		displayName: 'Cán bộ thi đua xã Ea Tam',
		grants: [{ role: 'unit_officer', unitCode: 'XA03' }]
	};

	// New, replaced and unchanged rows of XA03 and PH01 in one file, out of criterion order.
	await atStage(db, 'open');
	await imported(
		db,
		'diem_bo_sung.csv',
		[
			HEADER,
			'2024,K01,XA03,TC04,3,,',
			'2024,K01,XA03,TC01,"35,5",34,Đã có biên bản kiểm tra',
			'2024,K01,PH01,TC02,15,14,',
			'2024,K01,XA03,TC05,2,2,Bằng khen của Sở',
			'2024,K01,XA03,TC02,"19,5",19,',
			'2024,K01,PH01,TC01,30,30,',
			'2024,K01,XA01,TC05,6,5,Bằng khen của Bộ'
		].join('\n'),
		{ source: 'upload', username: 'tk.k01', userId: leaderId }
	);
	// The sheet: a self-score changed, a note, and a new row.
	await save(db, officer, 'XA03', 'self', [
		{ criterionCode: 'TC01', value: '36' },
		{ criterionCode: 'TC03', value: '25', note: 'Có minh chứng' },
		{ criterionCode: 'TC06', value: '2' }
	]);
	// A wide sheet of bloc scores: replaced rows, a new one (PH01 TC04), self-scores and notes kept.
	await atStage(db, 'review');
	await imported(
		db,
		'diem_khoi_K01_2024.csv',
		[
			'Điểm khối chấm',
			'Mã đơn vị,Tên đơn vị,TC01,TC02,TC03,TC04,TC05,TC06',
			'XA03,Xã Ea Tam,36,19,24,3,,1',
			'PH01,Phường Hòa Bình,29,,19,2,,'
		].join('\n'),
		{ source: 'upload', username: 'tk.k01', userId: leaderId }
	);
	// XA03 TC05 emptied on the sheet, column by column: the row is deleted.
	await save(db, officer, 'XA03', 'self', [{ criterionCode: 'TC05', value: '', note: '' }]);
	await save(db, leader, 'XA03', 'review', [{ criterionCode: 'TC05', value: '' }]);
	// …and added again by an import, with rows of other units.
	await atStage(db, 'self_scoring');
	await imported(
		db,
		'diem_lan_2.csv',
		[HEADER, '2024,K01,XA02,TC04,4,,', '2024,K01,XA03,TC05,1,,Lần 2', '2024,K01,XA03,TC04,3,,'].join('\n'),
		{ source: 'cli' }
	);
	// Nothing of these is written: a dry run, a refused file, an identical file.
	const dry = await importFiles(
		db,
		[{ name: 'thu.csv', content: enc([HEADER, '2024,K01,XA03,TC01,1,1,thử'].join('\n')) }],
		{ source: 'cli', dryRun: true }
	);
	expect(dry.committed).toBe(false);
	const bad = await importFiles(
		db,
		[
			{
				name: 'sai.csv',
				content: enc([HEADER, '2024,K01,XA03,TC02,2,2,', '2024,K01,XA03,TC01,99,,'].join('\n'))
			}
		],
		{ source: 'cli' }
	);
	expect(bad.committed).toBe(false);
	await imported(db, 'diem_lan_2.csv', [HEADER, '2024,K01,XA03,TC05,1,,Lần 2'].join('\n'), { source: 'cli' });
}

type Line = Awaited<ReturnType<typeof unitHistoryPage>>['entries'][number];

/** The timeline's lines as one group per criterion: the pledge's order, other codes last. */
function byCriterion(
	criteria: { code: string; name: string; groupName: string }[],
	lines: Line[],
	when: Map<number, string>
) {
	const byCode = new Map<string, Line[]>();
	for (const e of lines) byCode.set(e.criterionCode, [...(byCode.get(e.criterionCode) ?? []), e]);
	const plain = (list: Line[]) =>
		list.map(({ id, source: _s, note: _n, ...line }) => ({ ...line, when: when.get(id) }));
	return [
		...criteria.filter((c) => byCode.has(c.code)).map((c) => ({ ...c, entries: plain(byCode.get(c.code)!) })),
		...[...byCode.keys()]
			.filter((code) => !criteria.some((c) => c.code === code))
			.map((code) => ({
				code,
				name: byCode.get(code)![0]!.criterionName,
				groupName: '',
				entries: plain(byCode.get(code)!)
			}))
	];
}

/** The history of `unit` (one criterion when asked) as page data and CSV, times as T1, T2, … */
export async function historySnapshot(db: Database, views: { unit: string; criterion?: string }[]) {
	const bloc = { blocCode: 'K01', year: 2024 };
	// Every time any view shows, oldest first.
	const all = (await Promise.all(views.map((v) => unitHistory(db, bloc, v.unit)))).flat();
	const times = [...new Set(all.map((e) => e.changedAt))].sort((a, b) => a - b);
	const token = (t: number) => `T${times.indexOf(t) + 1}`;
	const out: Record<string, unknown> = {};
	for (const { unit, criterion } of views) {
		const entries = await unitHistory(db, bloc, unit, criterion ?? null);
		const when = new Map(entries.map((e) => [e.id, token(e.changedAt)]));
		expect(when.size, 'every entry has its own id').toBe(entries.length);
		const pages: Record<string, unknown> = {};
		for (const lang of ['vi', 'en'] as const) {
			const { entries: timeline, ...page } = await unitHistoryPage(
				db,
				bloc,
				unit,
				criterion ?? '',
				translator(lang)
			);
			// The page shows one list, newest first (the trail's order); the fixture, captured when
			// it showed a table per criterion, holds the same lines grouped by criterion: regrouped
			// here (the order within a criterion kept), without what the list adds (source, note).
			expect(timeline.map((e) => e.id)).toEqual(entries.map((e) => e.id));
			pages[lang] = { ...page, groups: byCriterion(page.criteria, timeline, when) };
		}
		const [head, ...lines] = historyCsv(entries).split('\r\n');
		const csv = [
			head,
			...lines.map((l, i) =>
				i < entries.length ? `${token(entries[i]!.changedAt)}${l.slice(l.indexOf(','))}` : l
			)
		];
		out[criterion ? `${unit}/${criterion}` : unit] = { page: pages, csv };
	}
	return out;
}

export const HISTORY_VIEWS = [
	{ unit: 'XA03' },
	{ unit: 'XA03', criterion: 'TC01' },
	{ unit: 'XA03', criterion: 'TC05' },
	{ unit: 'PH01' },
	{ unit: 'XA01' },
	{ unit: 'XA02' }
];
