/**
 * The application factory: given its connections, it builds the Express app (REST and health), the
 * Socket.io server on the same HTTP server, and the services. Tests call it with their own Redis on
 * port 0; `server.ts` calls it with the managed Redis and SvelteKit's handler.
 */
import type { Server as HttpServer } from 'node:http';
import express, { type RequestHandler } from 'express';
import { fail } from '../shared/result';
import { registerClockHandlers } from './clock/clock.handlers';
import { type HealthDeps, healthRoutes } from './http/health.routes';
import { apiErrorHandler, sendError } from './http/http-result';
import { accountRoutes } from './http/account.routes';
import { auditRoutes } from './http/audit.routes';
import { collectionRoutes } from './http/collection.routes';
import { followupRoutes } from './http/followup.routes';
import { followupBroadcaster, registerFollowupHandlers } from './followup/followup.handlers';
import { FollowupClock, FollowupService } from './followup/followup.service';
import { recordRoutes } from './http/record.routes';
import { authRoutes } from './http/auth.routes';
import { meetingRoutes } from './http/meeting.routes';
import { pairingRoutes } from './http/pairing.routes';
import { rosterRoutes } from './http/roster.routes';
import { AuditLogRepository } from './audit/audit-log.repository';
import { CollectionRepository } from './collection/collection.repository';
import { CollectionService } from './collection/collection.service';
import { PdfRenderer } from './record/record-pdf';
import { RecordService } from './record/record.service';
import { IdentityRepository } from './identity/identity.repository';
import { IdentityService } from './identity/identity.service';
import { liveBroadcaster } from './live/live.broadcast';
import { registerLiveHandlers } from './live/live.handlers';
import { LiveRepository } from './live/live.repository';
import { LiveService } from './live/live.service';
import { voteBroadcaster } from './vote/vote.broadcast';
import { registerVoteHandlers } from './vote/vote.handlers';
import { VoteRepository } from './vote/vote.repository';
import { VoteService } from './vote/vote.service';
import { registerMeetingHandlers } from './meeting/meeting.handlers';
import { MeetingRepository } from './meeting/meeting.repository';
import { MeetingService } from './meeting/meeting.service';
import { PairingRepository } from './pairing/pairing.repository';
import { ENDED, PairingService } from './pairing/pairing.service';
import type { Durability, RedisClient } from './redis/redis-connection';
import { RosterService } from './roster/roster.service';
import { type AppServer, createSocketServer, rooms } from './socket/socket.server';
import { MATERIAL_MAX_BYTES } from '../shared/meeting.schema';

export interface AppComponents {
	redis: RedisClient;
	durability: () => Durability;
	version: string;
	redisManaged: boolean;
	/** SvelteKit's handler (adapter-node); absent when only the API is served (tests, `vite dev`). */
	webHandler?: RequestHandler;
	/** Server clock; tests may pass their own. */
	now?: () => number;
	/**
	 * Whether the Express app answers the HTTP server's requests itself (the default). Under `vite dev`
	 * Vite owns the requests and mounts the app as a middleware instead.
	 */
	handleRequests?: boolean;
	/** Keep upgrade requests Socket.io does not own (Vite's hot-reload socket) alive. */
	shareUpgrades?: boolean;
	/** Mark session cookies Secure (when served over HTTPS). */
	secureCookies?: boolean;
	/** Let an administrator move the follow-up clock (FOLLOWUP_TEST_CLOCK=1: tests and demonstrations). */
	allowClockMove?: boolean;
}

export interface Application {
	app: express.Express;
	io: AppServer;
	services: { meetings: MeetingService; identity: IdentityService; roster: RosterService; pairing: PairingService; audit: AuditLogRepository; live: LiveService; votes: VoteService; records: RecordService; collection: CollectionService; followups: FollowupService };
	/** Mounts the operators' queue dashboard (the server does, once its queue exists), behind the admin log-in. */
	mountAdmin(path: string, router: express.RequestHandler): void;
}

export function createApplication(httpServer: HttpServer, components: AppComponents): Application {
	const now = components.now ?? Date.now;
	const meetingRepo = new MeetingRepository(components.redis);
	const audit = new AuditLogRepository(components.redis);
	const meetings = new MeetingService(meetingRepo);
	const roster = new RosterService(meetingRepo);
	const identity = new IdentityService(new IdentityRepository(components.redis), components.redis, { secureCookies: components.secureCookies ?? false });
	const pairing = new PairingService(new PairingRepository(components.redis), meetingRepo, identity, audit, now, components.redis);
	const liveRepo = new LiveRepository(components.redis);
	const live = new LiveService(liveRepo, meetingRepo, now);
	const votes = new VoteService(new VoteRepository(components.redis), meetingRepo, liveRepo, now);
	const followups = new FollowupService(components.redis, meetingRepo, liveRepo, votes, new FollowupClock(components.redis, now));
	// Run in this process until the server hands them to its job queue.
	followups.requestSweep = () => followups.sweep().then(() => {});
	const collection = new CollectionService(new CollectionRepository(components.redis), meetingRepo, meetings, components.redis, now);
	// PDFs are printed by a browser from this server's own pages, reached on the port it listens on: served by
	// SvelteKit's handler, or by Vite when it owns the requests (`vite dev`); an API-only server has none.
	const servesPages = components.webHandler !== undefined || components.handleRequests === false;
	const records = new RecordService(meetingRepo, liveRepo, votes, audit, new PdfRenderer(), now, () => (servesPages ? selfOrigin(httpServer) : null));

	const app = express();
	app.disable('x-powered-by');
	// Behind the hall's reverse proxy the client address comes from X-Forwarded-For (for rate limits).
	app.set('trust proxy', 'loopback');
	const health: HealthDeps = {
		redis: components.redis,
		durability: components.durability,
		version: components.version,
		redisManaged: components.redisManaged,
		startedAt: now()
	};
	app.use(healthRoutes(health));

	const api = express.Router();
	// Files (rosters, materials) arrive as the raw request body; everything else is JSON.
	api.post(['/bodies/:bodyId/roster/import', '/meetings/:meetingId/materials', '/followups/items/:itemId/attachments'], express.raw({ type: () => true, limit: MATERIAL_MAX_BYTES + 1024 }));
	api.use(express.json({ limit: '2mb' }));
	authRoutes(api, identity, pairing);
	accountRoutes(api, identity);
	rosterRoutes(api, identity, roster);
	meetingRoutes(api, identity, meetings, now);
	pairingRoutes(api, identity, pairing);
	auditRoutes(api, identity, meetings, audit);
	collectionRoutes(api, identity, collection);
	recordRoutes(api, identity, records);
	followupRoutes(api, identity, followups, { allowClockMove: components.allowClockMove ?? false, sweepNow: () => followups.requestSweep() });
	api.use((_req, res) => sendError(res, fail('NOT_FOUND').error));
	api.use(apiErrorHandler);
	app.use('/api', api);

	// Operators' pages (the queue dashboard), mounted later by the server, before the web app's catch-all.
	const admin = new Map<string, express.RequestHandler>();
	app.use('/admin', (req, res, next) => {
		for (const [path, handler] of admin) {
			if (req.path === path || req.path.startsWith(`${path}/`)) {
				void identity.sessionFromCookies(req.headers.cookie).then((session) => {
					if (!session?.principal.admin) {
						res.status(session ? 403 : 401).type('text/plain; charset=utf-8').send(
							session ? '只有管理员可以查看任务队列。 Only an administrator may see the job queues.\n' : '请先以管理员身份登录（/login）。 Sign in as an administrator first (/login).\n'
						);
						return;
					}
					req.url = req.url.slice(path.length) || '/';
					handler(req, res, next);
				}, next);
				return;
			}
		}
		next();
	});

	if (components.webHandler) app.use(components.webHandler);

	// Express first: Socket.io then takes over the request listeners and passes on all but /socket.io.
	if (components.handleRequests !== false) httpServer.on('request', app);
	const io = createSocketServer(httpServer, {
		shareUpgrades: components.shareUpgrades ?? false,
		identify: async (handshake, token) => {
			if (token !== undefined) {
				const principal = await pairing.screenPrincipal(token);
				return principal ? { principal, sessionId: null } : 'invalid-token';
			}
			return identity.sessionFromCookies(handshake.headers.cookie);
		}
	});
	io.on('connection', (socket) => {
		registerClockHandlers(socket, now);
		registerMeetingHandlers(socket, meetings);
		registerLiveHandlers(socket, live);
		registerVoteHandlers(socket, votes);
		registerFollowupHandlers(socket, followups);
	});

	meetings.onChanged = (meetingId, version) => io.to(rooms.meeting(meetingId)).emit('meeting:changed', { meetingId, version });
	live.onChanged = liveBroadcaster(io, (meetingId) => live.source(meetingId));
	const voteBroadcasts = voteBroadcaster(io, votes);
	votes.onChanged = voteBroadcasts.changed;
	votes.onCast = voteBroadcasts.cast;
	live.openVotes = (meetingId) => votes.openVotes(meetingId);
	live.onClosed = (meetingId) => {
		// Also done by every sweep, should this process die first.
		void followups.createForMeeting(meetingId).catch((err) => console.error(`[followups] items of ${meetingId} not created yet:`, err));
	};
	followups.onChanged = followupBroadcaster(io);
	// Only those who can read a collection hear that it changed; they fetch their own view over REST.
	collection.onChanged = (meetingId, version) =>
		io.to([rooms.meetingRole(meetingId, 'host'), rooms.meetingRole(meetingId, 'clerk'), rooms.meetingRole(meetingId, 'deputy')]).emit('collection:changed', { meetingId, version });
	roster.onRetired = (bodyId, memberId) => pairing.forget(bodyId, memberId);
	pairing.terminate = (sessionId, reason) => {
		io.to(rooms.session(sessionId)).emit('session:ended', { reason, message: ENDED[reason] });
		io.in(rooms.session(sessionId)).disconnectSockets(true);
	};
	identity.terminate = (sessionId) => pairing.terminate(sessionId, 'revoked');
	pairing.disconnectScreens = (meetingId) => io.in(rooms.screens(meetingId)).disconnectSockets(true);

	return {
		app,
		io,
		services: { meetings, identity, roster, pairing, audit, live, votes, records, collection, followups },
		mountAdmin: (path, router) => admin.set(path, router)
	};
}

/** Where this server can reach itself: loopback on the port it listens on (or the one address it is bound to). */
function selfOrigin(httpServer: HttpServer): string | null {
	const address = httpServer.address();
	if (!address || typeof address === 'string') return null;
	const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return `http://${host}:${address.port}`;
}
