/**
 * Server time as a reactive value that ticks: every clock on every screen renders from it, so all
 * show the same remaining time (the deadline is absolute server time; only the offset is local).
 */
import type { LiveConnection } from './live-connection.svelte';

export class ServerNow {
	value = $state(0);
	#timer: ReturnType<typeof setInterval> | undefined;

	/** `everyMs`: how often to tick; 100 ms keeps a seconds display within a tenth of a second of its true change. */
	constructor(
		private readonly connection: LiveConnection,
		everyMs = 100
	) {
		this.value = connection.serverNow();
		$effect(() => {
			this.#timer = setInterval(() => (this.value = this.connection.serverNow()), everyMs);
			return () => clearInterval(this.#timer);
		});
	}
}
