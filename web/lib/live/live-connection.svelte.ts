/**
 * The live connection every role's page holds: one Socket.io client speaking the shared protocol,
 * its connection state, and the estimated offset to server time (from `clock:sync` round trips), so
 * every screen renders deadlines from the same clock.
 */
import { io, type Socket } from 'socket.io-client';
import { type ClockSample, estimateClockOffset } from '$shared/clock.rules';
import {
	type ClientToServerEvents,
	type CommandReply,
	type CommandRequest,
	type HandshakeRefusal,
	PROTOCOL_VERSION,
	type ServerNotice,
	type ServerToClientEvents,
	type SessionEnded
} from '$shared/protocol';
import type { LocalizedText, Result } from '$shared/result';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'refused';

type AppClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const SYNC_SAMPLES = 5;
const RESYNC_EVERY_MS = 30_000;
const ACK_TIMEOUT_MS = 5_000;

export class LiveConnection {
	status = $state<ConnectionStatus>('connecting');
	/** Add to Date.now() to get server time; null until the first sync. */
	offsetMs = $state<number | null>(null);
	rttMs = $state<number | null>(null);
	/** Why the server refused us, or what it announced before going away. */
	notice = $state<LocalizedText | null>(null);
	/** When the connection was last lost (client clock), for "disconnected for 12 s". */
	disconnectedAt = $state<number | null>(null);
	/** Set when the server ended this device's session (paired elsewhere, revoked, logged out). */
	ended = $state<SessionEnded | null>(null);

	readonly socket: AppClientSocket;
	#resync: ReturnType<typeof setInterval> | undefined;
	#onConnect: (() => void)[] = [];

	/** `token`: a wall screen's read-only token, from its link; other roles are known by their cookie. */
	constructor(options: { url?: string; token?: string } = {}) {
		const { url, token } = options;
		const socketOptions = {
			auth: token ? { protocol: PROTOCOL_VERSION, token } : { protocol: PROTOCOL_VERSION },
			transports: ['websocket'],
			reconnectionDelay: 300,
			reconnectionDelayMax: 2000,
			randomizationFactor: 0.3
		};
		this.socket = url ? io(url, socketOptions) : io(socketOptions);
		this.socket.on('connect', () => {
			this.status = 'connected';
			this.notice = null;
			this.disconnectedAt = null;
			void this.syncClock();
			for (const listener of this.#onConnect) listener();
		});
		this.socket.on('disconnect', (reason) => {
			this.status = 'reconnecting';
			this.disconnectedAt ??= Date.now();
			// A server that sent us away on purpose is not retried by Socket.io; a hall screen must come back,
			// unless its session was ended, when it must pair or log in again instead.
			if (reason === 'io server disconnect' && !this.ended) setTimeout(() => this.socket.connect(), 1000);
		});
		this.socket.on('connect_error', (err: Error & { data?: HandshakeRefusal }) => {
			if (err.data?.code) {
				this.status = 'refused';
				this.notice = err.data.message;
				return;
			}
			this.status = 'reconnecting';
			this.disconnectedAt ??= Date.now();
		});
		this.socket.on('server:notice', (notice: ServerNotice) => {
			this.notice = notice.message;
		});
		this.socket.on('session:ended', (ended: SessionEnded) => {
			this.ended = ended;
			this.notice = ended.message;
		});
		// The browser knows at once when its network goes; the socket would only notice at its next ping.
		if (typeof window !== 'undefined') {
			window.addEventListener('offline', this.#wentOffline);
			window.addEventListener('online', this.#cameOnline);
		}
		this.#resync = setInterval(() => {
			if (this.socket.connected) void this.syncClock();
		}, RESYNC_EVERY_MS);
	}

	#wentOffline = () => {
		this.status = 'reconnecting';
		this.disconnectedAt ??= Date.now();
		this.socket.disconnect();
	};

	#cameOnline = () => {
		if (!this.socket.connected && !this.ended) this.socket.connect();
	};

	/** Runs `listener` on every (re)connection, and at once if already connected. */
	onConnect(listener: () => void): void {
		this.#onConnect.push(listener);
		if (this.socket.connected) listener();
	}

	/** Server time now, as best this client knows it. */
	serverNow(): number {
		return Date.now() + (this.offsetMs ?? 0);
	}

	/** Sends a command and resolves with its Result; no answer in time becomes an UNAVAILABLE result. */
	async command<E extends keyof ClientToServerEvents>(event: E, payload: CommandRequest<E>): Promise<Result<CommandReply<E>>> {
		try {
			const timed = this.socket.timeout(ACK_TIMEOUT_MS) as unknown as {
				emitWithAck(event: E, payload: CommandRequest<E>): Promise<Result<CommandReply<E>>>;
			};
			return await timed.emitWithAck(event, payload);
		} catch {
			return {
				ok: false,
				error: { code: 'UNAVAILABLE', message: { zh: '服务器未响应，请检查网络后重试。', en: 'The server did not answer; check the network and try again.' } }
			};
		}
	}

	async syncClock(): Promise<void> {
		const samples: ClockSample[] = [];
		for (let i = 0; i < SYNC_SAMPLES; i++) {
			const sentAt = Date.now();
			const reply = await this.command('clock:sync', { sentAt });
			if (!reply.ok) continue;
			samples.push({ sentAt, serverTime: reply.data.serverTime, receivedAt: Date.now() });
		}
		const estimate = estimateClockOffset(samples);
		if (estimate) {
			this.offsetMs = estimate.offsetMs;
			this.rttMs = estimate.rttMs;
		}
	}

	close(): void {
		clearInterval(this.#resync);
		if (typeof window !== 'undefined') {
			window.removeEventListener('offline', this.#wentOffline);
			window.removeEventListener('online', this.#cameOnline);
		}
		this.socket.close();
	}
}
