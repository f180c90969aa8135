/**
 * Usernames and display names of the officer accounts made in bulk (issue 14): one account per
 * unit, `cb.<unit code>` (cán bộ), «Cán bộ <unit name>». Pure.
 */

/** What a username may be (auth/users.ts checks the same). */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;

/** `SO11` → `cb.so11`; `XÃ-01 A` → `cb.xa-01-a`: lower case, no diacritics, other characters `-`. */
export function officerUsername(unitCode: string): string {
	const code = unitCode
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9._-]+/g, '-')
		.replace(/^[-.]+|[-.]+$/g, '');
	return `cb.${code}`.slice(0, 60);
}

/** «Cán bộ Xã Tân Lập». */
export function officerDisplayName(unitName: string): string {
	return `Cán bộ ${unitName.trim()}`;
}

export interface NameChoice {
	unitCode: string;
	/** The username wanted (officerUsername). */
	wanted: string;
	/** The one given: `wanted`, or `wanted-2`, `-3`… when taken. */
	username: string;
	/** Why it is not the wanted one: taken by an existing account, or by another unit of the list. */
	clash: 'account' | 'list' | null;
}

/**
 * Gives each unit its username: the wanted one when free, else the first free `<wanted>-<n>`
 * (n = 2, 3, …), free meaning neither an existing account's (`taken`) nor one given earlier in
 * the list. The list's order decides who keeps the plain name.
 */
export function chooseUsernames(
	wanted: readonly { unitCode: string; wanted: string }[],
	taken: ReadonlySet<string>
): NameChoice[] {
	const used = new Set(taken);
	return wanted.map(({ unitCode, wanted: name }) => {
		let username = name;
		let clash: NameChoice['clash'] = null;
		if (used.has(name)) {
			clash = taken.has(name) ? 'account' : 'list';
			for (let n = 2; used.has(username); n++) username = `${name}-${n}`;
		}
		used.add(username);
		return { unitCode, wanted: name, username, clash };
	});
}
