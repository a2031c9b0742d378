/**
 * The console's form for a collection's limits and windows (征集设置). It follows the server's settings
 * until the clerk changes something; from then on it keeps the clerk's values and the settings they
 * started from, so a save can tell a colleague's change to the settings (refused: the current values
 * are loaded and the clerk is told) from a deputy's proposal that merely moved the collection's version
 * (the settings the clerk saw still stand, so the save goes through on the current version).
 */
import type { CollectionSettings, CollectionStaffView } from '$shared/collection.schema';
import type { AppError, FieldIssue } from '$shared/result';
import { type SettingKey as Key, type SettingsDraft, issuesBySetting } from './collection-settings';
import type { StaffCollection } from './staff-collection.svelte';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const SETTINGS_CHANGED: AppError = {
	code: 'CONFLICT',
	message: {
		zh: '征集设置刚被他人修改，已载入当前设置；请核对后重新修改并保存。',
		en: 'Someone else changed these settings just now; the current values are loaded. Check them and make your change again.'
	}
};

export class CollectionSettingsForm {
	#collection: StaffCollection;
	/** The clerk's values, and the settings and version of the collection they started from. */
	#draft = $state<{ version: number; from: CollectionSettings; values: SettingsDraft } | null>(null);
	/** Issues of the last refused save, with the values sent: a field's issues stand until it is changed. */
	#refused = $state<{ sent: SettingsDraft; issues: Map<Key | null, FieldIssue[]> } | null>(null);
	saving = $state(false);
	justSaved = $state(false);
	/** A refusal not tied to one field: a stale version, the network, a whole-payload issue. */
	error = $state<AppError | null>(null);

	constructor(collection: StaffCollection) {
		this.#collection = collection;
	}

	/** What the fields show: the clerk's changes, or else the server's settings as they are now. */
	get values(): SettingsDraft | null {
		return this.dirty ? this.#draft!.values : (this.#collection.view?.settings ?? null);
	}

	get dirty(): boolean {
		return this.#draft !== null && !same(this.#draft.values, this.#draft.from);
	}

	set<K extends Key>(key: K, value: SettingsDraft[K] | undefined): void {
		const view = this.#collection.view;
		if (!view) return;
		if (!this.dirty) this.#draft = { version: view.version, from: { ...view.settings }, values: { ...view.settings } };
		// An emptied number input binds `undefined`, which JSON would drop and the server fill with its default.
		this.#draft!.values[key] = (value ?? null) as SettingsDraft[K];
		this.justSaved = false;
	}

	/** The server's issues for `key`, while the field still holds the value that was refused. */
	issuesFor(key: Key): FieldIssue[] {
		const refused = this.#refused;
		if (!refused || !this.values || refused.sent[key] !== this.values[key]) return [];
		return refused.issues.get(key) ?? [];
	}

	/** How many fields the last refused save named (0 once each is changed). */
	get refusedFields(): number {
		const refused = this.#refused;
		if (!refused) return 0;
		return [...refused.issues.keys()].filter((key) => key !== null && this.issuesFor(key).length > 0).length;
	}

	discard(): void {
		this.#draft = null;
		this.#refused = null;
		this.error = null;
	}

	async save(): Promise<void> {
		const draft = this.#draft;
		if (!draft || !this.dirty || this.saving) return;
		const sent = { ...draft.values };
		this.saving = true;
		this.justSaved = false;
		this.error = null;
		// The version the clerk started from, not the page's latest: a colleague's change must not be overwritten.
		let baseVersion = draft.version;
		let result = await this.#collection.submit<CollectionStaffView>('PUT', '/settings', { baseVersion, settings: sent });
		// A few tries: while deputies are proposing, each of their proposals moves the version on.
		for (let attempt = 1; attempt < 4 && !result.ok && result.error.code === 'CONFLICT'; attempt++) {
			const latest = this.#collection.view;
			if (!latest || latest.version === baseVersion || !same(latest.settings, draft.from)) break;
			baseVersion = latest.version;
			result = await this.#collection.submit<CollectionStaffView>('PUT', '/settings', { baseVersion, settings: sent });
		}
		this.saving = false;
		if (result.ok) {
			this.discard();
			this.justSaved = true;
		} else if (result.error.code === 'CONFLICT') {
			// The collection has been reloaded: show its current settings and say why the edits are gone.
			this.discard();
			this.error = SETTINGS_CHANGED;
		} else {
			const issues = issuesBySetting(result.error.issues ?? []);
			this.#refused = { sent, issues };
			const loose = issues.get(null);
			if (result.error.code !== 'BAD_REQUEST' || issues.size === 0) this.error = result.error;
			else if (loose) this.error = { ...result.error, issues: loose };
		}
	}
}
