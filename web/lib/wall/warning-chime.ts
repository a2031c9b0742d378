/**
 * The wall's optional chime at 30 seconds left: when it sounds, and the tone itself, synthesised
 * with the Web Audio API so the screen needs no audio files.
 */
import { WARNING_MS } from '../live/phase-clock';

/** One look at the clock on the floor. `key` names the phase run, so a new phase starts afresh. */
export interface ChimeSample {
	key: string;
	remainingMs: number;
	running: boolean;
}

/**
 * True once, on the tick a running clock passes 30 s left. A screen that opens (or wakes) with less
 * than that left stays quiet, as does a clock that jumped past zero while the screen slept; an
 * extension above 30 s followed by a new crossing chimes again, as the speaker needs the reminder.
 */
export function crossesWarning(previous: ChimeSample | null, current: ChimeSample | null): boolean {
	if (!previous || !current || previous.key !== current.key || !current.running) return false;
	return previous.remainingMs > WARNING_MS && current.remainingMs <= WARNING_MS && current.remainingMs > 0;
}

/** Two soft notes, a falling major third, loud enough for a hall's PA without being alarming. */
export function playChime(context: AudioContext): void {
	const start = context.currentTime + 0.02;
	const notes: [frequency: number, offset: number][] = [
		[1318.5, 0],
		[1046.5, 0.28]
	];
	for (const [frequency, offset] of notes) {
		const oscillator = context.createOscillator();
		const gain = context.createGain();
		oscillator.type = 'sine';
		oscillator.frequency.value = frequency;
		const at = start + offset;
		gain.gain.setValueAtTime(0.0001, at);
		gain.gain.exponentialRampToValueAtTime(0.35, at + 0.015);
		gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.9);
		oscillator.connect(gain).connect(context.destination);
		oscillator.start(at);
		oscillator.stop(at + 0.95);
	}
}
