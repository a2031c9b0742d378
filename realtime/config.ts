/** The server's settings, read once from the environment and checked before anything starts. */
import path from 'node:path';
import * as z from 'zod';
import { StartupError } from './startup-error';

export interface Config {
	port: number;
	/** Interface to listen on; all by default so tablets on the hall's network can reach it. */
	host: string;
	/** Where the managed Redis keeps its data; ignored when `redisUrl` is set. */
	dataDir: string;
	/** An external Redis; unset means the managed embedded one. */
	redisUrl: string | null;
	/** Address printed for people to open; defaults to http://localhost:PORT. */
	publicUrl: string;
	/** Load the demo meeting when the store holds no meeting yet. */
	loadDemo: boolean;
	/** Password for the first administrator, created at first start; random and printed once if unset. */
	adminPassword: string | null;
	/** Absolute path of SvelteKit's built handler, or null to serve the API only (WEB_BUILD=none). */
	webHandlerPath: string | null;
	/** Let an administrator move the follow-up clock ahead (tests, demonstrations); never in a real session. */
	followupTestClock: boolean;
}

const EnvSchema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATA_DIR: z.string().min(1).default('./data'),
	REDIS_URL: z
		.string()
		.regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
		.optional(),
	PUBLIC_URL: z.url().optional(),
	DEMO: z.enum(['0', '1']).default('1'),
	WEB_BUILD: z.string().min(1).default('./build/handler.js'),
	ADMIN_PASSWORD: z.string().min(8, 'at least 8 characters').max(200).optional(),
	FOLLOWUP_TEST_CLOCK: z.enum(['0', '1']).default('0')
});

const HINTS: Record<string, string> = {
	PORT: 'set PORT to a number from 1 to 65535, e.g. PORT=3000',
	REDIS_URL: 'use a URL like redis://127.0.0.1:6379, or unset REDIS_URL to use the embedded Redis',
	PUBLIC_URL: 'use a full URL like http://192.168.1.10:3000',
	DEMO: 'set DEMO=1 to load the demo meeting or DEMO=0 not to',
	FOLLOWUP_TEST_CLOCK: 'set FOLLOWUP_TEST_CLOCK=1 to allow moving the follow-up clock (tests only), or unset it',
	ADMIN_PASSWORD: 'choose a password of at least 8 characters, or unset ADMIN_PASSWORD to get a random one'
};

export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd(), opts: { serveWeb?: boolean } = {}): Config {
	const parsed = EnvSchema.safeParse(env);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		const name = String(issue.path[0]);
		// Never echo a secret into the logs.
		const shown = name.includes('PASSWORD') ? name : `${name}=${JSON.stringify(env[name] ?? '')}`;
		throw new StartupError(
			`${shown} is not valid (${issue.message})`,
			HINTS[name] ?? `fix or unset ${name}`
		);
	}
	const e = parsed.data;
	return {
		port: e.PORT,
		host: e.HOST,
		dataDir: path.resolve(cwd, e.DATA_DIR),
		redisUrl: e.REDIS_URL ?? null,
		publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
		loadDemo: e.DEMO === '1',
		adminPassword: e.ADMIN_PASSWORD ?? null,
		webHandlerPath: opts.serveWeb === false || e.WEB_BUILD === 'none' ? null : path.resolve(cwd, e.WEB_BUILD),
		followupTestClock: e.FOLLOWUP_TEST_CLOCK === '1'
	};
}
