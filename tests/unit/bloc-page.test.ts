/**
 * The bloc page's pure parts: the leading unit(s) named above the ranking, and the totals chart
 * drawing fewer axis labels and narrower unit names on a phone.
 */
import { describe, expect, it } from 'vitest';
import { leadOf } from '../../src/lib/components/bloc/lead';
import { totalsChartHeight, totalsOption } from '../../src/lib/components/charts/totals-option';
import type { RankingRow } from '../../src/lib/domain/types';
import { translator } from '../../src/lib/i18n';

const row = (unitCode: string, total: number, rank: number, tied = false): RankingRow => ({
	unitCode,
	unitName: `Đơn vị ${unitCode}`,
	role: 'member',
	groups: [],
	content: total,
	contentMax: 1000,
	bonusRaw: 0,
	bonus: 0,
	deduction: 0,
	total,
	percent: total / 10,
	rank,
	tied,
	tier: 'good',
	proposal: null,
	proposalTie: false,
	vote: null,
	unreviewedCount: 0,
	missingCount: 0
});

describe('leadOf: who leads the bloc', () => {
	it('one leader and the unit after it', () => {
		const lead = leadOf([row('A', 927, 1), row('B', 888.5, 2), row('C', 881.5, 3)]);
		expect(lead?.leaders.map((r) => r.unitCode)).toEqual(['A']);
		expect(lead?.next?.unitCode).toBe('B');
	});

	it('joint leaders: every unit ranked 1, and the next is the first ranked after them (rank 3)', () => {
		const lead = leadOf([row('A', 920.5, 1, true), row('B', 920.5, 1, true), row('C', 847.5, 3)]);
		expect(lead?.leaders.map((r) => r.unitCode)).toEqual(['A', 'B']);
		expect(lead?.next).toMatchObject({ unitCode: 'C', rank: 3 });
	});

	it('a bloc of one unit has no next; an empty bloc no leader', () => {
		expect(leadOf([row('A', 900, 1)])).toEqual({ leaders: [row('A', 900, 1)], next: null });
		expect(leadOf([])).toBeNull();
	});
});

describe('totalsOption at a phone’s width', () => {
	const tr = translator('vi');
	const rows = [row('A', 920.5, 1), row('B', 850, 2)];
	type Axis = {
		splitNumber?: number;
		axisLabel: { width?: number; hideOverlap?: boolean; overflow?: string };
	};

	it('fewer value labels that never overlap, and unit names broken over lines in a narrower column', () => {
		const wide = totalsOption(rows, tr, 'tóm tắt');
		const narrow = totalsOption(rows, tr, 'tóm tắt', { narrow: true });
		const [wx, nx] = [wide.xAxis as Axis, narrow.xAxis as Axis];
		expect(nx.splitNumber).toBeLessThan(wx.splitNumber!);
		expect(nx.axisLabel.hideOverlap).toBe(true);
		expect(wx.axisLabel.hideOverlap).toBe(true);
		const [wy, ny] = [wide.yAxis as Axis, narrow.yAxis as Axis];
		expect(ny.axisLabel.width).toBeLessThanOrEqual(130);
		expect(wy.axisLabel.width).toBeGreaterThan(ny.axisLabel.width!);
		expect(ny.axisLabel.overflow).toBe('break');
	});

	it('taller bars when names take two lines', () => {
		expect(totalsChartHeight(13, true)).toBeGreaterThan(totalsChartHeight(13));
		expect(totalsChartHeight(1, true)).toBe(160);
	});
});
