import { describe, expect, it } from 'vitest';
import { VoteCastSchema } from '$shared/vote.schema';
import { base64url, newPressKey, newSecret } from './vote-tokens';

describe('vote tokens', () => {
	it('encodes bytes as unpadded base64url', () => {
		expect(base64url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
		expect(base64url(new Uint8Array([1]))).toBe('AQ');
		expect(base64url(new Uint8Array([]))).toBe('');
	});

	it('makes a secret and a key the server accepts', () => {
		const secret = newSecret();
		const key = newPressKey();
		expect(secret).toHaveLength(32);
		expect(key).toHaveLength(16);
		expect(VoteCastSchema.safeParse({ voteId: 'v1', key, secret, choice: 'yes' }).success).toBe(true);
	});

	it('accepts even the bytes that encode to - and _', () => {
		const allOnes = (bytes: Uint8Array<ArrayBuffer>) => bytes.fill(0xff);
		const secret = newSecret(allOnes);
		expect(secret).toMatch(/^_+$/);
		expect(VoteCastSchema.safeParse({ voteId: 'v1', key: newPressKey(allOnes), secret, choice: 'no' }).success).toBe(true);
	});

	it('draws fresh randomness every time', () => {
		const secrets = new Set(Array.from({ length: 200 }, () => newSecret()));
		expect(secrets.size).toBe(200);
	});
});
