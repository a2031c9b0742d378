/**
 * Socket.io on the shared HTTP server: the handshake (protocol version), and `onCommand`, the one way
 * a command handler is registered: parse with its schema, check the permission table, run, ack.
 */
import type { IncomingHttpHeaders, Server as HttpServer } from 'node:http';
import type { Principal } from '../../shared/identity.schema';
import { Server, type Socket } from 'socket.io';
import type * as z from 'zod';
import {
	type ClientToServerEvents,
	type CommandReply,
	HandshakeAuthSchema,
	type HandshakeRefusal,
	type InterServerEvents,
	PROTOCOL_VERSION,
	type ServerToClientEvents,
	type SocketData
} from '../../shared/protocol';
import { type AppError, CommandError, DEFAULT_MESSAGES, type Result, fail } from '../../shared/result';
import { type CommandName, EVENT_PERMISSIONS, type Role, mayRoleSend } from '../../shared/roles';
import { parseWith } from '../../shared/validation';

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Room names, built in one place. */
export const rooms = {
	/** Everyone following the meeting. */
	meeting: (meetingId: string) => `meeting:${meetingId}`,
	/** Everyone following the meeting in one role: broadcasts filtered for that role go here. */
	meetingRole: (meetingId: string, role: Role) => `meeting:${meetingId}:${role}`,
	/** The connections of one session, so ending the session ends them. */
	session: (sessionId: string) => `session:${sessionId}`,
	/** The wall screens of a meeting, joined at connection, so replacing their token drops them all. */
	screens: (meetingId: string) => `screens:${meetingId}`
} as const;

function refusal(code: HandshakeRefusal['code'], message: HandshakeRefusal['message']): Error {
	const err = new Error(message.en) as Error & { data: HandshakeRefusal };
	err.data = { code, message, serverProtocol: PROTOCOL_VERSION };
	return err;
}

export interface SocketServerOptions {
	shareUpgrades: boolean;
	/**
	 * Who the handshake stands for: the session of its cookie, or the wall screen of its token; null
	 * for nobody (a public viewer), 'invalid-token' for a token that is not (or no longer) valid.
	 */
	identify: (
		handshake: { headers: IncomingHttpHeaders },
		token: string | undefined
	) => Promise<{ principal: Principal; sessionId: string | null } | null | 'invalid-token'>;
}

export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions): AppServer {
	const io: AppServer = new Server(httpServer, {
		destroyUpgrade: !options.shareUpgrades,
		serveClient: false,
		// A tablet that drops for a moment gets the events it missed instead of a fresh snapshot.
		connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
		maxHttpBufferSize: 1e6,
		// A screen whose network went away is noticed within 15 s (the default is 45 s), so it says so soon.
		pingInterval: 10_000,
		pingTimeout: 5_000
	});

	io.use(async (socket, next) => {
		const auth = HandshakeAuthSchema.safeParse(socket.handshake.auth);
		if (!auth.success || auth.data.protocol !== PROTOCOL_VERSION) {
			return next(
				refusal('PROTOCOL_MISMATCH', {
					zh: `客户端协议版本与服务器（v${PROTOCOL_VERSION}）不一致，请刷新页面或更新客户端。`,
					en: `This client does not speak protocol v${PROTOCOL_VERSION}; reload the page or update the client.`
				})
			);
		}
		// Identity comes from the session cookie; without one the connection is a public viewer and may
		// only read what is public. A forged or stale cookie is treated as none.
		let identity: Awaited<ReturnType<SocketServerOptions['identify']>>;
		try {
			identity = await options.identify(socket.handshake, auth.data.token);
		} catch {
			return next(refusal('UNAVAILABLE', DEFAULT_MESSAGES.UNAVAILABLE));
		}
		if (identity === 'invalid-token') {
			return next(
				refusal('UNAUTHENTICATED', {
					zh: '大屏链接无效或已更换，请向工作人员索取新链接。',
					en: 'This screen link is not valid or was replaced; ask a clerk for the new link.'
				})
			);
		}
		socket.data.principal = identity?.principal ?? null;
		socket.data.sessionId = identity?.sessionId ?? null;
		socket.data.role = identity?.principal.role ?? 'public';
		// A recovered connection keeps its rooms, so it keeps the meeting it follows too.
		if (!socket.recovered) socket.data.meetingId = null;
		next();
	});

	io.on('connection', (socket) => {
		if (socket.data.sessionId) void socket.join(rooms.session(socket.data.sessionId));
		const { principal } = socket.data;
		if (principal?.role === 'screen' && principal.meetingId) void socket.join(rooms.screens(principal.meetingId));
		// Anything outside the permission table is refused, with an answer if the client asked for one.
		// (Not "anything without a listener": Socket.io listens to some names itself, such as `error`.)
		socket.onAny((event: string, ...args: unknown[]) => {
			if (Object.hasOwn(EVENT_PERMISSIONS, event)) return;
			const ack = args.at(-1);
			if (typeof ack === 'function') {
				ack(fail('FORBIDDEN', { zh: `未知或不允许的事件：${event}`, en: `Unknown or forbidden event: ${event}` }));
			}
		});
	});
	return io;
}

/** The meeting this connection joined (`meeting:join`), which every live and vote command acts on. */
export function joinedMeeting(socket: AppSocket): string {
	const meetingId = socket.data.meetingId;
	if (!meetingId) throw new CommandError('BAD_REQUEST', { zh: '请先加入会议（meeting:join）。', en: 'Join a meeting first (meeting:join).' });
	return meetingId;
}

function toError(err: unknown, event: string): AppError {
	if (err instanceof CommandError) return err.error;
	console.error(`[socket] ${event} failed:`, err);
	return { code: 'INTERNAL', message: DEFAULT_MESSAGES.INTERNAL };
}

/**
 * Registers the handler of one command on a socket. The payload is parsed with `schema`; a role the
 * permission table does not allow, a malformed payload or a thrown CommandError is answered with a
 * failed Result and changes nothing. A command sent without an acknowledgement callback is ignored:
 * the protocol requires one, and a sender that cannot hear the answer must not change state.
 */
export function onCommand<E extends CommandName, S extends z.ZodType>(
	socket: AppSocket,
	event: E,
	schema: S,
	run: (payload: z.output<S>, socket: AppSocket) => Promise<CommandReply<E>> | CommandReply<E>
): void {
	const listener = async (...args: unknown[]) => {
		const ack = args.at(-1);
		if (typeof ack !== 'function') return;
		const reply = ack as (result: Result<CommandReply<E>>) => void;
		if (!mayRoleSend(socket.data.role, event)) {
			reply(fail('FORBIDDEN'));
			return;
		}
		const parsed = parseWith(schema, args.length > 1 ? args[0] : undefined);
		if (!parsed.ok) {
			reply(parsed);
			return;
		}
		try {
			reply({ ok: true, data: await run(parsed.data, socket) });
		} catch (err) {
			reply({ ok: false, error: toError(err, event) });
		}
	};
	(socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(event, listener);
}

/** Connections written to between two turns of the event loop by `emitInSlices`. */
const SLICE = 25;

/**
 * Sends one event to a room a slice of connections at a time, letting the event loop run between
 * slices. A broadcast to a thousand screens is a thousand socket writes, about 40 ms on one core: sent
 * at once, every vote cast arriving meanwhile waits for all of it. For what can wait a few
 * milliseconds (the running turnout), never for what must reach the hall at once (a result).
 * Only this process's connections are in its rooms; with several processes each sends to its own.
 * Resolves to the milliseconds spent sending, the pauses between slices left out.
 */
export async function emitInSlices<E extends keyof ServerToClientEvents>(io: AppServer, room: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): Promise<number> {
	const members = [...(io.sockets.adapter.rooms.get(room) ?? [])];
	let busy = 0;
	for (let i = 0; i < members.length; i += SLICE) {
		if (i > 0) await new Promise((resolve) => setImmediate(resolve));
		const started = performance.now();
		io.to(members.slice(i, i + SLICE)).emit(event, ...args);
		busy += performance.now() - started;
	}
	return busy;
}
