import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../src/lib/server/auth/password';
import { TEMPORARY_ALPHABET, TEMPORARY_LENGTH, temporaryPassword } from '../../src/lib/server/auth/temporary';

describe('temporary passwords', () => {
	it('have no look-alike characters and pass the password rule', () => {
		expect(TEMPORARY_ALPHABET).not.toMatch(/[0o1lI]/);
		expect(new Set(TEMPORARY_ALPHABET).size).toBe(32);
		for (let i = 0; i < 200; i++) {
			const p = temporaryPassword();
			expect(p).toHaveLength(TEMPORARY_LENGTH);
			expect([...p].every((c) => TEMPORARY_ALPHABET.includes(c))).toBe(true);
			expect(passwordProblem(p)).toBeNull();
		}
	});
	it('are drawn anew each time', () => {
		const seen = new Set(Array.from({ length: 1000 }, temporaryPassword));
		expect(seen.size).toBe(1000);
	});
});
