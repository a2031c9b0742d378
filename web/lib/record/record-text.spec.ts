import { describe, expect, it } from 'vitest';
import { announcementLinks, chineseNumeral, recordLinks, voteSettingsText } from './record-text';

describe('record text', () => {
	it('numbers sections as an official document does', () => {
		expect([1, 5, 10, 11, 20, 23, 99].map(chineseNumeral)).toEqual(['一', '五', '十', '十一', '二十', '二十三', '九十九']);
	});

	it('says a vote’s settings in one line', () => {
		expect(voteSettingsText({ settings: { anonymous: true, press: 'first', durationSeconds: 60, reveal: 'at-close', ratingBasis: 'all-members' } })).toBe('无记名 · 首次按键有效 · 限时 60 秒 · 结束即公布');
		expect(voteSettingsText({ settings: { anonymous: false, press: 'last', durationSeconds: null, reveal: 'on-announce', ratingBasis: 'all-members' } })).toBe('记名 · 以最后一次按键为准 · 主持人结束 · 主持人宣布后公布');
	});

	it('links the exports and the announcement, ids encoded', () => {
		expect(recordLinks('m-1')).toEqual({ page: '/record/m-1', data: '/api/meetings/m-1/record', json: '/api/meetings/m-1/record?download', csv: '/api/meetings/m-1/record/csv', pdf: '/api/meetings/m-1/record/pdf' });
		expect(announcementLinks('m-1', 'vA')).toEqual({ page: '/record/m-1/votes/vA', data: '/api/meetings/m-1/votes/vA/announcement', pdf: '/api/meetings/m-1/votes/vA/announcement/pdf' });
	});
});
