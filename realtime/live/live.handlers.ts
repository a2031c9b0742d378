/** The live commands on a socket: each acts on the meeting the connection joined. */
import {
	AgendaControlSchema,
	ClockControlSchema,
	LiveSyncSchema,
	MeetingCloseSchema,
	QueueMoveSchema,
	QuestionStepSchema,
	RequestDecideSchema,
	RequestRaiseSchema,
	RequestWithdrawSchema,
	RollRecordSchema,
	SignInSelfSchema,
	SignInToggleSchema
} from '../../shared/live.schema';
import type { Principal } from '../../shared/identity.schema';
import { type AppSocket, joinedMeeting, onCommand } from '../socket/socket.server';
import type { LiveService } from './live.service';

export function registerLiveHandlers(socket: AppSocket, live: LiveService): void {
	const meeting = (): string => joinedMeeting(socket);
	// Every role but the public has a principal, and the permission table keeps the public to `live:sync`.
	const who = (): Principal => socket.data.principal!;

	onCommand(socket, 'live:sync', LiveSyncSchema, () => live.view(meeting(), socket.data.role, socket.data.principal));
	onCommand(socket, 'sign-in:toggle', SignInToggleSchema, ({ open }) => live.run(meeting(), who(), { type: 'sign-in-toggle', open }));
	onCommand(socket, 'sign-in:self', SignInSelfSchema, () => live.roll(meeting(), who(), who().subjectId, 'self'));
	onCommand(socket, 'roll:record', RollRecordSchema, ({ memberId, action }) =>
		live.roll(meeting(), who(), memberId, action === 'depart' ? 'depart' : 'clerk')
	);
	onCommand(socket, 'meeting:close', MeetingCloseSchema, () => live.closeSession(meeting(), who()));
	onCommand(socket, 'agenda:control', AgendaControlSchema, (c) => live.run(meeting(), who(), { type: 'agenda', ...c }));
	onCommand(socket, 'request:raise', RequestRaiseSchema, (r) => live.raise(meeting(), who(), r));
	onCommand(socket, 'request:withdraw', RequestWithdrawSchema, ({ requestId }) =>
		live.run(meeting(), who(), { type: 'request-withdraw', memberId: who().subjectId, requestId })
	);
	onCommand(socket, 'request:decide', RequestDecideSchema, (d) => live.run(meeting(), who(), { type: 'request-decide', ...d }));
	onCommand(socket, 'queue:move', QueueMoveSchema, (m) => live.run(meeting(), who(), { type: 'queue-move', ...m }));
	onCommand(socket, 'question:step', QuestionStepSchema, (s) => live.run(meeting(), who(), { type: 'question-step', ...s }));
	onCommand(socket, 'clock:control', ClockControlSchema, (c) => live.run(meeting(), who(), { type: 'clock', ...c }));
}
