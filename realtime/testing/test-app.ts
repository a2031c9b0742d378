/** Starts the real application on port 0 with a Redis database of its own, and real socket clients. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectClient, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/protocol';
import { type Application, createApplication } from '../app';
import { checkDurability, type RedisClient } from '../redis/redis-connection';
import { testRedis } from './test-redis';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestApp {
	application: Application;
	redis: RedisClient;
	redisUrl: string;
	baseUrl: string;
	client(auth?: Record<string, unknown>): Promise<TestClient>;
	close(): Promise<void>;
}

export async function startTestApp(options: { now?: () => number } = {}): Promise<TestApp> {
	const { url: redisUrl, redis } = await testRedis();
	const durability = await checkDurability(redis);
	const httpServer = createServer();
	const application = createApplication(httpServer, { redis, durability: () => durability, version: 'test', redisManaged: true, now: options.now });
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	const baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
	const clients: TestClient[] = [];
	return {
		application,
		redis,
		redisUrl,
		baseUrl,
		async client(auth = { protocol: PROTOCOL_VERSION }) {
			const socket: TestClient = connectClient(baseUrl, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
			clients.push(socket);
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			return socket;
		},
		async close() {
			for (const c of clients) c.close();
			await new Promise<void>((resolve) => application.io.close(() => resolve()));
			await application.services.records.close();
			await redis.quit();
		}
	};
}
