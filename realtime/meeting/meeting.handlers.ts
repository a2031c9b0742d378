import { MeetingJoinSchema } from '../../shared/protocol';
import { type AppSocket, onCommand, rooms } from '../socket/socket.server';
import type { MeetingService } from './meeting.service';

export function registerMeetingHandlers(socket: AppSocket, meetings: MeetingService): void {
	onCommand(socket, 'meeting:join', MeetingJoinSchema, async ({ meetingId }) => {
		const view = await meetings.publicView(meetingId);
		if (socket.data.meetingId && socket.data.meetingId !== meetingId) await socket.leave(rooms.meeting(socket.data.meetingId));
		await socket.join(rooms.meeting(meetingId));
		socket.data.meetingId = meetingId;
		return view;
	});
}
