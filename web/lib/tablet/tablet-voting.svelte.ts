/**
 * This tablet's part in the meeting's votes: it casts a press (its secret and the press saved first,
 * then sent, and sent again with the same key while no answer comes), keeps the receipt and the choice
 * as recorded, and after a reload or a reconnection sends again any press that was never answered.
 */
import type { LiveMeeting } from '$lib/live/live-meeting.svelte';
import type { AppError } from '$shared/result';
import type { VoteChoice, VoteView } from '$shared/vote.schema';
import { type BallotStorage, BallotStore, type StoredBallot } from './ballot-store';
import { sendWithRetry } from './cast-retry';
import { newPressKey } from './vote-tokens';

/** Said when every retry went unanswered: the press is kept and goes out again on reconnection. */
const UNCONFIRMED: AppError = {
	code: 'UNAVAILABLE',
	message: {
		zh: '未收到服务器确认，本次按键已保存在本平板；网络恢复后会自动重新提交，不会重复计票。',
		en: 'The server has not confirmed this press. It is kept on this tablet and is sent again once the network is back; it cannot count twice.'
	}
};

/** localStorage if the browser lets the page use it. */
export function browserStorage(): BallotStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}

export class TabletVoting {
	/** Votes with a press on its way (through its retries). */
	sending = $state<Record<string, boolean>>({});
	/** Votes whose press went unanswered at least once and is being sent again. */
	retrying = $state<Record<string, boolean>>({});
	/** Why the last press of a vote was refused, or that it is still unconfirmed. */
	errors = $state<Record<string, AppError | null>>({});
	/** Bumped on every write to the store, so reads of it are reactive. */
	#version = $state(0);
	readonly #store: BallotStore;
	/** The join whose presses were already resent, and which: each press is resent once per (re)join. */
	#epoch: object | null = null;
	readonly #resent = new Set<string>();

	constructor(
		private readonly meeting: LiveMeeting,
		storage: BallotStorage | null
	) {
		this.#store = new BallotStore(storage, meeting.meetingId);
	}

	/** What this tablet holds of its ballot in `voteId`: the secret, a press on its way, the receipt. */
	ballot(voteId: string): StoredBallot | null {
		void this.#version;
		return this.#store.read(voteId);
	}

	/** One press: saved before it leaves, sent until answered. False if a press of this vote is already on its way. */
	async cast(vote: Pick<VoteView, 'id'>, choice: VoteChoice): Promise<boolean> {
		if (this.sending[vote.id]) return false;
		const key = newPressKey();
		this.#store.begin(vote.id, key, choice);
		this.#version++;
		return this.#send(vote.id, key, choice);
	}

	/** Sends the unanswered press of `voteId` again, with its own key: it cannot count twice. */
	retry(voteId: string): void {
		const pending = this.#store.read(voteId)?.pending;
		if (pending && !this.sending[voteId]) void this.#send(voteId, pending.key, pending.choice);
	}

	/**
	 * Sends again each press of `votes` that was never answered (after a reload, or once the connection
	 * is back). `epoch` is the join they are sent under: a new join sends them again.
	 */
	resume(votes: readonly VoteView[], epoch: object): void {
		if (epoch !== this.#epoch) {
			this.#epoch = epoch;
			this.#resent.clear();
		}
		for (const vote of votes) {
			const pending = this.#store.read(vote.id)?.pending;
			if (!pending || this.sending[vote.id] || this.#resent.has(pending.key)) continue;
			this.#resent.add(pending.key);
			void this.#send(vote.id, pending.key, pending.choice);
		}
	}

	async #send(voteId: string, key: string, choice: VoteChoice): Promise<boolean> {
		this.sending[voteId] = true;
		this.errors[voteId] = null;
		const secret = this.#store.secretFor(voteId);
		const result = await sendWithRetry(() => this.meeting.command('vote:cast', { voteId, key, secret, choice }), {
			onRetry: () => (this.retrying[voteId] = true)
		});
		this.sending[voteId] = false;
		this.retrying[voteId] = false;
		if (result.ok) {
			this.#store.finish(voteId, key, result.data, Date.now());
			this.meeting.markVoted(voteId, result.data.voted);
		} else if (result.error.code === 'UNAVAILABLE') {
			this.errors[voteId] = UNCONFIRMED;
		} else {
			this.#store.drop(voteId, key);
			this.errors[voteId] = result.error;
		}
		this.#version++;
		return result.ok;
	}
}
