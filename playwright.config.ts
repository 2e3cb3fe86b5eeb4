// End-to-end tests: the BUILT app and the local Supabase stand-in on a throwaway seeded database
// (tests/e2e/global-setup.ts), driven in Debian's Chromium. Never `playwright install`.
import { defineConfig } from '@playwright/test';

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '*.spec.ts',
	globalSetup: './tests/e2e/global-setup.ts',
	outputDir: 'test-results/artifacts',
	// The specs share one seeded database and tell one story in order; keep them in one worker.
	workers: 1,
	fullyParallel: false,
	retries: 0,
	timeout: 90_000,
	expect: { timeout: 15_000 },
	reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
	use: {
		viewport: { width: 1280, height: 800 },
		actionTimeout: 15_000,
		navigationTimeout: 30_000,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking']
		}
	}
});
