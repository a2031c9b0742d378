import { defineConfig } from '@playwright/test';

/** Debian's Chromium, never a downloaded browser; each test starts the real built server itself. */
export default defineConfig({
	testDir: 'e2e',
	testMatch: '**/*.e2e.ts',
	// Each test runs whole servers; two cores fit one test at a time without timing noise.
	workers: 1,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [['list'], ['json', { outputFile: '.test-output/playwright.json' }]],
	use: {
		browserName: 'chromium',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu']
		},
		trace: 'retain-on-failure'
	}
});
