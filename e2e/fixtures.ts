/**
 * Browser-test fixtures: the real built server as `npm start` runs it, on a free port with a data folder
 * of its own, which a test can stop and start again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { freePort } from '../realtime/redis/managed-redis';
import { type ServerProcess, spawnServer } from '../realtime/testing/server-process';

export const DEMO_MEETING_ID = 'demo-2026-midyear';
/** The administrator account every test server starts with. */
export const ADMIN = { username: 'admin', password: 'e2e-admin-password' };

export interface ConsoleServer {
	url: string;
	port: number;
	dataDir: string;
	/** Starts the server (again, on the same port and data), resolving once it listens. */
	start(): Promise<void>;
	/** SIGTERM, as a person stopping it with Ctrl-C or a service manager would. */
	stop(): Promise<void>;
	/** SIGKILL: a crash. */
	kill(): Promise<void>;
}

export const test = base.extend<{ server: ConsoleServer; serverEnv: Record<string, string> }>({
	/** Extra environment for the test server, e.g. `test.use({ serverEnv: { FOLLOWUP_TEST_CLOCK: '1' } })`. */
	serverEnv: [{}, { option: true }],
	server: async ({ serverEnv }, use) => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wzt-e2e-'));
		const port = await freePort();
		let current: ServerProcess | null = null;
		const server: ConsoleServer = {
			url: `http://127.0.0.1:${port}`,
			port,
			dataDir,
			async start() {
				current = spawnServer({ PORT: String(port), DATA_DIR: dataDir, WEB_BUILD: 'build/handler.js', PUBLIC_URL: `http://127.0.0.1:${port}`, ADMIN_PASSWORD: ADMIN.password, ...serverEnv });
				await current.waitFor(/is running on port/);
			},
			async stop() {
				if (!current) return;
				current.proc.kill('SIGTERM');
				await current.exited;
				current = null;
			},
			async kill() {
				if (!current) return;
				current.proc.kill('SIGKILL');
				await current.exited;
				current = null;
			}
		};
		await server.start();
		await use(server);
		await server.kill();
		rmSync(dataDir, { recursive: true, force: true });
	}
});

export { expect } from '@playwright/test';
