/**
 * Entry point: `npm start` runs this after building. Bad configuration ends in one line saying what is
 * wrong and how to fix it, with a non-zero exit; SIGTERM and SIGINT stop everything in order.
 */
import { loadConfig } from './config';
import { type RunningServer, describeUrls, startServer } from './server';
import { StartupError } from './startup-error';

const SHUTDOWN_GRACE_MS = 8000;

function die(err: unknown): never {
	if (err instanceof StartupError) {
		console.error(`问政台 cannot start: ${err.problem} — ${err.fix}`);
	} else {
		console.error('问政台 cannot start:', err);
	}
	process.exit(1);
}

let server: RunningServer | null = null;
let stopRequested: string | null = null;

function shutdown(signal: string) {
	if (!server) {
		// Still starting: stop as soon as the start is complete, so nothing is left half-open.
		stopRequested ??= signal;
		return;
	}
	const running = server;
	server = null;
	console.log(`${signal}: stopping…`);
	setTimeout(() => {
		console.error(`did not stop within ${SHUTDOWN_GRACE_MS} ms; exiting anyway`);
		process.exit(1);
	}, SHUTDOWN_GRACE_MS).unref();
	running.stop().then(
		() => {
			console.log('stopped');
			process.exit(0);
		},
		(err) => {
			console.error('error while stopping:', err);
			process.exit(1);
		}
	);
}

// Registered before anything starts, so a signal at any moment takes the orderly path.
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

async function main() {
	const config = loadConfig(process.env);
	const started = await startServer(config);
	server = started;
	if (stopRequested) return shutdown(stopRequested);
	for (const line of await describeUrls(started, config, started.port)) console.log(line);
}

main().catch(die);
