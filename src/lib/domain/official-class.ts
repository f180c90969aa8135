/**
 * The official five classes of individuals (Thông tư 2/2023/TT-BNV, Biểu 0602/0603) and the
 * product's recipient categories (what the award balance counts), mapped both ways. Pure.
 *
 * A leader or manager is one of the four leading classes; staff, direct workers and citizens
 * are the fifth, «Người trực tiếp công tác, lao động, …» (the forms have no class of their own
 * for staff or citizens: counting them as direct workers is the product's decision, after the
 * forms' own wording «trực tiếp công tác»). Defaults when only one side is known:
 *   leader  → department_leader (Lãnh đạo cấp vụ, sở, ngành: a provincial council's unit heads)
 *   manager → other_leader      (Các cấp lãnh đạo khác từ phó phòng trở lên)
 *   staff, direct_worker, citizen → direct_worker
 *   senior_leader, department_leader → leader;  entrepreneur, other_leader → manager;
 *   direct_worker → direct_worker
 */
import type { OfficialClass, RecipientCategory } from './types';

export const CLASS_OF_CATEGORY: Readonly<Record<RecipientCategory, OfficialClass>> = {
	leader: 'department_leader',
	manager: 'other_leader',
	staff: 'direct_worker',
	direct_worker: 'direct_worker',
	citizen: 'direct_worker'
};

export const CATEGORY_OF_CLASS: Readonly<Record<OfficialClass, RecipientCategory>> = {
	senior_leader: 'leader',
	department_leader: 'leader',
	entrepreneur: 'manager',
	other_leader: 'manager',
	direct_worker: 'direct_worker'
};

const LEADING: ReadonlySet<RecipientCategory> = new Set(['leader', 'manager']);

/** Whether a category and a class describe the same person (a leader is not a direct worker). */
export function agrees(category: RecipientCategory, cls: OfficialClass): boolean {
	return LEADING.has(category) === (cls !== 'direct_worker');
}

/** The class an individual's award is counted in: its own, else its category's. */
export function officialClassOf(category: RecipientCategory, cls: OfficialClass | null): OfficialClass {
	return cls ?? CLASS_OF_CATEGORY[category];
}
