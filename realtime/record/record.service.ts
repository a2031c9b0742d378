/**
 * The meeting record and the vote announcements: read through the existing repositories and the vote
 * service, built by the pure rules in `shared/record.rules.ts`, and printed to PDF from the web app's
 * own printable pages. Who may read what is decided here: staff always; everyone else (the public, and
 * deputies, respondents and screens, who read it as the public does) the record once the meeting is
 * closed, and a vote's announcement once its result is revealed.
 */
import { announcementOf, buildMeetingRecord, recordToCsv } from '../../shared/record.rules';
import type { MeetingRecord, RecordAudience, RecordLog, VoteAnnouncement } from '../../shared/record.schema';
import { CommandError } from '../../shared/result';
import { type Role, STAFF_ROLES } from '../../shared/roles';
import type { AuditLogRepository } from '../audit/audit-log.repository';
import type { LiveRepository } from '../live/live.repository';
import type { MeetingRepository } from '../meeting/meeting.repository';
import { meetingNotFound } from '../meeting/meeting.service';
import { bodyNotFound } from '../roster/roster.service';
import type { VoteService } from '../vote/vote.service';
import type { PdfRenderer } from './record-pdf';

/**
 * Not yet public is a matter of the meeting's state, not of the caller's role (that is FORBIDDEN, from the
 * permission table): the same request succeeds once the meeting closes or the result is revealed.
 */
const notClosed = () =>
	new CommandError('CONFLICT', {
		zh: '会议尚未闭会，会议记录在闭会后公开；工作人员登录后可随时查看。',
		en: 'The meeting has not closed; its record is published once it closes. Staff can read it at any time after signing in.'
	});

const noSuchVote = (voteId: string) =>
	new CommandError('NOT_FOUND', { zh: `本会议没有编号为 ${voteId} 的表决，请检查链接是否完整。`, en: `This meeting has no vote ${voteId}; check that the link is complete.` });

const notRevealed = () =>
	new CommandError('CONFLICT', { zh: '该表决的结果尚未公布。', en: 'The result of this vote has not been published yet.' });

const stillOpen = () =>
	new CommandError('CONFLICT', { zh: '表决尚未结束，还没有结果可以公告。', en: 'The vote is still open; there is no result to announce yet.' });

const annulled = () => new CommandError('CONFLICT', { zh: '该表决已作废，没有结果公告。', en: 'This vote was annulled; it has no result to announce.' });

export function audienceOf(role: Role): RecordAudience {
	return (STAFF_ROLES as readonly Role[]).includes(role) ? 'staff' : 'public';
}

export class RecordService {
	constructor(
		private readonly meetings: MeetingRepository,
		private readonly live: LiveRepository,
		private readonly votes: VoteService,
		private readonly audit: AuditLogRepository,
		private readonly pdf: PdfRenderer,
		private readonly now: () => number,
		/** This server's own address, for the browser that prints PDFs; null when it serves no pages or is not listening. */
		private readonly selfOrigin: () => string | null
	) {}

	/** The record as `audience` may see it, whether or not the meeting has closed. */
	async #build(meetingId: string, audience: RecordAudience): Promise<MeetingRecord> {
		const found = await this.meetings.getMeeting(meetingId);
		if (!found) throw meetingNotFound(meetingId);
		const { meeting } = found;
		const body = await this.meetings.getBodyRecord(meeting.bodyId);
		if (!body) throw bodyNotFound(meeting.bodyId);
		const [live, votes] = await Promise.all([this.live.get(meetingId), this.votes.list(meetingId, audience === 'staff' ? 'host' : 'public', null)]);
		// Read last, so the hash covers at least everything the record shows.
		const log = await this.#log(meetingId);
		return buildMeetingRecord({ meeting, body: body.body, members: body.members, state: live.state, roll: live.roll, votes, log, audience, generatedAt: this.now() });
	}

	async #log(meetingId: string): Promise<RecordLog> {
		const verification = await this.audit.verify(meetingId);
		if (verification.ok) return { seq: verification.count, hash: verification.finalHash, verified: true };
		const head = await this.audit.head(meetingId);
		return { seq: head.seq, hash: head.hash, verified: false };
	}

	/** The record for a caller of `role`: staff always, others once the meeting is closed. */
	async record(meetingId: string, role: Role): Promise<MeetingRecord> {
		const audience = audienceOf(role);
		const record = await this.#build(meetingId, audience);
		if (audience === 'public' && record.closedAt === null) throw notClosed();
		return record;
	}

	async csv(meetingId: string, role: Role): Promise<string> {
		return recordToCsv(await this.record(meetingId, role));
	}

	/** A vote's announcement: staff once it has closed with a result, others once that result is revealed. */
	async announcement(meetingId: string, voteId: string, role: Role): Promise<VoteAnnouncement> {
		const audience = audienceOf(role);
		const announcement = announcementOf(await this.#build(meetingId, audience), voteId);
		if (!announcement) throw noSuchVote(voteId);
		const { vote } = announcement;
		if (vote.status === 'open') throw stillOpen();
		if (vote.status === 'annulled') throw annulled();
		if (!vote.revealed || !vote.count) throw audience === 'public' ? notRevealed() : stillOpen();
		return announcement;
	}

	/** The printable record page as a PDF. */
	async recordPdf(meetingId: string, role: Role): Promise<Buffer> {
		const record = await this.record(meetingId, role);
		const path = `/record/${encodeURIComponent(meetingId)}`;
		return this.pdf.render({
			url: this.#url(`${path}?print=1`),
			answers: { [`/api/meetings/${meetingId}/record`]: record },
			footer: `${record.meeting.title} · 会议记录 · 日志哈希 ${record.log.hash.slice(0, 16)}…`
		});
	}

	/** A vote's announcement page as a one-page landscape PDF. */
	async announcementPdf(meetingId: string, voteId: string, role: Role): Promise<Buffer> {
		const announcement = await this.announcement(meetingId, voteId, role);
		return this.pdf.render({
			url: this.#url(`/record/${encodeURIComponent(meetingId)}/votes/${encodeURIComponent(voteId)}?print=1`),
			answers: { [`/api/meetings/${meetingId}/votes/${voteId}/announcement`]: announcement },
			footer: `${announcement.meeting.title} · 表决结果公告`,
			landscape: true
		});
	}

	#url(path: string): string {
		const origin = this.selfOrigin();
		if (!origin) {
			throw new CommandError('UNAVAILABLE', {
				zh: '本服务器只提供接口、不提供网页（WEB_BUILD=none），无法生成 PDF；请在提供网页的服务器上下载。',
				en: 'This server serves the API only (WEB_BUILD=none), so it cannot print a PDF; download it from a server that serves the web pages.'
			});
		}
		return `${origin}${path}`;
	}

	/** Closes the PDF browser, if one was started. */
	close(): Promise<void> {
		return this.pdf.close();
	}
}
