import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
	it('verifies the right password and refuses a wrong one', async () => {
		const stored = await hashPassword('人大问政-2026');
		expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
		expect(await verifyPassword('人大问政-2026', stored)).toBe(true);
		expect(await verifyPassword('人大问政-2025', stored)).toBe(false);
		expect(await verifyPassword('', stored)).toBe(false);
	});

	it('salts every hash', async () => {
		expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
	});

	it('refuses malformed stored hashes instead of throwing', async () => {
		expect(await verifyPassword('x', '')).toBe(false);
		expect(await verifyPassword('x', 'md5$abc')).toBe(false);
		expect(await verifyPassword('x', 'scrypt$1$2$3')).toBe(false);
	});
});
