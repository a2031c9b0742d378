/**
 * The 会场控制 page's hold on the running meeting: sends one live command at a time, keeps the last
 * refusal to show, and counts a command as done only once its change has come back as `live:state`,
 * so a second key press never acts on a phase the console no longer shows.
 */
import type { LiveMeeting } from '$lib/live/live-meeting.svelte';
import type { CommandRequest } from '$shared/protocol';
import type { AppError } from '$shared/result';
import { mayRoleSend } from '$shared/roles';

export type RunCommand = 'sign-in:toggle' | 'roll:record' | 'agenda:control' | 'request:decide' | 'queue:move' | 'question:step' | 'clock:control';

/** The broadcast normally arrives with the answer; after this long the console asks for the state instead. */
const CATCH_UP_MS = 1500;

export class RunConsole {
	/** The last refused command's reason, until the next command is taken or it is dismissed. */
	error = $state<AppError | null>(null);
	/** The control whose command is on its way, until its change is on screen. */
	sending = $state<string | null>(null);

	#waiting: { version: number; release: () => void }[] = [];

	constructor(readonly meeting: LiveMeeting) {
		// Registered after the meeting's own listener, so the view is already current when this runs.
		meeting.connection.socket.on('live:state', () => this.#release());
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
	 * Sends `event`; resolves true once the change is on screen, false if it was refused (the reason
	 * is in `error`) or another command is still on its way. `key` names the control, for its spinner.
	 */
	async send<E extends RunCommand>(event: E, payload: CommandRequest<E>, key: string = event): Promise<boolean> {
		if (this.sending !== null) return false;
		this.sending = key;
		try {
			const result = await this.meeting.command(event, payload);
			if (!result.ok) {
				this.error = result.error;
				// Refused because the meeting moved on: make sure this console shows where it is now.
				if (result.error.code === 'CONFLICT' || result.error.code === 'NOT_FOUND') void this.meeting.sync();
				return false;
			}
			this.error = null;
			await this.#caughtUp((result.data as { version: number }).version);
			return true;
		} finally {
			this.sending = null;
		}
	}

	dismiss(): void {
		this.error = null;
	}

	#version(): number {
		return this.meeting.live?.version ?? -1;
	}

	#caughtUp(version: number): Promise<void> {
		if (this.#version() >= version) return Promise.resolve();
		return new Promise((resolve) => {
			this.#waiting.push({ version, release: resolve });
			setTimeout(async () => {
				await this.meeting.sync();
				resolve();
				this.#release();
			}, CATCH_UP_MS);
		});
	}

	#release(): void {
		const seen = this.#version();
		const ready = this.#waiting.filter((w) => w.version <= seen);
		this.#waiting = this.#waiting.filter((w) => w.version > seen);
		for (const w of ready) w.release();
	}
}
