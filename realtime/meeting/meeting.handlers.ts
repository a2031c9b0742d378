import { MeetingJoinSchema } from '../../shared/protocol';
import { type AppSocket, onCommand, rooms } from '../socket/socket.server';
import type { MeetingService } from './meeting.service';

export function registerMeetingHandlers(socket: AppSocket, meetings: MeetingService): void {
	onCommand(socket, 'meeting:join', MeetingJoinSchema, async ({ meetingId }) => {
		const view = await meetings.view(meetingId, socket.data.principal);
		const previous = socket.data.meetingId;
		if (previous && previous !== meetingId) {
			await socket.leave(rooms.meeting(previous));
			await socket.leave(rooms.meetingRole(previous, socket.data.role));
		}
		await socket.join([rooms.meeting(meetingId), rooms.meetingRole(meetingId, socket.data.role)]);
		socket.data.meetingId = meetingId;
		return view;
	});
}
