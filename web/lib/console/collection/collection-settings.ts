/**
 * The collection settings as the console's form sees them: which are numbers and which switches, each
 * number's bounds (read from the schema the server parses with, so the two cannot drift), and the
 * issues of a refused save sorted by the setting they name.
 */
import { CollectionSettingsSchema, DEFAULT_COLLECTION_SETTINGS, type CollectionSettings } from '$shared/collection.schema';
import type { FieldIssue } from '$shared/result';

export type SettingKey = keyof CollectionSettings;
export type NumberKey = { [K in SettingKey]: CollectionSettings[K] extends number ? K : never }[SettingKey];
export type SwitchKey = { [K in SettingKey]: CollectionSettings[K] extends boolean ? K : never }[SettingKey];

/** What the form holds: a cleared number field is `null` (sent as such, so the server names the field). */
export type SettingsDraft = { [K in SettingKey]: CollectionSettings[K] | null };

/** A number's bounds and default. */
export function boundsOf(key: NumberKey): { min: number; max: number; default: number } {
	const number = CollectionSettingsSchema.shape[key].unwrap();
	return { min: number.minValue ?? 0, max: number.maxValue ?? Number.MAX_SAFE_INTEGER, default: DEFAULT_COLLECTION_SETTINGS[key] };
}

/** The issues of a refused save by setting (`settings.questionsPerGroup` → `questionsPerGroup`); the rest under `null`. */
export function issuesBySetting(issues: readonly FieldIssue[]): Map<SettingKey | null, FieldIssue[]> {
	const keys = new Set<string>(Object.keys(CollectionSettingsSchema.shape));
	const map = new Map<SettingKey | null, FieldIssue[]>();
	for (const issue of issues) {
		const [head, key] = issue.path.split('.');
		const setting = head === 'settings' && key !== undefined && keys.has(key) ? (key as SettingKey) : null;
		map.set(setting, [...(map.get(setting) ?? []), issue]);
	}
	return map;
}
