import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		files: {
			src: 'web',
			lib: 'web/lib',
			routes: 'web/routes',
			appTemplate: 'web/app.html',
			errorTemplate: 'web/error.html',
			hooks: { client: 'web/hooks.client', server: 'web/hooks.server', universal: 'web/hooks' },
			params: 'web/params',
			serviceWorker: 'web/service-worker',
			assets: 'web/static'
		},
		alias: { $shared: 'shared' },
		typescript: {
			// One type check covers the server, the shared contract and the browser tests too.
			config(tsconfig) {
				tsconfig.include.push(
					'../realtime/**/*.ts',
					'../shared/**/*.ts',
					'../e2e/**/*.ts',
					'../scripts/**/*.ts',
					'../playwright.config.ts',
					'../vitest.config.ts'
				);
			}
		}
	}
};

export default config;
