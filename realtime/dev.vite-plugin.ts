/**
 * `npm run dev`: the same server inside Vite's dev server, with hot reload. Socket.io attaches to Vite's
 * HTTP server; the Express app (REST, health) is mounted ahead of SvelteKit's middleware. The server
 * modules are loaded through Vite, so the config itself stays small.
 */
import type { Server as HttpServer } from 'node:http';
import type { Plugin } from 'vite';

type ServerModule = typeof import('./server');
type ConfigModule = typeof import('./config');

export function realtimeDevServer(): Plugin {
	return {
		name: 'wenzhengtai-realtime',
		apply: 'serve',
		async configureServer(server) {
			const httpServer = server.httpServer as HttpServer | null;
			if (!httpServer) return;
			const { loadConfig } = (await server.ssrLoadModule('/realtime/config.ts')) as ConfigModule;
			const { bootRealtime, describeUrls } = (await server.ssrLoadModule('/realtime/server.ts')) as ServerModule;
			const config = { ...loadConfig(process.env, process.cwd(), { serveWeb: false }), host: '127.0.0.1' };
			const realtime = await bootRealtime(config, httpServer, { dev: true });
			server.middlewares.use(realtime.application.app);
			httpServer.once('listening', async () => {
				const address = httpServer.address();
				const port = typeof address === 'object' && address ? address.port : config.port;
				for (const line of await describeUrls(realtime, { ...config, publicUrl: `http://localhost:${port}` }, port)) console.log(line);
			});
			httpServer.once('close', () => void realtime.stop());
		}
	};
}
