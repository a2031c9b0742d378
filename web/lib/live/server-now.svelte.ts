/**
 * Server time as a reactive value that ticks: every clock on every screen renders from it, so all
 * show the same remaining time (the deadline is absolute server time; only the offset is local).
 *
 * It ticks with the display's frames, so a countdown's second changes within one frame (~16 ms) of the
 * true moment on every screen; a fixed interval would add up to its own length of disagreement between
 * screens. A hidden page gets no frames and falls back to a slow interval, which is all it needs.
 */
import type { LiveConnection } from './live-connection.svelte';

const HIDDEN_TICK_MS = 500;

export class ServerNow {
	value = $state(0);

	constructor(private readonly connection: LiveConnection) {
		this.value = connection.serverNow();
		$effect(() => {
			let frame = 0;
			const onFrame = () => {
				this.value = this.connection.serverNow();
				frame = requestAnimationFrame(onFrame);
			};
			frame = requestAnimationFrame(onFrame);
			const fallback = setInterval(() => {
				if (document.hidden) this.value = this.connection.serverNow();
			}, HIDDEN_TICK_MS);
			return () => {
				cancelAnimationFrame(frame);
				clearInterval(fallback);
			};
		});
	}
}
