/**
 * The live hour's keyboard shortcuts on the host console (DESIGN.md §2: one console, keyboard
 * shortcuts): one key for each control the host reaches for while a question or a vote runs. Keys
 * are matched by their physical position (`code`), so they work whatever the keyboard layout, and
 * are ignored while someone types or while an input method is composing.
 */

export type RunShortcut = 'call-next' | 'answer' | 'follow-up' | 'rate' | 'finish' | 'pause-resume' | 'extend' | 'end' | 'vote';

export interface ShortcutKey {
	code: string;
	/** What the legend shows on the key cap. */
	cap: string;
	action: RunShortcut;
	zh: string;
	en: string;
}

export const RUN_SHORTCUTS: readonly ShortcutKey[] = [
	{ code: 'KeyN', cap: 'N', action: 'call-next', zh: '叫下一个', en: 'Call next' },
	{ code: 'KeyA', cap: 'A', action: 'answer', zh: '答复 / 追问答复', en: 'Answer' },
	{ code: 'KeyF', cap: 'F', action: 'follow-up', zh: '追问', en: 'Follow-up' },
	{ code: 'KeyR', cap: 'R', action: 'rate', zh: '测评', en: 'Rate' },
	{ code: 'KeyD', cap: 'D', action: 'finish', zh: '完成', en: 'Done' },
	{ code: 'Space', cap: '空格', action: 'pause-resume', zh: '暂停 / 继续', en: 'Pause / resume' },
	{ code: 'KeyE', cap: 'E', action: 'extend', zh: '+1 分钟', en: '+1 min' },
	{ code: 'KeyX', cap: 'X', action: 'end', zh: '结束本阶段', en: 'End phase' },
	{ code: 'KeyV', cap: 'V', action: 'vote', zh: '开始 / 结束表决', en: 'Open / close vote' }
];

/** What of a key press decides the shortcut (a KeyboardEvent has all of it). */
export interface KeyPress {
	code: string;
	key: string;
	altKey: boolean;
	ctrlKey: boolean;
	metaKey: boolean;
	repeat: boolean;
	isComposing: boolean;
	target: { tagName?: string; isContentEditable?: boolean } | null;
}

/** Focus is in a field where keys are text, not commands. */
export function isTyping(target: KeyPress['target']): boolean {
	const tag = target?.tagName?.toUpperCase();
	return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target?.isContentEditable === true;
}

/** The shortcut a key press means, or null: modified, held down, composing, or typed into a field. */
export function shortcutOf(press: KeyPress): RunShortcut | null {
	if (press.altKey || press.ctrlKey || press.metaKey || press.repeat || press.isComposing || press.key === 'Process') return null;
	if (isTyping(press.target)) return null;
	return RUN_SHORTCUTS.find((s) => s.code === press.code)?.action ?? null;
}

/** What of a browser key event decides the shortcut. */
export function keyPressOf(event: KeyboardEvent): KeyPress {
	const target = event.target as { tagName?: string; isContentEditable?: boolean } | null;
	return {
		code: event.code,
		key: event.key,
		altKey: event.altKey,
		ctrlKey: event.ctrlKey,
		metaKey: event.metaKey,
		repeat: event.repeat,
		isComposing: event.isComposing,
		target: target && typeof target.tagName === 'string' ? target : null
	};
}
