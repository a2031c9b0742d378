import { ClockSyncSchema } from '../../shared/protocol';
import { type AppSocket, onCommand } from '../socket/socket.server';

export function registerClockHandlers(socket: AppSocket, now: () => number): void {
	onCommand(socket, 'clock:sync', ClockSyncSchema, () => ({ serverTime: now() }));
}
