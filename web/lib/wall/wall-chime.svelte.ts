/**
 * The wall's chime setting and its audio: off by default, remembered on this screen computer.
 * Browsers start audio only after a user gesture, so turning it on (a click) is what unlocks it; a wall
 * reloaded with the chime on waits, saying so, for any click or key before it can sound.
 */
import { type ChimeSample, crossesWarning, playChime } from './warning-chime';

const STORAGE_KEY = 'wzt.wall.chime';

export type ChimeState = 'off' | 'on' | 'blocked';

export class WallChime {
	enabled = $state(false);
	/** The browser has not let audio start yet (no gesture since the page loaded). */
	blocked = $state(false);
	state = $derived<ChimeState>(!this.enabled ? 'off' : this.blocked ? 'blocked' : 'on');

	#context: AudioContext | null = null;
	#last: ChimeSample | null = null;

	constructor() {
		this.enabled = readSetting();
		if (this.enabled) this.#unlock();
		$effect(() => {
			// Any gesture on the wall may unlock audio for a chime that was left on.
			const unlock = () => {
				if (this.enabled && this.blocked) this.#unlock();
			};
			window.addEventListener('pointerdown', unlock);
			window.addEventListener('keydown', unlock);
			return () => {
				window.removeEventListener('pointerdown', unlock);
				window.removeEventListener('keydown', unlock);
				void this.#context?.close();
			};
		});
	}

	/** Called from the toggle's click: the gesture that lets audio start. Turning on plays the chime once, as a sound check. */
	toggle(): void {
		this.enabled = !this.enabled;
		writeSetting(this.enabled);
		if (this.enabled) {
			this.#unlock();
			if (this.#context) playChime(this.#context);
		}
	}

	/** Looks at the clock on the floor on every tick; chimes on the tick it passes 30 s left. */
	observe(sample: ChimeSample | null): void {
		const previous = this.#last;
		this.#last = sample;
		if (this.enabled && this.#context && !this.blocked && crossesWarning(previous, sample)) playChime(this.#context);
	}

	#unlock(): void {
		if (!this.#context) {
			try {
				this.#context = new AudioContext();
			} catch {
				// No Web Audio here: the wall still shows the warning colour.
				this.blocked = true;
				return;
			}
			const context = this.#context;
			context.onstatechange = () => (this.blocked = context.state !== 'running');
		}
		this.blocked = this.#context.state !== 'running';
		// Outside a gesture this stays pending; the next click or key on the wall settles it.
		if (this.blocked) this.#context.resume().catch(() => (this.blocked = true));
	}
}

function readSetting(): boolean {
	try {
		return localStorage.getItem(STORAGE_KEY) === 'on';
	} catch {
		return false;
	}
}

function writeSetting(on: boolean): void {
	try {
		localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
	} catch {
		// A locked-down kiosk profile: the setting lasts until the page reloads.
	}
}
