/**
 * Starts the whole console on one port: Redis (managed or given), the application, the job queue, the
 * built web app, the demo meeting; and stops it all in order. `bootRealtime` is shared with `vite dev`,
 * which brings its own HTTP server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { type Server as HttpServer, createServer } from 'node:http';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { RequestHandler } from 'express';
import type { ServerNotice } from '../shared/protocol';
import { type Application, createApplication } from './app';
import type { Config } from './config';
import { startJobQueue } from './jobs/job-queue';
import { type ManagedRedis, startManagedRedis } from './redis/managed-redis';
import { type Durability, checkDurability, connectRedis } from './redis/redis-connection';
import { keys } from './redis/redis-keys';
import { StartupError } from './startup-error';

export type Log = (line: string) => void;

export interface Realtime {
	application: Application;
	redisUrl: string;
	managedRedis: ManagedRedis | null;
	durability: Durability;
	/** Whether this start loaded the demo meeting (false when it was already there). */
	demoLoaded: boolean;
	/** Tells clients, then closes sockets, the worker and queue, Redis, and the managed Redis, in that order. */
	stop(): Promise<void>;
}

export interface RunningServer extends Realtime {
	port: number;
}

export function appVersion(): string {
	const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
	return pkg.version;
}

async function loadWebHandler(handlerPath: string): Promise<RequestHandler> {
	if (!existsSync(handlerPath)) {
		throw new StartupError(`the web app is not built (${handlerPath} is missing)`, 'run `npm run build` first, or start with `npm start`, which builds it');
	}
	const mod = (await import(/* @vite-ignore */ pathToFileURL(handlerPath).href)) as { handler: RequestHandler };
	return mod.handler;
}

const SHUTDOWN_NOTICE: ServerNotice = {
	kind: 'shutting-down',
	message: { zh: '服务器正在重启，稍后自动重连，数据不会丢失。', en: 'The server is restarting; screens reconnect by themselves and nothing is lost.' }
};

export async function bootRealtime(
	config: Config,
	httpServer: HttpServer,
	options: { log?: Log; webHandler?: RequestHandler; dev?: boolean } = {}
): Promise<Realtime> {
	const log = options.log ?? console.log;
	const cleanups: (() => Promise<unknown>)[] = [];
	const cleanUp = async () => {
		for (const step of cleanups.splice(0).reverse()) await step().catch(() => {});
	};
	try {
		let managedRedis: ManagedRedis | null = null;
		let redisUrl = config.redisUrl;
		if (!redisUrl) {
			const started = await startManagedRedis({ dataDir: config.dataDir, log: (line) => log(`[redis] ${line}`) });
			managedRedis = started;
			cleanups.push(() => started.stop());
			redisUrl = started.url;
		}
		const redis = await connectRedis(redisUrl);
		cleanups.push(() => redis.quit());

		let durability = await checkDurability(redis);
		if (durability.warning) {
			log(`!! WARNING: ${durability.warning.en}`);
			log(`!! 警告：${durability.warning.zh}`);
		}

		const application = createApplication(httpServer, {
			redis,
			durability: () => durability,
			version: appVersion(),
			redisManaged: managedRedis !== null,
			webHandler: options.webHandler,
			handleRequests: !options.dev,
			shareUpgrades: options.dev,
			secureCookies: config.publicUrl.startsWith('https:'),
			allowClockMove: config.followupTestClock
		});
		// The browser that prints PDFs, if one was started: closed after the sockets (cleanups run backwards).
		cleanups.push(() => application.services.records.close());
		cleanups.push(async () => {
			application.io.emit('server:notice', SHUTDOWN_NOTICE);
			// Close the transports, not the sessions: clients see a dropped connection and come back by
			// themselves, where a Socket.io disconnect would tell them to stay away.
			application.io.engine.close();
		});

		const jobs = await startJobQueue(redisUrl, {
			'system:heartbeat': async () => {
				await redis.set(keys.workerHeartbeat(), String(Date.now()));
				durability = await checkDurability(redis);
			},
			'vote:close': async ({ meetingId, voteId }) => {
				await application.services.votes.close(meetingId, voteId, 'deadline', null);
			},
			'followup:sweep': async () => {
				await followups.sweep();
			},
			'followup:digest': async () => {
				await followups.digest();
			},
			'followup:create': async ({ meetingId }) => {
				await followups.createForMeeting(meetingId);
			},
			'outbox:dispatch': async () => {
				await followups.dispatchOutbox((noticeId, url) =>
					jobs.enqueue('webhook:deliver', { noticeId, url }, { jobId: `wh-${noticeId}-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`, attempts: 8 })
				);
			},
			'webhook:deliver': async ({ noticeId, url }, job) => {
				await followups.deliver(noticeId, url, job.attemptsMade + 1);
			}
		});
		cleanups.push(() => jobs.close());

		// Follow-up tracking: a sweep every minute (and whenever asked), a digest every morning, each a
		// job scheduler with a stable id, so restarts and several processes keep one of each.
		const followups = application.services.followups;
		await jobs.queue.upsertJobScheduler('followup:sweep', { every: 60_000 }, { name: 'followup:sweep', data: {}, opts: { removeOnComplete: 10, removeOnFail: 50 } });
		await jobs.queue.upsertJobScheduler(
			'followup:digest',
			{ pattern: '0 8 * * *', tz: 'Asia/Shanghai' },
			{ name: 'followup:digest', data: {}, opts: { removeOnComplete: 30, removeOnFail: 50 } }
		);
		// However many ask while one runs, one more runs after it: a sweep firing 1,000 reminders asks for
		// 1,000 dispatches and gets two.
		followups.requestSweep = () => jobs.enqueue('followup:sweep', {}, { attempts: 5, dedupe: 'followup-sweep' });
		followups.onOutbox = () => {
			void jobs.enqueue('outbox:dispatch', {}, { attempts: 5, dedupe: 'outbox-dispatch' }).catch((err) => log(`[followups] outbox dispatch not queued: ${String(err)}`));
		};
		const closed = application.services.live.onClosed;
		application.services.live.onClosed = (meetingId) => {
			closed(meetingId);
			void jobs.enqueue('followup:create', { meetingId }, { jobId: `followup-create-${meetingId}`, attempts: 10 }).catch(() => {});
		};

		// The operators' view of the queues, behind the administrator's log-in.
		const board = new ExpressAdapter();
		board.setBasePath('/admin/queues');
		createBullBoard({ queues: [new BullMQAdapter(jobs.queue, { readOnlyMode: false })], serverAdapter: board });
		application.mountAdmin('/queues', board.getRouter() as RequestHandler);
		// A vote's deadline is a delayed job with the vote's id as its job id: scheduling twice is harmless.
		application.services.votes.scheduleClose = (meetingId, voteId, at) =>
			jobs.enqueue('vote:close', { meetingId, voteId }, { delayMs: Math.max(0, at - Date.now()), jobId: `vote-close-${voteId}`, attempts: 20 });
		application.services.votes.compact = async () => {
			await redis.sendCommand(['BGREWRITEAOF']);
		};

		const admin = await application.services.identity.ensureFirstAdmin(config.adminPassword ?? undefined);
		if (admin?.generated) {
			log(`created the administrator account: user name ${admin.username}, password ${admin.password}`);
			log('  (shown this once: write it down, or start with ADMIN_PASSWORD set to choose it)');
		} else if (admin) log(`created the administrator account ${admin.username} with the password from ADMIN_PASSWORD`);

		const demoLoaded = config.loadDemo ? await application.services.meetings.loadDemo() : false;
		if (demoLoaded) log('loaded the demo meeting');

		let stopped: Promise<void> | null = null;
		return {
			application,
			redisUrl,
			managedRedis,
			durability,
			demoLoaded,
			stop: () => (stopped ??= cleanUp())
		};
	} catch (err) {
		await cleanUp();
		throw err;
	}
}

function listen(server: HttpServer, port: number, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const onError = (err: NodeJS.ErrnoException) => {
			server.off('listening', onListening);
			if (err.code === 'EADDRINUSE') {
				reject(new StartupError(`PORT ${port} is already in use`, `stop the program using it, or choose another port, e.g. PORT=${port + 1} npm start`));
			} else if (err.code === 'EACCES') {
				reject(new StartupError(`PORT ${port} needs privileges this user does not have`, 'choose a port above 1023, e.g. PORT=3000'));
			} else reject(err);
		};
		const onListening = () => {
			server.off('error', onError);
			resolve((server.address() as { port: number }).port);
		};
		server.once('error', onError);
		server.once('listening', onListening);
		server.listen(port, host);
	});
}

/** `npm start`: everything behind one port, the built web app included. */
export async function startServer(config: Config, log: Log = console.log): Promise<RunningServer> {
	const webHandler = config.webHandlerPath ? await loadWebHandler(config.webHandlerPath) : undefined;
	const httpServer = createServer();
	const realtime = await bootRealtime(config, httpServer, { log, webHandler });
	let port: number;
	try {
		port = await listen(httpServer, config.port, config.host);
	} catch (err) {
		await realtime.stop();
		throw err;
	}
	const stopAll = async () => {
		httpServer.closeIdleConnections();
		await realtime.stop();
		httpServer.closeAllConnections();
		await new Promise<void>((resolve) => httpServer.close(() => resolve()));
	};
	let stopping: Promise<void> | null = null;
	return { ...realtime, port, stop: () => (stopping ??= stopAll()) };
}

/** A reachable address of this machine on the hall's network, for tablets. */
function lanAddress(): string | null {
	for (const nets of Object.values(os.networkInterfaces())) {
		for (const net of nets ?? []) if (net.family === 'IPv4' && !net.internal) return net.address;
	}
	return null;
}

/** The lines printed at start-up: one URL per role for each meeting. */
export async function describeUrls(realtime: Realtime, config: Config, port: number): Promise<string[]> {
	const base = config.publicUrl.replace(`:${config.port}`, `:${port}`);
	const lan = config.host === '0.0.0.0' ? lanAddress() : null;
	const lines = [`问政台 is running on port ${port}`, `  首页 Home             ${base}/`];
	const { meetings, pairing } = realtime.application.services;
	for (const meeting of await meetings.list()) {
		const { screenToken } = await pairing.access(meeting.id);
		lines.push(
			'',
			`  ${meeting.title}`,
			`  主持人控制台 Host     ${base}/console/${meeting.id}/run   (log in as a host; preparation: ${base}/console/${meeting.id})`,
			`  代表平板 Deputy       ${base}/pair   (code or QR from the pairing sheet: ${base}/console/${meeting.id}/pairing)`,
			`  应询人 Respondent     ${base}/pair   (respondent codes: ${base}/console/${meeting.id}/access)`,
			`  会场大屏 Wall screen  ${base}/screen/${meeting.id}?token=${screenToken}`,
			`  公众 Public           ${base}/live/${meeting.id}`
		);
	}
	lines.push('', `  健康检查 Health       ${base}/healthz`);
	if (lan) lines.push(`  Tablets on the hall's network reach it at http://${lan}:${port}/`);
	return lines;
}
