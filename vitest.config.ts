import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	resolve: { alias: { $shared: fileURLToPath(new URL('./shared', import.meta.url)) } },
	test: {
		include: ['shared/**/*.spec.ts', 'realtime/**/*.spec.ts', 'web/**/*.spec.ts'],
		globalSetup: ['realtime/testing/redis.global-setup.ts'],
		testTimeout: 20_000,
		hookTimeout: 30_000
	}
});
