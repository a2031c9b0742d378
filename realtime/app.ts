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
import { authRoutes } from './http/auth.routes';
import { meetingRoutes } from './http/meeting.routes';
import { IdentityRepository } from './identity/identity.repository';
import { IdentityService } from './identity/identity.service';
import { registerMeetingHandlers } from './meeting/meeting.handlers';
import { MeetingRepository } from './meeting/meeting.repository';
import { MeetingService } from './meeting/meeting.service';
import type { Durability, RedisClient } from './redis/redis-connection';
import { type AppServer, createSocketServer } from './socket/socket.server';

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
}

export interface Application {
	app: express.Express;
	io: AppServer;
	services: { meetings: MeetingService; identity: IdentityService };
}

export function createApplication(httpServer: HttpServer, components: AppComponents): Application {
	const now = components.now ?? Date.now;
	const meetings = new MeetingService(new MeetingRepository(components.redis));
	const identity = new IdentityService(new IdentityRepository(components.redis), components.redis, { secureCookies: components.secureCookies ?? false });

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
	api.use(express.json({ limit: '1mb' }));
	api.use(authRoutes(identity));
	api.use(meetingRoutes(meetings));
	api.use((_req, res) => sendError(res, fail('NOT_FOUND').error));
	api.use(apiErrorHandler);
	app.use('/api', api);

	if (components.webHandler) app.use(components.webHandler);

	// Express first: Socket.io then takes over the request listeners and passes on all but /socket.io.
	if (components.handleRequests !== false) httpServer.on('request', app);
	const io = createSocketServer(httpServer, {
		shareUpgrades: components.shareUpgrades ?? false,
		identify: (handshake) => identity.principalFromCookies(handshake.headers.cookie)
	});
	io.on('connection', (socket) => {
		registerClockHandlers(socket, now);
		registerMeetingHandlers(socket, meetings);
	});

	return { app, io, services: { meetings, identity } };
}
