import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { StartupError } from './startup-error';

describe('loadConfig', () => {
	it('uses the documented defaults', () => {
		const config = loadConfig({}, '/srv/wzt');
		expect(config).toEqual({
			port: 3000,
			host: '0.0.0.0',
			dataDir: '/srv/wzt/data',
			redisUrl: null,
			publicUrl: 'http://localhost:3000',
			loadDemo: true,
			adminPassword: null,
			webHandlerPath: path.join('/srv/wzt', 'build/handler.js'),
			followupTestClock: false
		});
	});

	it('reads every setting', () => {
		const config = loadConfig(
			{ PORT: '8080', HOST: '127.0.0.1', DATA_DIR: '/var/lib/wzt', REDIS_URL: 'redis://db:6379/2', PUBLIC_URL: 'http://10.0.0.5:8080/', DEMO: '0', WEB_BUILD: 'none', FOLLOWUP_TEST_CLOCK: '1' },
			'/srv'
		);
		expect(config).toMatchObject({
			port: 8080,
			host: '127.0.0.1',
			dataDir: '/var/lib/wzt',
			redisUrl: 'redis://db:6379/2',
			publicUrl: 'http://10.0.0.5:8080',
			loadDemo: false,
			webHandlerPath: null,
			followupTestClock: true
		});
	});

	it.each([
		['PORT', 'eighty', 'PORT="eighty" is not valid'],
		['PORT', '70000', 'PORT="70000" is not valid'],
		['REDIS_URL', 'localhost:6379', 'REDIS_URL="localhost:6379" is not valid'],
		['PUBLIC_URL', 'not a url', 'PUBLIC_URL="not a url" is not valid'],
		['DEMO', 'yes', 'DEMO="yes" is not valid'],
		['ADMIN_PASSWORD', 'short', 'ADMIN_PASSWORD is not valid (at least 8 characters)']
	])('refuses %s=%s with what is wrong and how to fix it', (name, value, problem) => {
		try {
			loadConfig({ [name]: value });
			expect.unreachable();
		} catch (err) {
			expect(err).toBeInstanceOf(StartupError);
			expect((err as StartupError).problem).toContain(problem);
			expect((err as StartupError).fix.length).toBeGreaterThan(10);
		}
	});
});
