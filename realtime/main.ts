/**
 * Entry point: `npm start` runs this after building. Bad configuration ends in one line saying what is
 * wrong and how to fix it, with a non-zero exit; SIGTERM and SIGINT stop everything in order.
 */
import { loadConfig } from './config';
import { describeUrls, startServer } from './server';
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

async function main() {
	const config = loadConfig(process.env);
	const server = await startServer(config);
	for (const line of await describeUrls(server, config, server.port)) console.log(line);

	let stopping = false;
	const shutdown = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`${signal}: stopping…`);
		const force = setTimeout(() => {
			console.error(`did not stop within ${SHUTDOWN_GRACE_MS} ms; exiting anyway`);
			process.exit(1);
		}, SHUTDOWN_GRACE_MS);
		force.unref();
		server.stop().then(
			() => {
				console.log('stopped');
				process.exit(0);
			},
			(err) => {
				console.error('error while stopping:', err);
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', () => shutdown('SIGTERM'));
	process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch(die);
