/**
 * What a tablet keeps of its own ballots, in localStorage under the meeting and the vote: the vote's
 * secret (written before the first press leaves, so a reload mid-press can still change or recover it),
 * the press on its way, and the last answer — the receipt and the choice as recorded. This is the only
 * place a deputy's anonymous choice exists outside the ballot box, and it never leaves the tablet.
 */
import * as z from 'zod';
import { type VoteCastReply, type VoteChoice, VoteChoiceSchema } from '$shared/vote.schema';
import { newSecret } from './vote-tokens';

/** The part of `Storage` used here, so tests can hand in a plain map. */
export type BallotStorage = Pick<Storage, 'getItem' | 'setItem'>;

const StoredBallotSchema = z.object({
	secret: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/),
	/** A press sent but not yet answered: sent again with the same key, so it counts once. */
	pending: z.object({ key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/), choice: VoteChoiceSchema }).nullable(),
	/** The last recorded press: what the published receipts are checked against. */
	cast: z.object({ receipt: z.string().min(1).max(64), choice: VoteChoiceSchema, changed: z.boolean(), at: z.number() }).nullable()
});
export type StoredBallot = z.infer<typeof StoredBallotSchema>;

export function ballotStorageKey(meetingId: string, voteId: string): string {
	return `wzt.ballot:${meetingId}:${voteId}`;
}

export class BallotStore {
	/** What this tablet wrote, kept also in memory: if the storage refuses a write, the page still works until a reload. */
	readonly #memory = new Map<string, StoredBallot>();

	constructor(
		private readonly storage: BallotStorage | null,
		private readonly meetingId: string,
		private readonly makeSecret: () => string = newSecret
	) {}

	read(voteId: string): StoredBallot | null {
		const known = this.#memory.get(voteId);
		if (known) return known;
		let text: string | null = null;
		try {
			text = this.storage?.getItem(ballotStorageKey(this.meetingId, voteId)) ?? null;
		} catch {
			return null;
		}
		if (text === null) return null;
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			return null;
		}
		const stored = StoredBallotSchema.safeParse(parsed);
		if (!stored.success) return null;
		this.#memory.set(voteId, stored.data);
		return stored.data;
	}

	/** This vote's secret, made and saved on first use. */
	secretFor(voteId: string): string {
		const existing = this.read(voteId);
		if (existing) return existing.secret;
		const secret = this.makeSecret();
		this.#write(voteId, { secret, pending: null, cast: null });
		return secret;
	}

	/** Notes a press before it is sent. */
	begin(voteId: string, key: string, choice: VoteChoice): StoredBallot {
		const secret = this.secretFor(voteId);
		return this.#write(voteId, { ...this.read(voteId)!, secret, pending: { key, choice } });
	}

	/** Keeps the server's answer to the press with `key`: its receipt and the choice as recorded. */
	finish(voteId: string, key: string, reply: Pick<VoteCastReply, 'receipt' | 'choice' | 'changed'>, at: number): StoredBallot {
		const stored = this.read(voteId) ?? { secret: this.secretFor(voteId), pending: null, cast: null };
		const pending = stored.pending?.key === key ? null : stored.pending;
		return this.#write(voteId, { ...stored, pending, cast: { receipt: reply.receipt, choice: reply.choice, changed: reply.changed, at } });
	}

	/** Forgets the press with `key`: the server refused it, so nothing of it was recorded. */
	drop(voteId: string, key: string): StoredBallot | null {
		const stored = this.read(voteId);
		if (!stored || stored.pending?.key !== key) return stored;
		return this.#write(voteId, { ...stored, pending: null });
	}

	#write(voteId: string, stored: StoredBallot): StoredBallot {
		this.#memory.set(voteId, stored);
		try {
			this.storage?.setItem(ballotStorageKey(this.meetingId, voteId), JSON.stringify(stored));
		} catch {
			// Full or private storage: the page keeps it in memory; only a reload would lose it.
		}
		return stored;
	}
}
