import { describe, expect, it } from 'vitest';
import { CollectionSettingsSaveSchema, DEFAULT_COLLECTION_SETTINGS } from '$shared/collection.schema';
import { parseWith } from '$shared/validation';
import { boundsOf, issuesBySetting } from './collection-settings';

describe('collection settings in the console form', () => {
	it('reads each number’s bounds from the schema: the bounds are accepted, one past them is not', () => {
		for (const key of ['questionsPerGroup', 'projectsPerDeputy', 'suggestionTitleMax', 'suggestionTextMin', 'suggestionTextMax', 'suggestionsPerHour'] as const) {
			const { min, max } = boundsOf(key);
			const save = (n: number) => parseWith(CollectionSettingsSaveSchema, { baseVersion: 0, settings: { ...DEFAULT_COLLECTION_SETTINGS, [key]: n } }).ok;
			expect([save(min - 1), save(min), save(max), save(max + 1)], key).toEqual([false, true, true, false]);
		}
		expect(boundsOf('suggestionTextMin')).toMatchObject({ min: 1, max: 200, default: DEFAULT_COLLECTION_SETTINGS.suggestionTextMin });
	});

	it('sorts a refused save’s issues by the setting they name, and keeps the rest apart', () => {
		const refused = parseWith(CollectionSettingsSaveSchema, { baseVersion: -1, settings: { ...DEFAULT_COLLECTION_SETTINGS, questionsPerGroup: 500, suggestionTextMin: 0 } });
		if (refused.ok) throw new Error('expected a refusal');
		const bySetting = issuesBySetting(refused.error.issues ?? []);
		expect([...bySetting.keys()].sort()).toEqual(['questionsPerGroup', 'suggestionTextMin', null].sort());
		expect(bySetting.get(null)?.map((i) => i.path)).toEqual(['baseVersion']);
		expect(bySetting.get('questionsPerGroup')?.[0]?.message.zh).toBeTruthy();
	});

	it('does not take a path that only looks like a setting', () => {
		const issue = (path: string) => ({ path, message: { zh: '不对', en: 'wrong' } });
		const bySetting = issuesBySetting([issue('settings.nonsense'), issue('settings'), issue('questionsPerGroup'), issue('')]);
		expect([...bySetting.keys()]).toEqual([null]);
		expect(bySetting.get(null)).toHaveLength(4);
	});
});
