import { describe, expect, it } from 'vitest';
import { type KeyPress, RUN_SHORTCUTS, isTyping, keyPressOf, shortcutOf } from './run-keys';

const press = (code: string, over: Partial<KeyPress> = {}): KeyPress => ({
	code,
	key: code.replace(/^Key/, '').toLowerCase(),
	altKey: false,
	ctrlKey: false,
	metaKey: false,
	repeat: false,
	isComposing: false,
	target: { tagName: 'BODY' },
	...over
});

describe('run console shortcuts', () => {
	it('maps each listed key to its action', () => {
		for (const s of RUN_SHORTCUTS) expect(shortcutOf(press(s.code))).toBe(s.action);
	});

	it('gives every action exactly one key', () => {
		expect(new Set(RUN_SHORTCUTS.map((s) => s.action)).size).toBe(RUN_SHORTCUTS.length);
		expect(new Set(RUN_SHORTCUTS.map((s) => s.code)).size).toBe(RUN_SHORTCUTS.length);
	});

	it('matches the physical key, not the character a layout gives it', () => {
		expect(shortcutOf(press('KeyN', { key: 'ñ' }))).toBe('call-next');
	});

	it('ignores keys typed into fields', () => {
		for (const tagName of ['INPUT', 'textarea', 'SELECT']) expect(shortcutOf(press('KeyN', { target: { tagName } }))).toBeNull();
		expect(shortcutOf(press('Space', { target: { tagName: 'DIV', isContentEditable: true } }))).toBeNull();
	});

	it('still acts with focus on a button or a queue row', () => {
		expect(shortcutOf(press('Space', { target: { tagName: 'BUTTON' } }))).toBe('pause-resume');
		expect(shortcutOf(press('KeyD', { target: { tagName: 'LI' } }))).toBe('finish');
	});

	it('ignores modified, repeated and composing presses', () => {
		expect(shortcutOf(press('KeyN', { altKey: true }))).toBeNull();
		expect(shortcutOf(press('KeyN', { ctrlKey: true }))).toBeNull();
		expect(shortcutOf(press('KeyN', { metaKey: true }))).toBeNull();
		expect(shortcutOf(press('KeyN', { repeat: true }))).toBeNull();
		expect(shortcutOf(press('KeyN', { isComposing: true }))).toBeNull();
		expect(shortcutOf(press('KeyN', { key: 'Process' }))).toBeNull();
	});

	it('ignores keys it does not list', () => {
		expect(shortcutOf(press('KeyQ'))).toBeNull();
		expect(shortcutOf(press('Enter', { key: 'Enter' }))).toBeNull();
	});

	it('knows a field from anything else', () => {
		expect(isTyping(null)).toBe(false);
		expect(isTyping({ tagName: 'input' })).toBe(true);
		expect(isTyping({ tagName: 'BUTTON' })).toBe(false);
	});

	it('reads a browser key event, whatever it was aimed at', () => {
		const event = (target: unknown) => ({ code: 'KeyV', key: 'v', altKey: false, ctrlKey: false, metaKey: false, repeat: false, isComposing: false, target }) as unknown as KeyboardEvent;
		expect(shortcutOf(keyPressOf(event({ tagName: 'BUTTON' })))).toBe('vote');
		expect(shortcutOf(keyPressOf(event({ tagName: 'INPUT' })))).toBeNull();
		expect(keyPressOf(event({})).target).toBeNull();
		expect(shortcutOf(keyPressOf(event(null)))).toBe('vote');
	});
});
