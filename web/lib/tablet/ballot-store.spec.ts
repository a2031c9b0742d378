import { describe, expect, it } from 'vitest';
import { type BallotStorage, BallotStore, ballotStorageKey } from './ballot-store';

class MapStorage implements BallotStorage {
	readonly items = new Map<string, string>();
	refuseWrites = false;
	getItem(key: string): string | null {
		return this.items.get(key) ?? null;
	}
	setItem(key: string, value: string): void {
		if (this.refuseWrites) throw new DOMException('quota', 'QuotaExceededError');
		this.items.set(key, value);
	}
}

let made = 0;
const secrets = () => `secret-${++made}-aaaaaaaaaaaaaaaaaaaa`;

describe('the ballot store', () => {
	it('makes one secret per vote and keeps it across page loads', () => {
		const storage = new MapStorage();
		const first = new BallotStore(storage, 'm1', secrets);
		const secret = first.secretFor('v1');
		expect(first.secretFor('v1')).toBe(secret);
		expect(first.secretFor('v2')).not.toBe(secret);
		expect(new BallotStore(storage, 'm1', secrets).secretFor('v1')).toBe(secret);
	});

	it('keys each ballot by meeting and vote', () => {
		const storage = new MapStorage();
		new BallotStore(storage, 'm1', secrets).secretFor('v1');
		expect([...storage.items.keys()]).toEqual([ballotStorageKey('m1', 'v1')]);
		expect(new BallotStore(storage, 'm2', secrets).read('v1')).toBeNull();
	});

	it('saves the secret and the press before it is sent, and the receipt once answered', () => {
		const storage = new MapStorage();
		const store = new BallotStore(storage, 'm1', secrets);
		const pressed = store.begin('v1', 'key-aaaaaaaa', 'yes');
		expect(pressed.pending).toEqual({ key: 'key-aaaaaaaa', choice: 'yes' });
		const reloaded = new BallotStore(storage, 'm1', secrets).read('v1');
		expect(reloaded).toEqual(pressed);

		const done = store.finish('v1', 'key-aaaaaaaa', { receipt: 'ABCDE23456', choice: 'yes', changed: false }, 1000);
		expect(done).toEqual({ secret: pressed.secret, pending: null, cast: { receipt: 'ABCDE23456', choice: 'yes', changed: false, at: 1000 } });
		expect(new BallotStore(storage, 'm1', secrets).read('v1')).toEqual(done);
	});

	it('keeps a newer press waiting when an older one is answered', () => {
		const store = new BallotStore(new MapStorage(), 'm1', secrets);
		store.begin('v1', 'key-older-aa', 'yes');
		store.begin('v1', 'key-newer-aa', 'no');
		expect(store.finish('v1', 'key-older-aa', { receipt: 'R', choice: 'yes', changed: false }, 1).pending).toEqual({ key: 'key-newer-aa', choice: 'no' });
	});

	it('forgets a refused press but keeps the receipt of the one before', () => {
		const store = new BallotStore(new MapStorage(), 'm1', secrets);
		store.begin('v1', 'key-first-aa', 'yes');
		store.finish('v1', 'key-first-aa', { receipt: 'R1', choice: 'yes', changed: false }, 1);
		store.begin('v1', 'key-second-a', 'no');
		const after = store.drop('v1', 'key-second-a');
		expect(after?.pending).toBeNull();
		expect(after?.cast?.choice).toBe('yes');
		expect(store.drop('v9', 'key-none-aaa')).toBeNull();
	});

	it('keeps ballot marks as they were recorded', () => {
		const storage = new MapStorage();
		const store = new BallotStore(storage, 'm1', secrets);
		const marks = { marks: { c1: 'yes', c2: 'no', c3: 'abstain' } } as const;
		store.begin('v1', 'key-ballot-a', marks);
		store.finish('v1', 'key-ballot-a', { receipt: 'R', choice: marks, changed: false }, 1);
		expect(new BallotStore(storage, 'm1', secrets).read('v1')?.cast?.choice).toEqual(marks);
	});

	it('ignores what it cannot read instead of trusting it', () => {
		const storage = new MapStorage();
		storage.items.set(ballotStorageKey('m1', 'bad-json'), '{');
		storage.items.set(ballotStorageKey('m1', 'bad-shape'), JSON.stringify({ secret: 'short', pending: null, cast: null }));
		const store = new BallotStore(storage, 'm1', secrets);
		expect(store.read('bad-json')).toBeNull();
		expect(store.read('bad-shape')).toBeNull();
	});

	it('works in memory when the storage refuses writes or there is none', () => {
		const storage = new MapStorage();
		storage.refuseWrites = true;
		for (const store of [new BallotStore(storage, 'm1', secrets), new BallotStore(null, 'm1', secrets)]) {
			const secret = store.secretFor('v1');
			store.begin('v1', 'key-aaaaaaaa', 'abstain');
			expect(store.read('v1')).toEqual({ secret, pending: { key: 'key-aaaaaaaa', choice: 'abstain' }, cast: null });
		}
		expect(storage.items.size).toBe(0);
	});
});
