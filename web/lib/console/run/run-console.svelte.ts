/**
 * The 会场控制 page's hold on the running meeting: sends one command at a time, keeps the last
 * refusal to show, and counts a command as done only once its change has come back (as `live:state`,
 * or as `vote:state` for a vote), so a second key press never acts on a state the console no longer
 * shows.
 */
import type { LiveMeeting } from '$lib/live/live-meeting.svelte';
import type { CommandReply, CommandRequest } from '$shared/protocol';
import type { AppError, Result } from '$shared/result';
import { mayRoleSend } from '$shared/roles';
import { type VoteCommand, hasLanded } from './run-vote';

export type RunCommand = 'sign-in:toggle' | 'roll:record' | 'agenda:control' | 'request:decide' | 'queue:move' | 'question:step' | 'clock:control' | 'meeting:close' | VoteCommand;
type LiveCommand = Exclude<RunCommand, VoteCommand>;

/** The broadcast normally arrives with the answer; after this long the console asks for the state instead. */
const CATCH_UP_MS = 1500;

export class RunConsole {
	/** The last refused command's reason, until the next command is taken or it is dismissed. */
	error = $state<AppError | null>(null);
	/** The control whose command is on its way, until its change is on screen. */
	sending = $state<string | null>(null);

	#waiting: { landed: () => boolean; release: () => void }[] = [];

	constructor(readonly meeting: LiveMeeting) {
		// Registered after the meeting's own listeners, so its state is already current when these run.
		meeting.connection.socket.on('live:state', () => this.#release());
		meeting.connection.socket.on('vote:state', () => this.#release());
	}

	get busy(): boolean {
		return this.sending !== null;
	}

	/** Whether this console's role (host or clerk) may send `event`: a clerk keeps the roll only. */
	may(event: RunCommand): boolean {
		const role = this.meeting.view?.role;
		return role !== undefined && mayRoleSend(role, event);
	}

	/**
	 * Sends a live command; resolves true once its change is on screen, false if it was refused (the
	 * reason is in `error`) or another command is still on its way. `key` names the control, for its spinner.
	 */
	async send<E extends LiveCommand>(event: E, payload: CommandRequest<E>, key: string = event): Promise<boolean> {
		const reply = await this.#send(event, payload, key, (data) => {
			const version = (data as { version: number }).version;
			return () => this.#version() >= version;
		});
		return reply !== null;
	}

	/**
	 * Sends a vote command; resolves with its answer once the vote's change is in the meeting's list
	 * of votes, or null if it was refused (the reason is in `error`) or another command is on its way.
	 */
	sendVote<E extends VoteCommand>(event: E, payload: CommandRequest<E>, key: string = event): Promise<CommandReply<E> | null> {
		return this.#send(event, payload, key, (data) => {
			const voteId = event === 'vote:open' ? (data as CommandReply<'vote:open'>).voteId : (payload as { voteId: string }).voteId;
			return () => hasLanded(event, voteId, this.meeting.votes);
		});
	}

	dismiss(): void {
		this.error = null;
	}

	async #send<E extends RunCommand>(event: E, payload: CommandRequest<E>, key: string, landedOf: (data: CommandReply<E>) => () => boolean): Promise<CommandReply<E> | null> {
		if (this.sending !== null) return null;
		this.sending = key;
		try {
			const result = (await this.meeting.command(event, payload)) as Result<CommandReply<E>>;
			if (!result.ok) {
				this.error = result.error;
				// Refused because the meeting moved on, or failed part-way: make sure this console shows
				// where the meeting is now. Only a malformed request is known to have changed nothing.
				if (result.error.code !== 'BAD_REQUEST') void this.meeting.sync();
				return null;
			}
			this.error = null;
			await this.#until(landedOf(result.data));
			return result.data;
		} finally {
			this.sending = null;
		}
	}

	#version(): number {
		return this.meeting.live?.version ?? -1;
	}

	#until(landed: () => boolean): Promise<void> {
		if (landed()) return Promise.resolve();
		return new Promise((resolve) => {
			const waiter = { landed, release: resolve };
			this.#waiting.push(waiter);
			setTimeout(async () => {
				await this.meeting.sync();
				this.#waiting = this.#waiting.filter((w) => w !== waiter);
				resolve();
			}, CATCH_UP_MS);
		});
	}

	#release(): void {
		const ready = this.#waiting.filter((w) => w.landed());
		this.#waiting = this.#waiting.filter((w) => !ready.includes(w));
		for (const w of ready) w.release();
	}
}
