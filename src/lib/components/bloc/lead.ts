import type { RankingRow } from '$lib/domain/types';

/**
 * The unit(s) ranked first (several when they tie) and the first unit ranked after them, from
 * rows in ranking order; null when the bloc has no rows.
 */
export function leadOf(rows: RankingRow[]): { leaders: RankingRow[]; next: RankingRow | null } | null {
	const leaders = rows.filter((r) => r.rank === 1);
	if (leaders.length === 0) return null;
	return { leaders, next: rows.find((r) => r.rank > 1) ?? null };
}
