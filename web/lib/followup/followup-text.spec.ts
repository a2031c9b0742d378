import { describe, expect, it } from 'vitest';
import type { FollowupView, TimelineEntry } from '$shared/followup.schema';
import { chinaDate, chinaDateTime, compareItems, daysUntil, dueText, returnDeadline, statusCounts } from './followup-text';

const DAY = 24 * 3600 * 1000;
/** 2026-06-30 15:30 UTC is 23:30 on the 30th in China. */
const LATE_EVENING = Date.UTC(2026, 5, 30, 15, 30);

function view(id: string, fields: Partial<FollowupView> = {}): FollowupView {
	return {
		id,
		bodyId: 'b',
		meetingId: 'm',
		meetingTitle: 'M',
		kind: 'question',
		sourceKey: id,
		title: id,
		detail: '',
		department: '局',
		askerId: null,
		askerName: null,
		complex: false,
		status: 'assigned',
		milestones: [],
		reply: null,
		rating: null,
		escalatedAt: null,
		attachments: [],
		timeline: [],
		createdAt: 0,
		updatedAt: 0,
		version: 1,
		overdue: false,
		nextDue: null,
		returnBy: null,
		...fields
	};
}

describe('dates in China', () => {
	it('shows the China date and time whatever the browser zone', () => {
		expect(chinaDate(LATE_EVENING)).toBe('2026-06-30');
		expect(chinaDate(LATE_EVENING + 30 * 60 * 1000)).toBe('2026-07-01');
		expect(chinaDateTime(LATE_EVENING)).toBe('2026-06-30 23:30');
	});
});

describe('how soon a deadline is', () => {
	it('counts whole days, rounding up before the deadline and after it', () => {
		expect(daysUntil(10 * DAY, 0)).toBe(10);
		expect(daysUntil(10 * DAY, 1)).toBe(10);
		expect(daysUntil(10 * DAY, 10 * DAY + 1)).toBe(-1);
	});

	it('says overdue from the moment the deadline passes, and soon within a week', () => {
		expect(dueText(0, 1)).toEqual({ text: { zh: '已逾期 1 天', en: '1 day overdue' }, tone: 'overdue' });
		expect(dueText(7 * DAY, 0).tone).toBe('soon');
		expect(dueText(8 * DAY, 0)).toEqual({ text: { zh: '还有 8 天', en: '8 days left' }, tone: 'ok' });
	});
});

describe('the boards', () => {
	it('list overdue items first, closed ones last, then by the next deadline', () => {
		const due = (dueAt: number) => ({ id: 'report-1', kind: 'report' as const, dueAt, doneAt: null });
		const items = [
			view('closed', { status: 'closed' }),
			view('later', { nextDue: due(20 * DAY) }),
			view('sooner', { nextDue: due(10 * DAY) }),
			view('overdue', { overdue: true, nextDue: due(30 * DAY) })
		];
		expect(items.sort(compareItems).map((i) => i.id)).toEqual(['overdue', 'sooner', 'later', 'closed']);
	});

	it('count every status, zeros included', () => {
		const counts = statusCounts([view('a'), view('b'), view('c', { status: 'closed' })]);
		expect(counts).toHaveLength(7);
		expect(counts.find((c) => c.status === 'assigned')?.count).toBe(2);
		expect(counts.find((c) => c.status === 'returned')?.count).toBe(0);
	});

	it('date the send-back limit from the latest assignment, in working days', () => {
		// Friday 2026-07-03 10:00 in China; 7 working days later is Tuesday 2026-07-14.
		const friday = Date.UTC(2026, 6, 3, 2);
		const entry = (action: TimelineEntry['action'], at: number): TimelineEntry => ({ at, action, by: { role: 'system', name: 's' }, note: null, milestoneId: null, rating: null, status: 'assigned' });
		expect(chinaDate(returnDeadline(view('x', { createdAt: friday, timeline: [entry('created', friday)] }), 7))).toBe('2026-07-14');
		const reassigned = view('y', { createdAt: 0, timeline: [entry('created', 0), entry('reassigned', friday)] });
		expect(chinaDate(returnDeadline(reassigned, 7))).toBe('2026-07-14');
	});
});
