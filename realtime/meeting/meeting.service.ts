/** Meeting use cases: reading a meeting as a role may see it, and loading the demo. */
import type { MeetingSummary, PublicMeetingView } from '../../shared/meeting.schema';
import { CommandError } from '../../shared/result';
import { keys } from '../redis/redis-keys';
import { DEMO_BODY, demoMeeting, demoMembers } from './demo-meeting';
import type { MeetingRepository } from './meeting.repository';

export class MeetingService {
	constructor(private readonly meetings: MeetingRepository) {}

	/** The part of a meeting anyone may see. */
	async publicView(meetingId: string): Promise<PublicMeetingView> {
		const record = await this.meetings.getMeeting(meetingId);
		if (!record) {
			throw new CommandError('NOT_FOUND', {
				zh: `会议 ${meetingId} 不存在，请检查链接是否完整。`,
				en: `Meeting ${meetingId} does not exist; check that the link is complete.`
			});
		}
		const { meeting, version } = record;
		const [body, memberCount] = await Promise.all([this.meetings.getBody(meeting.bodyId), this.meetings.countMembers(meeting.bodyId)]);
		return {
			id: meeting.id,
			title: meeting.title,
			kind: meeting.kind,
			date: meeting.date,
			venue: meeting.venue,
			body: { name: body?.name ?? '', memberCount },
			agenda: meeting.agenda.map(({ id, kind, title }) => ({ id, kind, title })),
			version
		};
	}

	async list(): Promise<MeetingSummary[]> {
		const ids = await this.meetings.listMeetingIds();
		const records = await Promise.all(ids.map((id) => this.meetings.getMeeting(id)));
		return records.flatMap((r) => (r ? [{ id: r.meeting.id, title: r.meeting.title, date: r.meeting.date }] : []));
	}

	/** Loads the demo meeting unless it was loaded before; true when it loaded it now. */
	loadDemo(): Promise<boolean> {
		return this.meetings.createOnce(keys.demoLoaded(), DEMO_BODY, demoMembers(), demoMeeting());
	}
}
