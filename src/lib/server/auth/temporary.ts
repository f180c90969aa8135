/**
 * Temporary passwords: set by an admin (a reset, a bulk creation), shown once, and changed by
 * the account at its next sign-in (`app_user.must_change_password`). 12 characters from an
 * alphabet without look-alikes (no 0/o, 1/l, no capitals), read out over the phone or printed on a
 * slip: 32^12 = 2^60 possibilities, drawn with node:crypto.
 */
import { randomInt } from 'node:crypto';

export const TEMPORARY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
export const TEMPORARY_LENGTH = 12;

export function temporaryPassword(): string {
	let s = '';
	for (let i = 0; i < TEMPORARY_LENGTH; i++) s += TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)];
	return s;
}
